// The live feed's outbox and sequencer against a real PostgreSQL: events commit with their
// change, ids follow commit visibility (never skipping a late commit), one leader at a time,
// retention pruning.

#include <QtTest>

#include <pqxx/pqxx>

#include "db/migrations.h"
#include "feed/outbox.h"
#include "feed/sequencer.h"
#include "testcluster.h"

using namespace opsdesk::server;
using opsdesk::protocol::EventKind;

namespace {

std::optional<std::int64_t> idOf(pqxx::connection& c, std::int64_t entity) {
    pqxx::read_transaction tx(c);
    const auto r = tx.exec_params("SELECT id FROM events WHERE entity_id = $1", entity);
    if (r.empty() || r[0][0].is_null()) {
        return std::nullopt;
    }
    return r[0][0].as<std::int64_t>();
}

bool waitForId(pqxx::connection& c, std::int64_t entity, std::int64_t* id) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 30'000) {
        if (const auto v = idOf(c, entity)) {
            *id = *v;
            return true;
        }
        QThread::msleep(20);
    }
    return false;
}

}  // namespace

class FeedTest : public QObject {
    Q_OBJECT

private:
    opsdesk::test::TestCluster cluster_;

    std::string freshDatabase(const QString& prefix) {
        const std::string url = cluster_.createDatabase(prefix).toStdString();
        pqxx::connection c(url);
        db::migrate(c, db::loadMigrations(db::embeddedMigrationFiles()));
        return url;
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(opsdesk::test::TestCluster::load(&cluster_, &error), qPrintable(error));
    }

    void feedSessions_walkTheEventIndexesInOrder_whateverTheStatistics() {
        // The state that made numbering 400 times slower: statistics of an empty events table
        // (VACUUM ANALYZE), then a burst. A bitmap scan would re-read every dead entry of the
        // partial index; the feed's sessions must walk the index in order.
        const auto url = freshDatabase("feedplan");
        pqxx::connection c(url);
        {
            pqxx::nontransaction tx(c);
            tx.exec("VACUUM ANALYZE events");
            tx.exec(
                "INSERT INTO events (topic, kind, payload) "
                "SELECT 'orders', 'order.created', '{}' FROM generate_series(1, 60000)");
        }
        const auto plan = [&c](const std::string& query) {
            pqxx::nontransaction tx(c);
            std::string text;
            for (const auto& row : tx.exec("EXPLAIN " + query)) {
                text += row[0].as<std::string>() + "\n";
            }
            return QString::fromStdString(text);
        };
        const std::string batch =
            "SELECT seq FROM events WHERE id IS NULL ORDER BY seq LIMIT 5000 FOR UPDATE";
        const std::string range =
            "SELECT id, topic, kind, payload::text FROM events WHERE id > 5 AND id <= 100000 "
            "ORDER BY id LIMIT 5000";
        feed::steerToIndexScans(c);
        const QString batchPlan = plan(batch);
        QVERIFY2(batchPlan.contains("Index Scan using events_unpublished_idx") &&
                     !batchPlan.contains("Bitmap") && !batchPlan.contains("Sort"),
                 qPrintable(batchPlan));
        const QString rangePlan = plan(range);
        QVERIFY2(
            rangePlan.contains("Index Scan using events_id_key") && !rangePlan.contains("Bitmap"),
            qPrintable(rangePlan));
        // Once the statistics know of the burst (autoanalyze), the numbering must still probe the
        // primary key for the batch's rows, not walk all of it (a plain join went merge join).
        pqxx::nontransaction(c).exec("ANALYZE events");
        const QString numberingPlan = plan(feed::numberingStatement());
        QVERIFY2(numberingPlan.contains("Index Scan using events_pkey") &&
                     numberingPlan.contains("ANY") && !numberingPlan.contains("Merge Join") &&
                     !numberingPlan.contains("Seq Scan"),
                 qPrintable(numberingPlan));
    }

    void eventOfARolledBackChange_isNeverPublished() {
        const auto url = freshDatabase("feed_rollback");
        pqxx::connection c(url);
        {
            pqxx::work tx(c);
            feed::publish(tx, EventKind::OrderCreated, 1, 1, {{"n", 1}});
            tx.abort();
        }
        {
            pqxx::work tx(c);
            feed::publish(tx, EventKind::OrderCreated, 2, 1, {{"n", 2}});
            tx.commit();
        }
        QCOMPARE(feed::Sequencer::numberPending(url), std::int64_t{1});
        pqxx::read_transaction tx(c);
        QCOMPARE(tx.exec1("SELECT count(*) FROM events")[0].as<int>(), 1);
        QCOMPARE(tx.exec1("SELECT entity_id FROM events")[0].as<int>(), 2);
    }

    // Two transactions commit in the opposite order of their writes: the one that wrote first
    // (and would hold the smaller id under a before-commit numbering) becomes visible last. A
    // reader that already moved past the other must still get it.
    void outOfOrderCommits_neverSkipAnEvent() {
        const auto url = freshDatabase("feed_order");
        feed::Sequencer sequencer({url, std::chrono::hours(24), std::chrono::milliseconds(50)});
        sequencer.start();
        pqxx::connection c1(url);
        pqxx::connection c2(url);
        pqxx::connection reader(url);

        pqxx::work first(c1);
        feed::publish(first, EventKind::OrderUpdated, 101, 2, {{"who", "first"}});
        pqxx::work second(c2);
        feed::publish(second, EventKind::OrderUpdated, 102, 2, {{"who", "second"}});
        second.commit();
        std::int64_t secondId = 0;
        QVERIFY2(waitForId(reader, 102, &secondId), "the committed event was not numbered");
        // A client reads everything up to secondId now and remembers it.
        std::int64_t lastSeen = 0;
        {
            pqxx::read_transaction tx(reader);
            for (const auto& row : tx.exec("SELECT id, entity_id FROM events WHERE id IS NOT NULL "
                                           "ORDER BY id")) {
                lastSeen = row[0].as<std::int64_t>();
                QCOMPARE(row[1].as<std::int64_t>(), std::int64_t{102});
            }
        }
        QCOMPARE(lastSeen, secondId);

        first.commit();
        std::int64_t firstId = 0;
        QVERIFY2(waitForId(reader, 101, &firstId), "the late commit was never numbered");
        QVERIFY2(firstId > lastSeen, "the late event got an id the reader had already passed");
        // Resuming after lastSeen delivers exactly the late event.
        pqxx::read_transaction tx(reader);
        const auto resumed =
            tx.exec_params("SELECT entity_id FROM events WHERE id > $1 ORDER BY id", lastSeen);
        QCOMPARE(resumed.size(), pqxx::result::size_type{1});
        QCOMPARE(resumed[0][0].as<std::int64_t>(), std::int64_t{101});
        // And the write order really was the other way round.
        QVERIFY(tx.exec1("SELECT (SELECT seq FROM events WHERE entity_id = 101) < "
                         "(SELECT seq FROM events WHERE entity_id = 102)")[0]
                    .as<bool>());
    }

    void manyConcurrentWriters_idsAreDenseAndFollowVisibility() {
        const auto url = freshDatabase("feed_many");
        feed::Sequencer sequencer({url, std::chrono::hours(24), std::chrono::milliseconds(20)});
        sequencer.start();
        std::vector<std::thread> writers;
        for (int w = 0; w < 4; ++w) {
            writers.emplace_back([url, w] {
                pqxx::connection c(url);
                for (int i = 0; i < 100; ++i) {
                    pqxx::work tx(c);
                    feed::publish(tx, EventKind::OrderCreated, w * 1000 + i, 1, {});
                    tx.commit();
                }
            });
        }
        for (auto& t : writers) {
            t.join();
        }
        pqxx::connection c(url);
        QElapsedTimer t;
        t.start();
        int numbered = 0;
        while (t.elapsed() < 30'000) {
            pqxx::read_transaction tx(c);
            numbered = tx.exec1("SELECT count(id) FROM events")[0].as<int>();
            if (numbered == 400) {
                break;
            }
            QThread::msleep(20);
        }
        QCOMPARE(numbered, 400);
        pqxx::read_transaction tx(c);
        // Dense: one sequencer, nothing rolled back, so 1 to 400 with no gap.
        QCOMPARE(tx.exec1("SELECT min(id)::int FROM events")[0].as<int>(), 1);
        QCOMPARE(tx.exec1("SELECT max(id)::int FROM events")[0].as<int>(), 400);
        // Following visibility: each writer committed its events one after another, so each
        // one's ids grow in its own commit order (entity_id counts up per writer).
        QCOMPARE(tx.exec1("SELECT count(*) FROM (SELECT id, lag(id) OVER ("
                          "PARTITION BY entity_id / 1000 ORDER BY entity_id) AS before "
                          "FROM events) s WHERE before > id")[0]
                     .as<int>(),
                 0);
    }

    void oneLeaderAtATime_andAStandbyTakesOver() {
        const auto url = freshDatabase("feed_leader");
        auto a = std::make_unique<feed::Sequencer>(
            feed::Sequencer::Options{url, std::chrono::hours(24), std::chrono::milliseconds(50)});
        feed::Sequencer b({url, std::chrono::hours(24), std::chrono::milliseconds(50)});
        a->start();
        QTRY_VERIFY(a->isLeader());
        b.start();
        QTest::qWait(300);
        QVERIFY(!b.isLeader());
        a.reset();  // the leader goes away
        QTRY_VERIFY_WITH_TIMEOUT(b.isLeader(), 20000);
        pqxx::connection c(url);
        {
            pqxx::work tx(c);
            feed::publish(tx, EventKind::OrderCreated, 7, 1, {});
            tx.commit();
        }
        std::int64_t id = 0;
        QVERIFY(waitForId(c, 7, &id));
    }

    void retention_prunesOldEvents_andRemembersHowFar() {
        const auto url = freshDatabase("feed_prune");
        pqxx::connection c(url);
        for (int i = 1; i <= 5; ++i) {
            pqxx::work tx(c);
            feed::publish(tx, EventKind::OrderCreated, i, 1, {});
            tx.commit();
        }
        QCOMPARE(feed::Sequencer::numberPending(url), std::int64_t{5});
        {
            pqxx::work tx(c);
            tx.exec(
                "UPDATE events SET created_at = now() - interval '2 hours' WHERE entity_id <= 3");
            tx.commit();
        }
        feed::Sequencer s({url, std::chrono::hours(1), std::chrono::milliseconds(50)});
        s.start();
        QElapsedTimer t;
        t.start();
        int left = 5;
        while (t.elapsed() < 30'000 && left != 2) {
            pqxx::read_transaction tx(c);
            left = tx.exec1("SELECT count(*) FROM events")[0].as<int>();
            QThread::msleep(20);
        }
        QCOMPARE(left, 2);
        pqxx::read_transaction tx(c);
        const auto pruned = tx.exec1("SELECT pruned_through FROM feed_state")[0].as<std::int64_t>();
        const auto oldestKept = tx.exec1("SELECT min(id) FROM events")[0].as<std::int64_t>();
        QVERIFY(pruned >= 3);
        QVERIFY(oldestKept > pruned);
    }
};

QTEST_GUILESS_MAIN(FeedTest)
#include "tst_feed.moc"
