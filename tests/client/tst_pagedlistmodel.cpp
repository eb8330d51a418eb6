// The module kit's paged list model (services-client/api/pagedlistmodel.h) without a screen,
// against a scripted server: lazy pages one at a time, the loading and error rows, the bounded
// page window, and live upsert/remove by id and version with highlights. Every model here runs
// under QAbstractItemModelTester for the whole test.
#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

#include "fakehttpserver.h"
#include "services-client/api/apiclient.h"
#include "services-client/api/pagedlistmodel.h"
#include "testhelpers.h"

using namespace std::chrono_literals;
using namespace opsdesk::client;
using opsdesk::test::FakeHttpServer;
using Response = FakeHttpServer::Response;
using Tester = QAbstractItemModelTester;

namespace {

// An item of some module: what the kit needs is an id and a version.
struct Thing {
    qint64 id = 0;
    int version = 0;
    QString name;

    static std::optional<Thing> fromJson(const QJsonObject& o, QString* why) {
        if (o.value(QLatin1String("id")).toInteger() <= 0) {
            *why = QStringLiteral("a thing without id");
            return std::nullopt;
        }
        return Thing{o.value(QLatin1String("id")).toInteger(),
                     o.value(QLatin1String("version")).toInt(),
                     o.value(QLatin1String("name")).toString()};
    }
};

// A list that carries no versions (an audit trail): every live copy is as good as the row.
struct Entry {
    qint64 id = 0;
    QString text;
    static std::optional<Entry> fromJson(const QJsonObject& o, QString*) {
        return Entry{o.value(QLatin1String("id")).toInteger(),
                     o.value(QLatin1String("text")).toString()};
    }
};

}  // namespace

Q_DECLARE_METATYPE(Thing)
Q_DECLARE_METATYPE(Entry)

namespace {

// Things newest (highest id) first, two columns: id and name.
class ThingModel : public PagedListModelOf<Thing> {
public:
    ThingModel(ApiClient* api, QString path = QStringLiteral("/things"))
        : api_(api), path_(std::move(path)) {}
    int columnCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : 2;
    }
    QString onlyPrefix;  // the list's "filter": names that start with it

protected:
    ItemPageRequest<Thing>* requestItems(const QByteArray& cursor, int limit) override {
        return api_->send(new ItemPageRequest<Thing>(path_, pageQuery({}, cursor, limit)));
    }
    QString plainHeader(int column) const override {
        return column == 0 ? QStringLiteral("id") : QStringLiteral("name");
    }
    QVariant plainCell(const Thing& t, int column, int role) const override {
        if (role != Qt::DisplayRole) {
            return {};
        }
        return column == 0 ? QVariant(t.id) : QVariant(t.name);
    }
    bool accepts(const Thing& t) const override { return t.name.startsWith(onlyPrefix); }
    bool sortsBefore(const Thing& a, const Thing& b) const override { return a.id > b.id; }
    bool newItemsGoOnTop() const override { return true; }

private:
    ApiClient* api_;
    QString path_;
};

class EntryModel : public PagedListModelOf<Entry> {
public:
    explicit EntryModel(ApiClient* api) : api_(api) {}
    int columnCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : 1;
    }

protected:
    ItemPageRequest<Entry>* requestItems(const QByteArray& cursor, int limit) override {
        return api_->send(
            new ItemPageRequest<Entry>(QStringLiteral("/entries"), pageQuery({}, cursor, limit)));
    }
    QString plainHeader(int) const override { return QStringLiteral("text"); }
    QVariant plainCell(const Entry& e, int, int role) const override {
        return role == Qt::DisplayRole ? QVariant(e.text) : QVariant();
    }

private:
    ApiClient* api_;
};

QByteArray thingJson(qint64 id, int version = 1, const QString& name = {}) {
    const QString n = name.isEmpty() ? QStringLiteral("thing %1").arg(id) : name;
    return QStringLiteral(R"({"id":%1,"version":%2,"name":"%3"})")
        .arg(id)
        .arg(version)
        .arg(n)
        .toUtf8();
}

// `total` things, ids total..1 (newest first), paged by offset cursors.
Response thingsPage(const FakeHttpServer::Request& r, int total) {
    return opsdesk::test::offsetPage(r, total, [total](int i) { return thingJson(total - i); });
}

int pageRequests(const FakeHttpServer& server) {
    int n = 0;
    for (const auto& r : server.requests()) {
        n += r.path.startsWith("/api/v1/things?") ? 1 : 0;
    }
    return n;
}

Thing thing(qint64 id, int version = 1, const QString& name = {}) {
    return Thing{id, version, name.isEmpty() ? QStringLiteral("thing %1").arg(id) : name};
}

}  // namespace

class PagedListModelTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHttpServer> server;
    std::unique_ptr<ApiClient> api;

    // Scrolls to the end the way a view does: look at the last row, fetch more, wait.
    static void fetchAll(PagedListModel& model) {
        while (!model.atEnd()) {
            QTRY_VERIFY(!model.isLoading());
            if (model.atEnd() || model.hasError()) {
                return;
            }
            model.index(model.itemRowCount() - 1, 0).data();
            model.fetchMore({});
        }
    }

private slots:
    void init() {
        server = std::make_unique<FakeHttpServer>();
        QVERIFY(server->listen());
        api = std::make_unique<ApiClient>();
        api->setBaseUrl(server->baseUrl());
        api->setDefaultTimeout(5s);
        api->setDefaultRetryPolicy(RetryPolicy::never());
    }
    void cleanup() {
        api.reset();
        server.reset();
    }

    void pages_loadLazily_oneFetchAtATime_untilComplete() {
        server->setHandler([](const auto& r) { return thingsPage(r, 23); });
        ThingModel model(api.get());
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.setPageSize(5);
        model.setLoadingRowDelay(0ms);
        QList<int> pages;
        connect(&model, &QAbstractItemModel::rowsInserted, this,
                [&](const QModelIndex&, int first, int last) {
                    if (!model.isStatusRow(model.index(first, 0))) {
                        pages << last - first + 1;
                    }
                });
        QCOMPARE(model.state(), PagedListModel::State::Idle);
        model.reload();
        // No delay asked for: the loading row shows at once; asking again changes nothing.
        QCOMPARE(model.state(), PagedListModel::State::Loading);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.isStatusRow(model.index(0, 0)));
        QCOMPARE(model.rowKind(0), PagedListModel::RowKind::Loading);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Loading…"));
        QVERIFY(!model.canFetchMore({}));
        model.fetchMore({});
        QTRY_COMPARE(model.itemRowCount(), 5);
        QCOMPARE(*model.totalEstimate(), qint64(23));
        QVERIFY(model.totalIsExact());
        fetchAll(model);
        QCOMPARE(model.state(), PagedListModel::State::Complete);
        QCOMPARE(pages, (QList<int>{5, 5, 5, 5, 3}));
        QCOMPARE(pageRequests(*server), 5);
        QCOMPARE(model.rowCount(), 23);
        QVERIFY(!model.hasStatusRow());
        QCOMPARE(model.itemAt(0)->id, 23);
        QCOMPARE(model.itemAt(22)->id, 1);
        QCOMPARE(model.index(0, 0).data(PagedListModel::ItemIdRole).toLongLong(), 23);
        QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("thing 23"));
        QCOMPARE(model.index(0, 1).data(PagedListModel::ItemRole).value<Thing>().name,
                 QStringLiteral("thing 23"));
    }

    void slowPage_showsLoadingRowAfterTheDelay_failure_showsErrorRow_retryLoads() {
        bool fail = true;
        server->setHandler([&fail](const auto& r) {
            if (fail) {
                return Response::error(503, "unavailable");
            }
            return thingsPage(r, 3);
        });
        ThingModel model(api.get());
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.setLoadingRowDelay(1h);  // never within this test: no row flashes
        model.setStatusPresentation({
            .loadingText = [] { return QStringLiteral("wait"); },
            .errorText = [](const ApiError&) { return QStringLiteral("broken, try again"); },
            .statusForeground = [](PagedListModel::RowKind k) -> QVariant {
                return k == PagedListModel::RowKind::Error ? QStringLiteral("red")
                                                           : QStringLiteral("grey");
            },
            .highlight = {},
        });
        QSignalSpy failed(&model, &PagedListModel::loadFailed);
        model.reload();
        QCOMPARE(model.rowCount(), 0);
        QTRY_COMPARE(model.state(), PagedListModel::State::Failed);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowKind(0), PagedListModel::RowKind::Error);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("broken, try again"));
        QCOMPARE(model.index(0, 0).data(Qt::ForegroundRole).toString(), QStringLiteral("red"));
        QCOMPARE(model.flags(model.index(0, 0)), Qt::ItemIsEnabled);
        QVERIFY(!model.canFetchMore({}));

        fail = false;
        model.retry();
        // The retry shows at once, whatever the delay.
        QCOMPARE(model.rowKind(0), PagedListModel::RowKind::Loading);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("wait"));
        QCOMPARE(model.index(0, 0).data(Qt::ForegroundRole).toString(), QStringLiteral("grey"));
        QTRY_COMPARE(model.state(), PagedListModel::State::Complete);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(!model.hasError());

        // And the delay does show the row when a page takes longer.
        server->setHandler([](const auto&) {
            Response silence;
            silence.silent = true;
            return silence;
        });
        model.setLoadingRowDelay(10ms);
        model.reload();
        QCOMPARE(model.rowCount(), 0);
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowKind(0), PagedListModel::RowKind::Loading);
    }

    void window_keepsAtMostMaxPages_andFetchesAnEmptiedPageAgainWhenLookedAt() {
        server->setHandler([](const auto& r) { return thingsPage(r, 200); });
        ThingModel model(api.get());
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.setPageSize(10);
        model.setMaxLoadedPages(3);
        model.reload();
        fetchAll(model);
        QCOMPARE(model.itemRowCount(), 200);
        QCOMPARE(model.pageCount(), 20);
        QVERIFY2(model.loadedPageCount() <= 3,
                 qPrintable(QString::number(model.loadedPageCount())));
        QVERIFY(model.loadedItemCount() <= 30);
        QVERIFY(!model.itemAt(0));
        QCOMPARE(model.rowKind(0), PagedListModel::RowKind::Pending);
        QCOMPARE(model.index(0, 0).data(PagedListModel::ItemIdRole).toLongLong(), 0);

        const int before = int(server->requests().size());
        model.index(55, 0).data();  // a view looks there
        QTRY_VERIFY(model.itemAt(55).has_value());
        QCOMPARE(model.itemAt(55)->id, 145);
        QCOMPARE(model.itemAt(50)->id, 150);
        // That page came again from the cursor it was first fetched with, at its size.
        bool asked = false;
        for (int i = before; i < server->requests().size(); ++i) {
            const QByteArray& path = server->requests().at(i).path;
            const QUrlQuery q(QUrl(QString::fromLatin1(path)).query());
            asked = asked || (q.queryItemValue(QStringLiteral("cursor")) == QLatin1String("50") &&
                              q.queryItemValue(QStringLiteral("limit")) == QLatin1String("10"));
        }
        QVERIFY(asked);
        QVERIFY(model.loadedPageCount() <= 3);
    }

    void live_upsertByIdAndVersion_placesNewItems_andRemoves() {
        server->setHandler([](const auto& r) { return thingsPage(r, 10); });
        ThingModel model(api.get());
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.setHighlightDuration(1h);
        model.reload();
        QTRY_COMPARE(model.state(), PagedListModel::State::Complete);
        QCOMPARE(model.rowCount(), 10);

        // A newer version replaces the row in place; an older one is a late replay.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QVERIFY(model.updateItem(thing(7, 2, QStringLiteral("renamed"))));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toModelIndex().row(), 3);
        QCOMPARE(model.itemAt(3)->name, QStringLiteral("renamed"));
        QVERIFY(model.updateItem(thing(7, 1, QStringLiteral("stale"))));
        QCOMPARE(model.itemAt(3)->name, QStringLiteral("renamed"));
        QVERIFY(!model.updateItem(thing(99)));  // not loaded

        // A new item goes where the order puts it, highlighted, and counts.
        QSignalSpy inserted(&model, &PagedListModel::liveItemInserted);
        QVERIFY(model.upsert(thing(11)));
        QCOMPARE(model.itemAt(0)->id, 11);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(0).toInt(), 0);
        QVERIFY(model.index(0, 0).data(PagedListModel::HighlightRole).toBool());
        QVERIFY(!model.index(1, 0).data(PagedListModel::HighlightRole).toBool());
        QCOMPARE(*model.totalEstimate(), qint64(11));
        // One the filter does not take stays out.
        model.onlyPrefix = QStringLiteral("thing");
        QVERIFY(!model.insertLive(thing(12, 1, QStringLiteral("other"))));
        QCOMPARE(model.rowCount(), 11);

        // Removed: the row leaves, the rows below move up.
        QVERIFY(model.removeItem(5));
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.rowOfId(5), -1);
        QCOMPARE(model.itemAt(5)->id, 6);
        QCOMPARE(model.itemAt(6)->id, 4);
        QVERIFY(!model.removeItem(5));
        QCOMPARE(*model.totalEstimate(), qint64(10));

        // On top, whatever the order.
        QVERIFY(model.insertOnTop(thing(3000, 1, QStringLiteral("thing made here"))));
        QCOMPARE(model.itemAt(0)->id, 3000);
        QCOMPARE(reset.size(), 0);  // nothing of this reset the list
    }

    void live_highlightFades() {
        server->setHandler([](const auto& r) { return thingsPage(r, 3); });
        ThingModel model(api.get());
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.setHighlightDuration(20ms);
        PagedListModel::Presentation glowing;
        glowing.highlight = [] { return QVariant(QStringLiteral("glow")); };
        model.setStatusPresentation(glowing);
        model.reload();
        QTRY_COMPARE(model.state(), PagedListModel::State::Complete);
        QVERIFY(model.insertLive(thing(4)));
        QCOMPARE(model.index(0, 0).data(Qt::BackgroundRole).toString(), QStringLiteral("glow"));
        QVERIFY(model.isHighlighted(4));
        QTRY_VERIFY(!model.isHighlighted(4));
        QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());
    }

    void live_whileTheFirstPageLoads_isPlacedOnceItIsIn() {
        server->holdUntil(2);  // the first page waits
        server->setHandler([](const auto& r) { return thingsPage(r, 5); });
        ThingModel model(api.get());
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.reload();
        QVERIFY(!model.insertLive(thing(6)));  // kept for later
        QVERIFY(!model.insertLive(thing(4, 9, QStringLiteral("thing 4 newer"))));
        // Something else asks, so the held page is answered.
        auto* other = api->send(new ItemPageRequest<Thing>(QStringLiteral("/things"), {}));
        Q_UNUSED(other);
        QTRY_COMPARE(model.state(), PagedListModel::State::Complete);
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.itemAt(0)->id, 6);
        QCOMPARE(model.itemAt(2)->name, QStringLiteral("thing 4 newer"));  // in the page too
    }

    void itemsWithoutVersions_areReplacedByAnyCopy_andAnEmptyListTakesTheFirst() {
        server->setHandler(
            [](const auto&) { return Response::json(200, R"({"items":[],"next_cursor":null})"); });
        EntryModel model(api.get());
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.reload();
        QTRY_COMPARE(model.state(), PagedListModel::State::Complete);
        QCOMPARE(model.rowCount(), 0);
        // The list does not know its order: live items only go to its end (here: the start).
        QVERIFY(model.insertLive(Entry{1, QStringLiteral("first")}));
        QVERIFY(model.insertLive(Entry{2, QStringLiteral("second")}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.itemAt(1)->text, QStringLiteral("second"));
        QVERIFY(model.updateItem(Entry{1, QStringLiteral("first, again")}));
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("first, again"));
    }

    void texts_readInTheUsersWords_plainOtherwise() {
        server->setHandler([](const auto& r) { return thingsPage(r, 2); });
        ThingModel model(api.get());
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.reload();
        QTRY_COMPARE(model.state(), PagedListModel::State::Complete);
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("name"));
        QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("thing 2"));
        QSignalSpy headers(&model, &QAbstractItemModel::headerDataChanged);
        model.setTexts({
            .header = [](int column) { return column == 0 ? QStringLiteral("编号") : QString(); },
            .cell = [](const Thing& t, int column, int role) -> QVariant {
                return role == Qt::DisplayRole && column == 1 ? t.name.toUpper() : QVariant();
            },
        });
        QCOMPARE(headers.size(), 1);  // the views ask again
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("编号"));
        QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("THING 2"));
    }

    void aBrokenItem_failsThePage_withTheReason() {
        server->setHandler([](const auto&) {
            return Response::json(200, R"({"items":[{"id":0}],"next_cursor":null})");
        });
        ThingModel model(api.get());
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.reload();
        QTRY_COMPARE(model.state(), PagedListModel::State::Failed);
        QCOMPARE(model.lastError().kind, ApiError::Kind::InvalidResponse);
        QVERIFY2(model.lastError().message.contains(QStringLiteral("without id")),
                 qPrintable(model.lastError().message));
    }
};

QTEST_GUILESS_MAIN(PagedListModelTest)
#include "tst_pagedlistmodel.moc"
