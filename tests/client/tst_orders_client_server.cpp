// The orders service layer against the real opsdesk-server and PostgreSQL: lazy paging over a
// seeded data set in a bounded window, filters and sorts, CSV export, and refunds that a repeated
// POST (same Idempotency-Key) never makes twice.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

#include "orderstestdata.h"
#include "services-client/orders/ordercsvexport.h"
#include "services-client/orders/orderlistmodel.h"
#include "services-client/orders/ordersapi.h"
#include "testcluster.h"

using namespace std::chrono_literals;
using namespace opsdesk::client;
using namespace opsdesk::test;

namespace {

// RFC 4180 reader for the checks: quoted fields, doubled quotes, CRLF records.
QList<QStringList> parseCsv(const QByteArray& data) {
    QList<QStringList> rows;
    QStringList row;
    QByteArray field;
    bool quoted = false;
    for (qsizetype i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (quoted) {
            if (c == '"' && i + 1 < data.size() && data[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row << QString::fromUtf8(field);
            field.clear();
        } else if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') {
            row << QString::fromUtf8(field);
            field.clear();
            rows << row;
            row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

// Walks the whole list through the model as a view would, collecting each page as it lands.
QList<OrderSummary> walk(OrderListModel& model) {
    QList<OrderSummary> all;
    QSet<qint64> ids;
    auto collect = [&] {
        for (int row = 0; row < model.itemRowCount(); ++row) {
            if (auto o = model.itemAt(row); o && !ids.contains(o->id)) {
                ids.insert(o->id);
                all << *o;
            }
        }
    };
    if (!QTest::qWaitFor([&] { return !model.isLoading(); }, 20000)) {
        return {};
    }
    collect();
    while (model.canFetchMore({})) {
        model.index(model.itemRowCount() - 1, 0).data();  // where the "view" looks
        model.fetchMore({});
        if (!QTest::qWaitFor([&] { return !model.isLoading(); }, 20000)) {
            return {};
        }
        collect();
    }
    return all;
}

}  // namespace

class OrdersClientServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    QString databaseUrl;
    ServerProcess server;
    std::unique_ptr<SignedInClient> admin;
    std::unique_ptr<OrdersApi> orders;
    HandedInOrder quoted;

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        databaseUrl = cluster.createDatabase(QStringLiteral("orders_client"));
        QVERIFY(!databaseUrl.isEmpty());
        QVERIFY2(startOrdersServer(server, databaseUrl, {{"admin", "admin"}}, &error),
                 qPrintable(error));
        QString out;
        QCOMPARE(server.runCommand({"seed", "--orders", "2000"}, &out), 0);
        quoted =
            handInOrder(server, "csv-1", "Zhang \"Wei\", Jr.", "zhang.wei.csv@example.com", 12345);
        QVERIFY(quoted.id > 0);
        admin = std::make_unique<SignedInClient>();
        QVERIFY(admin->signIn(server.baseUrl(), "admin"));
        orders = std::make_unique<OrdersApi>(&admin->api);
    }

    void cleanupTestCase() {
        orders.reset();
        admin.reset();
    }

    void lazyPaging_visitsEveryOrderOnce_inABoundedWindow() {
        OrderListModel model(orders.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(100);
        model.setMaxLoadedPages(4);
        int maxLoaded = 0;
        connect(&model, &OrderListModel::pageLoaded, this,
                [&] { maxLoaded = qMax(maxLoaded, model.loadedPageCount()); });
        model.setFilter({});
        const QList<OrderSummary> all = walk(model);
        QVERIFY(model.totalEstimate());
        QVERIFY(model.totalIsExact());  // exact up to 10,000
        QCOMPARE(qint64(all.size()), *model.totalEstimate());
        QCOMPARE(all.size(), 2001);
        QCOMPARE(model.itemRowCount(), 2001);
        QVERIFY2(maxLoaded <= 4, qPrintable(QString::number(maxLoaded)));
        QVERIFY(model.loadedItemCount() <= 400);
        for (int i = 1; i < all.size(); ++i) {
            QVERIFY(all[i - 1].createdAt > all[i].createdAt ||
                    (all[i - 1].createdAt == all[i].createdAt && all[i - 1].id > all[i].id));
        }
        // Back to the top: the dropped first page comes back from its cursor, the same rows.
        QVERIFY(!model.itemAt(0));
        model.index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(model.itemAt(0).has_value(), 10000);
        for (int row = 0; row < 100; ++row) {
            QCOMPARE(model.itemAt(row)->id, all[row].id);
        }
    }

    void filters_statusAmountSearchAndSort_matchTheServer() {
        OrderListModel model(orders.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(500);
        OrderFilter f;
        f.statuses = {QStringLiteral("shipped"), QStringLiteral("delivered")};
        f.minTotalMinor = 10000;
        f.maxTotalMinor = 50000;
        f.sort = OrderFilter::Sort::Total;
        f.descending = false;
        model.setFilter(f);
        const auto some = walk(model);
        QVERIFY(!some.isEmpty());
        QCOMPARE(qint64(some.size()), *model.totalEstimate());
        for (int i = 0; i < some.size(); ++i) {
            QVERIFY(f.statuses.contains(some[i].status));
            QVERIFY(some[i].totalMinor >= 10000 && some[i].totalMinor <= 50000);
            if (i > 0) {
                QVERIFY(some[i - 1].totalMinor <= some[i].totalMinor);
            }
        }
        OrderFilter search;
        search.search = QStringLiteral("ZHANG.WEI.CSV@");
        model.setFilter(search);
        const auto found = walk(model);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().id, quoted.id);
        QCOMPARE(found.first().customer.name, QStringLiteral("Zhang \"Wei\", Jr."));
    }

    void jumpToDate_listsThatDayAndBefore_newestFirst() {
        OrderListModel model(orders.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        OrderListModel everything(orders.get());
        QAbstractItemModelTester everythingTester(
            &everything, QAbstractItemModelTester::FailureReportingMode::QtTest);
        everything.setPageSize(500);
        everything.setFilter({});
        const auto all = walk(everything);
        QVERIFY(all.size() > 100);
        const QDate day = all[all.size() / 2].createdAt.date();
        OrderFilter f;
        f.to = day;
        model.setFilter(f);
        QTRY_VERIFY(model.itemRowCount() > 0 && !model.isLoading());
        const auto first = model.itemAt(0);
        QVERIFY(first->createdAt.date() <= day);
        // Nothing newer than that day was skipped: the first row is the newest of that day.
        for (const auto& o : all) {
            if (o.createdAt.date() <= day) {
                QCOMPARE(first->id, o.id);
                break;
            }
        }
    }

    void csvExport_writesExactlyTheFiltersOrders_quotedPerRfc4180() {
        OrderFilter f;
        f.statuses = {QStringLiteral("paid"), QStringLiteral("delivered"),
                      QStringLiteral("completed")};
        f.minTotalMinor = 3000;
        OrderListModel model(orders.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(500);
        model.setFilter(f);
        const auto expected = walk(model);
        QVERIFY(expected.size() > 100);

        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("paid.csv"));
        OrderCsvExport job(orders.get(), f, file);
        job.setPageSize(100);
        QSignalSpy progress(&job, &OrderCsvExport::progress);
        QSignalSpy finished(&job, &OrderCsvExport::finished);
        job.start();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().value<OrderCsvExport::Outcome>(),
                 OrderCsvExport::Outcome::Finished);
        QVERIFY(progress.size() >= 2);  // page by page
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const auto rows = parseCsv(csv.readAll());
        QCOMPARE(rows.size(), expected.size() + 1);
        QCOMPARE(rows.first(), (QStringList{"number", "created_at", "status", "customer_name",
                                            "customer_email", "total", "currency"}));
        for (int i = 0; i < expected.size(); ++i) {
            const QStringList& r = rows[i + 1];
            QCOMPARE(r.size(), 7);
            QCOMPARE(r[0], expected[i].number);
            QVERIFY(f.statuses.contains(r[2]));
            QCOMPARE(r[2], expected[i].status);
            QCOMPARE(r[4], expected[i].customer.email);
            QCOMPARE(r[5], QStringLiteral("%1.%2")
                               .arg(expected[i].totalMinor / 100)
                               .arg(expected[i].totalMinor % 100, 2, 10, QLatin1Char('0')));
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("paid.csv")});

        // The customer whose name needs quoting.
        OrderFilter one;
        one.search = QStringLiteral("zhang.wei.csv");
        const QString oneFile = dir.filePath(QStringLiteral("one.csv"));
        OrderCsvExport single(orders.get(), one, oneFile);
        QSignalSpy done(&single, &OrderCsvExport::finished);
        single.start();
        QVERIFY(done.wait(20000));
        QFile f1(oneFile);
        QVERIFY(f1.open(QIODevice::ReadOnly));
        const QByteArray text = f1.readAll();
        QVERIFY2(
            text.contains(",\"Zhang \"\"Wei\"\", Jr.\",zhang.wei.csv@example.com,131.45,CNY\r\n"),
            text.constData());
    }

    void csvExport_cancelled_leavesNoFile() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("all.csv"));
        OrderCsvExport job(orders.get(), {}, file);
        job.setPageSize(100);
        QSignalSpy finished(&job, &OrderCsvExport::finished);
        connect(&job, &OrderCsvExport::progress, &job, [&job] { job.cancel(); });
        job.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().value<OrderCsvExport::Outcome>(),
                 OrderCsvExport::Outcome::Cancelled);
        QCOMPARE(job.rowsWritten(), qint64(100));
        QVERIFY(!QFile::exists(file));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{});
    }

    void refund_repeatedWithSameKey_refundsOnce() {
        const auto order = handInOrder(server, "idem-1", "Idem Potent", "idem@example.com", 9200);
        QVERIFY(order.id > 0);
        const QString key = ApiRequest::newIdempotencyKey();
        QList<qint64> refundIds;
        QList<QByteArray> replayed;
        for (int attempt = 0; attempt < 2; ++attempt) {
            RefundRequest* r = orders->refund(order.id, 2000, QStringLiteral("damaged box"), key);
            r->setAutoDelete(false);
            QSignalSpy done(r, &ApiRequest::finished);
            QVERIFY(done.wait(20000));
            QVERIFY2(r->succeededOutcome(), qPrintable(r->error().toString()));
            QCOMPARE(r->httpStatus(), 201);
            refundIds << r->refund().id;
            replayed << r->responseHeader("Idempotent-Replayed");
            delete r;
        }
        QCOMPARE(refundIds[0], refundIds[1]);
        QCOMPARE(replayed[1], QByteArray("true"));
        OrderDetailRequest* d = orders->detail(order.id);
        QSignalSpy ok(d, &ApiRequest::succeeded);
        QVERIFY(ok.wait(20000));
        QCOMPARE(d->order().refunds.size(), 1);
        QCOMPARE(d->order().refundedMinor, qint64(2000));
        QCOMPARE(d->order().status, QStringLiteral("partially_refunded"));
    }
};

QTEST_GUILESS_MAIN(OrdersClientServerTest)
#include "tst_orders_client_server.moc"
