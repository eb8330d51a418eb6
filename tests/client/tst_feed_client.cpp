// The live feed's client end against scripted feed servers (timers fired by the test): backoff
// with jitter, capped and reset after a stable connection; a dead connection found by the ping
// watchdog; the resume id kept per server and user across a restart; resync_required; and the
// orders list applying live events in place.
#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "fakehttpserver.h"
#include "feedtesthelpers.h"
#include "opsdesk/protocol/roles.h"
#include "services-client/api/apiclient.h"
#include "services-client/feed/feedclient.h"
#include "services-client/orders/orderlistmodel.h"
#include "services-client/orders/ordersapi.h"

using namespace std::chrono_literals;
using namespace opsdesk::client;
using namespace opsdesk::test;
using Response = FakeHttpServer::Response;
namespace proto = opsdesk::protocol;

namespace {

// A loopback port where nothing listens.
QUrl closedPortUrl() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

std::set<proto::Permission> rolePermissions(std::string_view role) {
    const auto* r = proto::findBuiltinRole(role);
    return r ? std::set<proto::Permission>(r->permissions.begin(), r->permissions.end())
             : std::set<proto::Permission>{};
}

const QDateTime kNewest = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);

// Order n of the scripted list: newer for smaller n (row n-1 in created_at desc order).
QJsonObject orderObject(int n, const QString& status = QStringLiteral("paid"), int version = 1,
                        qint64 total = -1) {
    return {{"id", 1000 - n},
            {"number", QStringLiteral("OD%1").arg(1000 - n, 8, 10, QLatin1Char('0'))},
            {"status", status},
            {"customer", QJsonObject{{"id", n},
                                     {"name", QStringLiteral("Customer %1").arg(n)},
                                     {"email", QStringLiteral("c%1@example.com").arg(n)}}},
            {"total_minor", total >= 0 ? total : 1000 + n},
            {"currency", "CNY"},
            {"created_at", kNewest.addSecs(-60 * n).toString(Qt::ISODate)},
            {"updated_at", kNewest.addSecs(-60 * n).toString(Qt::ISODate)},
            {"version", version}};
}

OrderSummary summary(const QJsonObject& o) {
    return *OrderSummary::fromJson(o);
}

}  // namespace

class FeedClientTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir;

    std::shared_ptr<QSettings> store(const QString& name = QStringLiteral("feed.ini")) {
        return std::make_shared<QSettings>(dir.filePath(name), QSettings::IniFormat);
    }

    using Client = FeedTestClient;

private slots:
    void initTestCase() { QVERIFY(dir.isValid()); }

    void topicsFor_followTheTopicPermissions() {
        QCOMPARE(FeedClient::topicsFor(rolePermissions("admin")),
                 QStringList({"orders", "payments", "tickets", "catalog", "finance"}));
        QCOMPARE(FeedClient::topicsFor(rolePermissions("support_agent")),
                 QStringList({"orders", "tickets", "catalog"}));
        QCOMPARE(FeedClient::topicsFor(rolePermissions("finance_clerk")),
                 QStringList({"orders", "payments", "finance"}));
        QCOMPARE(FeedClient::topicsFor({}), QStringList());
    }

    void authIsTheFirstMessage_thenSubscribeWithTopics() {
        FakeFeedServer server;
        QVERIFY(server.listen());
        Client c(server.baseUrl(), "alice", store("first.ini"));
        c.feed.setTopics({"orders", "tickets"});
        QSignalSpy states(&c.feed, &FeedClient::stateChanged);
        c.feed.start();
        QCOMPARE(c.feed.state(), FeedClient::State::Connecting);
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
        const auto& received = server.connections.at(0).received;
        QCOMPARE(received.at(0).value("type").toString(), QStringLiteral("auth"));
        QCOMPARE(received.at(0).value("token").toString(), QStringLiteral("token-of-alice"));
        const QJsonObject sub = server.subscribeOf(0);
        QCOMPARE(sub.value("topics").toArray(), QJsonArray({"orders", "tickets"}));
        QVERIFY(sub.value("since").isNull());  // nothing to resume yet
        QCOMPARE(states.size(), 2);            // Connecting, Live
        // Ping every interval once live, the watchdog armed for the dead-connection time.
        QCOMPARE(c.timers["ping"].ms, c.feed.timing().pingIntervalMs);
        QCOMPARE(c.timers["watchdog"].ms, c.feed.timing().deadAfterMs);
        c.feed.stop();
        QCOMPARE(c.feed.state(), FeedClient::State::Offline);
    }

    void backoff_isExponentialWithJitter_cappedAt30s() {
        Client c(closedPortUrl(), "alice", store("backoff.ini"));
        const QList<double> randoms{0.0, 0.999, 0.5, 0.25, 0.0, 0.999, 0.5, 0.0, 0.999};
        int draw = 0;
        c.feed.setRandom([&] { return randoms.at(draw++ % randoms.size()); });
        QSignalSpy scheduled(&c.feed, &FeedClient::reconnectScheduled);
        c.feed.start();
        QList<int> delays;
        for (int i = 0; i < randoms.size(); ++i) {
            QTRY_COMPARE(scheduled.size(), i + 1);
            QCOMPARE(c.feed.state(), FeedClient::State::Reconnecting);
            QVERIFY(c.timers["retry"].isActive());
            delays << scheduled.at(i).at(0).toInt();
            QCOMPARE(c.timers["retry"].ms, delays.last());
            c.timers["retry"].fire();  // the attempt fails at once: nothing listens
        }
        // base 1, 2, 4, 8, 16, 30, 30, 30, 30 s; the delay is in the upper half of the base.
        const QList<int> bases{1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000};
        for (int i = 0; i < delays.size(); ++i) {
            const int expected = int(bases[i] / 2.0 + randoms[i] * bases[i] / 2.0);
            QCOMPARE(delays[i], expected);
            QVERIFY(delays[i] >= bases[i] / 2 && delays[i] <= 30'000);
        }
        QVERIFY(delays.contains(29'985));  // capped: 15 s + 0.999 × 15 s
        c.feed.stop();
    }

    void backoff_resetsAfterAStableConnection() {
        FakeFeedServer server;
        QVERIFY(server.listen());
        Client c(server.baseUrl(), "alice", store("stable.ini"));
        c.feed.setRandom([] { return 0.0; });  // the delay is half the base
        QSignalSpy scheduled(&c.feed, &FeedClient::reconnectScheduled);
        c.feed.start();
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
        QCOMPARE(c.timers["stable"].ms, c.feed.timing().stableAfterMs);

        server.closeLast();  // a short-lived connection: the backoff keeps growing
        QTRY_COMPARE(scheduled.size(), 1);
        QCOMPARE(scheduled.at(0).at(0).toInt(), 500);
        c.timers["retry"].fire();
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
        server.closeLast();
        QTRY_COMPARE(scheduled.size(), 2);
        QCOMPARE(scheduled.at(1).at(0).toInt(), 1000);
        c.timers["retry"].fire();
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);

        c.timers["stable"].fire();  // connected for stableAfterMs
        server.closeLast();
        QTRY_COMPARE(scheduled.size(), 3);
        QCOMPARE(scheduled.at(2).at(0).toInt(), 500);  // small again
        c.feed.stop();
    }

    void deadConnection_isNoticedByThePingWatchdog() {
        // Real timers, tiny timings: the server completes the handshake, says ready, then never
        // answers a ping again.
        SilentFeedServer silent;
        QVERIFY(silent.listen());
        Client c(silent.baseUrl(), "alice", store("dead.ini"), false);
        FeedClient::Timing t;
        t.pingIntervalMs = 30;
        t.deadAfterMs = 200;
        t.backoffInitialMs = 60'000;  // no second attempt during the test
        c.feed.setTiming(t);
        QSignalSpy states(&c.feed, &FeedClient::stateChanged);
        c.feed.start();
        QTRY_COMPARE_WITH_TIMEOUT(c.feed.state(), FeedClient::State::Live, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(c.feed.state(), FeedClient::State::Reconnecting, 10'000);
        QVERIFY(c.feed.msUntilRetry() > 0);
        QCOMPARE(silent.connections, 1);
        c.feed.stop();
    }

    void pongs_keepALiveConnectionAlive() {
        // The control for the test above: a server that answers pings re-arms the watchdog.
        FakeFeedServer server;
        QVERIFY(server.listen());
        Client c(server.baseUrl(), "alice", store("alive.ini"));
        c.feed.start();
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
        for (int i = 0; i < 3; ++i) {
            const int armed = int(c.timers["watchdog"].starts.size());
            c.timers["ping"].fire();
            QVERIFY(c.timers["ping"].isActive());                     // next ping scheduled
            QTRY_VERIFY(c.timers["watchdog"].starts.size() > armed);  // the pong arrived
            QCOMPARE(c.timers["watchdog"].ms, c.feed.timing().deadAfterMs);
        }
        QCOMPARE(c.feed.state(), FeedClient::State::Live);
        QCOMPARE(server.connections.size(), 1);
        c.feed.stop();
    }

    void resumeId_isKeptPerServerAndUser_andUsedAfterARestart() {
        FakeFeedServer server;
        QVERIFY(server.listen());
        server.readyId = 5;
        auto settings = store("resume.ini");
        {
            Client c(server.baseUrl(), "alice", settings);
            QSignalSpy events(&c.feed, &FeedClient::eventReceived);
            c.feed.start();
            QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
            QCOMPARE(c.feed.lastEventId(), 5);
            server.sendLast(
                {{"type", "events"}, {"items", QJsonArray{feedEventJson(6), feedEventJson(7)}}});
            QTRY_COMPARE(events.size(), 2);
            QCOMPARE(events.at(1).at(0).value<FeedEvent>().id, 7);
            QVERIFY(c.feed.storeKey().contains(
                QStringLiteral("127.0.0.1_%1").arg(server.baseUrl().port())));
            QVERIFY(c.feed.storeKey().contains(QStringLiteral("alice")));
        }  // the app closes
        settings->sync();
        {
            // The same user on the same server resumes after event 7.
            Client c(server.baseUrl(), "alice", settings);
            c.feed.start();
            QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
            QCOMPARE(server.subscribeOf(1).value("since").toInteger(), 7);
            c.feed.stop();
        }
        {
            // Someone else on this computer has their own place.
            Client c(server.baseUrl(), "bob", settings);
            c.feed.start();
            QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
            QVERIFY(server.subscribeOf(2).value("since").isNull());
            c.feed.stop();
        }
        FakeFeedServer other;
        QVERIFY(other.listen());
        {
            // And so does another server.
            Client c(other.baseUrl(), "alice", settings);
            c.feed.start();
            QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
            QVERIFY(other.subscribeOf(0).value("since").isNull());
            c.feed.stop();
        }
    }

    void events_areTyped_unknownKindsSkipped_andSubscribersGetOnlyTheirKinds() {
        FakeFeedServer server;
        QVERIFY(server.listen());
        server.readyId = 5;
        Client c(server.baseUrl(), "alice", store("typed.ini"));
        QSignalSpy all(&c.feed, &FeedClient::eventReceived);
        QObject page;
        QList<qint64> refunds;
        c.feed.subscribe(&page, {opsdesk::protocol::EventKind::RefundCreated},
                         [&refunds](const FeedEvent& e) { refunds << e.id; });
        c.feed.start();
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
        QJsonObject refund = feedEventJson(7, QStringLiteral("refund.created"));
        refund["topic"] = "payments";
        server.sendLast({{"type", "events"},
                         {"items", QJsonArray{feedEventJson(6), refund,
                                              feedEventJson(8, QStringLiteral("coupon.invented")),
                                              feedEventJson(9, QStringLiteral("order.updated"))}}});
        QTRY_COMPARE(all.size(), 3);
        const auto first = all.at(0).at(0).value<FeedEvent>();
        QVERIFY(first.kind == opsdesk::protocol::EventKind::OrderCreated);
        QVERIFY(first.topic == opsdesk::protocol::Topic::Orders);
        QCOMPARE(first.kindName(), QStringLiteral("order.created"));
        QVERIFY(all.at(1).at(0).value<FeedEvent>().kind ==
                opsdesk::protocol::EventKind::RefundCreated);
        QCOMPARE(all.at(2).at(0).value<FeedEvent>().id, 9);  // 8 is of no kind known here
        QCOMPARE(c.feed.lastEventId(), 9);                   // and resuming passes it
        QCOMPARE(refunds, QList<qint64>{7});
        c.feed.stop();
    }

    void reconnect_resumesFromTheLastEvent_andDropsRepeats() {
        FakeFeedServer server;
        QVERIFY(server.listen());
        Client c(server.baseUrl(), "alice", store("repeat.ini"));
        QSignalSpy events(&c.feed, &FeedClient::eventReceived);
        c.feed.start();
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
        server.sendLast(feedEventJson(1));
        server.sendLast(feedEventJson(2));
        QTRY_COMPARE(events.size(), 2);
        server.closeLast();
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Reconnecting);
        // The replay overlaps what arrived live.
        server.onSubscribe = [](const QJsonObject&, int) {
            return QList<QJsonObject>{
                {{"type", "events"},
                 {"items", QJsonArray{feedEventJson(2), feedEventJson(3), feedEventJson(4)}}},
                {{"type", "ready"}, {"last_event_id", 4}}};
        };
        c.timers["retry"].fire();
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
        QCOMPARE(server.subscribeOf(1).value("since").toInteger(), 2);
        QCOMPARE(events.size(), 4);
        QList<qint64> ids;
        for (const auto& e : events) {
            ids << e.at(0).value<FeedEvent>().id;
        }
        QCOMPARE(ids, QList<qint64>({1, 2, 3, 4}));
        c.feed.stop();
    }

    void resyncRequired_isSignalled_onceFollowingThePresent() {
        FakeFeedServer server;
        QVERIFY(server.listen());
        auto settings = store("resync.ini");
        Client c(server.baseUrl(), "alice", settings);
        settings->setValue(c.feed.storeKey(), 3);  // an id long pruned on the server
        server.onSubscribe = [](const QJsonObject& sub, int) {
            if (!sub.value("since").isNull()) {
                return QList<QJsonObject>{{{"type", "resync_required"}}};
            }
            return QList<QJsonObject>{{{"type", "ready"}, {"last_event_id", 900}}};
        };
        QSignalSpy resync(&c.feed, &FeedClient::resyncRequired);
        QSignalSpy ready(&c.feed, &FeedClient::ready);
        connect(&c.feed, &FeedClient::resyncRequired, this, [&] {
            // The models reload once the feed follows the present, not before.
            QCOMPARE(c.feed.state(), FeedClient::State::Live);
        });
        c.feed.start();
        QTRY_COMPARE(resync.size(), 1);
        QCOMPARE(ready.size(), 1);
        QCOMPARE(c.feed.lastEventId(), 900);
        const auto& received = server.connections.at(0).received;
        QCOMPARE(received.size(), 3);  // auth, subscribe since 3, subscribe since null
        QCOMPARE(received.at(1).value("since").toInteger(), 3);
        QVERIFY(received.at(2).value("since").isNull());
        c.feed.stop();
        settings->sync();
        QCOMPARE(settings->value(c.feed.storeKey()).toLongLong(), 900);
    }

    void refusedTopic_isReported() {
        FakeFeedServer server;
        QVERIFY(server.listen());
        server.onSubscribe = [](const QJsonObject&, int) {
            return QList<QJsonObject>{
                {{"type", "error"}, {"code", "forbidden"}, {"topic", "finance"}},
                {{"type", "ready"}, {"last_event_id", 1}}};
        };
        Client c(server.baseUrl(), "alice", store("refused.ini"));
        c.feed.setTopics({"orders", "finance"});
        QSignalSpy refused(&c.feed, &FeedClient::topicRefused);
        c.feed.start();
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("finance"));
        QCOMPARE(refused.at(0).at(1).toString(), QStringLiteral("forbidden"));
        c.feed.stop();
    }

    void sessionEnd_takesTheFeedOffline_signInBringsItBack() {
        FakeFeedServer server;
        QVERIFY(server.listen());
        Client c(server.baseUrl(), "alice", store("session.ini"));
        c.feed.start();
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
        c.session.signOut();
        QCOMPARE(c.feed.state(), FeedClient::State::Offline);
        QVERIFY(!c.timers["retry"].isActive());
        signInOffline(c.session, "alice");
        QTRY_COMPARE(c.feed.state(), FeedClient::State::Live);
        QCOMPARE(server.connections.size(), 2);
        c.feed.stop();
    }

    // --- the orders list, live ------------------------------------------------------------

    void orderList_appliesLiveEvents_inPlace() {
        FakeHttpServer http;
        QVERIFY(http.listen());
        const int total = 30;
        http.setHandler([&](const FakeHttpServer::Request& r) {
            const QUrlQuery q(QUrl(QString::fromLatin1(r.path)).query());
            const int offset = q.queryItemValue("cursor").toInt();
            const int limit = q.queryItemValue("limit").toInt();
            QJsonArray items;
            for (int i = offset; i < qMin(total, offset + limit); ++i) {
                items.append(orderObject(i + 1));
            }
            QJsonObject body{{"items", items}};
            body["next_cursor"] = offset + limit < total
                                      ? QJsonValue(QString::number(offset + limit))
                                      : QJsonValue(QJsonValue::Null);
            if (offset == 0) {
                body["total_estimate"] = total;
                body["total_is_exact"] = true;
            }
            return Response::json(200, QJsonDocument(body).toJson());
        });
        ApiClient api;
        api.setBaseUrl(http.baseUrl());
        OrdersApi orders(&api);
        OrderListModel model(&orders);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(10);
        model.setHighlightDuration(50ms);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setFilter({});
        // Announced while the first page is on its way: applied once it is in.
        QVERIFY(!model.insertLive(summary(orderObject(0))));
        QTRY_VERIFY(model.itemRowCount() >= 11);
        QCOMPARE(model.itemAt(0)->id, 1000);
        QCOMPARE(model.itemAt(1)->id, 999);
        // The rest of the list (the tester asks for more too).
        QTRY_VERIFY_WITH_TIMEOUT(model.canFetchMore({}) ? (model.fetchMore({}), false)
                                                        : model.atEnd() && !model.isLoading(),
                                 10'000);
        QCOMPARE(model.itemRowCount(), 31);
        resets.clear();

        // A new order: at the top, highlighted for a moment, the count follows.
        QSignalSpy inserted(&model, &OrderListModel::liveItemInserted);
        QVERIFY(model.insertLive(summary(orderObject(-1))));
        QCOMPARE(model.itemAt(0)->id, 1001);
        QCOMPARE(model.itemRowCount(), 32);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(0).toInt(), 0);
        QCOMPARE(*model.totalEstimate(), qint64(32));
        QVERIFY(model.index(0, 0).data(OrderListModel::HighlightRole).toBool());
        QTRY_VERIFY(!model.index(0, 0).data(OrderListModel::HighlightRole).toBool());
        // Seen twice (a replay): once in the list.
        QVERIFY(!model.insertLive(summary(orderObject(-1))));
        QCOMPARE(model.itemRowCount(), 32);

        // A change: replaced in place, no reset; an older version does not win.
        const int row = model.rowOfId(995);
        QVERIFY(row > 0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.updateItem(summary(orderObject(5, "shipped", 3, 77700))));
        QCOMPARE(model.itemAt(row)->status, QStringLiteral("shipped"));
        QCOMPARE(model.itemAt(row)->totalMinor, 77700);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), row);
        QVERIFY(model.updateItem(summary(orderObject(5, "paid", 2))));
        QCOMPARE(model.itemAt(row)->status, QStringLiteral("shipped"));
        QCOMPARE(resets.size(), 0);

        // Not matching the filter: not shown.
        OrderFilter onlyShipped;
        onlyShipped.statuses = {"shipped"};
        model.setFilter(onlyShipped);
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(!model.insertLive(summary(orderObject(-2, "paid"))));
        QVERIFY(model.rowOfId(1002) < 0);
    }

    void orderList_newOrderWhileTheTopPageIsEmptied_joinsWhenTheUserScrollsBack() {
        // Memory stays bounded: far pages are emptied. A new order still joins the top page,
        // which grows by one and brings it when the user comes back up.
        FakeHttpServer http;
        QVERIFY(http.listen());
        bool committed = false;  // the new order, once the storefront handed it in
        http.setHandler([&](const FakeHttpServer::Request& r) {
            const QUrlQuery q(QUrl(QString::fromLatin1(r.path)).query());
            const int offset = q.queryItemValue("cursor").toInt();
            const int limit = q.queryItemValue("limit").toInt();
            QList<QJsonObject> all;
            if (committed) {
                all << orderObject(-1);
            }
            for (int n = 1; n <= 50; ++n) {
                all << orderObject(n);
            }
            // Cursors name the row count of the original list (keyset: after order n).
            const int start = offset == 0 ? 0 : offset + (committed ? 1 : 0);
            QJsonArray items;
            for (int i = start; i < qMin(int(all.size()), start + limit); ++i) {
                items.append(all[i]);
            }
            QJsonObject body{{"items", items}};
            body["next_cursor"] = offset + 10 < 50 ? QJsonValue(QString::number(offset + 10))
                                                   : QJsonValue(QJsonValue::Null);
            return Response::json(200, QJsonDocument(body).toJson());
        });
        ApiClient api;
        api.setBaseUrl(http.baseUrl());
        OrdersApi orders(&api);
        OrderListModel model(&orders);
        model.setPageSize(10);
        model.setMaxLoadedPages(3);
        model.setFilter({});
        QTRY_COMPARE(model.itemRowCount(), 10);
        while (!model.atEnd()) {
            const int rows = model.itemRowCount();
            model.data(model.index(rows - 1, 0));  // the user looks at the bottom
            model.fetchMore({});
            QTRY_VERIFY(model.itemRowCount() > rows || model.atEnd());
        }
        model.data(model.index(49, 0));
        QCOMPARE(model.itemRowCount(), 50);
        QVERIFY(!model.itemAt(0));  // the top page was emptied
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        committed = true;
        QSignalSpy inserted(&model, &OrderListModel::liveItemInserted);
        QVERIFY(model.insertLive(summary(orderObject(-1))));
        QCOMPARE(model.itemRowCount(), 51);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.itemAt(50)->id, 950);  // the rows below keep their place
        // Back at the top: the page is fetched again, with the new order first.
        model.data(model.index(0, 0));
        QTRY_VERIFY(model.itemAt(0).has_value());
        QCOMPARE(model.itemAt(0)->id, 1001);
        QCOMPARE(model.itemAt(10)->id, 990);
        // The row below the grown top page is where it was: asked for, it loads as order 989.
        model.data(model.index(11, 0));
        QTRY_VERIFY(model.itemAt(11).has_value());
        QCOMPARE(model.itemAt(11)->id, 989);
    }

    void orderList_sortedByTotal_placesANewOrderAmongTheLoadedRows() {
        FakeHttpServer http;
        QVERIFY(http.listen());
        http.setHandler([&](const FakeHttpServer::Request& r) {
            if (r.path.contains("cursor=more")) {
                Response wait;
                wait.silent = true;  // the next page stays on its way
                return wait;
            }
            QJsonArray items;
            for (int i = 1; i <= 5; ++i) {
                items.append(orderObject(i, "paid", 1, 10000 - i * 1000));  // 9000 … 5000
            }
            return Response::json(
                200,
                QJsonDocument(QJsonObject{{"items", items}, {"next_cursor", "more"}}).toJson());
        });
        ApiClient api;
        api.setBaseUrl(http.baseUrl());
        OrdersApi orders(&api);
        OrderListModel model(&orders);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        OrderFilter byTotal;
        byTotal.sort = OrderFilter::Sort::Total;
        model.setFilter(byTotal);
        QTRY_COMPARE(model.itemRowCount(), 5);
        QVERIFY(model.insertLive(summary(orderObject(-1, "paid", 1, 7500))));
        QCOMPARE(model.rowOfId(1001), 2);  // between 8000 and 7000
        // Past the loaded rows, with more to come: the next page brings it.
        QVERIFY(!model.insertLive(summary(orderObject(-2, "paid", 1, 100))));
        QCOMPARE(model.itemRowCount(), 6);
    }
};

QTEST_GUILESS_MAIN(FeedClientTest)
#include "tst_feed_client.moc"
