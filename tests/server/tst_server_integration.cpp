// The real opsdesk-server against a real PostgreSQL: authentication, sessions, lockout, error
// bodies, limits, migrations and the command line.

#include <QtTest>

#include <QRegularExpression>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <ctime>
#include <future>

#include "api/router.h"
#include "auth/totp.h"
#include "httpclient.h"
#include "opsdesk/protocol/permissions.h"
#include "opsdesk/protocol/roles.h"
#include "serverprocess.h"
#include "testcluster.h"

using namespace opsdesk::test;

namespace {

const QString kPassword = "correct horse battery";

QList<QPair<QByteArray, QByteArray>> bearer(const QString& token) {
    return {{"Authorization", "Bearer " + token.toUtf8()}};
}

QByteArray loginBody(const QString& user, const QString& password) {
    return QJsonDocument(QJsonObject{{"username", user}, {"password", password}}).toJson();
}

}  // namespace

class ServerIntegrationTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster_;
    QString dbUrl_;
    std::unique_ptr<ServerProcess> server_;

    QUrl url(const QString& path) const { return server_->baseUrl().resolved(QUrl(path)); }

    HttpResult login(const QString& user, const QString& password) {
        return httpRequest("POST", url("/api/v1/auth/login"), loginBody(user, password));
    }

    QString tokenFor(const QString& user) {
        const auto r = login(user, kPassword);
        if (r.status != 200) {
            qWarning() << "login failed" << r.status << r.body;
        }
        return r.json().value("token").toString();
    }

    void expectStillServing() {
        const auto r = httpRequest("GET", url("/api/v1/health"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("status").toString(), QString("ok"));
    }

    // A server of its own, for tests that need other settings.
    std::unique_ptr<ServerProcess> startServer(const QStringList& extraArgs,
                                               QString* db = nullptr) {
        auto s = std::make_unique<ServerProcess>();
        QString error;
        const QString url = cluster_.createDatabase("srv");
        if (!s->start({url, false, extraArgs}, &error)) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
        if (db) {
            *db = url;
        }
        return s;
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster_, &error), qPrintable(error));
        dbUrl_ = cluster_.createDatabase("server_it");
        server_ = std::make_unique<ServerProcess>();
        QVERIFY2(server_->start({dbUrl_, false, {"--max-body-bytes", "4096"}}, &error),
                 qPrintable(error));
        for (const auto& role : opsdesk::protocol::builtinRoles()) {
            const QString name = QString::fromUtf8(role.name.data(), role.name.size());
            QVERIFY2(server_->createUser("u_" + name, kPassword, name, &error), qPrintable(error));
        }
    }

    void health_reportsDatabaseAndVersion() {
        const auto r = httpRequest("GET", url("/api/v1/health"));
        QCOMPARE(r.status, 200);
        const auto o = r.json();
        QCOMPARE(o.value("status").toString(), QString("ok"));
        QCOMPARE(o.value("db").toString(), QString("ok"));
        QVERIFY(!o.value("version").toString().isEmpty());
        QVERIFY(!o.value("instance").toString().isEmpty());
    }

    void login_success_returnsTokenAndEffectivePermissions() {
        const auto r = login("u_support_lead", kPassword);
        QCOMPARE(r.status, 200);
        const auto o = r.json();
        QCOMPARE(o.value("token").toString().size(), 43);
        QVERIFY(o.value("expires_at").toString().endsWith('Z'));
        const auto user = o.value("user").toObject();
        QCOMPARE(user.value("username").toString(), QString("u_support_lead"));
        QCOMPARE(user.value("roles").toArray(), QJsonArray{"support_lead"});
        QStringList perms;
        for (const auto& p : user.value("permissions").toArray()) {
            perms << p.toString();
        }
        perms.sort();
        QCOMPARE(perms, (QStringList{"catalog.read", "orders.read", "orders.refund", "reports.read",
                                     "support.assign", "support.read", "support.reply"}));
        QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));

        const auto me =
            httpRequest("GET", url("/api/v1/auth/me"), {}, bearer(o.value("token").toString()));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value("username").toString(), QString("u_support_lead"));
        QCOMPARE(me.json().value("permissions").toArray().size(), 7);
    }

    void login_usernameIsCaseInsensitive() { QCOMPARE(login("U_Analyst", kPassword).status, 200); }

    void login_wrongPassword_isInvalidCredentials() {
        const auto r = login("u_analyst", "wrong password!");
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QString("invalid_credentials"));
        const auto unknown = login("nobody_here", kPassword);
        QCOMPARE(unknown.status, 401);
        QCOMPARE(unknown.errorCode(), QString("invalid_credentials"));
        QCOMPARE(unknown.json().value("error").toObject().value("message"),
                 r.json().value("error").toObject().value("message"));
        expectStillServing();
    }

    void login_missingFields_isValidationFailedWithFields() {
        const auto r = httpRequest("POST", url("/api/v1/auth/login"), R"({"username":"x"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.errorCode(), QString("validation_failed"));
        QVERIFY(r.json().value("error").toObject().value("fields").toObject().contains("password"));
    }

    void malformedJson_isBadRequest() {
        for (const QByteArray& body : {QByteArray("{not json"), QByteArray("[1,2]"),
                                       QByteArray("\"text\""), QByteArray("{\"a\":")}) {
            const auto r = httpRequest("POST", url("/api/v1/auth/login"), body);
            QCOMPARE(r.status, 400);
            QCOMPARE(r.errorCode(), QString("bad_request"));
        }
        expectStillServing();
    }

    void oversizedBody_isPayloadTooLarge() {
        const QByteArray big = "{\"username\":\"" + QByteArray(8000, 'x') + "\"}";
        const auto r = httpRequest("POST", url("/api/v1/auth/login"), big);
        QCOMPARE(r.status, 413);
        QCOMPARE(r.errorCode(), QString("payload_too_large"));
        expectStillServing();
    }

    void unknownRoute_isNotFound_andWrongMethod_isMethodNotAllowed() {
        const auto nf = httpRequest("GET", url("/api/v1/no-such-thing"));
        QCOMPARE(nf.status, 404);
        QCOMPARE(nf.errorCode(), QString("not_found"));
        const auto mna = httpRequest("DELETE", url("/api/v1/auth/login"));
        QCOMPARE(mna.status, 405);
        QCOMPARE(mna.errorCode(), QString("method_not_allowed"));
        QCOMPARE(mna.header("Allow"), QByteArray("POST"));
        expectStillServing();
    }

    void everyNonPublicRoute_withoutToken_isUnauthenticated() {
        int checked = 0;
        for (const auto& route : opsdesk::server::api::routeTable()) {
            if (route.access.kind == opsdesk::server::api::Access::Kind::Public) {
                continue;
            }
            QString path = QString::fromUtf8(route.pattern.data(), route.pattern.size());
            path.replace(QRegularExpression("\\{[a-z_]+\\}"), "1");
            const QByteArray method(route.method.data(), route.method.size());
            const QByteArray body = method == "GET" ? QByteArray() : QByteArray("{}");
            const auto none = httpRequest(method, url(path), body);
            QVERIFY2(none.status == 401, qPrintable(method + " " + path + " without a token"));
            const auto bogus = httpRequest(method, url(path), body, bearer("not-a-real-token"));
            QVERIFY2(bogus.status == 401, qPrintable(method + " " + path + " with a bad token"));
            QCOMPARE(bogus.errorCode(), QString("unauthenticated"));
            ++checked;
        }
        QVERIFY(checked >= 2);
    }

    void logout_revokesTheTokenAtOnce() {
        const QString token = tokenFor("u_merchandiser");
        QCOMPARE(httpRequest("GET", url("/api/v1/auth/me"), {}, bearer(token)).status, 200);
        const auto out = httpRequest("POST", url("/api/v1/auth/logout"), {}, bearer(token));
        QCOMPARE(out.status, 204);
        const auto after = httpRequest("GET", url("/api/v1/auth/me"), {}, bearer(token));
        QCOMPARE(after.status, 401);
        QCOMPARE(after.errorCode(), QString("unauthenticated"));
        // Audited: who ended which session, from where, like the sign-in that began it.
        bool ok = false;
        QCOMPARE(psql(dbUrl_,
                      "SELECT count(*) || ' ' || min(l.actor) || ' ' || min(l.address) FROM "
                      "audit_log l JOIN sessions s ON s.id::text = l.entity_id WHERE "
                      "l.action = 'auth.logout' AND l.entity = 'session' AND s.token_hash = "
                      "encode(sha256(convert_to('" +
                          token + "', 'UTF8')), 'hex')",
                      &ok),
                 QString("1 u_merchandiser 127.0.0.1"));
    }

    void deactivatedUser_tokensStopAtOnce() {
        QString error;
        QVERIFY(server_->createUser("u_leaver", kPassword, "analyst", &error));
        const QString token = tokenFor("u_leaver");
        QCOMPARE(httpRequest("GET", url("/api/v1/auth/me"), {}, bearer(token)).status, 200);
        bool ok = false;
        psql(dbUrl_, "UPDATE users SET active = false WHERE username = 'u_leaver'", &ok);
        QVERIFY(ok);
        // Behind the server's back the change reaches it by notification, which the next request
        // may outrun by a moment (the session is remembered until then): wait for it, with room.
        QTRY_COMPARE_WITH_TIMEOUT(
            httpRequest("GET", url("/api/v1/auth/me"), {}, bearer(token)).status, 401, 10'000);
        // and signing in again does not work either, with the same answer as a wrong password
        const auto again = login("u_leaver", kPassword);
        QCOMPARE(again.status, 401);
        QCOMPARE(again.errorCode(), QString("invalid_credentials"));
    }

    void tokensAreStoredOnlyAsHashes() {
        const QString token = tokenFor("u_analyst");
        bool ok = false;
        const QString found =
            psql(dbUrl_, "SELECT count(*) FROM sessions WHERE token_hash = '" + token + "'", &ok);
        QVERIFY(ok);
        QCOMPARE(found, QString("0"));
        const QString hashed = psql(dbUrl_,
                                    "SELECT count(*) FROM sessions WHERE token_hash = "
                                    "encode(sha256(convert_to('" +
                                        token + "', 'UTF8')), 'hex')",
                                    &ok);
        QCOMPARE(hashed, QString("1"));
    }

    void lockout_afterThreshold_thenExpires() {
        auto s = startServer({"--lockout-threshold", "3", "--lockout-seconds", "2"});
        QVERIFY(s);
        QVERIFY(s->createUser("locky", kPassword, "analyst"));
        const QUrl loginUrl = s->baseUrl().resolved(QUrl("/api/v1/auth/login"));
        QCOMPARE(httpRequest("POST", loginUrl, loginBody("locky", "bad password 1")).status, 401);
        QCOMPARE(httpRequest("POST", loginUrl, loginBody("locky", "bad password 2")).status, 401);
        const auto third = httpRequest("POST", loginUrl, loginBody("locky", "bad password 3"));
        QCOMPARE(third.status, 423);
        QCOMPARE(third.errorCode(), QString("account_locked"));
        const int retry = third.json()
                              .value("error")
                              .toObject()
                              .value("details")
                              .toObject()
                              .value("retry_after_s")
                              .toInt();
        QVERIFY2(retry >= 1 && retry <= 2, qPrintable(QString::number(retry)));
        // Even the right password is refused while locked.
        const auto locked = httpRequest("POST", loginUrl, loginBody("locky", kPassword));
        QCOMPARE(locked.status, 423);
        QVERIFY(!locked.header("Retry-After").isEmpty());
        QTest::qWait(2200);
        QCOMPARE(httpRequest("POST", loginUrl, loginBody("locky", kPassword)).status, 200);
        // A success resets the count: two more failures do not lock.
        QCOMPARE(httpRequest("POST", loginUrl, loginBody("locky", "bad password 4")).status, 401);
        QCOMPARE(httpRequest("POST", loginUrl, loginBody("locky", "bad password 5")).status, 401);
        QCOMPARE(httpRequest("POST", loginUrl, loginBody("locky", kPassword)).status, 200);
    }

    // The lockout is decided again under the user's row lock once the password has been checked:
    // an account locked meanwhile (failures counted by another request or instance) stays
    // locked, even by the right password.
    void lockout_setWhileThePasswordIsBeingChecked_holds() {
        QString db;
        auto s = startServer({"--lockout-threshold", "3"}, &db);
        QVERIFY(s);
        QVERIFY(s->createUser("racer", kPassword, "analyst"));
        // The lock lands while the sign-in is under way: it is not committed when the sign-in
        // looks first, and the sign-in's last step waits for it.
        PsqlSession other(db);
        QVERIFY(
            other.run("BEGIN; UPDATE users SET failed_logins = 3, "
                      "locked_until = now() + interval '15 minutes' WHERE username = 'racer'"));
        auto signIn = std::async(std::launch::async, [&] {
            return httpRequest("POST", s->baseUrl().resolved(QUrl("/api/v1/auth/login")),
                               loginBody("racer", kPassword));
        });
        QVERIFY(waitForSql(db,
                           "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = "
                           "current_database() AND wait_event_type = 'Lock'"));
        QVERIFY(other.run("COMMIT"));
        const auto r = signIn.get();
        QCOMPARE(r.status, 423);
        QCOMPARE(r.errorCode(), QString("account_locked"));
        bool ok = false;
        QCOMPARE(psql(db,
                      "SELECT locked_until > now() AND failed_logins = 3 FROM users "
                      "WHERE username = 'racer'",
                      &ok),
                 QString("t"));
        QCOMPARE(psql(db, "SELECT count(*) FROM sessions", &ok), QString("0"));
    }

    // Two-factor secrets at rest: one kept in plain text (from before there was a key) is
    // sealed when the server starts with a key; a key is rotated by putting the new one first
    // (the old one still opens) and, once everything is sealed with it, taking the old one out;
    // a server without the key a secret was sealed with cannot check its codes (503).
    void totpSecrets_plainOnesSealedAtStartUp_andTheKeyRotates() {
        QTemporaryDir dir;
        const QString keyFile = dir.filePath("totp.key");
        auto writeKeys = [&](const QList<QByteArray>& keys) {
            QFile f(keyFile);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
            for (const auto& k : keys) {
                f.write(k + "\n");
            }
        };
        const QByteArray k1(64, '1');
        const QByteArray k2(64, '2');
        const QByteArray k3(64, '3');
        const QString db = cluster_.createDatabase("totpkey");
        auto serve = [&](std::unique_ptr<ServerProcess>& s) {
            s = std::make_unique<ServerProcess>();
            ServerProcess::Options o{db, false, {"--totp-key-file", keyFile}};
            o.totpKey = false;
            QString error;
            QVERIFY2(s->start(o, &error), qPrintable(error));
        };
        // A secret as it was kept before secrets were sealed.
        const std::string plain = opsdesk::server::auth::newTotpSecret();
        writeKeys({k1});
        std::unique_ptr<ServerProcess> s;
        serve(s);
        QVERIFY(s->createUser("keyed", kPassword, "analyst"));
        bool ok = false;
        psql(db,
             QString("UPDATE users SET totp_secret = '%1' WHERE username = 'keyed'")
                 .arg(QString::fromStdString(plain)),
             &ok);
        QVERIFY(ok);
        auto signInWithCode = [&]() {
            psql(db, "UPDATE users SET totp_last_step = NULL WHERE username = 'keyed'");
            const auto raw = opsdesk::server::auth::base32Decode(plain);
            const auto code = opsdesk::server::auth::totpCode(
                *raw, opsdesk::server::auth::totpStep(std::time(nullptr)));
            return httpRequest("POST", s->baseUrl().resolved(QUrl("/api/v1/auth/login")),
                               QJsonDocument(QJsonObject{{"username", "keyed"},
                                                         {"password", kPassword},
                                                         {"otp", QString::fromStdString(code)}})
                                   .toJson())
                .status;
        };
        auto stored = [&] {
            return psql(db, "SELECT totp_secret FROM users WHERE username = 'keyed'");
        };
        QCOMPARE(signInWithCode(), 200);  // a plain secret still works...
        QCOMPARE(s->stop(), 0);
        serve(s);  // ...and is sealed when the server starts
        const QString sealedWithK1 = stored();
        QVERIFY2(
            sealedWithK1.startsWith("v1:") && !sealedWithK1.contains(QString::fromStdString(plain)),
            qPrintable(sealedWithK1));
        QCOMPARE(signInWithCode(), 200);
        // Rotation: the new key first, the old one still there.
        QCOMPARE(s->stop(), 0);
        writeKeys({k2, k1});
        serve(s);
        const QString sealedWithK2 = stored();
        QVERIFY(sealedWithK2.startsWith("v1:"));
        QVERIFY2(sealedWithK2.section(':', 1, 1) != sealedWithK1.section(':', 1, 1),
                 "not sealed again with the new key");
        QCOMPARE(signInWithCode(), 200);
        QCOMPARE(s->stop(), 0);
        writeKeys({k2});  // the old key goes
        serve(s);
        QCOMPARE(stored(), sealedWithK2);
        QCOMPARE(signInWithCode(), 200);
        // Without the key it was sealed with, the code cannot be checked: said, not guessed.
        QCOMPARE(s->stop(), 0);
        writeKeys({k3});
        serve(s);
        QCOMPARE(signInWithCode(), 503);
        QVERIFY(s->stderrText().contains("sealed with a key this server does not have"));
    }

    // Idle and absolute expiry, with the session's times moved in the database rather than by
    // waiting: the outcome does not depend on how busy the machine is. (Sessions are not
    // remembered in process here, so each request asks the database.)
    void sessions_expireWhenIdle_andAtTheirAbsoluteLimit() {
        QString db;
        auto s = startServer({"--session-idle-seconds", "600", "--session-max-seconds", "3600",
                              "--session-cache-ms", "0"},
                             &db);
        QVERIFY(s);
        QVERIFY(s->createUser("sleepy", kPassword, "analyst"));
        const QUrl meUrl = s->baseUrl().resolved(QUrl("/api/v1/auth/me"));
        auto ofToken = [](const QString& token) {
            return " WHERE token_hash = encode(sha256(convert_to('" + token + "', 'UTF8')), 'hex')";
        };
        bool ok = false;

        // Unused for longer than the idle limit: over.
        const QString idle = s->signIn("sleepy", kPassword);
        QCOMPARE(httpRequest("GET", meUrl, {}, bearer(idle)).status, 200);
        psql(db,
             "UPDATE sessions SET last_seen_at = now() - interval '601 seconds'" + ofToken(idle),
             &ok);
        QVERIFY(ok);
        QCOMPARE(httpRequest("GET", meUrl, {}, bearer(idle)).status, 401);

        // Used within the limit: still good, and the use is recorded, so it is good for another
        // idle period from now.
        const QString busy = s->signIn("sleepy", kPassword);
        psql(db,
             "UPDATE sessions SET last_seen_at = now() - interval '500 seconds'" + ofToken(busy),
             &ok);
        QCOMPARE(httpRequest("GET", meUrl, {}, bearer(busy)).status, 200);
        QCOMPARE(psql(db, "SELECT last_seen_at > now() - interval '60 seconds' FROM sessions" +
                              ofToken(busy)),
                 QString("t"));
        // Kept busy, it still ends at its absolute limit.
        psql(db,
             "UPDATE sessions SET created_at = now() - interval '3601 seconds', "
             "expires_at = now() - interval '1 second', last_seen_at = now()" +
                 ofToken(busy),
             &ok);
        QVERIFY(ok);
        QCOMPARE(httpRequest("GET", meUrl, {}, bearer(busy)).status, 401);
        // The limits as the server was told: a new session expires max seconds from now.
        const QString fresh = s->signIn("sleepy", kPassword);
        QCOMPARE(psql(db,
                      "SELECT abs(extract(epoch FROM expires_at - created_at) - 3600) < 5 "
                      "FROM sessions" +
                          ofToken(fresh)),
                 QString("t"));
    }

    void passwordChange_wrongCurrentPasswords_lockTheAccountLikeSignIn() {
        QString db;
        auto s = startServer({"--lockout-threshold", "5", "--reauth-rate-per-minute", "1000"}, &db);
        QVERIFY(s);
        QVERIFY(s->createUser("guesser", kPassword, "analyst"));
        const QString token = s->signIn("guesser", kPassword);
        QVERIFY(!token.isEmpty());
        const QUrl change = s->baseUrl().resolved(QUrl("/api/v1/auth/password"));
        QList<int> statuses;
        for (int i = 0; i < 12; ++i) {
            const auto r = httpRequest(
                "POST", change,
                QJsonDocument(QJsonObject{{"current_password", QString("guess number %1").arg(i)},
                                          {"new_password", "a brand new passphrase"}})
                    .toJson(),
                bearer(token));
            statuses << r.status;
            if (r.status == 423) {
                QCOMPARE(r.errorCode(), QString("account_locked"));
                QVERIFY(r.header("Retry-After").toInt() > 0);
            }
        }
        QCOMPARE(statuses,
                 (QList<int>{422, 422, 422, 422, 423, 423, 423, 423, 423, 423, 423, 423}));
        // The same lockout as sign-in: the right password does not sign in now.
        const auto login = httpRequest("POST", s->baseUrl().resolved(QUrl("/api/v1/auth/login")),
                                       loginBody("guesser", kPassword));
        QCOMPARE(login.status, 423);
        // Five failures were checked and recorded; once locked, no guess was even tried.
        bool ok = false;
        QCOMPARE(psql(db,
                      "SELECT count(*) FILTER (WHERE action = 'auth.reauth_failed') || ' ' || "
                      "count(*) FILTER (WHERE action = 'auth.account_locked') FROM audit_log",
                      &ok),
                 QString("5 1"));
    }

    // ... and it is throttled: per session, and per address together with sign-ins.
    void passwordChange_isThrottledPerSessionAndPerAddress() {
        auto s = startServer({"--lockout-threshold", "1000", "--reauth-rate-per-minute", "3",
                              "--login-rate-per-minute", "6"});
        QVERIFY(s);
        QVERIFY(s->createUser("typist", kPassword, "analyst"));
        const QString a = s->signIn("typist", kPassword);  // 1 of the address's 6
        const QString b = s->signIn("typist", kPassword);  // 2
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        const QUrl change = s->baseUrl().resolved(QUrl("/api/v1/auth/password"));
        auto attempt = [&](const QString& token) {
            return httpRequest(
                "POST", change,
                QJsonDocument(QJsonObject{{"current_password", "not it, sorry"},
                                          {"new_password", "a brand new passphrase"}})
                    .toJson(),
                bearer(token));
        };
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(attempt(a).status, 422);  // 3, 4, 5 of the address's
        }
        const auto perSession = attempt(a);  // the session's fourth
        QCOMPARE(perSession.status, 429);
        QCOMPARE(perSession.errorCode(), QString("rate_limited"));
        QVERIFY(perSession.header("Retry-After").toInt() >= 1);
        QCOMPARE(attempt(b).status, 422);  // another session: the address's sixth
        const auto perAddress = attempt(b);
        QCOMPARE(perAddress.status, 429);
        QVERIFY(perAddress.header("Retry-After").toInt() >= 1);
    }

    // scrypt runs on the hash threads, and no database thread waits for it: with one of each,
    // a request that needs only the database is answered while twenty passwords wait to be
    // checked one after another — not after those that came before it, as it was when each
    // check held the database thread for its whole length.
    void passwordChecks_doNotHoldTheDatabaseThreads() {
        auto s = std::make_unique<ServerProcess>();
        QString error;
        ServerProcess::Options options{
            cluster_.createDatabase("hashing"),
            false,
            {"--db-threads", "1", "--hash-threads", "1", "--lockout-threshold", "1000",
             "--reauth-rate-per-minute", "1000", "--login-rate-per-minute", "1000"}};
        options.scryptLog2N = 15;  // 32 MiB: a noticeable while per check
        QVERIFY2(s->start(options, &error), qPrintable(error));
        QVERIFY(s->createUser("busy", kPassword, "analyst"));
        const QString token = s->signIn("busy", kPassword);
        QVERIFY(!token.isEmpty());
        const QUrl change = s->baseUrl().resolved(QUrl("/api/v1/auth/password"));
        constexpr int kChecks = 20;
        std::vector<std::future<int>> checks;
        for (int i = 0; i < kChecks; ++i) {
            checks.push_back(std::async(std::launch::async, [&, i] {
                return httpRequest("POST", change,
                                   QJsonDocument(
                                       QJsonObject{{"current_password", QString("wrong %1").arg(i)},
                                                   {"new_password", "a brand new passphrase"}})
                                       .toJson(),
                                   bearer(token))
                    .status;
            }));
        }
        QTest::qWait(300);  // most have arrived and wait for the hash thread
        const auto me =
            httpRequest("GET", s->baseUrl().resolved(QUrl("/api/v1/auth/me")), {}, bearer(token));
        int done = 0;
        for (auto& c : checks) {
            done += c.wait_for(std::chrono::seconds(0)) == std::future_status::ready ? 1 : 0;
        }
        QCOMPARE(me.status, 200);
        // Half of them is a wide margin: the checks take turns on one thread.
        QVERIFY2(done < kChecks / 2,
                 qPrintable(QString("answered after %1 of %2 checks").arg(done).arg(kChecks)));
        for (auto& c : checks) {
            QCOMPARE(c.get(), 422);
        }
    }

    void loginThrottle_perAddress_answers429WithRetryAfter() {
        auto s = startServer({"--login-rate-per-minute", "3"});
        QVERIFY(s);
        const QUrl loginUrl = s->baseUrl().resolved(QUrl("/api/v1/auth/login"));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(httpRequest("POST", loginUrl, loginBody("x", "bad password!")).status, 401);
        }
        const auto r = httpRequest("POST", loginUrl, loginBody("x", "bad password!"));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.errorCode(), QString("rate_limited"));
        QVERIFY(r.header("Retry-After").toInt() >= 1);
    }

    // An empty service key let an empty X-Api-Key in; a short one is guessed. Both are refused
    // when the server starts, from the command line and from the environment alike.
    // However the database is named — a URL with the password in it or in its query, or libpq's
    // keyword/value form — the password never reaches the log.
    void databasePassword_neverReachesTheLog() {
        const QUrl base(cluster_.createDatabase("logpw"));
        const QString password = base.password();
        QVERIFY(password.size() >= 8);
        QUrl inQuery = base;
        inQuery.setUserInfo({});
        inQuery.setQuery("user=" + base.userName() + "&password=" + password);
        const QString keywords = QString("host=%1 port=%2 dbname=%3 user=%4 password='%5'")
                                     .arg(base.host())
                                     .arg(base.port())
                                     .arg(base.path().mid(1), base.userName(), password);
        for (const QString& database : {base.toString(), inQuery.toString(), keywords}) {
            ServerProcess s;
            QString error;
            QVERIFY2(s.start({database, false, {}}, &error), qPrintable(error));
            QCOMPARE(s.signIn("nobody", "nothing at all"), QString());  // some log lines
            QCOMPARE(s.stop(), 0);
            const QString log = s.stderrText();
            QVERIFY2(log.contains("\"database ready\""), qPrintable(log));
            QVERIFY2(!log.contains(password), qPrintable(database + " reached the log"));
        }
    }

    // The database goes away: /health says so and every request that needs it answers 503 with
    // Retry-After (not 500, not a hang); when it is back, so is the service.
    void databaseDown_isAnswered503WithRetryAfter_andTheServiceComesBack() {
        QString db;
        auto s = startServer({"--session-cache-ms", "0"}, &db);
        QVERIFY(s);
        QVERIFY(s->createUser("waiter", kPassword, "analyst"));
        const QString token = s->signIn("waiter", kPassword);
        QVERIFY(!token.isEmpty());
        const QString name = QUrl(db).path().mid(1);
        const QString postgres = cluster_.urlFor("postgres");
        bool ok = false;
        // No new connections to it, and the server's are cut.
        psql(postgres, "ALTER DATABASE " + name + " CONNECTION LIMIT 0", &ok);
        QVERIFY(ok);
        auto restore =
            qScopeGuard([&] { psql(postgres, "ALTER DATABASE " + name + " CONNECTION LIMIT -1"); });
        psql(postgres,
             "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" +
                 name + "'",
             &ok);
        QVERIFY(ok);
        const QUrl health = s->baseUrl().resolved(QUrl("/api/v1/health"));
        const QUrl me = s->baseUrl().resolved(QUrl("/api/v1/auth/me"));
        QTRY_COMPARE_WITH_TIMEOUT(httpRequest("GET", health).status, 503, 20'000);
        const auto down = httpRequest("GET", health);
        QCOMPARE(down.json().value("db").toString(), QString("unavailable"));
        QVERIFY(down.header("Retry-After").toInt() >= 1);
        for (int i = 0; i < 3; ++i) {  // also once the broken connections are gone
            const auto r = httpRequest("GET", me, {}, bearer(token));
            QCOMPARE(r.status, 503);
            QCOMPARE(r.errorCode(), QString("unavailable"));
            QVERIFY(r.header("Retry-After").toInt() >= 1);
        }
        restore.dismiss();
        psql(postgres, "ALTER DATABASE " + name + " CONNECTION LIMIT -1", &ok);
        QVERIFY(ok);
        QTRY_COMPARE_WITH_TIMEOUT(httpRequest("GET", health).status, 200, 20'000);
        QCOMPARE(httpRequest("GET", me, {}, bearer(token)).status, 200);
    }

    void serviceKey_emptyOrShort_isRefusedAtStartUp() {
        for (const QString& key : {QString(), QString("short-key"), QString("fifteen-chars!!")}) {
            ServerProcess s;
            QString error;
            QVERIFY2(
                !s.start({cluster_.createDatabase("key"), false, {"--service-key", key}}, &error),
                qPrintable("started with the service key '" + key + "'"));
            QVERIFY2(error.contains("service key"), qPrintable(error));
        }
        QProcess env;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert("OPSDESK_SERVICE_KEY", "tooshort");
        env.setProcessEnvironment(e);
        env.setProcessChannelMode(QProcess::MergedChannels);
        env.start(qEnvironmentVariable("OPSDESK_SERVER_BIN"),
                  {"serve", "--database", dbUrl_, "--listen", "127.0.0.1:0"});
        const bool ended = env.waitForFinished(30'000);
        if (!ended) {
            env.kill();
            env.waitForFinished();
        }
        QVERIFY2(ended, "the server started with a short OPSDESK_SERVICE_KEY");
        QCOMPARE(env.exitCode(), 2);
        QVERIFY(QString::fromUtf8(env.readAll()).contains("service key"));
        // Sixteen characters will do.
        ServerProcess fine;
        QString error;
        QVERIFY2(fine.start(
                     {cluster_.createDatabase("key"), false, {"--service-key", "sixteen-chars!!!"}},
                     &error),
                 qPrintable(error));
    }

    // Without a service key every storefront call is refused, whatever key it brings (also an
    // empty one).
    void storefront_withNoServiceKeyConfigured_refusesEverything() {
        for (const QString& path :
             {QString("/api/v1/storefront/orders"), QString("/api/v1/storefront/payments"),
              QString("/api/v1/storefront/cancellations")}) {
            for (const QByteArray& key :
                 {QByteArray(), QByteArray(""), QByteArray("anything-at-all-really")}) {
                QList<QPair<QByteArray, QByteArray>> headers;
                if (!key.isNull()) {
                    headers.append({"X-Api-Key", key});
                }
                const auto r = httpRequest("POST", url(path), "{}", headers);
                QVERIFY2(r.status == 401, qPrintable(path + ": " + QString::number(r.status)));
                QCOMPARE(r.errorCode(), QString("unauthenticated"));
            }
        }
    }

    void requestLog_isJsonLinesWithRequestIds() {
        const auto r =
            httpRequest("GET", url("/api/v1/health"), {}, {{"X-Request-Id", "it-test-4711"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("X-Request-Id"), QByteArray("it-test-4711"));
        const auto generated = httpRequest("GET", url("/api/v1/health"));
        QVERIFY(!generated.header("X-Request-Id").isEmpty());
        QTRY_VERIFY(server_->stderrText().contains("it-test-4711"));
        for (const QString& line : server_->stderrText().split('\n')) {
            if (!line.contains("it-test-4711")) {
                continue;
            }
            const auto o = QJsonDocument::fromJson(line.toUtf8()).object();
            QCOMPARE(o.value("request_id").toString(), QString("it-test-4711"));
            QCOMPARE(o.value("method").toString(), QString("GET"));
            QCOMPARE(o.value("path").toString(), QString("/api/v1/health"));
            QCOMPARE(o.value("status").toInt(), 200);
            QVERIFY(o.contains("ms"));
            QVERIFY(o.contains("user"));
            QVERIFY(o.contains("ts"));
            return;
        }
        QFAIL("no request log line");
    }

    void logs_neverContainPasswordsOrTokens() {
        const QString token = tokenFor("u_admin");
        QVERIFY(!token.isEmpty());
        QCOMPARE(httpRequest("GET", url("/api/v1/auth/me"), {}, bearer(token)).status, 200);
        const QString log = server_->stderrText();
        QVERIFY(!log.contains(kPassword));
        QVERIFY(!log.contains(token));
    }

    void databaseCatalog_matchesTheProtocol() {
        bool ok = false;
        const QString perms =
            psql(dbUrl_, "SELECT string_agg(name, ',' ORDER BY name) FROM permissions", &ok);
        QVERIFY(ok);
        QStringList expected;
        for (const auto& p : opsdesk::protocol::permissionCatalog()) {
            expected << QString::fromUtf8(p.name.data(), p.name.size());
        }
        expected.sort();
        QCOMPARE(perms, expected.join(','));
        for (const auto& role : opsdesk::protocol::builtinRoles()) {
            QStringList want;
            for (auto p : role.permissions) {
                const auto n = opsdesk::protocol::toString(p);
                want << QString::fromUtf8(n.data(), n.size());
            }
            want.sort();
            const QString got =
                psql(dbUrl_,
                     "SELECT string_agg(rp.permission, ',' ORDER BY rp.permission) "
                     "FROM roles r JOIN role_permissions rp ON rp.role_id = r.id "
                     "WHERE r.builtin AND r.name = '" +
                         QString::fromUtf8(role.name.data(), role.name.size()) + "'",
                     &ok);
            QCOMPARE(got, want.join(','));
        }
    }

    void createUser_refusesDuplicatesAndShortPasswords() {
        QString out;
        QCOMPARE(server_->runCommand({"create-user", "--username", "U_ADMIN", "--password",
                                      kPassword, "--role", "admin"},
                                     &out),
                 1);
        QVERIFY2(out.contains("exists"), qPrintable(out));
        QCOMPARE(server_->runCommand({"create-user", "--username", "shorty", "--password", "short",
                                      "--role", "admin"},
                                     &out),
                 1);
        QVERIFY2(out.contains("at least 10"), qPrintable(out));
        QCOMPARE(server_->runCommand({"create-user", "--username", "norole", "--password",
                                      kPassword, "--role", "emperor"},
                                     &out),
                 1);
        QCOMPARE(server_->runCommand({"create-user", "--username", "x"}, &out), 2);
    }

    void migrate_concurrentRuns_applyEachMigrationOnce() {
        const QString db = cluster_.createDatabase("migrate");
        // Two processes at once on an empty database.
        auto runMigrate = [&] {
            QProcess p;
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(qEnvironmentVariable("OPSDESK_SERVER_BIN"), {"migrate", "--database", db});
            p.waitForFinished(120'000);
            const int rc = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
            return std::pair(rc, QString::fromUtf8(p.readAll()));
        };
        auto a = std::async(std::launch::async, runMigrate);
        auto b = std::async(std::launch::async, runMigrate);
        const auto [rcA, logA] = a.get();
        const auto [rcB, logB] = b.get();
        QVERIFY2(rcA == 0, qPrintable(logA));
        QVERIFY2(rcB == 0, qPrintable(logB));
        // Between them the two applied every migration exactly once: each is logged once, by
        // whichever got there first, and recorded once.
        const int files =
            int(QDir(qEnvironmentVariable("OPSDESK_SOURCE_DIR") + "/server/migrations")
                    .entryList({"*.sql"}, QDir::Files)
                    .size());
        QVERIFY(files >= 8);
        const int applied = int((logA + logB).count("\"msg\":\"applying migration\""));
        QVERIFY2(applied == files, qPrintable(logA + "\n----\n" + logB));
        bool ok = false;
        QCOMPARE(psql(db, "SELECT count(*) FROM schema_migrations", &ok), QString::number(files));
        QCOMPARE(psql(db, "SELECT count(*) FROM roles WHERE builtin", &ok), QString("7"));
    }

    void migrate_editedMigration_stopsTheServerWithAClearMessage() {
        const QString db = cluster_.createDatabase("edited");
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(qEnvironmentVariable("OPSDESK_SERVER_BIN"), {"migrate", "--database", db});
        QVERIFY(p.waitForFinished(120'000));
        QCOMPARE(p.exitCode(), 0);
        bool ok = false;
        psql(db, "UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 1", &ok);
        QVERIFY(ok);
        p.start(qEnvironmentVariable("OPSDESK_SERVER_BIN"),
                {"serve", "--database", db, "--listen", "127.0.0.1:0"});
        QVERIFY(p.waitForFinished(60'000));
        QCOMPARE(p.exitCode(), 1);
        const QString out = QString::fromUtf8(p.readAll());
        QVERIFY2(out.contains("changed after it was applied"), qPrintable(out));
    }

    void serve_withoutDatabase_explainsWhatToDo() {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("OPSDESK_DATABASE_URL");
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("OPSDESK_SERVER_BIN"), {"serve"});
        QVERIFY(p.waitForFinished(30'000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString::fromUtf8(p.readAll()).contains("--database"));
    }

    void sigterm_stopsGracefully() {
        auto s = startServer({});
        QVERIFY(s);
        QCOMPARE(httpRequest("GET", s->baseUrl().resolved(QUrl("/api/v1/health"))).status, 200);
        QCOMPARE(s->stop(), 0);
        QVERIFY(s->stderrText().contains("\"stopped\""));
    }

    void cleanupTestCase() {
        if (server_) {
            QCOMPARE(server_->stop(), 0);
        }
    }
};

QTEST_GUILESS_MAIN(ServerIntegrationTest)
#include "tst_server_integration.moc"
