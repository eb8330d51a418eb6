// Orders against the real server and PostgreSQL: ingestion, the list's filters and keyset paging,
// the state machine, and refunds that never pay out twice.

#include <QtTest>

#include <future>
#include <set>

#include "httpclient.h"
#include "opsdesk/protocol/order_state.h"
#include "serverprocess.h"
#include "storefrontorder.h"
#include "testcluster.h"

using namespace opsdesk::test;
namespace proto = opsdesk::protocol;

namespace {

const QString kPassword = "correct horse battery";
const QByteArray kServiceKey = "test-service-key-0123456789";

QString str(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

}  // namespace

class OrdersTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster_;
    QString dbUrl_;
    ServerProcess server_;
    QString adminToken_;
    QString agentToken_;
    int seq_ = 0;

    QUrl url(const QString& path) const { return server_.baseUrl().resolved(QUrl(path)); }

    HttpResult storefront(const QString& path, const QJsonObject& body,
                          const QByteArray& key = kServiceKey) {
        return httpRequest("POST", url(path), QJsonDocument(body).toJson(), {{"X-Api-Key", key}});
    }

    HttpResult as(const QString& token, const QByteArray& method, const QString& path,
                  const QJsonObject& body = {}, QList<QPair<QByteArray, QByteArray>> headers = {}) {
        headers.append({"Authorization", "Bearer " + token.toUtf8()});
        return httpRequest(method, url(path),
                           method == "GET" ? QByteArray() : QJsonDocument(body).toJson(), headers);
    }

    QString token(const QString& user) { return server_.signIn(user, kPassword); }

    // The items of `query`'s pages (a list path with its query string), following next_cursor
    // for at most `maxPages` pages; every page must answer 200.
    void pages(const QString& query, int maxPages, QList<QJsonObject>* items) {
        QString cursor;
        for (int page = 0; page < maxPages; ++page) {
            const auto r = as(adminToken_, "GET",
                              query + (cursor.isEmpty() ? QString() : "&cursor=" + cursor));
            QCOMPARE(r.status, 200);
            for (const auto& i : r.json().value("items").toArray()) {
                items->append(i.toObject());
            }
            cursor = r.json().value("next_cursor").toString();
            if (cursor.isEmpty()) {
                return;
            }
        }
    }

    // A new order, paid in full unless told otherwise; returns its id.
    int paidOrder(qint64 price = 10000, bool pay = true) {
        const QString ext = QString("ord-%1").arg(++seq_);
        const auto r =
            storefront("/api/v1/storefront/orders",
                       storefrontOrder(ext, QString("buyer%1@example.com").arg(seq_), price, 1));
        if (r.status != 201) {
            qWarning() << r.status << r.body;
            return 0;
        }
        if (pay) {
            const auto p =
                storefront("/api/v1/storefront/payments", {{"order_external_id", ext},
                                                           {"provider", "alipay"},
                                                           {"provider_ref", "pay-" + ext},
                                                           {"amount_minor", price + 800},
                                                           {"currency", "CNY"}});
            if (p.status != 201) {
                qWarning() << p.status << p.body;
            }
        }
        return r.json().value("id").toInt();
    }

    QJsonObject order(int id) {
        return as(adminToken_, "GET", "/api/v1/orders/" + QString::number(id)).json();
    }

    HttpResult refund(int id, qint64 amount, const QString& key,
                      const QString& reason = "damaged") {
        return as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/refunds",
                  {{"amount_minor", amount}, {"reason", reason}},
                  {{"Idempotency-Key", key.toUtf8()}});
    }

    void setStatus(int id, const QString& status) {
        bool ok = false;
        psql(dbUrl_,
             QString("UPDATE orders SET status = '%1', captured_minor = total_minor, "
                     "refunded_minor = 0 WHERE id = %2")
                 .arg(status)
                 .arg(id),
             &ok);
        QVERIFY(ok);
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster_, &error), qPrintable(error));
        dbUrl_ = cluster_.createDatabase("orders");
        QVERIFY2(server_.start({dbUrl_,
                                false,
                                {"--service-key", QString::fromLatin1(kServiceKey), "--db-threads",
                                 "8", "--login-rate-per-minute", "10000"}},
                               &error),
                 qPrintable(error));
        QVERIFY(server_.createUser("admin", kPassword, "admin", &error));
        QVERIFY(server_.createUser("agent", kPassword, "support_agent", &error));
        adminToken_ = token("admin");
        agentToken_ = token("agent");
        QVERIFY(!adminToken_.isEmpty());
    }

    void ingestion_createsPendingOrder_andIsIdempotentByExternalId() {
        const auto body = storefrontOrder("shop-1001", "li.lei@example.com", 1999, 2);
        const auto first = storefront("/api/v1/storefront/orders", body);
        QCOMPARE(first.status, 201);
        QCOMPARE(first.json().value("status").toString(), QString("pending_payment"));
        QVERIFY(first.json().value("number").toString().startsWith("OD"));
        const auto again = storefront("/api/v1/storefront/orders", body);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json(), first.json());
        bool ok = false;
        QCOMPARE(psql(dbUrl_, "SELECT count(*) FROM orders WHERE external_id = 'shop-1001'", &ok),
                 QString("1"));
        const auto detail = order(first.json().value("id").toInt());
        QCOMPARE(detail.value("total_minor").toInt(), 4798);
        QCOMPARE(detail.value("items").toArray().size(), 1);
        QCOMPARE(detail.value("customer").toObject().value("email").toString(),
                 QString("li.lei@example.com"));
    }

    // A retry hands in the same body and gets the first answer; the same external id with
    // another body is not the same order.
    void ingestion_sameExternalIdWithAnotherBody_isAConflict() {
        const auto body = storefrontOrder("shop-twice", "twice@example.com", 1500, 2);
        const auto first = storefront("/api/v1/storefront/orders", body);
        QCOMPARE(first.status, 201);
        QCOMPARE(storefront("/api/v1/storefront/orders", body).status, 200);
        auto dearer = body;
        dearer["items"] = storefrontOrder("x", "twice@example.com", 1600, 2).value("items");
        dearer["total_minor"] = 1600 * 2 + 800;
        auto renamed = body;
        renamed["customer"] =
            storefrontOrder("x", "twice@example.com", 1, 1, {}, "Someone Else").value("customer");
        for (const auto& other : {dearer, renamed}) {
            const auto r = storefront("/api/v1/storefront/orders", other);
            QVERIFY2(r.status == 409, r.body.constData());
            QCOMPARE(r.errorCode(), QString("conflict"));
            const auto details = r.json().value("error").toObject().value("details").toObject();
            QCOMPARE(details.value("external_id").toString(), QString("shop-twice"));
            QCOMPARE(details.value("id").toInt(), first.json().value("id").toInt());
        }
        // The order is the one first handed in.
        const auto o = order(first.json().value("id").toInt());
        QCOMPARE(o.value("total_minor").toInt(), 1500 * 2 + 800);
        QCOMPARE(o.value("customer").toObject().value("name").toString(),
                 QString("Customer twice"));
    }

    void ingestion_writesLinesHistoryAuditAndEventTogether() {
        QJsonObject body = storefrontOrder("shop-lines", "lines@example.com", 500, 1);
        body["items"] = QJsonArray{
            QJsonObject{{"sku", "TEA-001"},
                        {"title", "Longjing 250 g"},
                        {"quantity", 2},
                        {"unit_price_minor", 1200}},
            QJsonObject{{"sku", "CUP-7"},
                        {"title", "Cup, \"celadon\" 茶杯"},
                        {"quantity", 1},
                        {"unit_price_minor", 3300}},
            QJsonObject{
                {"sku", "BAG"}, {"title", "Gift bag"}, {"quantity", 3}, {"unit_price_minor", 100}}};
        body["total_minor"] = 2 * 1200 + 3300 + 3 * 100 + 800;
        const auto r = storefront("/api/v1/storefront/orders", body);
        QCOMPARE(r.status, 201);
        const int id = r.json().value("id").toInt();
        const auto detail = order(id);
        const auto items = detail.value("items").toArray();
        QCOMPARE(items.size(), 3);
        QCOMPARE(items[1].toObject().value("title").toString(), QString("Cup, \"celadon\" 茶杯"));
        QCOMPARE(items[2].toObject().value("quantity").toInt(), 3);
        bool ok = false;
        QCOMPARE(
            psql(dbUrl_,
                 QString("SELECT string_agg(line || ':' || sku || ':' || unit_price_minor, ' ' "
                         "ORDER BY line) FROM order_items WHERE order_id = %1")
                     .arg(id),
                 &ok),
            QString("1:TEA-001:1200 2:CUP-7:3300 3:BAG:100"));
        QCOMPARE(psql(dbUrl_,
                      QString("SELECT to_status || '/' || reason FROM order_history "
                              "WHERE order_id = %1")
                          .arg(id),
                      &ok),
                 QString("pending_payment/received from the storefront"));
        QCOMPARE(psql(dbUrl_,
                      QString("SELECT actor || '/' || action || '/' || (after->>'total_minor') "
                              "FROM audit_log WHERE entity = 'order' AND entity_id = '%1'")
                          .arg(id),
                      &ok),
                 QString("storefront/order.create/%1").arg(2 * 1200 + 3300 + 3 * 100 + 800));
        // The event carries the list item as the detail shows it.
        const auto event =
            QJsonDocument::fromJson(psql(dbUrl_,
                                         QString("SELECT payload::text FROM events WHERE kind = "
                                                 "'order.created' AND entity_id = %1")
                                             .arg(id),
                                         &ok)
                                        .toUtf8())
                .object();
        QCOMPARE(event.value("number").toString(), detail.value("number").toString());
        QCOMPARE(event.value("customer").toObject().value("email").toString(),
                 QString("lines@example.com"));
        QCOMPARE(event.value("version").toInt(), detail.value("version").toInt());
        QCOMPARE(event.value("created_at").toString(), detail.value("created_at").toString());
    }

    void ingestion_badCreatedAt_isRefused_andWritesNothing() {
        const auto r = storefront(
            "/api/v1/storefront/orders",
            storefrontOrder("shop-badtime", "badtime@example.com", 1000, 1, "yesterday-ish"));
        QCOMPARE(r.status, 422);
        QVERIFY(
            r.json().value("error").toObject().value("fields").toObject().contains("created_at"));
        bool ok = false;
        QCOMPARE(psql(dbUrl_,
                      "SELECT (SELECT count(*) FROM orders WHERE external_id = 'shop-badtime') + "
                      "(SELECT count(*) FROM customers WHERE email = 'badtime@example.com')",
                      &ok),
                 QString("0"));
    }

    void ingestion_concurrentDuplicates_makeOneOrder() {
        const auto body = storefrontOrder("shop-race", "race@example.com", 700, 1);
        std::vector<std::future<HttpResult>> results;
        for (int i = 0; i < 12; ++i) {
            results.push_back(std::async(std::launch::async, [this, body] {
                return storefront("/api/v1/storefront/orders", body);
            }));
        }
        int created = 0;
        QSet<QByteArray> answers;
        for (auto& f : results) {
            const auto r = f.get();
            QVERIFY2(r.status == 201 || r.status == 200, r.body.constData());
            created += r.status == 201 ? 1 : 0;
            answers.insert(QJsonDocument(r.json()).toJson(QJsonDocument::Compact));
        }
        QCOMPARE(created, 1);
        QCOMPARE(answers.size(), 1);  // every answer names the same order
        bool ok = false;
        QCOMPARE(psql(dbUrl_, "SELECT count(*) FROM orders WHERE external_id = 'shop-race'", &ok),
                 QString("1"));
        QCOMPARE(psql(dbUrl_,
                      "SELECT count(*) FROM events e JOIN orders o ON o.id = e.entity_id "
                      "WHERE e.kind = 'order.created' AND o.external_id = 'shop-race'",
                      &ok),
                 QString("1"));
    }

    void ingestion_refusesInconsistentOrders_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("json");
        QTest::newRow("total") << "total_minor"
                               << R"({"total_minor": 1})";
        QTest::newRow("currency") << "currency"
                                  << R"({"currency": "XXX"})";
        QTest::newRow("quantity")
            << "items[0].quantity"
            << R"({"items":[{"sku":"A","title":"A","quantity":0,"unit_price_minor":5}]})";
        QTest::newRow("no items") << "items"
                                  << R"({"items":[]})";
        QTest::newRow("customer") << "customer"
                                  << R"({"customer": null})";
        QTest::newRow("negative shipping") << "shipping_minor"
                                           << R"({"shipping_minor": -5})";
    }
    void ingestion_refusesInconsistentOrders() {
        QFETCH(QString, field);
        QFETCH(QString, json);
        QJsonObject body = storefrontOrder("bad-" + field, "bad@example.com", 1000, 1);
        const auto patch = QJsonDocument::fromJson(json.toUtf8()).object();
        for (auto it = patch.begin(); it != patch.end(); ++it) {
            body[it.key()] = it.value();
        }
        const auto r = storefront("/api/v1/storefront/orders", body);
        QCOMPARE(r.status, 422);
        QVERIFY2(r.json().value("error").toObject().value("fields").toObject().contains(field),
                 r.body.constData());
    }

    void storefront_withoutServiceKey_isRefused() {
        const auto body = storefrontOrder("nokey", "x@example.com", 1000, 1);
        QCOMPARE(storefront("/api/v1/storefront/orders", body, "wrong").status, 401);
        QCOMPARE(httpRequest("POST", url("/api/v1/storefront/orders"), QJsonDocument(body).toJson())
                     .status,
                 401);
    }

    void payment_reachingTotal_marksOrderPaid_once() {
        const int id = paidOrder(5000, false);
        QCOMPARE(order(id).value("status").toString(), QString("pending_payment"));
        const QString ext = order(id).value("external_id").toString();
        const QJsonObject pay{{"order_external_id", ext},
                              {"provider", "wechat"},
                              {"provider_ref", "wx-1"},
                              {"amount_minor", 5800},
                              {"currency", "CNY"}};
        QCOMPARE(storefront("/api/v1/storefront/payments", pay).status, 201);
        QCOMPARE(storefront("/api/v1/storefront/payments", pay).status, 200);  // replay
        const auto o = order(id);
        QCOMPARE(o.value("status").toString(), QString("paid"));
        QCOMPARE(o.value("captured_minor").toInt(), 5800);
        QCOMPARE(o.value("payments").toArray().size(), 1);
        QCOMPARE(o.value("history").toArray().last().toObject().value("to").toString(),
                 QString("paid"));
    }

    // Money the shop captured beyond the total is recorded as it is (it was taken): the order is
    // paid, the excess shows as captured_minor above total_minor, it is audited, and it can be
    // refunded like any captured money.
    void payment_aboveTheTotal_isRecorded_andRefundable() {
        const int id = paidOrder(1000, false);  // total 1800
        const QString ext = order(id).value("external_id").toString();
        auto pay = [&](const QString& ref, qint64 amount) {
            return storefront("/api/v1/storefront/payments", {{"order_external_id", ext},
                                                              {"provider", "alipay"},
                                                              {"provider_ref", ref},
                                                              {"amount_minor", amount},
                                                              {"currency", "CNY"}});
        };
        QCOMPARE(pay("over-1", 1800).status, 201);
        QCOMPARE(pay("over-2", 500).status, 201);  // paid already: taken all the same
        const auto o = order(id);
        QCOMPARE(o.value("status").toString(), QString("paid"));
        QCOMPARE(o.value("total_minor").toInt(), 1800);
        QCOMPARE(o.value("captured_minor").toInt(), 2300);
        bool ok = false;
        QCOMPARE(psql(dbUrl_,
                      QString("SELECT string_agg(coalesce(after->>'overpaid_minor', '-'), ',' "
                              "ORDER BY id) FROM audit_log WHERE action = 'payment.capture' AND "
                              "entity_id = '%1'")
                          .arg(id),
                      &ok),
                 QString("-,500"));
        const auto tooMuch = refund(id, 2301, "over-refund-too-much");
        QCOMPARE(tooMuch.status, 422);
        QCOMPARE(tooMuch.json()
                     .value("error")
                     .toObject()
                     .value("details")
                     .toObject()
                     .value("refundable_minor")
                     .toInt(),
                 2300);
        QCOMPARE(refund(id, 2300, "over-refund-all").status, 201);
        QCOMPARE(order(id).value("status").toString(), QString("refunded"));
        // One payment larger than the whole order: paid at once, all of it refundable.
        const int big = paidOrder(1000, false);
        const QString bigExt = order(big).value("external_id").toString();
        QCOMPARE(storefront("/api/v1/storefront/payments", {{"order_external_id", bigExt},
                                                            {"provider", "wechat"},
                                                            {"provider_ref", "over-big"},
                                                            {"amount_minor", 5000},
                                                            {"currency", "CNY"}})
                     .status,
                 201);
        QCOMPARE(order(big).value("status").toString(), QString("paid"));
        QCOMPARE(order(big).value("captured_minor").toInt(), 5000);
    }

    // The shop cancels abandoned checkouts: only orders nothing was captured for (a partly paid
    // one needs staff, who may refund), idempotently, audited as the storefront's.
    void storefrontCancellation_onlyWhatNothingWasCapturedFor_idempotently() {
        auto cancel = [this](const QString& ext) {
            return storefront("/api/v1/storefront/cancellations",
                              {{"order_external_id", ext}, {"reason", "checkout abandoned"}});
        };
        const int unpaid = paidOrder(1000, false);
        const QString unpaidExt = order(unpaid).value("external_id").toString();
        const auto first = cancel(unpaidExt);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json().value("status").toString(), QString("cancelled"));
        const auto again = cancel(unpaidExt);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json(), first.json());
        bool ok = false;
        QCOMPARE(psql(dbUrl_,
                      QString("SELECT count(*) || ' ' || min(actor) FROM audit_log WHERE "
                              "action = 'order.cancel' AND entity_id = '%1'")
                          .arg(unpaid),
                      &ok),
                 QString("1 storefront"));
        QCOMPARE(order(unpaid).value("history").toArray().last().toObject().value("reason"),
                 QJsonValue("checkout abandoned"));

        const int paid = paidOrder(1000);
        const auto refusedPaid = cancel(order(paid).value("external_id").toString());
        QCOMPARE(refusedPaid.status, 409);
        QCOMPARE(refusedPaid.errorCode(), QString("invalid_transition"));

        const int partial = paidOrder(1000, false);
        const QString partialExt = order(partial).value("external_id").toString();
        QCOMPARE(storefront("/api/v1/storefront/payments", {{"order_external_id", partialExt},
                                                            {"provider", "alipay"},
                                                            {"provider_ref", "part-cancel"},
                                                            {"amount_minor", 300},
                                                            {"currency", "CNY"}})
                     .status,
                 201);
        const auto refusedPartial = cancel(partialExt);
        QCOMPARE(refusedPartial.status, 409);
        QCOMPARE(refusedPartial.json()
                     .value("error")
                     .toObject()
                     .value("details")
                     .toObject()
                     .value("captured_minor")
                     .toInt(),
                 300);
        QCOMPARE(order(partial).value("status").toString(), QString("pending_payment"));

        QCOMPARE(cancel("no-such-order").status, 422);
        QCOMPARE(storefront("/api/v1/storefront/cancellations", {{"order_external_id", unpaidExt}})
                     .status,
                 422);  // a reason is required
    }

    // Every (from, to) pair of statuses: allowed exactly when the table has a manual transition.
    void transitions_everyPairFollowsTheTable() {
        int checked = 0;
        for (auto from : proto::allOrderStatuses()) {
            for (auto to : proto::allOrderStatuses()) {
                const int id = paidOrder(1000);
                setStatus(id, str(proto::toString(from)));
                const auto current = order(id);
                const auto r = as(
                    adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/transitions",
                    {{"to", str(proto::toString(to))},
                     {"carrier", "SF Express"},
                     {"tracking", "SF123"},
                     {"reason", "customer asked"}},
                    {{"If-Match",
                      "\"" + QByteArray::number(current.value("version").toInt()) + "\""}});
                const auto* t = proto::findTransition(from, to);
                const bool allowed = t && t->trigger == proto::TransitionTrigger::Manual;
                const QString cell = str(proto::toString(from)) + " → " + str(proto::toString(to)) +
                                     ": " + QString::number(r.status) + " " + r.body;
                if (allowed) {
                    QVERIFY2(r.status == 200, qPrintable(cell));
                    QCOMPARE(r.json().value("status").toString(), str(proto::toString(to)));
                } else {
                    QVERIFY2(r.status == 409, qPrintable(cell));
                    QCOMPARE(r.errorCode(), QString("invalid_transition"));
                }
                ++checked;
            }
        }
        QCOMPARE(checked, 81);
    }

    void transition_needsIfMatch_andExplainsStaleness() {
        const int id = paidOrder();
        const QString path = "/api/v1/orders/" + QString::number(id) + "/transitions";
        QCOMPARE(as(adminToken_, "POST", path, {{"to", "fulfilling"}}).status, 428);
        QCOMPARE(
            as(adminToken_, "POST", path, {{"to", "fulfilling"}}, {{"If-Match", "\"999\""}}).status,
            412);
        // Shipping needs carrier and tracking.
        const int v = order(id).value("version").toInt();
        QCOMPARE(as(adminToken_, "POST", path, {{"to", "fulfilling"}},
                    {{"If-Match", QByteArray::number(v)}})
                     .status,
                 200);
        const auto ship = as(adminToken_, "POST", path, {{"to", "shipped"}},
                             {{"If-Match", QByteArray::number(v + 1)}});
        QCOMPARE(ship.status, 422);
        QVERIFY(
            ship.json().value("error").toObject().value("fields").toObject().contains("tracking"));
    }

    void cancelPaidOrder_refundsInFull() {
        const int id = paidOrder(3000);
        const int v = order(id).value("version").toInt();
        const auto r =
            as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/transitions",
               {{"to", "cancelled"}, {"reason", "out of stock"}},
               {{"If-Match", QByteArray::number(v)}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("refunded_minor").toInt(), 3800);
        QCOMPARE(r.json().value("refunds").toArray().size(), 1);
    }

    // Whatever pays money out is a refund: cancelling an order that has anything captured (a paid
    // one, or an unpaid one with a partial payment) needs orders.refund, and is audited and
    // announced like a refund.
    void cancel_thatPaysBackACapture_needsOrdersRefund_andIsRecordedAsARefund() {
        QCOMPARE(
            as(adminToken_, "POST", "/api/v1/roles",
               {{"name", "order_desk"}, {"permissions", QJsonArray{"orders.read", "orders.write"}}})
                .status,
            201);
        QString error;
        QVERIFY2(server_.createUser("desk", kPassword, "order_desk", &error), qPrintable(error));
        const QString desk = token("desk");
        QVERIFY(!desk.isEmpty());
        auto cancel = [this](const QString& who, int id, const QString& reason) {
            return as(who, "POST", "/api/v1/orders/" + QString::number(id) + "/transitions",
                      {{"to", "cancelled"}, {"reason", reason}},
                      {{"If-Match", QByteArray::number(order(id).value("version").toInt())}});
        };
        // Partly paid: still pending_payment, 4000 of 10800 captured.
        const int partial = paidOrder(10000, false);
        QCOMPARE(storefront("/api/v1/storefront/payments",
                            {{"order_external_id", order(partial).value("external_id")},
                             {"provider", "alipay"},
                             {"provider_ref", "partial-1"},
                             {"amount_minor", 4000},
                             {"currency", "CNY"}})
                     .status,
                 201);
        QCOMPARE(order(partial).value("status").toString(), QString("pending_payment"));
        const int paid = paidOrder(2000);
        for (const int id : {partial, paid}) {
            const auto refused = cancel(desk, id, "changed my mind");
            QCOMPARE(refused.status, 403);
            QCOMPARE(refused.errorCode(), QString("forbidden"));
            QCOMPARE(refused.json()
                         .value("error")
                         .toObject()
                         .value("details")
                         .toObject()
                         .value("required_permission")
                         .toString(),
                     QString("orders.refund"));
            const auto o = order(id);
            QCOMPARE(o.value("refunded_minor").toInt(), 0);
            QCOMPARE(o.value("refunds").toArray().size(), 0);
            QVERIFY(o.value("status").toString() != "cancelled");
        }
        // Nothing captured, nothing paid out: orders.write is enough.
        const int unpaid = paidOrder(1000, false);
        const auto plain = cancel(desk, unpaid, "abandoned");
        QCOMPARE(plain.status, 200);
        QCOMPARE(plain.json().value("status").toString(), QString("cancelled"));
        QCOMPARE(plain.json().value("refunds").toArray().size(), 0);

        // Someone who may refund cancels the partly paid order: the capture goes back, as a
        // refund with its audit row and its event.
        const auto done = cancel(adminToken_, partial, "out of stock");
        QCOMPARE(done.status, 200);
        QCOMPARE(done.json().value("status").toString(), QString("cancelled"));
        QCOMPARE(done.json().value("refunded_minor").toInt(), 4000);
        const auto refunds = done.json().value("refunds").toArray();
        QCOMPARE(refunds.size(), 1);
        const QString refundId = QString::number(refunds[0].toObject().value("id").toInt());
        bool ok = false;
        QCOMPARE(psql(dbUrl_,
                      "SELECT actor || ' ' || (after->>'amount_minor') FROM audit_log WHERE "
                      "action = 'refund.create' AND entity = 'refund' AND entity_id = '" +
                          refundId + "'",
                      &ok),
                 QString("admin 4000"));
        QCOMPARE(psql(dbUrl_,
                      QString("SELECT count(*) FROM events WHERE kind = 'refund.created' AND "
                              "(payload->>'order_id')::bigint = %1 AND "
                              "(payload->>'amount_minor')::bigint = 4000")
                          .arg(partial),
                      &ok),
                 QString("1"));
    }

    void refund_sameKeyTwice_refundsOnce_withTheSameResponse() {
        const int id = paidOrder(10000);
        const auto first = refund(id, 2500, "key-same-twice");
        QCOMPARE(first.status, 201);
        const auto second = refund(id, 2500, "key-same-twice");
        QCOMPARE(second.status, 201);
        QCOMPARE(second.body, first.body);
        QCOMPARE(second.header("Idempotent-Replayed"), QByteArray("true"));
        const auto o = order(id);
        QCOMPARE(o.value("refunded_minor").toInt(), 2500);
        QCOMPARE(o.value("refunds").toArray().size(), 1);
        QCOMPARE(o.value("refunds").toArray().first().toObject().value("currency").toString(),
                 o.value("currency").toString());
        QCOMPARE(o.value("status").toString(), QString("partially_refunded"));
        // One refund event, naming the order and who refunded (desks that may see refunds but
        // not orders have only this event to go by).
        bool ok = false;
        QCOMPARE(psql(dbUrl_,
                      QString("SELECT count(*) || ' ' || min(payload->>'order_number') || ' ' || "
                              "min(payload->>'changed_by') || ' ' || min(payload->>'amount_minor') "
                              "FROM events WHERE kind = 'refund.created' AND "
                              "(payload->>'order_id')::bigint = %1")
                          .arg(id),
                      &ok),
                 QString("1 %1 admin 2500").arg(o.value("number").toString()));
        const auto reused = refund(id, 100, "key-same-twice");
        QCOMPARE(reused.status, 422);
        QCOMPARE(reused.errorCode(), QString("idempotency_key_reused"));
    }

    // A refund answers with the order as it is now, so the desk that made it reloads nothing: the
    // refund, and the order exactly as GET /orders/{id} shows it at its new version (the ETag);
    // a replay answers the same.
    void refund_answersWithTheOrderAtItsNewVersion_andReplaysIt() {
        const int id = paidOrder(10000);
        const int before = order(id).value("version").toInt();
        const auto r = refund(id, 1500, "key-answer-order");
        QCOMPARE(r.status, 201);
        const auto body = r.json();
        for (const char* field :
             {"id", "amount_minor", "reason", "status", "created_at", "currency"}) {
            QVERIFY2(body.contains(field), field);
        }
        QCOMPARE(body.value("amount_minor").toInt(), 1500);
        const auto o = body.value("order").toObject();
        QCOMPARE(o.value("id").toInt(), id);
        QCOMPARE(o.value("version").toInt(), before + 1);
        QCOMPARE(o.value("status").toString(), QString("partially_refunded"));
        QCOMPARE(o.value("refunded_minor").toInt(), 1500);
        const auto refunds = o.value("refunds").toArray();
        QCOMPARE(refunds.size(), 1);
        QCOMPARE(refunds.first().toObject().value("id").toInt(), body.value("id").toInt());
        QCOMPARE(r.header("ETag"), "\"" + QByteArray::number(before + 1) + "\"");
        const auto got = as(adminToken_, "GET", "/api/v1/orders/" + QString::number(id));
        QCOMPARE(o, got.json());
        QCOMPARE(r.header("ETag"), got.header("ETag"));
        const auto replay = refund(id, 1500, "key-answer-order");
        QCOMPARE(replay.status, 201);
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(replay.body, r.body);
        QCOMPARE(replay.header("ETag"), r.header("ETag"));
        // The order event and the audit row say what they said before the answer carried the
        // order: the list item and who changed it; status and money before and after.
        bool ok = false;
        const auto event =
            QJsonDocument::fromJson(psql(dbUrl_,
                                         QString("SELECT payload::text FROM events WHERE kind = "
                                                 "'order.updated' AND entity_id = %1 AND "
                                                 "entity_version = %2")
                                             .arg(id)
                                             .arg(before + 1),
                                         &ok)
                                        .toUtf8())
                .object();
        QVERIFY(ok);
        QStringList item = as(adminToken_, "GET", "/api/v1/orders?limit=500")
                               .json()
                               .value("items")
                               .toArray()
                               .first()
                               .toObject()
                               .keys();
        item << "changed_by";
        item.sort();
        QCOMPARE(event.keys(), item);
        QCOMPARE(event.value("changed_by").toString(), QString("admin"));
        QCOMPARE(event.value("customer").toObject(), o.value("customer").toObject());
        QCOMPARE(event.value("updated_at").toString(), o.value("updated_at").toString());
        const auto audit = psql(dbUrl_,
                                QString("SELECT before::text || '|' || after::text FROM audit_log "
                                        "WHERE action = 'order.refund' AND entity_id = '%1'")
                                    .arg(id),
                                &ok)
                               .split('|');
        QVERIFY(ok);
        QCOMPARE(audit.size(), 2);
        const auto captured = o.value("captured_minor").toInt();
        QCOMPARE(QJsonDocument::fromJson(audit[0].toUtf8()).object(),
                 (QJsonObject{{"status", "paid"},
                              {"captured_minor", captured},
                              {"refunded_minor", 0},
                              {"version", before}}));
        QCOMPARE(QJsonDocument::fromJson(audit[1].toUtf8()).object(),
                 (QJsonObject{{"status", "partially_refunded"},
                              {"captured_minor", captured},
                              {"refunded_minor", 1500},
                              {"version", before + 1}}));
    }

    void refund_overCaptured_isRefused_andTheRefusalReplays() {
        const int id = paidOrder(1000);  // 1800 captured
        const auto r = refund(id, 1801, "key-over");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.json()
                     .value("error")
                     .toObject()
                     .value("details")
                     .toObject()
                     .value("refundable_minor")
                     .toInt(),
                 1800);
        QCOMPARE(refund(id, 1801, "key-over").body, r.body);
        QCOMPARE(order(id).value("refunded_minor").toInt(), 0);
        QCOMPARE(refund(id, 1800, "key-all").status, 201);
        QCOMPARE(order(id).value("status").toString(), QString("refunded"));
        QCOMPARE(refund(id, 1, "key-after").status, 409);
    }

    void refund_needsKeyAndReason() {
        const int id = paidOrder();
        const auto noKey =
            as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/refunds",
               {{"amount_minor", 100}, {"reason", "x"}});
        QCOMPARE(noKey.status, 400);
        QCOMPARE(refund(id, 100, "key-noreason", "").status, 422);
        QCOMPARE(as(agentToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/refunds",
                    {{"amount_minor", 100}, {"reason", "x"}}, {{"Idempotency-Key", "k"}})
                     .status,
                 403);
    }

    // A second request with the key of one still running learns so at once (409 with
    // Retry-After) instead of waiting and replaying; once the first is done the key replays it.
    void refund_sameKeyWhileTheFirstRuns_is409WithRetryAfter() {
        const int id = paidOrder(5000);
        // The first refund waits for the order's row, held here.
        PsqlSession holder(dbUrl_);
        QVERIFY(
            holder.run(QString("BEGIN; SELECT id FROM orders WHERE id = %1 FOR UPDATE").arg(id)));
        auto first = std::async(std::launch::async,
                                [this, id] { return refund(id, 1000, "key-in-flight"); });
        QVERIFY(waitForSql(dbUrl_,
                           "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = "
                           "current_database() AND wait_event_type = 'Lock'"));
        const auto second = refund(id, 1000, "key-in-flight");
        QCOMPARE(second.status, 409);
        QCOMPARE(second.errorCode(), QString("conflict"));
        QCOMPARE(second.header("Retry-After"), QByteArray("1"));
        QVERIFY(holder.run("COMMIT"));
        const auto done = first.get();
        QCOMPARE(done.status, 201);
        const auto replay = refund(id, 1000, "key-in-flight");
        QCOMPARE(replay.status, 201);
        QCOMPARE(replay.body, done.body);
        QCOMPARE(order(id).value("refunded_minor").toInt(), 1000);
    }

    void refund_withAStaleIfMatch_is412_andRefundsNothing() {
        const int id = paidOrder(5000);
        const int version = order(id).value("version").toInt();
        QCOMPARE(as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/notes",
                    {{"body", "someone else was here"}})
                     .status,
                 201);  // the order moves on
        const auto stale =
            as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/refunds",
               {{"amount_minor", 1000}, {"reason", "damaged"}},
               {{"Idempotency-Key", "key-stale"}, {"If-Match", QByteArray::number(version)}});
        QCOMPARE(stale.status, 412);
        QCOMPARE(stale.errorCode(), QString("precondition_failed"));
        QCOMPARE(order(id).value("refunded_minor").toInt(), 0);
        const auto fresh =
            as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/refunds",
               {{"amount_minor", 1000}, {"reason", "damaged"}},
               {{"Idempotency-Key", "key-fresh"},
                {"If-Match", QByteArray::number(order(id).value("version").toInt())}});
        QCOMPARE(fresh.status, 201);
    }

    // A cancel and a refund of one paid order at the same moment: they take turns on the
    // order's row, one of them wins, and never is more paid back than was captured.
    void cancelAndRefund_racingOnOnePaidOrder_neverPayBackTwice() {
        for (int round = 0; round < 4; ++round) {
            const int id = paidOrder(3000);  // 3800 captured
            const int version = order(id).value("version").toInt();
            PsqlSession holder(dbUrl_);
            QVERIFY(holder.run(
                QString("BEGIN; SELECT id FROM orders WHERE id = %1 FOR UPDATE").arg(id)));
            auto cancel = std::async(std::launch::async, [this, id, version] {
                return as(adminToken_, "POST",
                          "/api/v1/orders/" + QString::number(id) + "/transitions",
                          {{"to", "cancelled"}, {"reason", "race"}},
                          {{"If-Match", QByteArray::number(version)}});
            });
            auto partial = std::async(std::launch::async, [this, id, round] {
                return refund(id, 2000, QString("race-%1").arg(round));
            });
            QVERIFY(waitForSql(dbUrl_,
                               "SELECT count(*) >= 2 FROM pg_stat_activity WHERE datname = "
                               "current_database() AND wait_event_type = 'Lock'"));
            QVERIFY(holder.run("COMMIT"));
            const auto c = cancel.get();
            const auto r = partial.get();
            const bool cancelWon = c.status == 200;
            const bool refundWon = r.status == 201;
            QVERIFY2(cancelWon != refundWon, qPrintable(QString("cancel %1, refund %2: %3 %4")
                                                            .arg(c.status)
                                                            .arg(r.status)
                                                            .arg(c.body, r.body)));
            if (cancelWon) {
                QCOMPARE(r.status, 409);  // a cancelled order takes no refund
            } else {
                QCOMPARE(c.status, 412);  // the refund moved the order on
            }
            const auto o = order(id);
            QCOMPARE(o.value("refunded_minor").toInt(), cancelWon ? 3800 : 2000);
            QCOMPARE(o.value("status").toString(),
                     QString(cancelWon ? "cancelled" : "partially_refunded"));
            bool ok = false;
            QCOMPARE(
                psql(dbUrl_,
                     QString("SELECT sum(amount_minor) FROM refunds WHERE order_id = %1").arg(id),
                     &ok),
                QString::number(o.value("refunded_minor").toInt()));
        }
    }

    // Idempotency keys belong to their user: another user's request with the same key and body
    // is a request of its own, not a replay of someone else's answer.
    void refund_idempotencyKeys_areScopedPerUser() {
        QString error;
        QVERIFY(server_.createUser("lead", kPassword, "support_lead", &error));
        const QString lead = token("lead");
        const int id = paidOrder(5000);
        const auto byAdmin = refund(id, 700, "shared-key");
        QCOMPARE(byAdmin.status, 201);
        const auto byLead =
            as(lead, "POST", "/api/v1/orders/" + QString::number(id) + "/refunds",
               {{"amount_minor", 700}, {"reason", "damaged"}}, {{"Idempotency-Key", "shared-key"}});
        QCOMPARE(byLead.status, 201);
        QVERIFY(byLead.header("Idempotent-Replayed").isEmpty());
        QVERIFY(byLead.json().value("id").toInt() != byAdmin.json().value("id").toInt());
        QCOMPARE(order(id).value("refunded_minor").toInt(), 1400);
        // Each one's own retry replays their own.
        QCOMPARE(refund(id, 700, "shared-key").body, byAdmin.body);
    }

    void refund_fiftyConcurrentRequests_neverExceedCaptured() {
        const int id = paidOrder(9200);  // 10000 captured
        std::vector<std::future<int>> results;
        for (int i = 0; i < 50; ++i) {
            results.push_back(std::async(std::launch::async, [this, id, i] {
                return refund(id, 3000, QString("concurrent-%1").arg(i)).status;
            }));
        }
        int created = 0;
        int refused = 0;
        for (auto& f : results) {
            const int status = f.get();
            created += status == 201 ? 1 : 0;
            refused += status == 422 ? 1 : 0;
        }
        QCOMPARE(created, 3);  // 3 × 3000 ≤ 10000 < 4 × 3000
        QCOMPARE(refused, 47);
        const auto o = order(id);
        QCOMPARE(o.value("refunded_minor").toInt(), 9000);
        QCOMPARE(o.value("refunds").toArray().size(), 3);
        bool ok = false;
        QCOMPARE(
            psql(dbUrl_,
                 QString("SELECT sum(amount_minor) FROM refunds WHERE order_id = %1").arg(id), &ok),
            QString("9000"));
    }

    void list_keysetPaging_withInsertsBetweenPages_neitherRepeatsNorSkips() {
        // 30 orders a minute apart in 2026-01, then page through them while more arrive, both
        // newer and in the middle of the range.
        for (int i = 0; i < 30; ++i) {
            const QString ts = QDateTime(QDate(2026, 1, 10), QTime(10, 0))
                                   .addSecs(60 * i)
                                   .toUTC()
                                   .toString(Qt::ISODate);
            QCOMPARE(storefront("/api/v1/storefront/orders",
                                storefrontOrder(QString("page-%1").arg(i), "pager@example.com",
                                                1000 + i, 1, ts))
                         .status,
                     201);
        }
        std::set<QString> seen;
        QString cursor;
        int pages = 0;
        int extra = 0;
        do {
            QString path = "/api/v1/orders?from=2026-01-10&to=2026-01-10&limit=7";
            if (!cursor.isEmpty()) {
                path += "&cursor=" + cursor;
            }
            const auto r = as(adminToken_, "GET", path);
            QCOMPARE(r.status, 200);
            for (const auto& item : r.json().value("items").toArray()) {
                const QString number = item.toObject().value("number").toString();
                QVERIFY2(seen.insert(number).second, qPrintable("repeated " + number));
            }
            if (pages == 0) {
                QCOMPARE(r.json().value("total_estimate").toInt(), 30);
            }
            // Another order in the middle of the range, and one at the very top.
            const QString mid =
                QDateTime(QDate(2026, 1, 10), QTime(10, 15, 30)).toUTC().toString(Qt::ISODate);
            storefront("/api/v1/storefront/orders", storefrontOrder(QString("late-%1").arg(++extra),
                                                                    "late@example.com", 5, 1, mid));
            cursor = r.json().value("next_cursor").toString();
            ++pages;
        } while (!cursor.isEmpty() && pages < 20);
        // Every order that existed when paging began was seen exactly once.
        bool ok = false;
        const auto originals =
            psql(dbUrl_,
                 "SELECT string_agg(number, ',') FROM orders WHERE external_id LIKE 'page-%'", &ok)
                .split(',');
        QCOMPARE(originals.size(), 30);
        for (const auto& n : originals) {
            QVERIFY2(seen.count(n) == 1, qPrintable("skipped " + n));
        }
    }

    void list_filtersSortsAndSearch() {
        const auto byEmail = as(adminToken_, "GET", "/api/v1/orders?q=LI.LEI@exam");
        QCOMPARE(byEmail.status, 200);
        const auto items = byEmail.json().value("items").toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value("customer").toObject().value("email").toString(),
                 QString("li.lei@example.com"));
        // Several statuses, with more matches than a page: the page and the estimate.
        const auto many =
            as(adminToken_, "GET", "/api/v1/orders?status=paid,pending_payment,refunded&limit=2");
        QCOMPARE(many.status, 200);
        QCOMPARE(many.json().value("items").toArray().size(), 2);
        QVERIFY(many.json().value("total_estimate").toInt() > 2);
        const auto refunded =
            as(adminToken_, "GET", "/api/v1/orders?status=refunded,partially_refunded");
        for (const auto& i : refunded.json().value("items").toArray()) {
            const auto s = i.toObject().value("status").toString();
            QVERIFY(s == "refunded" || s == "partially_refunded");
        }
        const auto byTotal =
            as(adminToken_, "GET",
               "/api/v1/orders?sort=total&order=asc&min_total_minor=1800&max_total_minor=1900");
        qint64 last = 0;
        for (const auto& i : byTotal.json().value("items").toArray()) {
            const qint64 t = i.toObject().value("total_minor").toInteger();
            QVERIFY(t >= last && t >= 1800 && t <= 1900);
            last = t;
        }
        QCOMPARE(as(adminToken_, "GET", "/api/v1/orders?status=lost").status, 422);
        QCOMPARE(as(adminToken_, "GET", "/api/v1/orders?sort=number").status, 422);
        QCOMPARE(as(adminToken_, "GET", "/api/v1/orders?from=someday").status, 422);
        QCOMPARE(as(adminToken_, "GET", "/api/v1/orders?min_total_minor=-1").status, 422);
        QCOMPARE(as(adminToken_, "GET", "/api/v1/orders/99999999").status, 404);
    }

    void list_searchMatchesNumbersAndCurrentCustomers_onceEach() {
        // Two orders of one customer, the first in 2026-03; then the customer's email changes
        // (a storefront upsert) to one that contains the first order's number.
        auto first =
            storefrontOrder("srch-1", "zhu.wen@example.com", 4321, 1, "2026-03-02T10:00:00Z");
        const auto created = storefront("/api/v1/storefront/orders", first);
        QCOMPARE(created.status, 201);
        const QString number = created.json().value("number").toString();  // "OD00000042"
        const QString digits = number.mid(2);
        auto second =
            storefrontOrder("srch-2", "zhu.wen@example.com", 4321, 1, "2026-03-02T10:05:00Z");
        auto customer = second.value("customer").toObject();
        customer["email"] = "zhu.wen." + digits + "@example.com";
        customer["name"] = "Wen Zhu";
        second["customer"] = customer;
        QCOMPARE(storefront("/api/v1/storefront/orders", second).status, 201);

        // The number's digits: the first order by its number (and by its customer's email now),
        // the second by the email; each once, newest first, exactly counted.
        const auto byDigits = as(adminToken_, "GET", "/api/v1/orders?q=" + digits);
        QCOMPARE(byDigits.status, 200);
        QStringList numbers;
        for (const auto& i : byDigits.json().value("items").toArray()) {
            numbers << i.toObject().value("number").toString();
        }
        QCOMPARE(numbers.count(number), 1);
        QCOMPARE(numbers.size(), 2);
        QCOMPARE(byDigits.json().value("total_estimate").toInt(), 2);
        QVERIFY(byDigits.json().value("total_is_exact").toBool());

        // The customer's current name and email, case-insensitively; paging through them.
        QList<QJsonObject> items;
        pages("/api/v1/orders?q=WEN%20ZHU&limit=1", 3, &items);
        if (QTest::currentTestFailed()) {
            return;
        }
        QStringList paged;
        for (const auto& i : items) {
            paged << i.value("number").toString();
        }
        QCOMPARE(paged.size(), 2);
        QCOMPARE(paged.last(), number);  // newest first
        QCOMPARE(as(adminToken_, "GET", "/api/v1/orders?q=zhu.wen@example")
                     .json()
                     .value("items")
                     .toArray()
                     .size(),
                 0);  // the old email is gone from the customer record

        // With a status and an amount range: the same two, through their index walks.
        const auto filtered =
            as(adminToken_, "GET",
               "/api/v1/orders?q=" + digits +
                   "&status=pending_payment,paid&min_total_minor=5121&max_total_minor=5121");
        QCOMPARE(filtered.status, 200);
        QCOMPARE(filtered.json().value("items").toArray().size(), 2);
        QCOMPARE(as(adminToken_, "GET", "/api/v1/orders?q=" + digits + "&status=shipped")
                     .json()
                     .value("items")
                     .toArray()
                     .size(),
                 0);
    }

    void list_searchByPiecesOfTheNumber_longAndShortFragments_pageByTotal() {
        // Five characters or more go through the numbers' five-character pieces (migration
        // 0008), fewer through the trigram index; both find the same orders.
        QVERIFY(paidOrder(777) > 0);
        bool ok = false;
        const QString number =
            psql(dbUrl_, "SELECT number FROM orders ORDER BY id DESC LIMIT 1", &ok).trimmed();
        QVERIFY(ok && number.startsWith("OD"));
        auto found = [&](const QString& q) {
            QStringList out;
            const auto r = as(adminToken_, "GET", "/api/v1/orders?limit=500&q=" + q);
            for (const auto& i : r.json().value("items").toArray()) {
                out << i.toObject().value("number").toString();
            }
            return out;
        };
        QCOMPARE(found(number.toLower()), QStringList{number});
        QCOMPARE(found(number), QStringList{number});
        QVERIFY(found(number.right(5)).contains(number));
        QVERIFY(found(number.right(4)).contains(number));
        QVERIFY(found(number.left(6)).contains(number));
        QVERIFY(!found(number.right(5) + "9").contains(number));

        // Every order whose number has "00000", by total, one per page: none twice, none left out.
        const int expected =
            psql(dbUrl_, "SELECT count(*) FROM orders WHERE number LIKE '%00000%'", &ok).toInt();
        QVERIFY(ok && expected > 3);
        QList<QJsonObject> items;
        pages("/api/v1/orders?q=00000&sort=total&order=desc&limit=1", expected + 1, &items);
        if (QTest::currentTestFailed()) {
            return;
        }
        QStringList paged;
        qint64 lastTotal = std::numeric_limits<qint64>::max();
        for (const auto& i : items) {
            paged << i.value("number").toString();
            const qint64 total = i.value("total_minor").toInteger();
            QVERIFY(total <= lastTotal);
            lastTotal = total;
        }
        QCOMPARE(paged.size(), expected);
        QCOMPARE(QSet<QString>(paged.begin(), paged.end()).size(), expected);
    }

    void list_amountRangeNewestFirst_pagesWithoutRepeats() {
        for (int i = 0; i < 5; ++i) {
            const QString ts = QDateTime(QDate(2026, 2, 3), QTime(9, 0))
                                   .addSecs(60 * i)
                                   .toUTC()
                                   .toString(Qt::ISODate);
            QCOMPARE(storefront("/api/v1/storefront/orders",
                                storefrontOrder(QString("amount-%1").arg(i), "amount@example.com",
                                                77700, 1, ts))
                         .status,
                     201);
        }
        QStringList seen;
        QString cursor;
        QString lastCreated;
        for (int page = 0; page < 5; ++page) {
            const auto r = as(adminToken_, "GET",
                              "/api/v1/orders?min_total_minor=78500&max_total_minor=78500&limit=2" +
                                  (cursor.isEmpty() ? QString() : "&cursor=" + cursor));
            QCOMPARE(r.status, 200);
            if (page == 0) {
                QCOMPARE(r.json().value("total_estimate").toInt(), 5);
            }
            for (const auto& i : r.json().value("items").toArray()) {
                const auto o = i.toObject();
                QVERIFY(!seen.contains(o.value("number").toString()));
                seen << o.value("number").toString();
                QCOMPARE(o.value("total_minor").toInteger(), 78500);
                const QString created = o.value("created_at").toString();
                QVERIFY(lastCreated.isEmpty() || created < lastCreated);
                lastCreated = created;
            }
            cursor = r.json().value("next_cursor").toString();
            if (cursor.isEmpty()) {
                break;
            }
        }
        QCOMPARE(seen.size(), 5);
    }

    void notes_areAddedAndAudited() {
        const int id = paidOrder();
        const auto r = as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/notes",
                          {{"body", "Customer called about delivery"}});
        QCOMPARE(r.status, 201);
        QCOMPARE(order(id).value("notes").toArray().first().toObject().value("author").toString(),
                 QString("admin"));
        QCOMPARE(as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/notes",
                    {{"body", ""}})
                     .status,
                 422);
        bool ok = false;
        QVERIFY(psql(dbUrl_, "SELECT count(*) FROM audit_log WHERE action = 'order.note'", &ok)
                    .toInt() >= 1);
    }

    void note_answersWithTheOrderAtItsNewVersion() {
        const int id = paidOrder();
        const int before = order(id).value("version").toInt();
        const auto r = as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/notes",
                          {{"body", "Leave it at the door"}});
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value("body").toString(), QString("Leave it at the door"));
        const auto o = r.json().value("order").toObject();
        QCOMPARE(o.value("version").toInt(), before + 1);
        QCOMPARE(o.value("notes").toArray().last().toObject().value("id").toInt(),
                 r.json().value("id").toInt());
        QCOMPARE(o, order(id));
        QCOMPARE(r.header("ETag"), "\"" + QByteArray::number(before + 1) + "\"");
    }

    // An error PostgreSQL raises that the server did not expect is a 500 that quotes the request
    // id and nothing else: no SQL, no table, no message of PostgreSQL's. The log has the rest.
    void internalError_bodyCarriesNoSql() {
        const int id = paidOrder();
        bool ok = false;
        psql(dbUrl_, "ALTER TABLE order_notes RENAME COLUMN body TO body_renamed", &ok);
        QVERIFY(ok);
        const auto r =
            as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/notes",
               {{"body", "this cannot be stored now"}}, {{"X-Request-Id", "no-sql-in-500"}});
        psql(dbUrl_, "ALTER TABLE order_notes RENAME COLUMN body_renamed TO body", &ok);
        QVERIFY(ok);
        QCOMPARE(r.status, 500);
        QCOMPARE(r.errorCode(), QString("internal"));
        QVERIFY(r.json().value("error").toObject().value("message").toString().contains(
            "no-sql-in-500"));
        for (const char* leak : {"order_notes", "body", "column", "INSERT", "ERROR", "SELECT",
                                 "sqlstate", "42703", "pqxx"}) {
            const QString message = r.json().value("error").toObject().value("message").toString();
            QVERIFY2(!message.contains(leak, Qt::CaseInsensitive) &&
                         !r.json().value("error").toObject().contains("details"),
                     qPrintable(QString(leak) + " in " + r.body));
        }
        QVERIFY(server_.stderrText().contains("\"sqlstate\":\"42703\""));
        // Back to normal.
        QCOMPARE(as(adminToken_, "POST", "/api/v1/orders/" + QString::number(id) + "/notes",
                    {{"body", "and now it can"}})
                     .status,
                 201);
    }

    void cleanupTestCase() { QCOMPARE(server_.stop(), 0); }
};

QTEST_GUILESS_MAIN(OrdersTest)
#include "tst_orders.moc"
