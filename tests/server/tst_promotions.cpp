// Virtual categories, promotions, storefront prices and flash-sale claims against two real
// server instances on one real PostgreSQL: rule membership that follows product changes at once,
// overlaps, the price one second before, at and after a promotion's start and end, prices kept
// in memory that are never stale (a change made at psql is answered by the other instance at
// once), and claims that never sell past the cap whatever the concurrency.
//
// The catalog itself (categories, products, SKUs) is written with SQL here: its API is another
// module's, and this suite must not depend on it.

#include <QtTest>

#include <future>
#include <set>
#include <vector>

#include <pqxx/connection>
#include "httpclient.h"

#include "promotions/pricing.h"
#include "seed/promotions_seed.h"
#include "serverprocess.h"
#include "testcluster.h"

using namespace opsdesk::test;
namespace pricing = opsdesk::server::promotions;

namespace {

const QString kPassword = "correct horse battery";
const QByteArray kServiceKey = "promotions-test-service-key-0123456789";
// "At once" across instances: as tst_caches, the notification's way round, with room for a
// loaded machine. The price book keeps entries for minutes, so a fresh answer within this can
// only come from invalidation.
constexpr int kPromptMs = 10000;

QString iso(qint64 second) {
    return QString::fromStdString(pricing::formatTime(second));
}

// A member of an error answer: "fields" or "details".
QJsonObject errorPart(const HttpResult& r, const char* part) {
    return r.json().value("error").toObject().value(QLatin1String(part)).toObject();
}

pricing::Terms terms(qint64 id, pricing::Kind kind, int priority = 0, bool exclusive = false) {
    pricing::Terms t;
    t.id = id;
    t.kind = kind;
    t.starts = 100;
    t.ends = 200;
    t.priority = priority;
    t.exclusive = exclusive;
    t.percent = 10;
    t.amountMinor = 300;
    t.flashPriceMinor = 500;
    t.buy = 2;
    t.get = 1;
    return t;
}

}  // namespace

class PromotionsTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster_;
    QString dbUrl_;
    ServerProcess a_;
    ServerProcess b_;
    QString admin_;
    QString merch_;
    QString agent_;
    int seq_ = 0;

    static QStringList serverArgs() {
        return {"--service-key", QString::fromLatin1(kServiceKey), "--login-rate-per-minute",
                "10000"};
    }

    static HttpResult as(const ServerProcess& s, const QString& token, const QByteArray& method,
                         const QString& path, const QJsonObject& body = {},
                         QList<QPair<QByteArray, QByteArray>> headers = {}) {
        headers.append({"Authorization", "Bearer " + token.toUtf8()});
        return httpRequest(method, s.baseUrl().resolved(QUrl(path)),
                           method == "GET" ? QByteArray() : QJsonDocument(body).toJson(), headers);
    }

    static HttpResult prices(const ServerProcess& s, const QString& skus, const QString& at = {}) {
        QString path = "/api/v1/storefront/prices?sku=" + skus;
        if (!at.isEmpty()) {
            path += "&at=" + QUrl::toPercentEncoding(at);
        }
        return httpRequest("GET", s.baseUrl().resolved(QUrl(path)), {},
                           {{"X-Api-Key", kServiceKey}});
    }

    // The one item of a single-SKU lookup.
    static QJsonObject price(const ServerProcess& s, const QString& sku, const QString& at = {}) {
        const auto r = prices(s, sku, at);
        if (r.status != 200) {
            qWarning() << r.status << r.body;
        }
        return r.json().value("items").toArray().at(0).toObject();
    }

    static qint64 priceMinor(const ServerProcess& s, const QString& sku, const QString& at = {}) {
        return price(s, sku, at).value("price_minor").toInteger(-1);
    }

    static HttpResult claim(const ServerProcess& s, qint64 promotion, const QJsonObject& body,
                            const QByteArray& key) {
        return httpRequest(
            "POST",
            s.baseUrl().resolved(
                QUrl(QString("/api/v1/storefront/flash-sales/%1/claims").arg(promotion))),
            QJsonDocument(body).toJson(), {{"X-Api-Key", kServiceKey}, {"Idempotency-Key", key}});
    }

    QString sql(const QString& statement) {
        bool ok = false;
        const auto out = psql(dbUrl_, statement, &ok);
        if (!ok) {
            qWarning() << "psql failed:" << statement;
        }
        return out.trimmed();
    }

    qint64 category(const QString& name, qint64 parent = 0) {
        return sql(QString("INSERT INTO categories (name, parent_id) VALUES ('%1', %2) "
                           "RETURNING id")
                       .arg(name, parent ? QString::number(parent) : "NULL"))
            .toLongLong();
    }

    // A product with one SKU (priced since yesterday); returns the product's id.
    qint64 product(const QString& sku, qint64 price, qint64 categoryId, int stock = 100,
                   const QString& tags = "{}", const QString& status = "active") {
        const auto id = sql(QString("INSERT INTO products (title, status, category_id, tags) "
                                    "VALUES ('%1 product', '%2', %3, '%4') RETURNING id")
                                .arg(sku, status, QString::number(categoryId), tags))
                            .toLongLong();
        sql(QString("WITH s AS (INSERT INTO skus (product_id, sku, price_minor, currency, stock) "
                    "VALUES (%1, '%2', %3, 'CNY', %4) RETURNING id, price_minor) "
                    "INSERT INTO price_history (sku_id, from_minor, to_minor, currency, at) "
                    "SELECT id, NULL, price_minor, 'CNY', now() - interval '1 day' FROM s")
                .arg(id)
                .arg(sku)
                .arg(price)
                .arg(stock));
        return id;
    }

    QString newSku() { return QString("PR-%1").arg(++seq_, 4, 10, QChar('0')); }

    // A promotion; the answer (201 expected).
    HttpResult promote(const QJsonObject& body) {
        return as(a_, merch_, "POST", "/api/v1/promotions", body);
    }

    qint64 promotionId(const QJsonObject& body) {
        const auto r = promote(body);
        if (r.status != 201) {
            qWarning() << r.status << r.body;
        }
        return r.json().value("id").toInteger();
    }

    static QJsonObject percentOff(const QString& name, int percent, qint64 starts, qint64 ends,
                                  const QJsonObject& targets, int priority = 0) {
        return {{"name", name},         {"kind", "percent"},
                {"percent", percent},   {"starts_at", iso(starts)},
                {"ends_at", iso(ends)}, {"targets", targets},
                {"priority", priority}};
    }

    static QJsonObject flashSale(const QString& sku, qint64 starts, qint64 ends, qint64 price,
                                 int cap, int perCustomer) {
        return {{"name", "flash " + sku},
                {"kind", "flash_sale"},
                {"price_minor", price},
                {"stock_cap", cap},
                {"per_customer_limit", perCustomer},
                {"starts_at", iso(starts)},
                {"ends_at", iso(ends)},
                {"priority", 100},
                {"targets", QJsonObject{{"skus", QJsonArray{sku}}}}};
    }

    static qint64 now() { return QDateTime::currentSecsSinceEpoch(); }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster_, &error), qPrintable(error));
        dbUrl_ = cluster_.createDatabase("promotions");
        QVERIFY2(a_.start({dbUrl_, false, serverArgs()}, &error), qPrintable(error));
        QVERIFY2(b_.start({dbUrl_, false, serverArgs()}, &error), qPrintable(error));
        QVERIFY(a_.createUser("admin", kPassword, "admin", &error));
        QVERIFY(a_.createUser("merch", kPassword, "merchandiser", &error));
        QVERIFY(a_.createUser("agent", kPassword, "support_agent", &error));
        admin_ = a_.signIn("admin", kPassword);
        merch_ = a_.signIn("merch", kPassword);
        agent_ = a_.signIn("agent", kPassword);
        QVERIFY(!admin_.isEmpty() && !merch_.isEmpty() && !agent_.isEmpty());
    }

    // ---- which promotion sets the price (pure) ------------------------------------------------

    void pricing_priorityThenPriceThenId() {
        using pricing::Kind;
        const std::vector<pricing::Terms> two{terms(1, Kind::Percent, 5),
                                              terms(2, Kind::Amount, 5)};
        auto p = pricing::priceAt(2000, two, 150);
        QCOMPARE(p.priceMinor, 1700);  // 300 off beats 10 % (200) at equal priority
        QCOMPARE(p.promotionId, 2);
        const std::vector<pricing::Terms> ranked{terms(1, Kind::Percent, 9),
                                                 terms(2, Kind::Amount, 5)};
        p = pricing::priceAt(2000, ranked, 150);
        QCOMPARE(p.promotionId, 1);  // the higher priority sets the price, cheaper or not
        QCOMPARE(p.priceMinor, 1800);
        const std::vector<pricing::Terms> tie{terms(4, Kind::Percent), terms(3, Kind::Percent)};
        QCOMPARE(pricing::priceAt(2000, tie, 150).promotionId, 3);  // same price: lower id
        // Out of force before its start second and from its end second on.
        QCOMPARE(pricing::priceAt(2000, two, 99).promotionId, 0);
        QCOMPARE(pricing::priceAt(2000, two, 100).promotionId, 2);
        QCOMPARE(pricing::priceAt(2000, two, 199).promotionId, 2);
        QCOMPARE(pricing::priceAt(2000, two, 200).promotionId, 0);
    }

    void pricing_exclusiveShutsOutLowerAndEqualPriority() {
        using pricing::Kind;
        const std::vector<pricing::Terms> promos{terms(1, Kind::Percent, 5, true),
                                                 terms(2, Kind::Amount, 5),
                                                 terms(3, Kind::BuyXGetY, 1)};
        const auto p = pricing::priceAt(2000, promos, 150);
        QCOMPARE(p.promotionId, 1);  // the cheaper amount (equal priority) is shut out
        QCOMPARE(p.priceMinor, 1800);
        QCOMPARE(p.offerId, 0);  // and so is the lower buy-x-get-y
        const std::vector<pricing::Terms> above{terms(1, Kind::Percent, 5, true),
                                                terms(2, Kind::Amount, 9),
                                                terms(3, Kind::BuyXGetY, 7)};
        const auto q = pricing::priceAt(2000, above, 150);
        QCOMPARE(q.promotionId, 2);  // higher priority than the exclusive one: applies
        QCOMPARE(q.offerId, 3);
    }

    void pricing_buyXGetY_leavesTheUnitPrice() {
        using pricing::Kind;
        const std::vector<pricing::Terms> promos{terms(7, Kind::BuyXGetY, 50)};
        const auto p = pricing::priceAt(1999, promos, 150);
        QCOMPARE(p.priceMinor, 1999);
        QCOMPARE(p.promotionId, 0);
        QCOMPARE(p.offerId, 7);
        QCOMPARE(p.buy, 2);
        QCOMPARE(p.get, 1);
    }

    void pricing_roundsHalfUpAndNeverBelowZeroOrAboveList() {
        auto t = terms(1, pricing::Kind::Percent);
        t.percent = 15;
        QCOMPARE(pricing::promotedPrice(t, 1999), 1699);  // 299.85 off → 300
        t.percent = 50;
        QCOMPARE(pricing::promotedPrice(t, 3), 1);  // 1.5 off → 2
        t.kind = pricing::Kind::Amount;
        t.amountMinor = 5000;
        QCOMPARE(pricing::promotedPrice(t, 1999), 0);
        t.kind = pricing::Kind::FlashSale;
        t.flashPriceMinor = 2500;
        QCOMPARE(pricing::promotedPrice(t, 1999), 1999);  // a flash price above list: list
    }

    void pricing_scheduleChangesOnlyAtBoundaries() {
        using pricing::Kind;
        auto flash = terms(9, Kind::FlashSale, 10);
        flash.soldOut = 150;
        const std::vector<pricing::Terms> promos{terms(1, Kind::Percent), flash};
        const std::vector<pricing::ListPrice> list{{pricing::kBeginning, 2000}, {120, 1000}};
        const pricing::Schedule s(list, promos);
        QCOMPARE(s.at(99).priceMinor, 2000);
        QCOMPARE(s.at(100).priceMinor, 500);  // the flash sale
        QCOMPARE(s.at(119).listMinor, 2000);
        QCOMPARE(s.at(120).listMinor, 1000);
        QCOMPARE(s.at(149).promotionId, 9);
        QCOMPARE(s.at(150).promotionId, 1);  // sold out: the percentage takes over
        QCOMPARE(s.at(150).priceMinor, 900);
        QCOMPARE(s.at(200).priceMinor, 1000);
        QCOMPARE(std::vector<pricing::Second>(s.changes().begin(), s.changes().end()),
                 (std::vector<pricing::Second>{100, 120, 150, 200}));
        for (const auto t : {pricing::kBeginning, pricing::Second(0), pricing::Second(130),
                             pricing::Second(1) << 40}) {
            QCOMPARE(s.at(t), pricing::priceAt(t < 120 ? 2000 : 1000, promos, t));
        }
    }

    void pricing_timesReadAndWritten() {
        QCOMPARE(pricing::parseTime("2026-06-18T00:00:00Z"),
                 std::optional<pricing::Second>(1781740800));
        QCOMPARE(pricing::parseTime("2026-06-18T08:00:00+08:00"),
                 std::optional<pricing::Second>(1781740800));
        QCOMPARE(pricing::parseTime("2026-06-18T00:00:00.999Z"),
                 std::optional<pricing::Second>(1781740800));
        QVERIFY(!pricing::parseTime("2026-02-30T00:00:00Z"));
        QVERIFY(!pricing::parseTime("2026-06-18 00:00:00"));
        QCOMPARE(QString::fromStdString(pricing::formatTime(1781740800)),
                 QString("2026-06-18T00:00:00Z"));
        QCOMPARE(QString::fromStdString(pricing::formatTime(-1)), QString("1969-12-31T23:59:59Z"));
    }

    // ---- virtual categories -------------------------------------------------------------------

    void virtualCategory_rule_isValidatedStrictly() {
        const auto r = as(a_, merch_, "POST", "/api/v1/virtual-categories",
                          {{"name", "Odd"},
                           {"kind", "rule"},
                           {"rule", QJsonObject{{"colour", "green"},
                                                {"max_price_minor", 100},
                                                {"status", QJsonArray{"gone"}}}}});
        QCOMPARE(r.status, 422);
        const auto fields = r.json().value("error").toObject().value("fields").toObject();
        QCOMPARE(fields.value("rule.colour").toString(), QString("unknown field"));
        QVERIFY(fields.contains("rule.currency"));  // a price range needs its currency
        QVERIFY(fields.contains("rule.status"));
        QJsonArray many;
        for (int i = 0; i < 21; ++i) {
            many.append(QString("tag%1").arg(i));
        }
        const auto tooMany =
            as(a_, merch_, "POST", "/api/v1/virtual-categories",
               {{"name", "Many"}, {"kind", "rule"}, {"rule", QJsonObject{{"tags_any", many}}}});
        QCOMPARE(tooMany.status, 422);
        QVERIFY(errorPart(tooMany, "fields").contains("rule.tags_any"));
        // Reading is not changing.
        QCOMPARE(as(a_, agent_, "POST", "/api/v1/virtual-categories",
                    {{"name", "Nope"}, {"kind", "manual"}, {"product_ids", QJsonArray{}}})
                     .status,
                 403);
        QCOMPARE(sql("SELECT count(*) FROM virtual_categories"), QString("0"));
    }

    void virtualCategory_ruleMembership_followsAPriceChangeAtOnce() {
        const auto tea = category("Tea");
        const auto green = category("Green tea", tea);
        const QString cheap = newSku();
        const QString dear = newSku();
        const auto cheapProduct = product(cheap, 8800, green, 10, "{tea,green}");
        const auto dearProduct = product(dear, 25000, tea, 10, "{tea}");
        product(newSku(), 5000, category("Coffee"), 10);
        const QJsonObject rule{{"category_id", tea},
                               {"max_price_minor", 9999},
                               {"currency", "CNY"},
                               {"in_stock", true},
                               {"status", QJsonArray{"active"}}};
        const auto preview =
            as(a_, agent_, "POST", "/api/v1/virtual-categories/preview", {{"rule", rule}});
        QCOMPARE(preview.status, 200);
        QCOMPARE(preview.json().value("count").toInt(), 1);
        QCOMPARE(preview.json()["sample"][0]["id"].toInteger(), cheapProduct);
        QCOMPARE(sql("SELECT count(*) FROM virtual_categories"), QString("0"));  // nothing saved

        const auto created =
            as(a_, merch_, "POST", "/api/v1/virtual-categories",
               {{"name", "Tea under ¥100 (a test)"}, {"kind", "rule"}, {"rule", rule}});
        QCOMPARE(created.status, 201);
        const auto id = QString::number(created.json().value("id").toInteger());
        // The members list and the product list's filter (GET /products?virtual_category_id=)
        // answer the same, every time.
        const auto members = [&] {
            std::set<qint64> out;
            std::set<qint64> listed;
            const auto r =
                as(b_, agent_, "GET", "/api/v1/virtual-categories/" + id + "/products?limit=10");
            for (const auto& item : r.json().value("items").toArray()) {
                out.insert(item.toObject().value("id").toInteger());
            }
            const auto l =
                as(a_, agent_, "GET", "/api/v1/products?limit=10&virtual_category_id=" + id);
            for (const auto& item : l.json().value("items").toArray()) {
                listed.insert(item.toObject().value("id").toInteger());
            }
            return l.status == 200 && listed == out ? out : std::set<qint64>{-1};
        };
        QCOMPARE(members(), (std::set<qint64>{cheapProduct}));
        // Changed behind the servers' backs, and at once a member or not: nothing to rebuild.
        sql(QString("UPDATE skus SET price_minor = 9900 WHERE sku = '%1'").arg(dear));
        QCOMPARE(members(), (std::set<qint64>{cheapProduct, dearProduct}));
        sql(QString("UPDATE skus SET price_minor = 12000 WHERE sku = '%1'").arg(cheap));
        QCOMPARE(members(), (std::set<qint64>{dearProduct}));
        sql(QString("UPDATE skus SET stock = 0 WHERE sku = '%1'").arg(dear));
        QCOMPARE(members(), (std::set<qint64>{}));
    }

    void virtualCategory_manual_getAndPatchWithIfMatch() {
        const auto p1 = product(newSku(), 1000, category("Gifts"));
        const auto p2 = product(newSku(), 2000, category("Gifts 2"));
        const auto missing =
            as(a_, merch_, "POST", "/api/v1/virtual-categories",
               {{"name", "Picks"}, {"kind", "manual"}, {"product_ids", QJsonArray{p1, 999999}}});
        QCOMPARE(missing.status, 422);
        QVERIFY(errorPart(missing, "fields").value("product_ids").toString().contains("999999"));
        const auto created =
            as(a_, merch_, "POST", "/api/v1/virtual-categories",
               {{"name", "Picks"}, {"kind", "manual"}, {"product_ids", QJsonArray{p1}}});
        QCOMPARE(created.status, 201);
        const auto path =
            "/api/v1/virtual-categories/" + QString::number(created.json().value("id").toInteger());
        QCOMPARE(as(a_, merch_, "POST", "/api/v1/virtual-categories",
                    {{"name", "picks"}, {"kind", "manual"}, {"product_ids", QJsonArray{}}})
                     .status,
                 409);  // names are unique whatever their case
        const QJsonObject change{{"product_ids", QJsonArray{p1, p2}}};
        QCOMPARE(as(a_, merch_, "PATCH", path, change).status, 428);
        QCOMPARE(as(a_, merch_, "PATCH", path, change, {{"If-Match", "7"}}).status, 412);
        const auto changed = as(a_, merch_, "PATCH", path, change, {{"If-Match", "1"}});
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.header("ETag"), QByteArray("\"2\""));
        const auto read = as(b_, agent_, "GET", path);
        QCOMPARE(read.json().value("product_ids").toArray(), (QJsonArray{p1, p2}));
        QCOMPARE(read.json().value("version").toInt(), 2);
        QCOMPARE(
            as(a_, merch_, "PATCH", path, {{"rule", QJsonObject{}}}, {{"If-Match", "2"}}).status,
            422);  // a manual one has no rule
        QCOMPARE(sql("SELECT count(*) FROM audit_log WHERE entity = 'virtual_category' AND "
                     "entity_id = '" +
                     path.section('/', -1) + "'"),
                 QString("2"));
    }

    // ---- promotions ---------------------------------------------------------------------------

    void promotion_isValidatedByKind() {
        const QString sku = newSku();
        product(sku, 1000, category("Validation"));
        const qint64 s = now() + 3600;
        const QJsonObject targets{{"skus", QJsonArray{sku}}};
        const auto refused = [&](QJsonObject body, const QString& field) {
            const auto r = promote(body);
            if (r.status != 422 || !errorPart(r, "fields").contains(field)) {
                qWarning() << field << r.status << r.body;
                return false;
            }
            return true;
        };
        auto p = percentOff("p", 0, s, s + 60, targets);
        QVERIFY(refused(p, "percent"));
        p["percent"] = 100;
        QVERIFY(refused(p, "percent"));
        p["percent"] = 10;
        p["amount_minor"] = 100;
        QVERIFY(refused(p, "amount_minor"));  // not a parameter of this kind
        QVERIFY(refused({{"name", "a"},
                         {"kind", "amount"},
                         {"amount_minor", 0},
                         {"starts_at", iso(s)},
                         {"ends_at", iso(s + 60)},
                         {"targets", targets}},
                        "amount_minor"));
        QVERIFY(refused({{"name", "b"},
                         {"kind", "buy_x_get_y"},
                         {"buy", 0},
                         {"get", 1},
                         {"starts_at", iso(s)},
                         {"ends_at", iso(s + 60)},
                         {"targets", targets}},
                        "buy"));
        QVERIFY(refused({{"name", "b"},
                         {"kind", "buy_x_get_y"},
                         {"buy", 2},
                         {"starts_at", iso(s)},
                         {"ends_at", iso(s + 60)},
                         {"targets", targets}},
                        "get"));
        auto f = flashSale(sku, s, s + 60, -1, 10, 1);
        QVERIFY(refused(f, "price_minor"));
        f = flashSale(sku, s, s + 60, 100, 0, 1);
        QVERIFY(refused(f, "stock_cap"));
        f = flashSale(sku, s, s + 60, 100, 10, 0);
        QVERIFY(refused(f, "per_customer_limit"));
        QVERIFY(refused(percentOff("t", 10, s, s, targets), "ends_at"));
        auto fraction = percentOff("t", 10, s, s + 60, targets);
        fraction["starts_at"] = iso(s).replace("Z", ".5Z");
        QVERIFY(refused(fraction, "starts_at"));
        QVERIFY(refused(percentOff("t", 10, s, s + 60, {{"skus", QJsonArray{"NO-SUCH-SKU"}}}),
                        "targets.skus"));
        QVERIFY(refused(percentOff("t", 10, s, s + 60, {{"category_ids", QJsonArray{999999}}}),
                        "targets.category_ids"));
        QVERIFY(refused(percentOff("t", 10, s, s + 60, QJsonObject{}), "targets"));
        auto unknown = percentOff("t", 10, s, s + 60, targets);
        unknown["colour"] = "red";
        QVERIFY(refused(unknown, "colour"));
        // Nothing of any of them was written; reading is not writing.
        QCOMPARE(sql("SELECT count(*) FROM promotions"), QString("0"));
        QCOMPARE(
            as(a_, agent_, "POST", "/api/v1/promotions", percentOff("t", 10, s, s + 60, targets))
                .status,
            403);
    }

    void promotion_overlaps_areReportedOnSaveAndListed() {
        const auto snacks = category("Snacks");
        const auto nuts = category("Nuts", snacks);
        const QString almond = newSku();
        const QString cashew = newSku();
        const QString other = newSku();
        product(almond, 3000, nuts);
        const auto cashewProduct = product(cashew, 4000, nuts);
        product(other, 500, category("Elsewhere"));
        const qint64 s = now() + 86400;
        const auto wide = promotionId(percentOff("Snacks week", 10, s, s + 7 * 86400,
                                                 {{"category_ids", QJsonArray{snacks}}}));
        QVERIFY(wide > 0);
        // A manual virtual category holding the cashew product.
        const auto vc = as(a_, merch_, "POST", "/api/v1/virtual-categories",
                           {{"name", "Cashew picks"},
                            {"kind", "manual"},
                            {"product_ids", QJsonArray{cashewProduct}}});
        QCOMPARE(vc.status, 201);
        const auto second = promote(
            percentOff("Cashew day", 20, s + 86400, s + 2 * 86400,
                       {{"virtual_category_ids", QJsonArray{vc.json().value("id").toInteger()}},
                        {"skus", QJsonArray{other}}}));
        QCOMPARE(second.status, 201);
        const auto overlaps = second.json().value("overlaps").toArray();
        QCOMPARE(overlaps.size(), 1);
        QCOMPARE(overlaps[0]["id"].toInteger(), wide);
        QCOMPARE(overlaps[0]["shared_sku_count"].toInt(), 1);
        QCOMPARE(overlaps[0]["skus"].toArray(), QJsonArray{cashew});
        // Listed on the other one too.
        const auto listed =
            as(b_, agent_, "GET", "/api/v1/promotions/" + QString::number(wide)).json();
        QCOMPARE(listed.value("overlaps").toArray().size(), 1);
        QCOMPARE(listed["overlaps"][0]["id"].toInteger(), second.json().value("id").toInteger());
        // The same SKUs at another time, or other SKUs at the same time: no overlap.
        const auto later = promote(
            percentOff("Later", 5, s + 30 * 86400, s + 31 * 86400, {{"skus", QJsonArray{almond}}}));
        QCOMPARE(later.json().value("overlaps").toArray().size(), 0);
        // Ending the second "Cashew day" starts is not overlapping it; a second later is.
        const auto before = promote(
            percentOff("Elsewhere, before", 5, s, s + 86400, {{"skus", QJsonArray{other}}}));
        QCOMPARE(before.json().value("overlaps").toArray().size(), 0);
        const auto elsewhere = promote(
            percentOff("Elsewhere only", 5, s, s + 86400 + 1, {{"skus", QJsonArray{other}}}));
        const auto touching = elsewhere.json().value("overlaps").toArray();
        QCOMPARE(touching.size(), 2);  // "Cashew day" has the SKU, and so has "Elsewhere, before"
        QCOMPARE(touching[1]["name"].toString(), QString("Cashew day"));
        // The list by time and by SKU.
        const auto atTime =
            as(a_, agent_, "GET",
               "/api/v1/promotions?active_at=" + QUrl::toPercentEncoding(iso(s + 30 * 86400 + 10)))
                .json();
        QCOMPARE(atTime.value("items").toArray().size(), 1);
        QCOMPARE(atTime["items"][0]["name"].toString(), QString("Later"));
        const auto bySku =
            as(a_, agent_, "GET", "/api/v1/promotions?sku=" + cashew.toLower()).json();
        std::set<QString> names;
        for (const auto& i : bySku.value("items").toArray()) {
            names.insert(i.toObject().value("name").toString());
        }
        QCOMPARE(names, (std::set<QString>{"Snacks week", "Cashew day"}));
        // Audited and told to the desks.
        QCOMPARE(sql("SELECT count(*) FROM audit_log WHERE action = 'promotion.create' AND "
                     "entity_id = '" +
                     QString::number(wide) + "'"),
                 QString("1"));
        QCOMPARE(sql("SELECT count(*) FROM events WHERE kind = 'promotion.updated' AND "
                     "entity_id = " +
                     QString::number(wide)),
                 QString("1"));
    }

    void promotion_patchAndEnd_needIfMatch() {
        const QString sku = newSku();
        product(sku, 1000, category("Patchable"));
        const qint64 s = now() + 3600;
        const auto id =
            promotionId(percentOff("Patch me", 10, s, s + 60, {{"skus", QJsonArray{sku}}}));
        const auto path = "/api/v1/promotions/" + QString::number(id);
        QCOMPARE(as(a_, merch_, "PATCH", path, {{"percent", 20}}).status, 428);
        QCOMPARE(as(a_, merch_, "PATCH", path, {{"percent", 20}}, {{"If-Match", "5"}}).status, 412);
        QCOMPARE(as(a_, merch_, "PATCH", path, {{"kind", "amount"}}, {{"If-Match", "1"}}).status,
                 422);
        const auto patched = as(a_, merch_, "PATCH", path, {{"percent", 20}}, {{"If-Match", "1"}});
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.json().value("percent").toInt(), 20);
        QCOMPARE(patched.json().value("version").toInt(), 2);
        QVERIFY(patched.json().contains("overlaps"));
        const auto ended = as(a_, merch_, "POST", path + "/end", {}, {{"If-Match", "2"}});
        QCOMPARE(ended.status, 200);
        QCOMPARE(ended.json().value("status").toString(), QString("ended"));
        QCOMPARE(as(a_, merch_, "POST", path + "/end", {}, {{"If-Match", "3"}}).status, 409);
        QCOMPARE(as(a_, merch_, "PATCH", path, {{"percent", 30}}, {{"If-Match", "3"}}).status, 409);
        QCOMPARE(priceMinor(b_, sku, iso(s + 10)), 1000);  // ended before it started
    }

    // ---- storefront prices --------------------------------------------------------------------

    void price_secondBeforeAtAndAfterStartAndEnd() {
        const QString sku = newSku();
        product(sku, 2000, category("Boundaries"));
        const qint64 s = now() + 3600;
        const qint64 e = s + 600;
        const auto id = promotionId(percentOff("Boundary", 25, s, e, {{"skus", QJsonArray{sku}}}));
        QVERIFY(id > 0);
        for (const ServerProcess* server : {&a_, &b_}) {
            // Twice each: the second answer comes from memory and must be the same.
            for (int round = 0; round < 2; ++round) {
                QCOMPARE(priceMinor(*server, sku, iso(s - 1)), 2000);
                QCOMPARE(priceMinor(*server, sku, iso(s)), 1500);
                QCOMPARE(priceMinor(*server, sku, iso(s + 1)), 1500);
                QCOMPARE(priceMinor(*server, sku, iso(e - 1)), 1500);
                QCOMPARE(priceMinor(*server, sku, iso(e)), 2000);
                QCOMPARE(priceMinor(*server, sku, iso(e + 1)), 2000);
            }
        }
        const auto item = price(a_, sku, iso(s));
        QCOMPARE(item.value("promotion_id").toInteger(), id);
        QCOMPARE(item.value("list_price_minor").toInteger(), 2000);
        QCOMPARE(item.value("currency").toString(), QString("CNY"));
        QCOMPARE(item.value("sku").toString(), sku);
        // An offset is the same moment.
        QCOMPARE(
            priceMinor(a_, sku,
                       QString::fromStdString(pricing::formatTime(s - 1)).replace("Z", "+00:00")),
            2000);
        const auto withoutAt = prices(a_, sku.toLower());
        QCOMPARE(withoutAt.status, 200);
        const auto answeredAt =
            pricing::parseTime(withoutAt.json().value("at").toString().toStdString());
        QVERIFY(answeredAt && *answeredAt >= now() - 5 && *answeredAt <= now());
    }

    void price_changedInPsql_isAnsweredBySecondInstanceAtOnce() {
        const QString sku = newSku();
        product(sku, 3000, category("Psql"));
        QCOMPARE(priceMinor(b_, sku), 3000);
        // Kept in memory: asked again until an answer comes from there (the notifications of
        // the inserts above may come round after the first answer, and rightly make it unusable).
        const auto hits = [this] { return b_.stderrText().count("\"cache\":\"hit\""); };
        const auto before = hits();
        QTRY_VERIFY_WITH_TIMEOUT(priceMinor(b_, sku) == 3000 && hits() > before, kPromptMs);
        sql(QString("UPDATE skus SET price_minor = 2500 WHERE sku = '%1'").arg(sku));
        QTRY_COMPARE_WITH_TIMEOUT(priceMinor(b_, sku), 2500, kPromptMs);
        // A promotion written at psql as well, in force now.
        sql(QString("WITH p AS (INSERT INTO promotions (name, kind, percent, starts_at, ends_at) "
                    "VALUES ('psql', 'percent', 10, date_trunc('second', now()) - interval '1 "
                    "minute', date_trunc('second', now()) + interval '1 hour') RETURNING id) "
                    "INSERT INTO promotion_targets (promotion_id, sku_id) "
                    "SELECT p.id, s.id FROM p, skus s WHERE s.sku = '%1'")
                .arg(sku));
        QTRY_COMPARE_WITH_TIMEOUT(priceMinor(b_, sku), 2250, kPromptMs);
        QCOMPARE(priceMinor(a_, sku), 2250);
    }

    void price_ownChange_isSeenByTheNextRequestAtOnce() {
        const QString sku = newSku();
        product(sku, 4000, category("Own"));
        QCOMPARE(priceMinor(a_, sku), 4000);
        QCOMPARE(priceMinor(a_, sku), 4000);  // kept
        const auto id = promotionId(
            percentOff("Now", 50, now() - 60, now() + 3600, {{"skus", QJsonArray{sku}}}));
        QVERIFY(id > 0);
        QCOMPARE(priceMinor(a_, sku), 2000);  // no waiting for the notification
        const auto ended = as(a_, merch_, "POST", QString("/api/v1/promotions/%1/end").arg(id), {},
                              {{"If-Match", "1"}});
        QCOMPARE(ended.status, 200);
        QCOMPARE(priceMinor(a_, sku), 4000);
    }

    void price_ruleTargetedPromotion_followsMembership() {
        const auto cat = category("Rule target");
        const QString sku = newSku();
        product(sku, 9000, cat);
        const auto vc = as(
            a_, merch_, "POST", "/api/v1/virtual-categories",
            {{"name", "Under 100 (rule target)"},
             {"kind", "rule"},
             {"rule",
              QJsonObject{{"category_id", cat}, {"max_price_minor", 9999}, {"currency", "CNY"}}}});
        QCOMPARE(vc.status, 201);
        QVERIFY(promotionId(percentOff("Cheap tea 10 %", 10, now() - 60, now() + 3600,
                                       {{"virtual_category_ids",
                                         QJsonArray{vc.json().value("id").toInteger()}}})) > 0);
        QCOMPARE(priceMinor(b_, sku), 8100);
        QCOMPARE(priceMinor(b_, sku), 8100);
        sql(QString("UPDATE skus SET price_minor = 10000 WHERE sku = '%1'").arg(sku));
        // No longer a member, so no longer promoted: at once, on the other instance.
        QTRY_COMPARE_WITH_TIMEOUT(priceMinor(b_, sku), 10000, kPromptMs);
    }

    void price_listenerLost_answersAreNotStale() {
        const QString sku = newSku();
        product(sku, 5000, category("Listener"));
        QCOMPARE(priceMinor(b_, sku), 5000);
        QCOMPARE(priceMinor(b_, sku), 5000);
        const auto killed = sql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'opsdesk-cache-listener' AND datname = current_database()");
        QCOMPARE(killed, QString("2"));
        sql(QString("UPDATE skus SET price_minor = 4500 WHERE sku = '%1'").arg(sku));
        QTRY_COMPARE_WITH_TIMEOUT(priceMinor(b_, sku), 4500, kPromptMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                "'opsdesk-cache-listener' AND datname = current_database()") == "2",
            kPromptMs);
        QCOMPARE(priceMinor(b_, sku), 4500);
    }

    void price_lookup_refusesBadInput() {
        const auto none =
            httpRequest("GET", a_.baseUrl().resolved(QUrl("/api/v1/storefront/prices")), {},
                        {{"X-Api-Key", kServiceKey}});
        QCOMPARE(none.status, 422);
        QStringList many;
        for (int i = 0; i < 101; ++i) {
            many << QString("X-%1").arg(i);
        }
        QCOMPARE(prices(a_, many.join(',')).status, 422);
        QCOMPARE(prices(a_, "A,B", "yesterday").status, 422);
        QCOMPARE(prices(a_, "bad%20sku").status, 422);
        const auto unknown = prices(a_, "NO-SUCH-ONE");
        QCOMPARE(unknown.status, 200);
        QCOMPARE(unknown.json().value("unknown").toArray(), QJsonArray{"NO-SUCH-ONE"});
        QCOMPARE(httpRequest("GET", a_.baseUrl().resolved(QUrl("/api/v1/storefront/prices?sku=A")))
                     .status,
                 401);
    }

    // ---- flash sales --------------------------------------------------------------------------

    void flashSale_200ConcurrentClaimsOnACapOf50_sellExactly50() {
        const QString sku = newSku();
        product(sku, 9900, category("Flash"), 1000);
        const auto id = promotionId(flashSale(sku, now() - 60, now() + 3600, 1999, 50, 1));
        QVERIFY(id > 0);
        QCOMPARE(priceMinor(b_, sku), 1999);
        std::vector<std::future<HttpResult>> calls;
        for (int i = 0; i < 200; ++i) {
            calls.push_back(std::async(std::launch::async, [this, i, id, sku] {
                return claim(i % 2 ? a_ : b_, id,
                             {{"sku", sku},
                              {"customer_external_id", QString("c-%1").arg(i)},
                              {"quantity", 1}},
                             QByteArray("burst-") + QByteArray::number(i));
            }));
        }
        int sold = 0;
        int soldOut = 0;
        std::set<qint64> claimIds;
        for (auto& c : calls) {
            const auto r = c.get();
            if (r.status == 201) {
                ++sold;
                claimIds.insert(r.json().value("claim_id").toInteger());
                QCOMPARE(r.json().value("price_minor").toInteger(), 1999);
            } else {
                QCOMPARE(r.status, 409);
                QCOMPARE(r.errorCode(), QString("sold_out"));
                ++soldOut;
            }
        }
        QCOMPARE(sold, 50);
        QCOMPARE(soldOut, 150);
        QCOMPARE(int(claimIds.size()), 50);
        QCOMPARE(
            sql(QString("SELECT claimed FROM flash_sale_stock WHERE promotion_id = %1").arg(id)),
            QString("50"));
        QCOMPARE(sql(QString("SELECT stock FROM skus WHERE sku = '%1'").arg(sku)), QString("950"));
        QCOMPARE(sql(QString("SELECT count(*), sum(delta) FROM stock_adjustments a JOIN skus s ON "
                             "s.id = a.sku_id WHERE s.sku = '%1'")
                         .arg(sku)),
                 QString("50|-50"));
        QCOMPARE(sql(QString("SELECT count(*) FROM audit_log WHERE action = 'promotion.claim' AND "
                             "entity_id = '%1'")
                         .arg(id)),
                 QString("50"));
        // Sold out: the sale no longer sets the price, on either instance, at once.
        QTRY_COMPARE_WITH_TIMEOUT(priceMinor(b_, sku), 9900, kPromptMs);
        QCOMPARE(priceMinor(a_, sku), 9900);
        const auto state =
            httpRequest(
                "GET",
                a_.baseUrl().resolved(QUrl(QString("/api/v1/storefront/flash-sales/%1").arg(id))),
                {}, {{"X-Api-Key", kServiceKey}})
                .json();
        QCOMPARE(state.value("remaining").toInt(), 0);
        QCOMPARE(state.value("in_force").toBool(), false);
        // The desks heard of the stock a few times, not once per claim, and last of none left.
        QTRY_COMPARE_WITH_TIMEOUT(
            sql(QString("SELECT payload->>'remaining' FROM events WHERE kind = "
                        "'promotion.updated' AND entity_id = %1 ORDER BY seq DESC LIMIT 1")
                    .arg(id)),
            QString("0"), kPromptMs);
        QVERIFY(sql(QString("SELECT count(*) FROM events WHERE kind = 'promotion.updated' AND "
                            "entity_id = %1")
                        .arg(id))
                    .toInt() < 50);
    }

    void flashSale_perCustomerLimit() {
        const QString sku = newSku();
        product(sku, 5000, category("Limit"), 100);
        const auto id = promotionId(flashSale(sku, now() - 60, now() + 3600, 1000, 20, 2));
        const auto take = [&](int quantity, const QByteArray& key, const QString& who = "limit") {
            return claim(
                a_, id, {{"sku", sku}, {"customer_external_id", who}, {"quantity", quantity}}, key);
        };
        QCOMPARE(take(1, "lim-1").status, 201);
        const auto second = take(1, "lim-2");
        QCOMPARE(second.status, 201);
        QCOMPARE(second.json().value("remaining").toInt(), 18);
        const auto third = take(1, "lim-3");
        QCOMPARE(third.status, 422);
        QCOMPARE(third.errorCode(), QString("limit_reached"));
        QCOMPARE(take(3, "lim-4", "someone else").errorCode(), QString("limit_reached"));
        QCOMPARE(take(2, "lim-5", "someone else").status, 201);
        // Nothing of the refused ones was taken.
        QCOMPARE(
            sql(QString("SELECT claimed FROM flash_sale_stock WHERE promotion_id = %1").arg(id)),
            QString("4"));
    }

    void flashSale_sameIdempotencyKey_replays() {
        const QString sku = newSku();
        product(sku, 5000, category("Replay"), 100);
        const auto id = promotionId(flashSale(sku, now() - 60, now() + 3600, 1000, 10, 5));
        const QJsonObject body{{"sku", sku}, {"customer_external_id", "again"}, {"quantity", 1}};
        const auto first = claim(b_, id, body, "same-key");
        QCOMPARE(first.status, 201);
        const auto again = claim(a_, id, body, "same-key");
        QCOMPARE(again.status, 201);
        QCOMPARE(again.body, first.body);
        QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(
            sql(QString("SELECT claimed FROM flash_sale_stock WHERE promotion_id = %1").arg(id)),
            QString("1"));
        auto other = body;
        other["quantity"] = 2;
        QCOMPARE(claim(a_, id, other, "same-key").errorCode(), QString("idempotency_key_reused"));
        QCOMPARE(httpRequest("POST",
                             a_.baseUrl().resolved(
                                 QUrl(QString("/api/v1/storefront/flash-sales/%1/claims").arg(id))),
                             QJsonDocument(body).toJson(), {{"X-Api-Key", kServiceKey}})
                     .status,
                 400);  // no key
        // Twenty at once with one key: one claim.
        std::vector<std::future<HttpResult>> calls;
        for (int i = 0; i < 20; ++i) {
            calls.push_back(std::async(std::launch::async, [&, i] {
                return claim(i % 2 ? a_ : b_, id,
                             {{"sku", sku}, {"customer_external_id", "racer"}, {"quantity", 1}},
                             "racing-key");
            }));
        }
        QByteArray answer;
        for (auto& c : calls) {
            const auto r = c.get();
            if (r.status == 409 && r.errorCode() == "conflict") {
                continue;  // still under way elsewhere; a retry would replay
            }
            QCOMPARE(r.status, 201);
            if (answer.isEmpty()) {
                answer = r.body;
            }
            QCOMPARE(r.body, answer);
        }
        QCOMPARE(
            sql(QString("SELECT claimed FROM flash_sale_stock WHERE promotion_id = %1").arg(id)),
            QString("2"));
    }

    void flashSale_outsideItsWindow_isRefused() {
        const QString sku = newSku();
        product(sku, 5000, category("Window"), 100);
        const auto later = promotionId(flashSale(sku, now() + 3600, now() + 7200, 1000, 10, 1));
        const auto r =
            claim(a_, later, {{"sku", sku}, {"customer_external_id", "early"}}, "early-1");
        QCOMPARE(r.status, 409);
        QCOMPARE(r.errorCode(), QString("sale_not_active"));
        QVERIFY(errorPart(r, "details").contains("starts_at"));
        // A SKU the sale is not on; a promotion that is not a flash sale.
        const QString stranger = newSku();
        product(stranger, 5000, category("Window 2"), 100);
        const auto now2 = promotionId(flashSale(sku, now() - 60, now() + 3600, 1000, 10, 1));
        QCOMPARE(
            claim(a_, now2, {{"sku", stranger}, {"customer_external_id", "x"}}, "stranger").status,
            422);
        const auto percent = promotionId(
            percentOff("Not flash", 10, now() - 60, now() + 60, {{"skus", QJsonArray{sku}}}));
        QCOMPARE(claim(a_, percent, {{"sku", sku}, {"customer_external_id", "x"}}, "pct").status,
                 404);
        QCOMPARE(sql("SELECT count(*) FROM flash_sale_claims WHERE idempotency_key IN "
                     "('early-1', 'stranger', 'pct')"),
                 QString("0"));
    }

    // ---- the demo ------------------------------------------------------------------------------

    // Last: it adds a top-level "Tea" category and teas of its own when there are none.
    void demoSeed_addsMerchandisingOnceWithAFlashSaleInFiveMinutes() {
        {
            pqxx::connection c(dbUrl_.toStdString());
            opsdesk::server::seed::seedPromotionsDemo(c);
            opsdesk::server::seed::seedPromotionsDemo(c);  // again: nothing more
        }
        QCOMPARE(sql("SELECT count(*) FROM virtual_categories WHERE name IN ('Tea under ¥100', "
                     "'Tea in stock', 'Gift ideas')"),
                 QString("3"));
        const auto flash =
            sql("SELECT pr.id || '|' || extract(epoch FROM pr.starts_at - now())::int || '|' || "
                "s.sku || '|' || pr.price_minor FROM promotions pr JOIN promotion_targets t ON "
                "t.promotion_id = pr.id JOIN skus s ON s.id = t.sku_id WHERE pr.kind = "
                "'flash_sale' "
                "AND pr.name LIKE 'Flash sale: %'")
                .split('|');
        QCOMPARE(flash.size(), 4);
        QVERIFY2(flash[1].toInt() > 240 && flash[1].toInt() <= 300, qPrintable(flash[1]));
        const auto starts = pricing::parseTime(
            sql("SELECT to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                "FROM promotions WHERE id = " +
                flash[0])
                .toStdString());
        QVERIFY(starts);
        // Every rule the seed wrote reads as a rule, and the flash sale sets the price from its
        // start second.
        const auto list = as(a_, agent_, "GET", "/api/v1/virtual-categories?kind=rule&limit=100");
        QCOMPARE(list.status, 200);
        for (const auto& v : list.json().value("items").toArray()) {
            const auto id = QString::number(v.toObject().value("id").toInteger());
            QCOMPARE(as(a_, agent_, "GET", "/api/v1/virtual-categories/" + id + "/products").status,
                     200);
        }
        QCOMPARE(price(b_, flash[2], iso(*starts)).value("promotion_id").toInteger(),
                 flash[0].toLongLong());
        QCOMPARE(priceMinor(b_, flash[2], iso(*starts)), flash[3].toLongLong());
        QVERIFY(price(b_, flash[2], iso(*starts - 1)).value("promotion_id").toInteger() !=
                flash[0].toLongLong());
    }

    void cleanupTestCase() {
        a_.stop();
        b_.stop();
    }
};

QTEST_GUILESS_MAIN(PromotionsTest)
#include "tst_promotions.moc"
