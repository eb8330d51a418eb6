// The orders service layer against a scripted local server: the lazy, bounded list model, its
// loading and error rows, refunds that keep their Idempotency-Key across a timeout, CSV quoting,
// filters, and the actions offered for every status × built-in role.
#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

#include "fakehttpserver.h"
#include "opsdesk/protocol/roles.h"
#include "services-client/api/apiclient.h"
#include "services-client/orders/orderactions.h"
#include "services-client/orders/ordercsvexport.h"
#include "services-client/orders/orderlistmodel.h"
#include "services-client/orders/ordersapi.h"
#include "testhelpers.h"

using namespace std::chrono_literals;
using namespace opsdesk::client;
using opsdesk::test::FakeHttpServer;
using Response = FakeHttpServer::Response;
namespace proto = opsdesk::protocol;

namespace {

QByteArray orderJson(int n) {
    return QStringLiteral(
               R"({"id":%1,"number":"OD%2","status":"paid","customer":{"id":%1,"name":"C %1",)"
               R"("email":"c%1@example.com"},"total_minor":%3,"currency":"CNY",)"
               R"("created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z",)"
               R"("version":1})")
        .arg(n)
        .arg(n, 8, 10, QLatin1Char('0'))
        .arg(1000 + n)
        .toUtf8();
}

// A list of `total` orders (ids 1..total) paged by offset cursors, as GET /orders answers.
Response listPage(const FakeHttpServer::Request& r, int total) {
    return opsdesk::test::offsetPage(r, total, [](int i) { return orderJson(i + 1); });
}

int listRequests(const FakeHttpServer& server) {
    int n = 0;
    for (const auto& r : server.requests()) {
        n += r.path.startsWith("/api/v1/orders?") ? 1 : 0;
    }
    return n;
}

}  // namespace

class OrdersClientTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHttpServer> server;
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<OrdersApi> orders;
    opsdesk::test::RecordingScheduler scheduler;

private slots:
    void init() {
        server = std::make_unique<FakeHttpServer>();
        QVERIFY(server->listen());
        api = std::make_unique<ApiClient>();
        api->setBaseUrl(server->baseUrl());
        api->setDefaultTimeout(5s);
        scheduler = {};
        scheduler.install(api.get());
        orders = std::make_unique<OrdersApi>(api.get());
    }
    void cleanup() {
        orders.reset();
        api.reset();
        server.reset();
    }

    // --- the list model -----------------------------------------------------------------------

    void model_fetchesLazily_oneTailRequestAtATime() {
        server->setHandler([](const auto& r) { return listPage(r, 230); });
        OrderListModel model(orders.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(50);
        QSignalSpy first(&model, &OrderListModel::firstPageLoaded);
        model.setFilter({});
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({}));  // the first page is on its way
        QVERIFY(first.wait(5000));
        QCOMPARE(*model.totalEstimate(), qint64(230));
        // Asked for more as often as a view likes (the tester asks too): one request per page.
        QTRY_VERIFY(
            (model.fetchMore({}), model.fetchMore({}), model.atEnd() && !model.isLoading()));
        QCOMPARE(listRequests(*server), 5);
        QCOMPARE(model.itemRowCount(), 230);
        QCOMPARE(model.rowCount(), 230);  // no status row once everything is there
        for (int row = 0; row < 230; ++row) {
            QCOMPARE(model.itemAt(row)->id, qint64(row + 1));
        }
        QCOMPARE(model.itemAt(229)->id, qint64(230));
    }

    void model_window_dropsFarPages_andRefetchesThemFromTheirCursor() {
        server->setHandler([](const auto& r) { return listPage(r, 1000); });
        OrderListModel model(orders.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(50);
        model.setMaxLoadedPages(4);
        model.setFilter({});
        QTRY_VERIFY(model.itemRowCount() >= 50);
        while (!model.atEnd()) {
            // A view looks at the newest rows as it scrolls down.
            model.index(model.itemRowCount() - 1, 0).data();
            model.fetchMore({});
            QTRY_VERIFY(!model.isLoading() || model.loadedPageCount() > 4);
            QVERIFY2(model.loadedPageCount() <= 4,
                     qPrintable(QString::number(model.loadedPageCount())));
        }
        QCOMPARE(model.itemRowCount(), 1000);
        QCOMPARE(model.pageCount(), 20);
        QVERIFY(model.loadedItemCount() <= 4 * 50);
        QVERIFY(!model.itemAt(0));  // dropped
        QCOMPARE(model.rowKind(0), OrderListModel::RowKind::Pending);

        // Scrolling back: asking for a dropped row fetches its page again, from its cursor.
        const int before = listRequests(*server);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QCOMPARE(model.index(120, 0).data(OrderListModel::RowKindRole).toInt(),
                 int(OrderListModel::RowKind::Pending));
        QTRY_VERIFY(model.itemAt(120).has_value());
        QCOMPARE(model.itemAt(120)->id, qint64(121));
        QCOMPARE(model.itemAt(100)->id, qint64(101));
        // That page, once, from its own cursor; at most the neighbours the tester looked at too.
        int again = 0;
        for (int i = 0; i < server->requestCount(); ++i) {
            again += i >= before && server->requests()[i].path.endsWith("&cursor=100") ? 1 : 0;
        }
        QCOMPARE(again, 1);
        QVERIFY(listRequests(*server) - before <= 3);
        QVERIFY(!changed.isEmpty());  // dataChanged, never a reset
        QVERIFY(model.loadedPageCount() <= 4);
        QCOMPARE(model.rowCount(), 1000);
    }

    void model_showsLoadingRowAfterDelay_thenErrorRow_thenRetries() {
        bool silent = true;
        server->setHandler([&silent](const auto& r) {
            if (silent) {
                Response s;
                s.silent = true;
                return s;
            }
            return listPage(r, 10);
        });
        api->setDefaultTimeout(400ms);
        api->setDefaultRetryPolicy(RetryPolicy::never());
        OrderListModel model(orders.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLoadingRowDelay(50ms);
        model.setFilter({});
        QCOMPARE(model.rowCount(), 0);  // not at once: a quick answer never flashes a row
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowKind(0), OrderListModel::RowKind::Loading);
        QTRY_COMPARE(model.rowKind(0), OrderListModel::RowKind::Error);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.hasError());
        QCOMPARE(model.lastError().kind, ApiError::Kind::Timeout);
        QVERIFY(!model.canFetchMore({}));
        silent = false;
        model.retry();
        QCOMPARE(model.rowKind(0), OrderListModel::RowKind::Loading);
        QTRY_COMPARE(model.itemRowCount(), 10);
        QCOMPARE(model.rowCount(), 10);
        QVERIFY(!model.hasError());
    }

    void model_sortAndFilter_goIntoTheQuery() {
        server->setHandler([](const auto& r) { return listPage(r, 3); });
        OrderListModel model(orders.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        OrderFilter f;
        f.statuses = {QStringLiteral("paid"), QStringLiteral("shipped")};
        f.search = QStringLiteral("li+lei&co");
        f.from = QDate(2026, 1, 2);
        f.to = QDate(2026, 1, 31);
        f.minTotalMinor = 1000;
        f.maxTotalMinor = 99999;
        model.setFilter(f);
        QTRY_COMPARE(model.itemRowCount(), 3);
        model.sort(OrderListModel::TotalColumn, Qt::AscendingOrder);
        QTRY_VERIFY(listRequests(*server) == 2 && !model.isLoading());
        const QUrlQuery q(QUrl(QString::fromLatin1(server->requests().last().path)).query());
        QCOMPARE(q.queryItemValue("status"), QStringLiteral("paid,shipped"));
        QCOMPARE(q.queryItemValue("q", QUrl::FullyDecoded), QStringLiteral("li+lei&co"));
        QCOMPARE(q.queryItemValue("from"), QStringLiteral("2026-01-02"));
        QCOMPARE(q.queryItemValue("to"), QStringLiteral("2026-01-31"));
        QCOMPARE(q.queryItemValue("min_total_minor"), QStringLiteral("1000"));
        QCOMPARE(q.queryItemValue("max_total_minor"), QStringLiteral("99999"));
        QCOMPARE(q.queryItemValue("sort"), QStringLiteral("total"));
        QCOMPARE(q.queryItemValue("order"), QStringLiteral("asc"));
        // Columns without a server sort do nothing.
        model.sort(OrderListModel::CustomerColumn, Qt::AscendingOrder);
        QTest::qWait(50);
        QCOMPARE(listRequests(*server), 2);
    }

    void model_updateOrder_changesOneRowOnly() {
        server->setHandler([](const auto& r) { return listPage(r, 20); });
        OrderListModel model(orders.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFilter({});
        QTRY_COMPARE(model.itemRowCount(), 20);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        OrderSummary o = *model.itemAt(4);
        o.status = QStringLiteral("shipped");
        model.updateItem(o);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 4);
        QCOMPARE(changed.first().at(1).toModelIndex().row(), 4);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.index(4, OrderListModel::StatusColumn).data(OrderListModel::StatusRole),
                 QVariant(QStringLiteral("shipped")));
    }

    // --- refunds: one key per intent ----------------------------------------------------------

    void refund_firstAttemptTimesOut_retryCarriesSameKey_refundsOnce() {
        int posts = 0;
        server->setHandler([&posts](const FakeHttpServer::Request& r) {
            if (r.method != "POST") {
                return Response::json(404, "{}");
            }
            if (++posts == 1) {
                Response s;  // the first attempt is never answered: the client times out
                s.silent = true;
                return s;
            }
            return Response::json(
                201, R"({"id":7,"amount_minor":1500,"reason":"damaged","status":"succeeded",)"
                     R"("created_at":"2026-01-01T00:00:00Z"})");
        });
        api->setDefaultTimeout(300ms);
        const QString key = ApiRequest::newIdempotencyKey();
        RefundRequest* r = orders->refund(42, 1500, QStringLiteral("damaged"), key);
        QSignalSpy ok(r, &ApiRequest::succeeded);
        QSignalSpy failed(r, &ApiRequest::failed);
        QVERIFY(ok.wait(5000));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(server->requestCount(), 2);
        QCOMPARE(scheduler.delays.size(), 1);  // the retry policy's one retry
        for (const auto& req : server->requests()) {
            QCOMPARE(req.path, QByteArray("/api/v1/orders/42/refunds"));
            QCOMPARE(req.header("idempotency-key"), key.toUtf8());
            QCOMPARE(QJsonDocument::fromJson(req.body).object(),
                     (QJsonObject{{"amount_minor", 1500}, {"reason", "damaged"}}));
        }
    }

    void refund_keysAreUnique_andTransitionsAreNeverRetried() {
        QVERIFY(ApiRequest::newIdempotencyKey() != ApiRequest::newIdempotencyKey());
        server->setHandler([](const auto&) { return Response::error(503, "unavailable"); });
        TransitionInput input;
        input.to = proto::OrderStatus::Fulfilling;
        auto* t = orders->transition(42, 3, input);
        QSignalSpy failed(t, &ApiRequest::failed);
        QVERIFY(failed.wait(5000));
        QCOMPARE(server->requestCount(), 1);
        QCOMPARE(server->requests().first().header("if-match"), QByteArray("\"3\""));
        QCOMPARE(QJsonDocument::fromJson(server->requests().first().body).object(),
                 (QJsonObject{{"to", "fulfilling"}}));
    }

    // --- CSV ----------------------------------------------------------------------------------

    void csv_quotesFieldsPerRfc4180() {
        QCOMPARE(OrderCsvExport::csvField(QStringLiteral("plain")), QByteArray("plain"));
        QCOMPARE(OrderCsvExport::csvField(QStringLiteral("a,b")), QByteArray("\"a,b\""));
        QCOMPARE(OrderCsvExport::csvField(QStringLiteral("say \"hi\"")),
                 QByteArray("\"say \"\"hi\"\"\""));
        QCOMPARE(OrderCsvExport::csvField(QStringLiteral("two\nlines")),
                 QByteArray("\"two\nlines\""));
        QCOMPARE(OrderCsvExport::csvField(QStringLiteral("李雷")), QStringLiteral("李雷").toUtf8());
        OrderSummary o;
        o.number = QStringLiteral("OD1");
        o.status = QStringLiteral("paid");
        o.customer = {1, QStringLiteral("Li, \"Lei\""), QStringLiteral("li@example.com")};
        o.totalMinor = 123456;
        o.currency = QStringLiteral("CNY");
        o.createdAt = QDateTime(QDate(2026, 11, 22), QTime(9, 30), Qt::UTC);
        QCOMPARE(OrderCsvExport::csvLine(o),
                 QByteArray("OD1,2026-11-22T09:30:00Z,paid,\"Li, \"\"Lei\"\"\",li@example.com,"
                            "1234.56,CNY\r\n"));
        o.totalMinor = -5;
        o.currency = QStringLiteral("JPY");
        QVERIFY(OrderCsvExport::csvLine(o).contains(",-5,JPY\r\n"));
    }

    // A customer's name comes from the storefront: the export never hands a spreadsheet a
    // formula, while the amount (a number the export wrote) stays a number.
    void csv_customerNameLikeAFormula_isExportedAsText() {
        OrderSummary o;
        o.number = QStringLiteral("OD2");
        o.status = QStringLiteral("refunded");
        o.customer = {2, QStringLiteral("=HYPERLINK(\"http://evil.example\")"),
                      QStringLiteral("@evil.example")};
        o.totalMinor = -1250;
        o.currency = QStringLiteral("CNY");
        o.createdAt = QDateTime(QDate(2026, 11, 22), QTime(9, 30), Qt::UTC);
        QCOMPARE(OrderCsvExport::csvLine(o),
                 QByteArray("OD2,2026-11-22T09:30:00Z,refunded,"
                            "\"'=HYPERLINK(\"\"http://evil.example\"\")\",'@evil.example,"
                            "-12.50,CNY\r\n"));
    }

    void csvExport_cancelled_leavesNoFile() {
        server->setHandler([](const auto& r) { return listPage(r, 5000); });
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("orders.csv"));
        OrderCsvExport job(orders.get(), {}, file);
        job.setPageSize(100);
        QSignalSpy finished(&job, &OrderCsvExport::finished);
        QObject::connect(&job, &OrderCsvExport::progress, &job, [&job](qint64 written) {
            if (written >= 300) {
                job.cancel();
            }
        });
        job.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<OrderCsvExport::Outcome>(),
                 OrderCsvExport::Outcome::Cancelled);
        QVERIFY(!QFile::exists(file));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{});
    }

    void csvExport_failedMidway_keepsTheOldFileUntouched() {
        int calls = 0;
        server->setHandler([&calls](const auto& r) {
            return ++calls < 3 ? listPage(r, 5000) : Response::error(403, "forbidden");
        });
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("orders.csv"));
        {
            QFile old(file);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old contents\r\n");
        }
        OrderCsvExport job(orders.get(), {}, file);
        job.setPageSize(100);
        QSignalSpy finished(&job, &OrderCsvExport::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<OrderCsvExport::Outcome>(),
                 OrderCsvExport::Outcome::Failed);
        QFile old(file);
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("old contents\r\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    // --- filters and actions ------------------------------------------------------------------

    void filter_survivesSettingsRoundTrip() {
        QTemporaryDir dir;
        QSettings s(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        OrderFilter f;
        f.statuses = {QStringLiteral("refunded"), QStringLiteral("paid")};
        f.search = QStringLiteral("li.lei");
        f.from = QDate(2026, 2, 1);
        f.minTotalMinor = 9223372036854775807LL;  // int64 max survives
        f.sort = OrderFilter::Sort::Total;
        f.descending = false;
        f.save(s, QStringLiteral("orders/filter"));
        QCOMPARE(OrderFilter::load(s, QStringLiteral("orders/filter")), f);
        s.setValue(QStringLiteral("orders/filter/statuses"),
                   QStringList{QStringLiteral("paid"), QStringLiteral("bogus")});
        QCOMPARE(OrderFilter::load(s, QStringLiteral("orders/filter")).statuses,
                 QStringList{QStringLiteral("paid")});
    }

    void actions_examples() {
        using K = OrderAction::Kind;
        using S = proto::OrderStatus;
        auto perms = [](const char* role) {
            const auto* r = proto::findBuiltinRole(role);
            return std::set<proto::Permission>(r->permissions.begin(), r->permissions.end());
        };
        QVERIFY(availableActions(S::Paid, 1000, perms("support_agent")).empty());
        const auto admin = availableActions(S::Paid, 1000, perms("admin"));
        QCOMPARE(admin.size(), std::size_t(4));
        QCOMPARE(admin[0], (OrderAction{K::Transition, S::Fulfilling, false, false}));
        QCOMPARE(admin[1], (OrderAction{K::Transition, S::Cancelled, true, false}));
        QCOMPARE(admin[2].kind, K::Refund);
        QCOMPARE(admin[3].kind, K::Note);
        const auto ship = availableActions(S::Fulfilling, 1000, perms("admin"));
        QCOMPARE(ship[0], (OrderAction{K::Transition, S::Shipped, false, true}));
        // Nothing left to pay back: no refund.
        for (const auto& a : availableActions(S::Refunded, 0, perms("admin"))) {
            QVERIFY(a.kind != K::Refund);
        }
        // A support lead may refund but cannot call the transitions endpoint (orders.write).
        const auto lead = availableActions(S::Paid, 1000, perms("support_lead"));
        QCOMPARE(lead.size(), std::size_t(1));
        QCOMPARE(lead[0].kind, K::Refund);
    }

    // Cancelling pays back whatever was captured, also part of an unpaid order's total: without
    // orders.refund it is offered only while nothing was captured.
    void actions_cancelThatPaysBack_needsTheRefundPermission() {
        using S = proto::OrderStatus;
        const std::set<proto::Permission> writer{proto::Permission::OrdersRead,
                                                 proto::Permission::OrdersWrite};
        auto offersCancel = [](const std::vector<OrderAction>& actions) {
            return std::any_of(actions.begin(), actions.end(), [](const OrderAction& a) {
                return a.kind == OrderAction::Kind::Transition && a.to == S::Cancelled;
            });
        };
        QVERIFY(offersCancel(availableActions(S::PendingPayment, 0, writer)));
        QVERIFY(!offersCancel(availableActions(S::PendingPayment, 300, writer)));
        QVERIFY(!offersCancel(availableActions(S::Paid, 1000, writer)));
        auto both = writer;
        both.insert(proto::Permission::OrdersRefund);
        QVERIFY(offersCancel(availableActions(S::PendingPayment, 300, both)));
        QVERIFY(offersCancel(availableActions(S::Paid, 1000, both)));
    }

    // Every status × every built-in role: exactly the table's manual moves the role may make.
    void actions_matchTransitionTableTimesPermissions() {
        for (const auto& role : proto::builtinRoles()) {
            const std::set<proto::Permission> perms(role.permissions.begin(),
                                                    role.permissions.end());
            const bool write = perms.count(proto::Permission::OrdersWrite) > 0;
            for (const auto status : proto::allOrderStatuses()) {
                for (const qint64 left : {qint64(0), qint64(500)}) {
                    std::vector<OrderAction> expected;
                    for (const auto& t : proto::orderTransitions()) {
                        const auto needed = proto::requiredPermissions(t, left);
                        if (t.from == status && t.trigger == proto::TransitionTrigger::Manual &&
                            write && std::all_of(needed.begin(), needed.end(), [&](auto p) {
                                return perms.count(p) > 0;
                            })) {
                            expected.push_back({OrderAction::Kind::Transition, t.to,
                                                t.requiresReason, t.requiresTracking});
                        }
                    }
                    if (left > 0 && proto::refundAllowedFrom(status) &&
                        perms.count(proto::Permission::OrdersRefund)) {
                        expected.push_back({OrderAction::Kind::Refund, status, true, false});
                    }
                    if (write) {
                        expected.push_back({OrderAction::Kind::Note, status, false, false});
                    }
                    const auto actual = availableActions(status, left, perms);
                    QVERIFY2(actual == expected,
                             qPrintable(QStringLiteral("%1 on %2")
                                            .arg(QString::fromLatin1(role.name.data(),
                                                                     qsizetype(role.name.size())),
                                                 QString::fromLatin1(
                                                     proto::toString(status).data(),
                                                     qsizetype(proto::toString(status).size())))));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(OrdersClientTest)
#include "tst_orders_client.moc"
