// The live feed end to end: the real server, real PostgreSQL, QWebSocket clients.

#include <QtTest>

#include <future>

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QWebSocket>

#include "httpclient.h"
#include "serverprocess.h"
#include "storefrontorder.h"
#include "testcluster.h"

using namespace opsdesk::test;

namespace {

const QString kPassword = "correct horse battery";
const QByteArray kServiceKey = "feed-test-service-key-42";

// A feed client for tests: collects what the server sends.
class Feed : public QObject {
public:
    // Over wss, trusting `caFile` (and nothing else), when it is given.
    explicit Feed(const QUrl& base, const QString& caFile = {}) {
        QUrl url = base;
        url.setScheme(caFile.isEmpty() ? "ws" : "wss");
        url.setPath("/api/v1/feed");
        if (!caFile.isEmpty()) {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.setCaCertificates(QSslCertificate::fromPath(caFile));
            socket.setSslConfiguration(tls);
        }
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString& text) {
            const auto o = QJsonDocument::fromJson(text.toUtf8()).object();
            messages.append(o);
            if (o.value("type") == "event") {
                events.append(o);
            } else if (o.value("type") == "events") {
                ++batches;
                for (const auto& i : o.value("items").toArray()) {
                    events.append(i.toObject());
                }
            }
        });
        connect(&socket, &QWebSocket::disconnected, this, [this] {
            closed = true;
            closeCode = int(socket.closeCode());
        });
        socket.open(url);
    }
    bool waitConnected() {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                               10'000);
    }
    void send(const QJsonObject& o) {
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    }
    void auth(const QString& token) { send({{"type", "auth"}, {"token", token}}); }
    void subscribe(const QStringList& topics, std::optional<qint64> since = std::nullopt) {
        QJsonObject o{{"type", "subscribe"}, {"topics", QJsonArray::fromStringList(topics)}};
        o["since"] = since ? QJsonValue(*since) : QJsonValue(QJsonValue::Null);
        send(o);
    }
    std::optional<QJsonObject> waitFor(const QString& type, int timeoutMs = 10'000) {
        QJsonObject found;
        const bool ok = QTest::qWaitFor(
            [&] {
                for (const auto& m : messages) {
                    if (m.value("type") == type) {
                        found = m;
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return ok ? std::optional(found) : std::nullopt;
    }
    bool waitEvents(int n, int timeoutMs = 10'000) {
        return QTest::qWaitFor([&] { return events.size() >= n; }, timeoutMs);
    }
    bool waitClosed(int timeoutMs = 10'000) {
        return QTest::qWaitFor([&] { return closed; }, timeoutMs);
    }

    QWebSocket socket;
    QList<QJsonObject> messages;
    QList<QJsonObject> events;
    int batches = 0;
    bool closed = false;
    int closeCode = 0;
};

// A feed client that speaks WebSocket by hand, so that it can stop reading: then the kernel's
// buffers fill and the server has to cut it off.
class RawFeed {
public:
    bool open(quint16 port) {
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(10'000)) {
            return false;
        }
        socket.write(
            "GET /api/v1/feed HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n");
        return readUntil("\r\n\r\n") && in.startsWith("HTTP/1.1 101");
    }
    // A masked text frame, as a client must send.
    void send(const QJsonObject& o) {
        const QByteArray payload = QJsonDocument(o).toJson(QJsonDocument::Compact);
        QByteArray frame("\x81", 1);
        if (payload.size() < 126) {
            frame += char(0x80 | payload.size());
        } else {
            frame += char(0x80 | 126);
            frame += char((payload.size() >> 8) & 0xff);
            frame += char(payload.size() & 0xff);
        }
        const char mask[4] = {0x12, 0x34, 0x56, 0x78};
        frame.append(mask, 4);
        for (qsizetype i = 0; i < payload.size(); ++i) {
            frame += char(payload[i] ^ mask[i % 4]);
        }
        socket.write(frame);
        socket.flush();
    }
    bool readUntil(const QByteArray& marker) {
        QDeadlineTimer deadline(10'000);
        while (!in.contains(marker) && !deadline.hasExpired()) {
            socket.waitForReadyRead(100);
            in += socket.readAll();
        }
        return in.contains(marker);
    }
    void stopReading() {
        socket.setReadBufferSize(1);
        socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    }

    QTcpSocket socket;
    QByteArray in;
};

}  // namespace

class FeedWsTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster_;
    QString dbUrl_;
    ServerProcess a_;
    ServerProcess b_;  // a second instance on the same database
    int seq_ = 0;

    QString token(ServerProcess& s, const QString& user) { return s.signIn(user, kPassword); }

    QString newOrder(ServerProcess& s) {
        const QString ext = QString("feed-%1").arg(++seq_);
        const auto r =
            httpRequest("POST", s.baseUrl().resolved(QUrl("/api/v1/storefront/orders")),
                        QJsonDocument(storefrontOrder(ext, ext + "@example.com", 1000)).toJson(),
                        {{"X-Api-Key", kServiceKey}});
        return r.status == 201 ? r.json().value("number").toString() : QString();
    }

    static HttpResult call(ServerProcess& s, const QString& token, const QByteArray& method,
                           const QString& path, const QJsonObject& body = {},
                           QList<QPair<QByteArray, QByteArray>> headers = {}) {
        headers.append({"Authorization", "Bearer " + token.toUtf8()});
        return httpRequest(method, s.baseUrl().resolved(QUrl(path)),
                           method == "GET" ? QByteArray() : QJsonDocument(body).toJson(), headers);
    }

    // A live feed of `user` on `s`, subscribed to `topics`.
    std::unique_ptr<Feed> liveFeed(ServerProcess& s, const QString& token,
                                   const QStringList& topics) {
        auto f = std::make_unique<Feed>(s.baseUrl());
        if (!f->waitConnected()) {
            return nullptr;
        }
        f->auth(token);
        f->subscribe(topics);
        return f->waitFor("ready") ? std::move(f) : nullptr;
    }

    bool pay(ServerProcess& s, const QString& ext, qint64 amount) {
        return httpRequest("POST", s.baseUrl().resolved(QUrl("/api/v1/storefront/payments")),
                           QJsonDocument(QJsonObject{{"order_external_id", ext},
                                                     {"provider", "alipay"},
                                                     {"provider_ref", "p-" + ext},
                                                     {"amount_minor", amount},
                                                     {"currency", "CNY"}})
                               .toJson(),
                           {{"X-Api-Key", kServiceKey}})
                   .status == 201;
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster_, &error), qPrintable(error));
        dbUrl_ = cluster_.createDatabase("feedws");
        // Feeds look at their sessions on their own only every ten minutes here: whatever ends
        // a feed sooner in these tests, the change itself made it happen.
        const QStringList args{"--service-key",           QString::fromLatin1(kServiceKey),
                               "--feed-auth-timeout-ms",  "800",
                               "--feed-session-check-ms", "600000",
                               "--login-rate-per-minute", "10000"};
        QVERIFY2(a_.start({dbUrl_, false, args + QStringList{"--instance-id", "a"}}, &error),
                 qPrintable(error));
        QVERIFY2(b_.start({dbUrl_, false, args + QStringList{"--instance-id", "b"}}, &error),
                 qPrintable(error));
        QVERIFY(a_.createUser("admin", kPassword, "admin", &error));
        QVERIFY(a_.createUser("agent", kPassword, "support_agent", &error));
        QVERIFY(a_.createUser("clerk", kPassword, "finance_clerk", &error));
    }

    void firstMessageMustBeAuth_withinTheTimeout() {
        Feed silent(a_.baseUrl());
        QVERIFY(silent.waitConnected());
        QVERIFY(silent.waitClosed(5000));
        QCOMPARE(silent.closeCode, 4401);

        Feed rude(a_.baseUrl());
        QVERIFY(rude.waitConnected());
        rude.subscribe({"orders"});
        QVERIFY(rude.waitClosed());
        QCOMPARE(rude.closeCode, 4401);

        Feed forged(a_.baseUrl());
        QVERIFY(forged.waitConnected());
        forged.auth("not-a-token");
        QVERIFY(forged.waitClosed());
        QCOMPARE(forged.closeCode, 4401);
    }

    void subscribe_refusesTopicsTheUserMayNotRead() {
        Feed f(a_.baseUrl());
        QVERIFY(f.waitConnected());
        f.auth(token(a_, "agent"));
        f.subscribe({"orders", "payments", "nonsense"});
        const auto ready = f.waitFor("ready");
        QVERIFY(ready);
        QStringList refused;
        for (const auto& m : f.messages) {
            if (m.value("type") == "error") {
                refused << m.value("topic").toString() + ":" + m.value("code").toString();
            }
        }
        refused.sort();
        QCOMPARE(refused, (QStringList{"nonsense:unknown_topic", "payments:forbidden"}));
    }

    void liveEvents_reachEveryInstance_andFinanceEventsOnlyFinance() {
        Feed agentOnB(b_.baseUrl());
        Feed clerkOnA(a_.baseUrl());
        QVERIFY(agentOnB.waitConnected());
        QVERIFY(clerkOnA.waitConnected());
        agentOnB.auth(token(b_, "agent"));
        agentOnB.subscribe({"orders", "payments"});
        clerkOnA.auth(token(a_, "clerk"));
        clerkOnA.subscribe({"orders", "payments"});
        QVERIFY(agentOnB.waitFor("ready"));
        QVERIFY(clerkOnA.waitFor("ready"));

        // An order arrives through instance A and is paid.
        const QString number = newOrder(a_);
        QVERIFY(!number.isEmpty());
        QVERIFY(pay(a_, QString("feed-%1").arg(seq_), 1000));

        // The agent, connected to B, hears about the order (created, then updated to paid)...
        QVERIFY(agentOnB.waitEvents(2));
        QCOMPARE(agentOnB.events[0].value("kind").toString(), QString("order.created"));
        QCOMPARE(agentOnB.events[0].value("data").toObject().value("number").toString(), number);
        // ...the clerk hears the payment as well.
        QVERIFY(clerkOnA.waitEvents(3));
        QStringList clerkKinds;
        for (const auto& e : clerkOnA.events) {
            clerkKinds << e.value("kind").toString();
        }
        QVERIFY(clerkKinds.contains("payment.captured"));
        QTest::qWait(300);
        for (const auto& e : agentOnB.events) {
            QVERIFY2(e.value("topic") != "payments", "a finance event reached a support agent");
        }
        // Ids increase strictly.
        for (int i = 1; i < clerkOnA.events.size(); ++i) {
            QVERIFY(clerkOnA.events[i].value("id").toInteger() >
                    clerkOnA.events[i - 1].value("id").toInteger());
        }
    }

    void replayAfterDisconnect_deliversExactlyTheMissedEventsOnce_onAnotherInstance() {
        qint64 last = 0;
        {
            Feed f(a_.baseUrl());
            QVERIFY(f.waitConnected());
            f.auth(token(a_, "admin"));
            f.subscribe({"orders"});
            const auto ready = f.waitFor("ready");
            QVERIFY(ready);
            last = ready->value("last_event_id").toInteger();
            QVERIFY(!newOrder(a_).isEmpty());
            QVERIFY(f.waitEvents(1));
            last = f.events.last().value("id").toInteger();
        }  // disconnected
        QStringList missed;
        for (int i = 0; i < 5; ++i) {
            missed << newOrder(a_);
        }
        // Resume on the other instance.
        Feed again(b_.baseUrl());
        QVERIFY(again.waitConnected());
        again.auth(token(b_, "admin"));
        again.subscribe({"orders"}, last);
        QVERIFY(again.waitFor("ready"));
        QStringList got;
        for (const auto& e : again.events) {
            QVERIFY(e.value("id").toInteger() > last);
            got << e.value("data").toObject().value("number").toString();
        }
        QCOMPARE(got, missed);
        // Nothing twice: a new event after ready comes once.
        const QString next = newOrder(b_);
        QVERIFY(again.waitEvents(6));
        QTest::qWait(300);
        QCOMPARE(again.events.size(), 6);
        QCOMPARE(again.events.last().value("data").toObject().value("number").toString(), next);
    }

    void resumeFromBeforeRetention_answersResyncRequired() {
        bool ok = false;
        psql(dbUrl_, "UPDATE feed_state SET pruned_through = 1000000", &ok);
        QVERIFY(ok);
        Feed f(a_.baseUrl());
        QVERIFY(f.waitConnected());
        f.auth(token(a_, "admin"));
        f.subscribe({"orders"}, 5);
        QVERIFY(f.waitFor("resync_required"));
        psql(dbUrl_, "UPDATE feed_state SET pruned_through = 0", &ok);
    }

    // A feed ends with its session, at once and on every instance: signed out on one instance,
    // the feed open on the other closes (4401); so does a deactivated user's.
    void feed_endsAtOnce_whenTheSessionEnds_onAnyInstance() {
        QString error;
        QVERIFY(a_.createUser("shift", kPassword, "support_agent", &error));
        const QString shift = token(a_, "shift");
        auto feed = liveFeed(b_, shift, {"orders"});
        QVERIFY(feed);
        QCOMPARE(call(a_, shift, "POST", "/api/v1/auth/logout").status, 204);
        QVERIFY2(feed->waitClosed(20'000), "the feed outlived its session");
        QCOMPARE(feed->closeCode, 4401);

        QVERIFY(a_.createUser("goner", kPassword, "support_agent", &error));
        auto goner = liveFeed(a_, token(a_, "goner"), {"orders"});
        QVERIFY(goner);
        const QString admin = token(b_, "admin");
        const auto found = call(b_, admin, "GET", "/api/v1/users?q=goner")
                               .json()
                               .value("items")
                               .toArray()
                               .at(0)
                               .toObject();
        QCOMPARE(call(b_, admin, "POST",
                      "/api/v1/users/" + QString::number(found.value("id").toInt()) + "/deactivate",
                      {}, {{"If-Match", QByteArray::number(found.value("version").toInt())}})
                     .status,
                 200);
        QVERIFY2(goner->waitClosed(20'000), "the feed outlived its deactivated user");
        QCOMPARE(goner->closeCode, 4401);
    }

    // A permission taken away takes the topic with it at once: the feed says so (as when a topic
    // is refused at subscribe time) and its events stop, while the other topics go on.
    void feed_permissionTakenAway_stopsThatTopicAtOnce() {
        const QString admin = token(a_, "admin");
        const auto role = call(
            a_, admin, "POST", "/api/v1/roles",
            {{"name", "night_desk"}, {"permissions", QJsonArray{"orders.read", "finance.read"}}});
        QCOMPARE(role.status, 201);
        QString error;
        QVERIFY(a_.createUser("nightly", kPassword, "night_desk", &error));
        auto feed = liveFeed(b_, token(b_, "nightly"), {"orders", "payments"});
        QVERIFY(feed);
        QCOMPARE(call(a_, admin, "PATCH",
                      "/api/v1/roles/" + QString::number(role.json().value("id").toInt()),
                      {{"permissions", QJsonArray{"finance.read"}}},
                      {{"If-Match", QByteArray::number(role.json().value("version").toInt())}})
                     .status,
                 200);
        const auto refused = feed->waitFor("error", 20'000);
        QVERIFY2(refused, "the feed was not told");
        QCOMPARE(refused->value("code").toString(), QString("forbidden"));
        QCOMPARE(refused->value("topic").toString(), QString("orders"));
        // An order and then its payment: the payment arrives, and nothing of the order before it
        // (events come in id order, and the order's were committed first).
        QVERIFY(!newOrder(a_).isEmpty());
        QVERIFY(pay(a_, QString("feed-%1").arg(seq_), 1000));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::any_of(feed->events.begin(), feed->events.end(), [](const auto& e) {
                    return e.value("kind") == "payment.captured";
                });
            },
            10'000));
        for (const auto& e : feed->events) {
            QVERIFY2(e.value("topic") != "orders", "an order event after orders.read was gone");
        }
        QVERIFY(!feed->closed);
    }

    // Feed traffic is not the user's activity: a desk left alone with its feed open is signed
    // out when the session has been idle too long, and the feed ends with it.
    void feed_doesNotKeepAnIdleSessionAlive() {
        ServerProcess idle;
        QString error;
        QVERIFY2(
            idle.start({dbUrl_,
                        false,
                        {"--instance-id", "idle", "--session-idle-seconds", "3",
                         "--feed-session-check-ms", "300", "--login-rate-per-minute", "10000"}},
                       &error),
            qPrintable(error));
        const QString session = token(idle, "admin");
        auto feed = liveFeed(idle, session, {"orders"});
        QVERIFY(feed);
        QVERIFY2(feed->waitClosed(30'000), "the feed kept an idle session alive");
        QCOMPARE(feed->closeCode, 4401);
        QCOMPARE(call(idle, session, "GET", "/api/v1/auth/me").status, 401);
    }

    // A desk that stops reading is cut off with 4408 once its backlog passes the bound, on the
    // real server, and a desk beside it gets every event all the same.
    void feed_clientThatStopsReading_isCutOff4408_othersKeepTheirEvents() {
        ServerProcess c;
        QString error;
        QVERIFY2(
            c.start({dbUrl_,
                     false,
                     {"--instance-id", "slow", "--service-key", QString::fromLatin1(kServiceKey),
                      "--feed-max-queued-bytes", "262144", "--feed-socket-buffer-bytes", "4096",
                      "--login-rate-per-minute", "10000"}},
                    &error),
            qPrintable(error));
        auto healthy = liveFeed(c, token(c, "admin"), {"orders"});
        QVERIFY(healthy);
        RawFeed stuck;
        QVERIFY(stuck.open(quint16(c.port())));
        stuck.send({{"type", "auth"}, {"token", token(c, "admin")}});
        stuck.send(
            {{"type", "subscribe"}, {"topics", QJsonArray{"orders"}}, {"since", QJsonValue()}});
        QVERIFY(stuck.readUntil("\"ready\""));
        stuck.stopReading();
        const int before = int(healthy->events.size());
        int sent = 0;
        // Orders, a few at a time, until the server has held back and queued more for it than
        // it may (a megabyte held, then the 256 KiB queue; a burst fits the healthy desk's).
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         std::vector<std::future<bool>> batch;
                         for (int i = 0; i < 16; ++i) {
                             const QString ext = QString("feed-slow-%1").arg(++seq_);
                             batch.push_back(std::async(std::launch::async, [&c, ext] {
                                 return httpRequest(
                                            "POST",
                                            c.baseUrl().resolved(QUrl("/api/v1/storefront/orders")),
                                            QJsonDocument(
                                                storefrontOrder(ext, ext + "@example.com", 1000))
                                                .toJson(),
                                            {{"X-Api-Key", kServiceKey}})
                                            .status == 201;
                             }));
                         }
                         // The healthy desk reads meanwhile (this thread's event loop).
                         (void)QTest::qWaitFor(
                             [&] {
                                 return std::all_of(batch.begin(), batch.end(), [](auto& f) {
                                     return f.wait_for(std::chrono::seconds(0)) ==
                                            std::future_status::ready;
                                 });
                             },
                             60'000);
                         for (auto& f : batch) {
                             sent += f.get() ? 1 : 0;
                         }
                         return c.stderrText().contains("feed client cut off: it stopped reading");
                     },
                     180'000),
                 "the stuck feed was never cut off");
        QVERIFY(c.stderrText().contains("\"code\":4408"));
        QVERIFY2(healthy->waitEvents(before + sent, 20'000),
                 qPrintable(QString("%1 of %2 events, closed %3 with %4")
                                .arg(healthy->events.size() - before)
                                .arg(sent)
                                .arg(healthy->closed)
                                .arg(healthy->closeCode)));
        QVERIFY(!healthy->closed);
    }

    // wss through a private certificate authority (the demo's set-up): the desk trusts the CA,
    // nothing else, and the feed works as over ws.
    void feed_overWssWithAPrivateCa() {
        ServerProcess tls;
        QString error;
        QVERIFY2(tls.start({dbUrl_,
                            true,
                            {"--instance-id", "tls", "--service-key",
                             QString::fromLatin1(kServiceKey), "--login-rate-per-minute", "10000"}},
                           &error),
                 qPrintable(error));
        QVERIFY(!tls.caFile().isEmpty());
        const auto signIn = httpRequest(
            "POST", tls.baseUrl().resolved(QUrl("/api/v1/auth/login")),
            QJsonDocument(QJsonObject{{"username", "admin"}, {"password", kPassword}}).toJson(), {},
            tls.caFile());
        QCOMPARE(signIn.status, 200);
        Feed f(tls.baseUrl(), tls.caFile());
        QVERIFY2(f.waitConnected(), qPrintable(f.socket.errorString()));
        f.auth(signIn.json().value("token").toString());
        f.subscribe({"orders"});
        QVERIFY(f.waitFor("ready"));
        const QString ext = QString("feed-tls-%1").arg(++seq_);
        QCOMPARE(
            httpRequest("POST", tls.baseUrl().resolved(QUrl("/api/v1/storefront/orders")),
                        QJsonDocument(storefrontOrder(ext, ext + "@example.com", 1000)).toJson(),
                        {{"X-Api-Key", kServiceKey}}, tls.caFile())
                .status,
            201);
        QVERIFY(f.waitEvents(1));
        QCOMPARE(f.events.last().value("kind").toString(), QString("order.created"));
        // Without the CA the same server is not trusted.
        Feed untrusting(tls.baseUrl(), QStringLiteral("/dev/null"));
        QVERIFY(untrusting.waitClosed());
        QVERIFY(untrusting.messages.isEmpty());
    }

    void shutdown_closesFeedsCleanly() {
        ServerProcess c;
        QString error;
        QVERIFY2(c.start({dbUrl_, false, {"--instance-id", "c"}}, &error), qPrintable(error));
        Feed f(c.baseUrl());
        QVERIFY(f.waitConnected());
        f.auth(token(c, "admin"));
        f.subscribe({"orders"});
        QVERIFY(f.waitFor("ready"));
        QCOMPARE(c.stop(), 0);
        QVERIFY(f.waitClosed());
        QCOMPARE(f.closeCode, 1001);
    }

    void cleanupTestCase() {
        QCOMPARE(a_.stop(), 0);
        QCOMPARE(b_.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(FeedWsTest)
#include "tst_feed_ws.moc"
