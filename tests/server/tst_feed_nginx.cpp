// The live feed behind nginx, as docs/DEPLOY.md sets it up: two opsdesk-server instances on one
// database, an unprivileged nginx (the Debian package's binary, our own config, prefix, pid file
// and logs in a temporary directory, on a free loopback port) in front of them with the
// WebSocket upgrade headers. Real PostgreSQL, real servers, QWebSocket clients.

#include <QtTest>

#include <sys/types.h>
#include <unistd.h>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QWebSocket>
#include <csignal>

#include "httpclient.h"
#include "serverprocess.h"
#include "storefrontorder.h"
#include "testcluster.h"

using namespace opsdesk::test;

namespace {

const QString kPassword = "correct horse battery";
const QByteArray kServiceKey = "feed-nginx-service-key-42";

int freePort() {
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

// nginx run by the test: `daemon off` so that QProcess owns the master process; every path it
// writes is in its own temporary directory, so neither root nor a system nginx is needed.
class Nginx {
public:
    ~Nginx() { stop(); }

    bool start(const QList<int>& upstreams, QString* error) {
        const QString binary = QStandardPaths::findExecutable(
            "nginx", {"/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin"});
        if (binary.isEmpty()) {
            *error =
                "nginx is not installed (Debian package nginx; scripts/test installs it from "
                "scripts/lib/common.sh)";
            return false;
        }
        if (!dir_.isValid() || !QDir(dir_.path()).mkpath("tmp")) {
            *error = "cannot make nginx's temporary directory";
            return false;
        }
        port_ = freePort();
        if (port_ == 0 || !writeConfig(upstreams, error)) {
            return false;
        }
        process_.setProgram(binary);
        process_.setArguments({"-p", dir_.path(), "-c", dir_.filePath("nginx.conf"), "-e",
                               dir_.filePath("error.log")});
        process_.setProcessChannelMode(QProcess::MergedChannels);
        process_.start();
        if (!process_.waitForStarted(10'000)) {
            *error = "cannot start nginx: " + process_.errorString();
            return false;
        }
        // Up when it proxies /health to an instance.
        const bool up = QTest::qWaitFor(
            [&] {
                return process_.state() != QProcess::Running ||
                       httpRequest("GET", url("/api/v1/health"), {}, {}, {}, 2'000).status == 200;
            },
            20'000);
        if (!up || process_.state() != QProcess::Running) {
            *error =
                "nginx did not come up:\n" + QString::fromUtf8(process_.readAll()) + errorLog();
            return false;
        }
        return true;
    }

    // New upstream servers: rewrite the config and reload (SIGHUP to the master). New
    // connections go to the new servers once the master has started new workers.
    bool reload(const QList<int>& upstreams, QString* error) {
        if (!writeConfig(upstreams, error)) {
            return false;
        }
        if (::kill(static_cast<pid_t>(process_.processId()), SIGHUP) != 0) {
            *error = "cannot signal nginx";
            return false;
        }
        return true;
    }

    void stop() {
        if (process_.state() != QProcess::NotRunning) {
            process_.terminate();  // SIGTERM: fast shutdown
            if (!process_.waitForFinished(10'000)) {
                process_.kill();
                process_.waitForFinished(5'000);
            }
        }
    }

    QUrl url(const QString& path, const QString& scheme = "http") const {
        return QUrl(QString("%1://127.0.0.1:%2%3").arg(scheme).arg(port_).arg(path));
    }
    QString errorLog() const {
        QFile f(dir_.filePath("error.log"));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private:
    bool writeConfig(const QList<int>& upstreams, QString* error) {
        const QString d = dir_.path();
        QString servers;
        for (const int p : upstreams) {
            servers += QString("        server 127.0.0.1:%1;\n").arg(p);
        }
        // The http part is docs/DEPLOY.md's, without TLS (the test's instances and nginx are on
        // loopback). As root, nginx's workers would switch to `nobody`, who cannot read our
        // temporary directory: keep them as the user who runs the test.
        const QString user = ::geteuid() == 0 ? "user root;\n" : "";
        const QString conf = QString(R"(%1worker_processes 1;
daemon off;
pid %2/nginx.pid;
error_log %2/error.log notice;
events { worker_connections 512; }
http {
    access_log %2/access.log;
    client_body_temp_path %2/tmp/body;
    proxy_temp_path %2/tmp/proxy;
    fastcgi_temp_path %2/tmp/fastcgi;
    uwsgi_temp_path %2/tmp/uwsgi;
    scgi_temp_path %2/tmp/scgi;

    upstream opsdesk {
%3        keepalive 16;
    }

    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }

    server {
        listen 127.0.0.1:%4;
        client_max_body_size 1m;

        location /api/v1/feed {
            proxy_pass http://opsdesk;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header X-Request-Id $request_id;
            proxy_read_timeout 75s;
            proxy_send_timeout 75s;
        }

        location /api/ {
            proxy_pass http://opsdesk;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Request-Id $request_id;
            proxy_set_header X-Forwarded-For $remote_addr;
        }
    }
}
)")
                                 .arg(user, d, servers)
                                 .arg(port_);
        QFile f(dir_.filePath("nginx.conf"));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(conf.toUtf8()) < 0) {
            *error = "cannot write " + f.fileName();
            return false;
        }
        return true;
    }

    QTemporaryDir dir_;
    QProcess process_;
    int port_ = 0;
};

// A desk's feed connection: signs in with its token, subscribes to orders, and after any
// disconnect reconnects (through the same URL) and resumes from the last event id it processed.
// Records every event, and any id that does not increase (a duplicate or a reordering).
class ResumingFeed : public QObject {
public:
    ResumingFeed(QUrl url, QString token) : url_(std::move(url)), token_(std::move(token)) {
        connect(&socket_, &QWebSocket::connected, this, [this] {
            ++connects;
            send({{"type", "auth"}, {"token", token_}});
            QJsonObject s{{"type", "subscribe"}, {"topics", QJsonArray{"orders"}}};
            s["since"] = lastId >= 0 ? QJsonValue(lastId) : QJsonValue(QJsonValue::Null);
            send(s);
        });
        connect(&socket_, &QWebSocket::textMessageReceived, this, [this](const QString& text) {
            const auto o = QJsonDocument::fromJson(text.toUtf8()).object();
            const auto type = o.value("type").toString();
            if (type == "event") {
                take(o);
            } else if (type == "events") {
                for (const auto& i : o.value("items").toArray()) {
                    take(i.toObject());
                }
            } else if (type == "ready") {
                ++readies;
                if (lastId < 0) {
                    lastId = o.value("last_event_id").toInteger();
                }
            } else {
                others << text;
            }
        });
        connect(&socket_, &QWebSocket::disconnected, this, [this] { ++disconnects; });
        // Reconnects while not connected: after a close, and after a refused upgrade (nginx
        // answers 502 while no instance is up), whichever signals Qt gives for that.
        connect(&retry_, &QTimer::timeout, this, [this] { open(); });
        retry_.start(150);
        open();
    }
    ~ResumingFeed() override {
        retry_.stop();
        socket_.abort();
    }

    bool live() const { return socket_.state() == QAbstractSocket::ConnectedState; }

    qint64 lastId = -1;  // -1 until the first ready
    QList<qint64> ids;
    QStringList numbers;  // of order.created events, in delivery order
    QStringList violations;
    QStringList others;
    int connects = 0;
    int disconnects = 0;
    int readies = 0;

private:
    void open() {
        if (socket_.state() == QAbstractSocket::UnconnectedState) {
            socket_.open(url_);
        }
    }
    void send(const QJsonObject& o) {
        socket_.sendTextMessage(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    }
    void take(const QJsonObject& e) {
        const qint64 id = e.value("id").toInteger();
        if (id <= lastId) {
            violations << QString("id %1 after %2").arg(id).arg(lastId);
            return;
        }
        lastId = id;
        ids << id;
        if (e.value("kind") == "order.created") {
            numbers << e.value("data").toObject().value("number").toString();
        }
    }

    QUrl url_;
    QString token_;
    QWebSocket socket_;
    QTimer retry_;
};

// How many feed WebSockets an instance has accepted (it logs the 101 of each upgrade).
int countFeedUpgrades(ServerProcess& s) {
    int n = 0;
    for (const auto& line : s.stderrText().split('\n')) {
        if (line.contains(R"("path":"/api/v1/feed")") && line.contains(R"("status":101)")) {
            ++n;
        }
    }
    return n;
}

}  // namespace

class FeedNginxTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster_;
    QString dbUrl_;
    QStringList serverArgs_;
    int seq_ = 0;

    bool startInstance(ServerProcess& s, const QString& id, QString* error) {
        return s.start({dbUrl_, false, serverArgs_ + QStringList{"--instance-id", id}}, error);
    }

    QString token(const QUrl& login, const QString& user) {
        return httpRequest(
                   "POST", login,
                   QJsonDocument(QJsonObject{{"username", user}, {"password", kPassword}}).toJson())
            .json()
            .value("token")
            .toString();
    }

    // An order through a storefront URL (an instance's or nginx's); its number, or empty.
    QString newOrder(const QUrl& base) {
        const QString ext = QString("nginx-%1").arg(++seq_);
        const auto r =
            httpRequest("POST", base.resolved(QUrl("/api/v1/storefront/orders")),
                        QJsonDocument(storefrontOrder(ext, ext + "@example.com", 1000)).toJson(),
                        {{"X-Api-Key", kServiceKey}});
        return r.status == 201 ? r.json().value("number").toString() : QString();
    }

    QStringList databaseOrderNumbers() {
        bool ok = false;
        const auto out = psql(dbUrl_, "SELECT number FROM orders ORDER BY number", &ok);
        return ok ? out.split('\n', Qt::SkipEmptyParts) : QStringList{"psql failed"};
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster_, &error), qPrintable(error));
        dbUrl_ = cluster_.createDatabase("feednginx");
        serverArgs_ = {"--service-key", QString::fromLatin1(kServiceKey), "--login-rate-per-minute",
                       "10000"};
        ServerProcess first;  // migrates the database and makes the users
        QVERIFY2(startInstance(first, "setup", &error), qPrintable(error));
        QVERIFY(first.createUser("admin", kPassword, "admin", &error));
        QCOMPARE(first.stop(), 0);
    }

    void orderThroughOneInstance_reachesAFeedThroughNginxOnTheOther() {
        ServerProcess a;
        ServerProcess b;
        QString error;
        QVERIFY2(startInstance(a, "a", &error), qPrintable(error));
        QVERIFY2(startInstance(b, "b", &error), qPrintable(error));
        Nginx nginx;
        QVERIFY2(nginx.start({a.port(), b.port()}, &error), qPrintable(error));

        // Signing in through nginx: the session is a row in PostgreSQL, good on either instance.
        const QString tok = token(nginx.url("/api/v1/auth/login"), "admin");
        QVERIFY(!tok.isEmpty());
        const int upgradesA = countFeedUpgrades(a);
        const int upgradesB = countFeedUpgrades(b);
        ResumingFeed feed(nginx.url("/api/v1/feed", "ws"), tok);
        QVERIFY2(QTest::qWaitFor([&] { return feed.readies == 1; }, 10'000),
                 qPrintable(nginx.errorLog() + feed.others.join('\n')));
        // Which instance nginx gave the WebSocket to (each logs the 101 of the upgrade).
        QVERIFY(QTest::qWaitFor(
            [&] {
                return countFeedUpgrades(a) + countFeedUpgrades(b) == upgradesA + upgradesB + 1;
            },
            5'000));
        const bool onA = countFeedUpgrades(a) > upgradesA;
        ServerProcess& other = onA ? b : a;

        // An order through the other instance's storefront API, directly...
        const QString first = newOrder(other.baseUrl());
        QVERIFY(!first.isEmpty());
        QVERIFY2(QTest::qWaitFor([&] { return feed.numbers.size() == 1; }, 10'000),
                 qPrintable(nginx.errorLog()));
        QCOMPARE(feed.numbers, QStringList{first});
        // ...and one through nginx (whichever instance it lands on).
        const QString second = newOrder(nginx.url("/"));
        QVERIFY(!second.isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return feed.numbers.size() == 2; }, 10'000));
        QCOMPARE(feed.numbers, (QStringList{first, second}));
        QVERIFY2(feed.violations.isEmpty(), qPrintable(feed.violations.join(", ")));
        QCOMPARE(feed.connects, 1);  // nginx kept the WebSocket open
    }

    // The issue's "done when": during a burst of orders the instance a desk's feed goes through
    // is killed (the cable pulled), a new one starts on another port, nginx is pointed at it and
    // reloaded; the desk reconnects by itself, resumes from its last event id, and ends with
    // exactly the orders in the database, each once.
    void killedInstance_restartedOnAnotherPort_feedResumesExactly() {
        const QStringList before = databaseOrderNumbers();
        ServerProcess storefront;  // takes the orders all along
        ServerProcess desk;        // the instance behind nginx that the feed goes through
        QString error;
        QVERIFY2(startInstance(storefront, "storefront", &error), qPrintable(error));
        QVERIFY2(startInstance(desk, "desk-1", &error), qPrintable(error));
        Nginx nginx;
        QVERIFY2(nginx.start({desk.port()}, &error), qPrintable(error));
        const QString tok = token(nginx.url("/api/v1/auth/login"), "admin");
        QVERIFY(!tok.isEmpty());

        ResumingFeed feed(nginx.url("/api/v1/feed", "ws"), tok);
        QVERIFY(QTest::qWaitFor([&] { return feed.readies == 1; }, 10'000));
        const qint64 startId = feed.lastId;

        QStringList sent;
        auto burst = [&](int n) {
            for (int i = 0; i < n; ++i) {
                const QString number = newOrder(storefront.baseUrl());
                if (number.isEmpty()) {
                    return false;
                }
                sent << number;
            }
            return true;
        };
        QVERIFY(burst(60));
        // The cable is pulled: no goodbye, no close frame, mid-burst.
        desk.process().kill();
        QVERIFY(desk.process().waitForFinished(10'000));
        QVERIFY(burst(60));  // orders go on while the desk's instance is gone
        ServerProcess restarted;
        QVERIFY2(startInstance(restarted, "desk-2", &error), qPrintable(error));
        QVERIFY(restarted.port() != desk.port());
        QVERIFY(burst(20));
        QVERIFY2(nginx.reload({restarted.port()}, &error), qPrintable(error));
        QVERIFY(burst(60));  // the feed reconnects (through the reloaded nginx) meanwhile

        // Every order the database has since the feed started, exactly once, in id order.
        QStringList expected = databaseOrderNumbers();
        for (const auto& n : before) {
            expected.removeOne(n);
        }
        QCOMPARE(expected.size(), sent.size());
        QVERIFY2(QTest::qWaitFor([&] { return feed.numbers.size() >= expected.size(); }, 30'000),
                 qPrintable(QString("got %1 of %2 orders; %3 connects\n")
                                .arg(feed.numbers.size())
                                .arg(expected.size())
                                .arg(feed.connects) +
                            nginx.errorLog()));
        QTest::qWait(300);  // anything extra (a duplicate) would arrive now
        QVERIFY2(feed.violations.isEmpty(), qPrintable(feed.violations.join(", ")));
        QStringList got = feed.numbers;
        got.sort();
        expected.sort();
        QCOMPARE(got, expected);
        QCOMPARE(got.size(), QSet<QString>(got.begin(), got.end()).size());
        QVERIFY(feed.ids.first() > startId);
        QVERIFY(feed.disconnects >= 1);
        QVERIFY(feed.readies >= 2);  // it resumed (subscribe with since) at least once
        // It resumed on the restarted instance: the only one nginx now sends feeds to.
        QVERIFY(countFeedUpgrades(restarted) >= 1);
        QVERIFY(feed.live());
        QCOMPARE(restarted.stop(), 0);
        QCOMPARE(storefront.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(FeedNginxTest)
#include "tst_feed_nginx.moc"
