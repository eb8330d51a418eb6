// The server's in-process caches (server/cache/) against two real instances on one PostgreSQL:
// answers of the orders list and signed-in sessions are remembered, and forgotten on every
// instance as soon as anything they depend on changes, whichever instance (or psql) changed it.
// Both instances keep list answers for a minute and sessions for 15 s (--list-cache-ms and
// --session-cache-ms 60000; sessions are looked up again at the activity stamp's interval), so a
// fresh answer within the few seconds these tests wait can only come from invalidation.

#include <QtTest>

#include <future>
#include <vector>

#include "httpclient.h"
#include "serverprocess.h"
#include "storefrontorder.h"
#include "testcluster.h"

using namespace opsdesk::test;

namespace {

const QString kPassword = "correct horse battery";
const QByteArray kServiceKey = "cache-test-service-key-0123456789";
// "At once", with room for a loaded two-core machine, and still well within the 15 s a session is
// remembered: an answer within it can only come from invalidation.
constexpr int kPromptMs = 10000;

}  // namespace

class CachesTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster_;
    QString dbUrl_;
    ServerProcess a_;
    ServerProcess b_;
    int seq_ = 0;

    static QStringList serverArgs() {
        return {"--service-key",           QString::fromLatin1(kServiceKey),
                "--list-cache-ms",         "60000",
                "--session-cache-ms",      "60000",
                "--login-rate-per-minute", "10000"};
    }

    static HttpResult as(const ServerProcess& s, const QString& token, const QByteArray& method,
                         const QString& path, const QJsonObject& body = {}) {
        return httpRequest(method, s.baseUrl().resolved(QUrl(path)),
                           method == "GET" ? QByteArray() : QJsonDocument(body).toJson(),
                           {{"Authorization", "Bearer " + token.toUtf8()}});
    }

    // Hands an order in through `s`; returns its number.
    QString newOrder(const ServerProcess& s, const QString& email) {
        const auto r = httpRequest(
            "POST", s.baseUrl().resolved(QUrl("/api/v1/storefront/orders")),
            QJsonDocument(storefrontOrder(QString("cache-%1").arg(++seq_), email, 1000)).toJson(),
            {{"X-Api-Key", kServiceKey}});
        if (r.status != 201) {
            qWarning() << r.status << r.body;
        }
        return r.json().value("number").toString();
    }

    static QStringList numbers(const HttpResult& list) {
        QStringList out;
        for (const auto& item : list.json().value("items").toArray()) {
            out << item.toObject().value("number").toString();
        }
        return out;
    }

    // How many requests `s` answered from its list cache so far ("cache":"hit" in its log).
    static int hits(const ServerProcess& s, const char* kind = "hit") {
        return int(s.stderrText().count(QString("\"cache\":\"%1\"").arg(kind)));
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster_, &error), qPrintable(error));
        dbUrl_ = cluster_.createDatabase("caches");
        QVERIFY2(a_.start({dbUrl_, false, serverArgs()}, &error), qPrintable(error));
        QVERIFY2(b_.start({dbUrl_, false, serverArgs()}, &error), qPrintable(error));
        QVERIFY(a_.createUser("admin", kPassword, "admin", &error));
        QVERIFY(a_.createUser("agent", kPassword, "support_agent", &error));
        QVERIFY(!newOrder(a_, "first@example.com").isEmpty());
    }

    void list_isAnsweredFromTheCache_untilAnotherInstanceAddsAnOrder() {
        const QString token = a_.signIn("agent", kPassword);
        const auto first = as(b_, token, "GET", "/api/v1/orders?limit=50");
        QCOMPARE(first.status, 200);
        const int hitsBefore = hits(b_);
        const auto again = as(b_, token, "GET", "/api/v1/orders?limit=50");
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body, first.body);
        QTRY_COMPARE_WITH_TIMEOUT(hits(b_), hitsBefore + 1, kPromptMs);  // the log line follows

        const QString number = newOrder(a_, "second@example.com");
        QVERIFY(!number.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            numbers(as(b_, token, "GET", "/api/v1/orders?limit=50")).contains(number), kPromptMs);
        // The first page's estimate moved with it.
        const auto after = as(b_, token, "GET", "/api/v1/orders?limit=50").json();
        QCOMPARE(after.value("total_estimate").toInt(),
                 first.json().value("total_estimate").toInt() + 1);
    }

    void list_ownChange_isSeenByTheNextRequestAtOnce() {
        // A desk that just changed an order and reloads must not see the list from before,
        // not even for the moment until the notification comes round.
        const QString admin = a_.signIn("admin", kPassword);
        const QString number = newOrder(a_, "own@example.com");
        const auto page = as(a_, admin, "GET", "/api/v1/orders?q=own%40example");
        QCOMPARE(page.status, 200);
        const auto item = page.json().value("items").toArray().at(0).toObject();
        QCOMPARE(item.value("number").toString(), number);
        QCOMPARE(as(a_, admin, "GET", "/api/v1/orders?q=own%40example").body, page.body);  // kept
        const auto id = QString::number(item.value("id").toInteger());
        const auto cancel = httpRequest(
            "POST", a_.baseUrl().resolved(QUrl("/api/v1/orders/" + id + "/transitions")),
            QJsonDocument(QJsonObject{{"to", "cancelled"}, {"reason", "customer asked"}}).toJson(),
            {{"Authorization", "Bearer " + admin.toUtf8()},
             {"If-Match", QByteArray::number(item.value("version").toInt())}});
        QCOMPARE(cancel.status, 200);
        const auto reloaded = as(a_, admin, "GET", "/api/v1/orders?q=own%40example");
        QCOMPARE(reloaded.json().value("items").toArray().at(0).toObject().value("status"),
                 QJsonValue("cancelled"));
    }

    void list_manyDesksAtOnce_shareOneAnswer() {
        const QString token = a_.signIn("agent", kPassword);
        const QString kept = "/api/v1/orders?limit=20";
        QCOMPARE(as(b_, token, "GET", kept).status, 200);  // session and this page known to b
        const QString number = newOrder(a_, "burst@example.com");
        QVERIFY(!number.isEmpty());
        // b has heard of it once the page it kept shows it: the next asks miss together.
        QTRY_VERIFY_WITH_TIMEOUT(numbers(as(b_, token, "GET", kept)).contains(number), kPromptMs);
        // Only a session b remembers goes through the list cache: a fresh one, remembered now
        // (for up to 15 s; the rest takes a few).
        const QString desk = a_.signIn("agent", kPassword);
        QCOMPARE(as(b_, desk, "GET", "/api/v1/auth/me").status, 200);
        // The first ask to reach the database waits there (the orders table is locked) while
        // the others come in: they must wait for its answer, not run the query again.
        PsqlSession locker(dbUrl_);
        QVERIFY(locker.run("BEGIN; LOCK TABLE orders IN ACCESS EXCLUSIVE MODE"));
        const int hitsBefore = hits(b_);
        const int joinedBefore = hits(b_, "joined");
        std::vector<std::future<HttpResult>> calls;
        for (int i = 0; i < 24; ++i) {
            calls.push_back(std::async(std::launch::async, [this, desk] {
                return as(b_, desk, "GET", "/api/v1/orders?limit=20&sort=total");
            }));
        }
        QVERIFY(waitForSql(dbUrl_,
                           "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = "
                           "current_database() AND wait_event_type = 'Lock'"));
        QTest::qWait(1000);  // room for the other 23 to arrive (one is enough to join)
        QVERIFY(locker.run("COMMIT"));
        QByteArray body;
        for (auto& c : calls) {
            const auto r = c.get();
            QCOMPARE(r.status, 200);
            if (body.isEmpty()) {
                body = r.body;
            }
            QCOMPARE(r.body, body);
        }
        QVERIFY(numbers(HttpResult{200, body, {}, {}}).contains(number));
        // One of the 24 ran the query; the others joined it or found its answer kept.
        QTRY_COMPARE_WITH_TIMEOUT((hits(b_) - hitsBefore) + (hits(b_, "joined") - joinedBefore), 23,
                                  kPromptMs);
        QVERIFY2(hits(b_, "joined") > joinedBefore, "nobody waited for the first answer");
    }

    void session_loggedOutOnOneInstance_isRefusedOnTheOtherAtOnce() {
        const QString token = a_.signIn("agent", kPassword);
        QCOMPARE(as(b_, token, "GET", "/api/v1/auth/me").status, 200);  // now remembered by b
        QCOMPARE(as(b_, token, "GET", "/api/v1/orders?limit=7").status, 200);
        QCOMPARE(as(a_, token, "POST", "/api/v1/auth/logout").status, 204);
        QTRY_COMPARE_WITH_TIMEOUT(as(b_, token, "GET", "/api/v1/auth/me").status, 401, kPromptMs);
        // Also where the answer itself is cached: the session is checked first.
        QCOMPARE(as(b_, token, "GET", "/api/v1/orders?limit=7").status, 401);
        // And on the instance that logged out, without waiting for anything.
        QCOMPARE(as(a_, token, "GET", "/api/v1/auth/me").status, 401);
    }

    void session_permissionTakenAwayInPsql_isRefusedAtOnce() {
        QString error;
        QVERIFY(a_.createUser("temp", kPassword, "support_agent", &error));
        const QString token = a_.signIn("temp", kPassword);
        QCOMPARE(as(b_, token, "GET", "/api/v1/orders?limit=3").status, 200);
        QCOMPARE(as(b_, token, "GET", "/api/v1/orders?limit=3").status, 200);
        // A new role without orders.read, the user moved to it behind the servers' backs.
        bool ok = false;
        psql(dbUrl_,
             "INSERT INTO roles (name) VALUES ('nothing much');"
             "UPDATE user_roles SET role_id = (SELECT id FROM roles WHERE name = 'nothing much') "
             "WHERE user_id = (SELECT id FROM users WHERE username = 'temp')",
             &ok);
        QVERIFY(ok);
        QTRY_COMPARE_WITH_TIMEOUT(as(b_, token, "GET", "/api/v1/orders?limit=3").status, 403,
                                  kPromptMs);
        QCOMPARE(as(a_, token, "GET", "/api/v1/orders?limit=3").status, 403);
        // Deactivated: not signed in at all any more.
        psql(dbUrl_, "UPDATE users SET active = false WHERE username = 'temp'", &ok);
        QVERIFY(ok);
        QTRY_COMPARE_WITH_TIMEOUT(as(b_, token, "GET", "/api/v1/auth/me").status, 401, kPromptMs);
    }

    void listenerLost_changesMadeMeanwhileAreNotHidden() {
        // b's listening connection dies; an order comes in through a while nobody tells b.
        // b must neither answer from what it remembered nor miss the change once it is back.
        const QString token = a_.signIn("agent", kPassword);
        const auto before = as(b_, token, "GET", "/api/v1/orders?limit=50");
        QCOMPARE(before.status, 200);
        QCOMPARE(as(b_, token, "GET", "/api/v1/orders?limit=50").body, before.body);
        bool ok = false;
        const auto killed = psql(dbUrl_,
                                 "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                 "WHERE application_name = 'opsdesk-cache-listener' AND "
                                 "datname = current_database()",
                                 &ok);
        QVERIFY(ok);
        QCOMPARE(killed.trimmed(), QString("2"));  // one per instance
        const QString number = newOrder(a_, "meanwhile@example.com");
        QVERIFY(!number.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            numbers(as(b_, token, "GET", "/api/v1/orders?limit=50")).contains(number), kPromptMs);
        // Back to normal: listening again, answers kept again.
        QTRY_VERIFY_WITH_TIMEOUT(psql(dbUrl_,
                                      "SELECT count(*) FROM pg_stat_activity "
                                      "WHERE application_name = 'opsdesk-cache-listener' AND "
                                      "datname = current_database()")
                                         .trimmed() == "2",
                                 kPromptMs);
        const auto page = as(b_, token, "GET", "/api/v1/orders?limit=49");
        const int hitsBefore = hits(b_);
        QCOMPARE(as(b_, token, "GET", "/api/v1/orders?limit=49").body, page.body);
        QTRY_COMPARE_WITH_TIMEOUT(hits(b_), hitsBefore + 1, kPromptMs);
        QVERIFY(b_.stderrText().contains("cache listener lost its database connection"));
    }

    void cachesOff_stillCorrect() {
        ServerProcess off;
        QString error;
        QVERIFY2(off.start({dbUrl_,
                            false,
                            {"--list-cache-ms", "0", "--session-cache-ms", "0",
                             "--login-rate-per-minute", "10000"}},
                           &error),
                 qPrintable(error));
        const QString token = off.signIn("agent", kPassword);
        const auto one = as(off, token, "GET", "/api/v1/orders?limit=5");
        QCOMPARE(one.status, 200);
        QCOMPARE(as(off, token, "GET", "/api/v1/orders?limit=5").body, one.body);
        // An order another instance takes in shows on the very next ask, with nothing to wait
        // for: nothing was kept.
        const QString number = newOrder(a_, "uncached@example.com");
        QVERIFY(!number.isEmpty());
        QVERIFY(numbers(as(off, token, "GET", "/api/v1/orders?limit=5")).contains(number));
        // A logout elsewhere ends the session here at once, too.
        QCOMPARE(as(a_, token, "POST", "/api/v1/auth/logout").status, 204);
        QCOMPARE(as(off, token, "GET", "/api/v1/orders?limit=5").status, 401);
        QCOMPARE(hits(off), 0);
        QCOMPARE(hits(off, "joined"), 0);
        QVERIFY(off.stderrText().contains("\"path\":\"/api/v1/orders\""));  // the log is there
    }

    void cleanupTestCase() {
        a_.stop();
        b_.stop();
    }
};

QTEST_GUILESS_MAIN(CachesTest)
#include "tst_caches.moc"
