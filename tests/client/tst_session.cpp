// Session, AuthApi and ClientSettings against a scripted local server.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "fakehttpserver.h"
#include "services-client/api/apiclient.h"
#include "services-client/auth/authapi.h"
#include "services-client/auth/session.h"
#include "services-client/settings/clientsettings.h"
#include "testhelpers.h"

using namespace std::chrono_literals;
using opsdesk::client::ApiClient;
using opsdesk::client::ApiError;
using opsdesk::client::ApiRequest;
using opsdesk::client::AuthApi;
using opsdesk::client::ClientSettings;
using opsdesk::client::Session;
using opsdesk::client::User;
using opsdesk::protocol::ErrorCode;
using opsdesk::protocol::Permission;
using opsdesk::test::FakeHttpServer;
using Response = FakeHttpServer::Response;

namespace {

const QByteArray kUserJson =
    R"({"id":7,"username":"mei","display_name":"Wang Mei","roles":["support_agent"],)"
    R"("permissions":["orders.read","catalog.read","support.read","support.reply","future.thing"]})";

User userMei() {
    return *User::fromJson(QJsonDocument::fromJson(kUserJson).object());
}

}  // namespace

class SessionTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHttpServer> server;
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<Session> session;
    std::unique_ptr<AuthApi> auth;
    opsdesk::test::RecordingScheduler scheduler;

private slots:
    void init() {
        server = std::make_unique<FakeHttpServer>();
        QVERIFY(server->listen());
        api = std::make_unique<ApiClient>();
        api->setBaseUrl(server->baseUrl());
        scheduler = {};
        scheduler.install(api.get());
        session = std::make_unique<Session>();
        api->setSession(session.get());
        auth = std::make_unique<AuthApi>(api.get(), session.get());
    }
    void cleanup() {
        auth.reset();
        api.reset();
        session.reset();
        server.reset();
    }

    void user_fromJson_readsPermissionsAsSet() {
        const User u = userMei();
        QCOMPARE(u.id, 7);
        QCOMPARE(u.displayName, QStringLiteral("Wang Mei"));
        QCOMPARE(u.roles, QStringList{QStringLiteral("support_agent")});
        QVERIFY(u.can(Permission::SupportReply));
        QVERIFY(!u.can(Permission::OrdersRefund));
        QCOMPARE(u.permissions.size(), std::size_t(4));
        QCOMPARE(u.unknownPermissions, QStringList{QStringLiteral("future.thing")});
        QString why;
        QVERIFY(!User::fromJson(QJsonObject{{QStringLiteral("id"), 1}}, &why));
        QVERIFY(!why.isEmpty());
    }

    void login_success_signsInAndSendsNoBearer() {
        server->setHandler([](const auto&) {
            return Response::json(
                200, R"({"token":"tok-1","expires_at":"2026-11-22T21:30:00Z","user":)" + kUserJson +
                         "}");
        });
        QSignalSpy signedIn(session.get(), &Session::signedIn);
        auto* r = auth->login(QStringLiteral("mei"), QStringLiteral("s3cret"));
        bool sessionReadyOnSuccess = false;
        connect(r, &ApiRequest::succeeded, this,
                [&] { sessionReadyOnSuccess = session->isAuthenticated(); });
        QTRY_COMPARE(signedIn.size(), 1);
        QVERIFY(sessionReadyOnSuccess);
        QCOMPARE(session->user().username, QStringLiteral("mei"));
        QCOMPARE(session->expiresAt(), QDateTime(QDate(2026, 11, 22), QTime(21, 30), Qt::UTC));
        const auto& req = server->requests().first();
        QCOMPARE(req.path, QByteArray("/api/v1/auth/login"));
        QVERIFY(req.header("authorization").isEmpty());
        const QJsonObject body = QJsonDocument::fromJson(req.body).object();
        QCOMPARE(body.value(QStringLiteral("username")).toString(), QStringLiteral("mei"));
        QVERIFY(!body.contains(QStringLiteral("otp")));
    }

    void login_invalidCredentials_failsWithoutExpiringAnything() {
        server->setHandler([](const auto&) { return Response::error(401, "invalid_credentials"); });
        QSignalSpy expired(session.get(), &Session::sessionExpired);
        QSignalSpy failed(auth->login(QStringLiteral("mei"), QStringLiteral("bad")),
                          &ApiRequest::failed);
        QTRY_COMPARE(failed.size(), 1);
        const auto e = failed.first().first().value<ApiError>();
        QVERIFY(e.is(ErrorCode::InvalidCredentials));
        QCOMPARE(expired.size(), 0);
        QCOMPARE(server->requestCount(), 1);
        QCOMPARE(session->state(), Session::State::SignedOut);
    }

    void login_otpRequired_isReportedAndOtpIsSentNextTime() {
        server->setHandler([](const FakeHttpServer::Request& req) {
            const QJsonObject body = QJsonDocument::fromJson(req.body).object();
            if (body.value(QStringLiteral("otp")).toString() != QStringLiteral("123456")) {
                return Response::error(401, "otp_required");
            }
            return Response::json(200, R"({"token":"t","user":)" + kUserJson + "}");
        });
        QSignalSpy failed(auth->login(QStringLiteral("mei"), QStringLiteral("pw")),
                          &ApiRequest::failed);
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(failed.first().first().value<ApiError>().is(ErrorCode::OtpRequired));
        QSignalSpy ok(
            auth->login(QStringLiteral("mei"), QStringLiteral("pw"), QStringLiteral("123456")),
            &ApiRequest::succeeded);
        QTRY_COMPARE(ok.size(), 1);
    }

    void login_accountLocked_carriesRetryAfter() {
        server->setHandler([](const auto&) {
            return Response::error(423, "account_locked", R"(,"details":{"retry_after_s":840})");
        });
        QSignalSpy failed(auth->login(QStringLiteral("mei"), QStringLiteral("pw")),
                          &ApiRequest::failed);
        QTRY_COMPARE(failed.size(), 1);
        const auto e = failed.first().first().value<ApiError>();
        QVERIFY(e.is(ErrorCode::AccountLocked));
        QCOMPARE(e.retryAfterSeconds, std::optional<int>(840));
    }

    void login_rateLimited_isNotRetriedAndCarriesRetryAfter() {
        server->setHandler([](const auto&) {
            Response r = Response::error(429, "rate_limited");
            r.headers.append({QByteArray("Retry-After"), QByteArray("3")});
            return r;
        });
        QSignalSpy failed(auth->login(QStringLiteral("mei"), QStringLiteral("pw")),
                          &ApiRequest::failed);
        QTRY_COMPARE(failed.size(), 1);
        const auto e = failed.first().first().value<ApiError>();
        QVERIFY(e.is(ErrorCode::RateLimited));
        QCOMPARE(e.retryAfterSeconds, std::optional<int>(3));
        QCOMPARE(server->requestCount(), 1);
        QVERIFY(scheduler.delays.isEmpty());
    }

    void login_answerWithoutToken_failsAsInvalidResponse() {
        server->setHandler(
            [](const auto&) { return Response::json(200, R"({"user":)" + kUserJson + "}"); });
        QSignalSpy failed(auth->login(QStringLiteral("mei"), QStringLiteral("pw")),
                          &ApiRequest::failed);
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().value<ApiError>().kind, ApiError::Kind::InvalidResponse);
        QCOMPARE(session->state(), Session::State::SignedOut);
    }

    void authenticatedRequest_carriesBearerToken() {
        session->signIn("tok-A", userMei());
        QSignalSpy ok(api->get(QStringLiteral("/orders")), &ApiRequest::succeeded);
        QTRY_COMPARE(ok.size(), 1);
        QCOMPARE(server->requests().first().header("authorization"), QByteArray("Bearer tok-A"));
    }

    void requestWhileSignedOut_failsWithoutBeingSent() {
        QSignalSpy failed(api->get(QStringLiteral("/orders")), &ApiRequest::failed);
        QTRY_COMPARE(failed.size(), 1);
        const auto e = failed.first().first().value<ApiError>();
        QCOMPARE(e.kind, ApiError::Kind::Cancelled);
        QVERIFY(e.is(ErrorCode::Unauthenticated));
        QCOMPARE(server->requestCount(), 0);
    }

    void concurrentUnauthorized_emitsSessionExpiredOnce_thenResumesAfterSignIn() {
        server->setHandler([](const FakeHttpServer::Request& req) {
            return req.header("authorization") == "Bearer fresh"
                       ? Response::json(200, R"({"ok":true})")
                       : Response::error(401, "unauthenticated");
        });
        server->holdUntil(3);  // all three are in flight when the 401s come back
        session->signIn("stale", userMei());
        QSignalSpy expired(session.get(), &Session::sessionExpired);
        QList<ApiRequest*> requests;
        int finished = 0;
        int succeeded = 0;
        for (const char* path : {"/orders", "/tickets", "/products"}) {
            ApiRequest* r = api->get(QString::fromLatin1(path));
            connect(r, &ApiRequest::finished, this, [&finished] { ++finished; });
            connect(r, &ApiRequest::succeeded, this, [&succeeded] { ++succeeded; });
            requests.append(r);
        }
        QTRY_COMPARE(session->parkedCount(), 3);
        QCOMPARE(expired.size(), 1);
        QCOMPARE(session->state(), Session::State::Expired);
        QCOMPARE(finished, 0);  // parked, not failed

        // A request made while expired waits too, without going to the server.
        const int sentSoFar = server->requestCount();
        ApiRequest* late = api->get(QStringLiteral("/audit"));
        connect(late, &ApiRequest::succeeded, this, [&succeeded] { ++succeeded; });
        QTRY_COMPARE(session->parkedCount(), 4);
        QCOMPARE(server->requestCount(), sentSoFar);

        session->signIn("fresh", userMei());
        QTRY_COMPARE(succeeded, 4);
        QCOMPARE(expired.size(), 1);
        QCOMPARE(server->requests().last().header("authorization"), QByteArray("Bearer fresh"));
    }

    void parkedRequests_failCleanlyOnSignOut() {
        server->setHandler([](const auto&) { return Response::error(401, "unauthenticated"); });
        session->signIn("stale", userMei());
        QSignalSpy expired(session.get(), &Session::sessionExpired);
        QSignalSpy failedA(api->get(QStringLiteral("/orders")), &ApiRequest::failed);
        QSignalSpy failedB(api->get(QStringLiteral("/tickets")), &ApiRequest::failed);
        QTRY_COMPARE(session->parkedCount(), 2);
        session->signOut();
        QCOMPARE(failedA.size(), 1);
        QCOMPARE(failedB.size(), 1);
        const auto e = failedA.first().first().value<ApiError>();
        QCOMPARE(e.kind, ApiError::Kind::Cancelled);
        QVERIFY(e.is(ErrorCode::Unauthenticated));
        QCOMPARE(expired.size(), 1);
    }

    void parkedRequests_areCancelledWhenSomeoneElseSignsIn() {
        server->setHandler([](const auto&) { return Response::error(401, "unauthenticated"); });
        session->signIn("stale", userMei());
        QSignalSpy failed(api->get(QStringLiteral("/orders")), &ApiRequest::failed);
        QTRY_COMPARE(session->parkedCount(), 1);
        User other = userMei();
        other.id = 8;
        other.username = QStringLiteral("lei");
        session->signIn("other", other);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().value<ApiError>().kind, ApiError::Kind::Cancelled);
    }

    void unauthorizedForReplacedToken_isResentNotExpired() {
        // The answer to a request sent with the old token arrives after a new sign-in.
        server->setHandler([](const FakeHttpServer::Request& req) {
            return req.header("authorization") == "Bearer new"
                       ? Response::json(200, "{}")
                       : Response::error(401, "unauthenticated");
        });
        server->holdUntil(1);
        session->signIn("old", userMei());
        QSignalSpy expired(session.get(), &Session::sessionExpired);
        ApiRequest* r = api->get(QStringLiteral("/orders"));
        QSignalSpy ok(r, &ApiRequest::succeeded);
        // Swap the token before the held answer is released.
        QTRY_COMPARE(r->state(), ApiRequest::State::Running);
        session->signIn("new", userMei());
        QTRY_COMPARE(ok.size(), 1);
        QCOMPARE(expired.size(), 0);
    }

    void logout_signsOutAtOnceAndRevokesWithTheOldToken() {
        server->setHandler([](const auto&) { return Response{204, {}, {}, false, -1}; });
        session->signIn("tok-L", userMei());
        QSignalSpy signedOut(session.get(), &Session::signedOut);
        QSignalSpy ok(auth->logout(), &ApiRequest::succeeded);
        QCOMPARE(signedOut.size(), 1);
        QCOMPARE(session->state(), Session::State::SignedOut);
        QVERIFY(!session->user().isValid());
        QTRY_COMPARE(ok.size(), 1);
        const auto& req = server->requests().first();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.path, QByteArray("/api/v1/auth/logout"));
        QCOMPARE(req.header("authorization"), QByteArray("Bearer tok-L"));
    }

    void logout_withExpiredToken_doesNotAskToSignInAgain() {
        server->setHandler([](const auto&) { return Response::error(401, "unauthenticated"); });
        session->signIn("gone", userMei());
        QSignalSpy expired(session.get(), &Session::sessionExpired);
        QSignalSpy failed(auth->logout(), &ApiRequest::failed);
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(expired.size(), 0);
    }

    void me_refreshesTheUser() {
        server->setHandler([](const auto&) {
            QByteArray json = kUserJson;
            json.replace("Wang Mei", "Wang Mei (Lead)");
            return Response::json(200, json);
        });
        session->signIn("tok", userMei());
        QSignalSpy ok(auth->me(), &ApiRequest::succeeded);
        QTRY_COMPARE(ok.size(), 1);
        QCOMPARE(session->user().displayName, QStringLiteral("Wang Mei (Lead)"));
    }

    void settings_roundTripInATemporaryFile_neverHoldAPassword() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("opsdesk.ini"));
        {
            ClientSettings s(file);
            s.setServerUrl(QUrl(QStringLiteral("https://ops.example.com:8443")));
            s.setUsername(QStringLiteral("mei"));
            s.setCaFile(QStringLiteral("/etc/opsdesk/ca.pem"));
            s.setLanguage(QStringLiteral("zh_CN"));
            s.sync();
        }
        ClientSettings s(file);
        QCOMPARE(s.serverUrl(), QUrl(QStringLiteral("https://ops.example.com:8443")));
        QCOMPARE(s.username(), QStringLiteral("mei"));
        QCOMPARE(s.caFile(), QStringLiteral("/etc/opsdesk/ca.pem"));
        QCOMPARE(s.language(), QStringLiteral("zh_CN"));
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QVERIFY(!raw.readAll().toLower().contains("password"));
    }
};

QTEST_GUILESS_MAIN(SessionTest)
#include "tst_session.moc"
