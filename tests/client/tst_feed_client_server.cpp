// The live feed client against the real server and PostgreSQL: replay after a disconnect and
// after a restart of the client delivers exactly the missed events once, in order; topics and
// events the user may not read never arrive; a resume id past retention asks for a resync.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "opsdesk/protocol/roles.h"
#include "orderstestdata.h"
#include "services-client/feed/feedclient.h"
#include "testcluster.h"

using namespace opsdesk;
using namespace opsdesk::test;
using client::FeedClient;
using client::FeedEvent;

namespace {

struct FeedUser {
    SignedInClient client;
    FeedClient feed{&client.api, &client.session};
    QList<FeedEvent> events;
    QStringList refused;

    FeedUser(std::shared_ptr<QSettings> store) {
        feed.setStore(std::move(store));
        QObject::connect(&feed, &FeedClient::eventReceived,
                         [this](const FeedEvent& e) { events.append(e); });
        QObject::connect(&feed, &FeedClient::topicRefused,
                         [this](const QString& topic, const QString&) { refused << topic; });
    }
    bool signInAndFollow(const QUrl& base, const QString& user) {
        if (!client.signIn(base, user)) {
            return false;
        }
        feed.setTopics(FeedClient::topicsFor(client.session.user().permissions));
        return follow();
    }
    bool follow() {
        feed.start();
        return QTest::qWaitFor([this] { return feed.state() == FeedClient::State::Live; }, 20'000);
    }
    QList<FeedEvent> of(const QString& kind) const {
        QList<FeedEvent> out;
        for (const auto& e : events) {
            if (e.kindName() == kind) {
                out << e;
            }
        }
        return out;
    }
    QStringList createdNumbers() const {
        QStringList out;
        for (const auto& e : of("order.created")) {
            out << e.data.value("number").toString();
        }
        return out;
    }
    bool strictlyIncreasing() const {
        for (int i = 1; i < events.size(); ++i) {
            if (events[i].id <= events[i - 1].id) {
                return false;
            }
        }
        return true;
    }
};

}  // namespace

class FeedClientServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    QString dbUrl;
    ServerProcess server;
    QTemporaryDir dir;
    int seq = 0;

    std::shared_ptr<QSettings> store(const QString& name) {
        return std::make_shared<QSettings>(dir.filePath(name), QSettings::IniFormat);
    }
    QString handIn(bool pay = false) {
        const QString ext = QStringLiteral("feedc-%1").arg(++seq);
        return handInOrder(server, ext, "Feed Client", ext + "@example.com", 1999, 1, pay).number;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir.isValid());
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        dbUrl = cluster.createDatabase(QStringLiteral("feed_client"));
        QVERIFY2(startOrdersServer(
                     server, dbUrl,
                     {{"admin", "admin"}, {"agent", "support_agent"}, {"clerk", "finance_clerk"}},
                     &error),
                 qPrintable(error));
    }

    void replayAfterDisconnect_deliversExactlyTheMissedEventsOnce_inOrder() {
        FeedUser u(store("replay.ini"));
        QVERIFY(u.signInAndFollow(server.baseUrl(), "admin"));
        const QString live = handIn();
        QTRY_VERIFY_WITH_TIMEOUT(u.createdNumbers().contains(live), 10'000);

        u.feed.stop();  // the line drops
        QStringList missed;
        for (int i = 0; i < 4; ++i) {
            missed << handIn();
        }
        u.events.clear();
        QVERIFY(u.follow());
        // Replayed before `ready`, or live just after it when the server's dispatcher had not
        // reached them yet: either way each exactly once, in order.
        QTRY_COMPARE_WITH_TIMEOUT(u.createdNumbers().size(), 4, 10'000);
        QCOMPARE(u.createdNumbers(), missed);
        QVERIFY(u.strictlyIncreasing());

        const QString after = handIn();
        QTRY_VERIFY_WITH_TIMEOUT(u.createdNumbers().size() == 5, 10'000);
        QCOMPARE(u.createdNumbers(), missed + QStringList{after});
        QVERIFY(u.strictlyIncreasing());
        u.feed.stop();
    }

    void replayAfterClientRestart_resumesWhereItLeftOff() {
        auto settings = store("restart.ini");
        qint64 lastSeen = 0;
        {
            FeedUser u(settings);
            QVERIFY(u.signInAndFollow(server.baseUrl(), "admin"));
            const QString live = handIn();
            QTRY_VERIFY_WITH_TIMEOUT(u.createdNumbers().contains(live), 10'000);
            lastSeen = u.feed.lastEventId();
        }  // the app quits
        QStringList missed{handIn(true), handIn()};
        FeedUser again(settings);
        QVERIFY(again.signInAndFollow(server.baseUrl(), "admin"));
        QTRY_VERIFY_WITH_TIMEOUT(
            again.createdNumbers().size() == 2 && !again.of("order.updated").isEmpty(), 10'000);
        QCOMPARE(again.createdNumbers(), missed);
        QVERIFY(!again.events.isEmpty());
        QVERIFY(again.events.first().id > lastSeen);  // nothing seen before comes again
        QVERIFY(again.strictlyIncreasing());
        // The paid one: created, payment captured, updated to paid, in that order.
        QStringList kinds;
        for (const auto& e : again.events) {
            kinds << e.kindName();
        }
        QCOMPARE(kinds.mid(0, 3),
                 QStringList({"order.created", "payment.captured", "order.updated"}));
        QCOMPARE(again.of("order.updated").first().data.value("status").toString(),
                 QStringLiteral("paid"));
        again.feed.stop();
    }

    void supportAgent_getsNoFinanceOrPaymentEvents() {
        FeedUser agent(store("agent.ini"));
        FeedUser admin(store("admin.ini"));
        QVERIFY(agent.client.signIn(server.baseUrl(), "agent"));
        // Asks for everything: the server refuses what a support agent may not read.
        agent.feed.setTopics(FeedClient::topicsFor(
            {protocol::Permission::OrdersRead, protocol::Permission::FinanceRead,
             protocol::Permission::SupportRead, protocol::Permission::CatalogRead}));
        QVERIFY(agent.follow());
        QCOMPARE(agent.refused, QStringList({"payments", "finance"}));
        QVERIFY(admin.signInAndFollow(server.baseUrl(), "admin"));
        QVERIFY(admin.refused.isEmpty());

        const QString paid = handIn(true);
        auto paidUpdate = [&paid](const FeedUser& u) {
            for (const auto& e : u.of("order.updated")) {
                if (e.data.value("number").toString() == paid &&
                    e.data.value("status").toString() == QLatin1String("paid")) {
                    return true;
                }
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(paidUpdate(admin) && paidUpdate(agent), 10'000);
        QCOMPARE(admin.of("payment.captured").size(), 1);
        QCOMPARE(agent.of("payment.captured").size(), 0);
        for (const auto& e : agent.events) {
            QVERIFY(e.topic == opsdesk::protocol::Topic::Orders);
        }
        QCOMPARE(agent.createdNumbers(), QStringList{paid});
        agent.feed.stop();
        admin.feed.stop();
    }

    void resumeIdPastRetention_reloadsInsteadOfGuessing() {
        auto settings = store("resync.ini");
        FeedUser u(settings);
        QVERIFY(u.client.signIn(server.baseUrl(), "clerk"));
        u.feed.setTopics(FeedClient::topicsFor(u.client.session.user().permissions));
        settings->setValue(u.feed.storeKey(), 1);
        bool ok = false;
        psql(dbUrl, "UPDATE feed_state SET pruned_through = 1000000", &ok);
        QVERIFY(ok);
        QSignalSpy resync(&u.feed, &FeedClient::resyncRequired);
        const bool live = u.follow();
        psql(dbUrl, "UPDATE feed_state SET pruned_through = 0", &ok);
        QVERIFY(live);
        QTRY_COMPARE(resync.size(), 1);
        QVERIFY(u.events.isEmpty());
        // And it follows the present from there.
        const QString next = handIn();
        QTRY_VERIFY_WITH_TIMEOUT(u.createdNumbers() == QStringList{next}, 10'000);
        u.feed.stop();
    }
};

QTEST_GUILESS_MAIN(FeedClientServerTest)
#include "tst_feed_client_server.moc"
