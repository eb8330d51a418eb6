// services-client against the real opsdesk-server and PostgreSQL.
#include <QSignalSpy>
#include <QtTest>

#include "opsdesk/protocol/roles.h"
#include "serverprocess.h"
#include "services-client/api/apiclient.h"
#include "services-client/auth/authapi.h"
#include "services-client/auth/session.h"
#include "testcluster.h"

using namespace std::chrono_literals;
using opsdesk::client::ApiClient;
using opsdesk::client::ApiError;
using opsdesk::client::ApiRequest;
using opsdesk::client::AuthApi;
using opsdesk::client::LoginRequest;
using opsdesk::client::Session;
using opsdesk::protocol::ErrorCode;
using opsdesk::test::ServerProcess;
using opsdesk::test::TestCluster;

namespace {

const QString kPassword = QStringLiteral("correct horse battery staple");

// One client: connection, session and auth, pointed at a server.
struct Client {
    ApiClient api;
    Session session;
    AuthApi auth{&api, &session};

    explicit Client(const QUrl& base, const QString& caFile = {}) {
        api.setBaseUrl(base);
        api.setSession(&session);
        api.setDefaultTimeout(15s);
        if (!caFile.isEmpty()) {
            api.setCaFile(caFile);
        }
    }

    // Runs one login to its end; returns the error, or nullopt on success.
    std::optional<ApiError> login(const QString& user, const QString& password,
                                  QByteArray* token = nullptr) {
        LoginRequest* r = auth.login(user, password);
        r->setAutoDelete(false);
        QSignalSpy done(r, &ApiRequest::finished);
        if (!done.wait(20000)) {
            delete r;
            return ApiError::cancelled(QStringLiteral("no answer within 20 s"));
        }
        std::optional<ApiError> result;
        if (!r->succeededOutcome()) {
            result = r->error();
        } else if (token) {
            *token = r->token();
        }
        delete r;
        return result;
    }
};

}  // namespace

class AuthServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    QString databaseUrl;
    ServerProcess server;

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        databaseUrl = cluster.createDatabase(QStringLiteral("client_auth"));
        QVERIFY(!databaseUrl.isEmpty());
        QVERIFY2(server.start({databaseUrl,
                               false,
                               {QStringLiteral("--lockout-threshold"), QStringLiteral("5"),
                                QStringLiteral("--lockout-seconds"), QStringLiteral("900")}},
                              &error),
                 qPrintable(error));
        for (const char* name : {"agent1", "agent2", "locky", "leaver"}) {
            QVERIFY2(server.createUser(QString::fromLatin1(name), kPassword,
                                       QStringLiteral("support_agent"), &error),
                     qPrintable(error));
        }
        QVERIFY2(server.createUser(QStringLiteral("fm1"), kPassword,
                                   QStringLiteral("finance_manager"), &error),
                 qPrintable(error));
    }

    void health_answersOk() {
        Client c(server.baseUrl());
        ApiRequest* r = c.api.get(QStringLiteral("/health"));
        r->setAuthenticated(false);
        QSignalSpy ok(r, &ApiRequest::succeeded);
        QVERIFY(ok.wait(10000));
        QCOMPARE(
            ok.first().first().toJsonDocument().object().value(QStringLiteral("status")).toString(),
            QStringLiteral("ok"));
        QCOMPARE(c.api.connectionState(), ApiClient::ConnectionState::Online);
    }

    void login_validCredentials_signsInWithTheRolesPermissions() {
        Client c(server.baseUrl());
        QSignalSpy signedIn(&c.session, &Session::signedIn);
        const auto error = c.login(QStringLiteral("fm1"), kPassword);
        QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
        QCOMPARE(signedIn.size(), 1);
        QVERIFY(c.session.isAuthenticated());
        const auto& user = c.session.user();
        QCOMPARE(user.username, QStringLiteral("fm1"));
        QVERIFY(user.id > 0);
        QCOMPARE(user.roles, QStringList{QStringLiteral("finance_manager")});
        const auto* role = opsdesk::protocol::findBuiltinRole("finance_manager");
        QVERIFY(role);
        const std::set<opsdesk::protocol::Permission> expected(role->permissions.begin(),
                                                               role->permissions.end());
        QCOMPARE(user.permissions, expected);
        QVERIFY(user.unknownPermissions.isEmpty());
        QVERIFY(c.session.expiresAt().isValid());
        QVERIFY(c.session.expiresAt() > QDateTime::currentDateTimeUtc());
    }

    void me_afterLogin_returnsTheSameUser() {
        Client c(server.baseUrl());
        QVERIFY(!c.login(QStringLiteral("agent1"), kPassword));
        QSignalSpy ok(c.auth.me(), &ApiRequest::succeeded);
        QVERIFY(ok.wait(10000));
        QCOMPARE(c.session.user().username, QStringLiteral("agent1"));
    }

    void login_wrongPassword_failsWithInvalidCredentials() {
        Client c(server.baseUrl());
        QSignalSpy expired(&c.session, &Session::sessionExpired);
        const auto error = c.login(QStringLiteral("agent2"), QStringLiteral("not the password"));
        QVERIFY(error);
        QCOMPARE(error->kind, ApiError::Kind::Http);
        QCOMPARE(error->httpStatus, 401);
        QVERIFY2(error->is(ErrorCode::InvalidCredentials), qPrintable(error->toString()));
        QCOMPARE(c.session.state(), Session::State::SignedOut);
        QCOMPARE(expired.size(), 0);
    }

    void login_unknownUser_failsWithInvalidCredentials() {
        Client c(server.baseUrl());
        const auto error = c.login(QStringLiteral("nobody-here"), kPassword);
        QVERIFY(error);
        QVERIFY2(error->is(ErrorCode::InvalidCredentials), qPrintable(error->toString()));
    }

    void login_fiveFailures_locksTheAccountWithRetryAfter() {
        Client c(server.baseUrl());
        for (int i = 0; i < 5; ++i) {
            const auto error = c.login(QStringLiteral("locky"), QStringLiteral("wrong %1").arg(i));
            QVERIFY(error);
            // The fifth failure may already answer "locked".
            QVERIFY2(error->is(ErrorCode::InvalidCredentials) ||
                         (i == 4 && error->is(ErrorCode::AccountLocked)),
                     qPrintable(error->toString()));
        }
        // Locked now: even the right password is refused, saying for how long.
        const auto error = c.login(QStringLiteral("locky"), kPassword);
        QVERIFY(error);
        QCOMPARE(error->httpStatus, 423);
        QVERIFY2(error->is(ErrorCode::AccountLocked), qPrintable(error->toString()));
        QVERIFY(error->retryAfterSeconds.has_value());
        QVERIFY2(*error->retryAfterSeconds > 0 && *error->retryAfterSeconds <= 900,
                 qPrintable(QString::number(*error->retryAfterSeconds)));
        // Other accounts are not affected.
        QVERIFY(!c.login(QStringLiteral("agent2"), kPassword));
    }

    void logout_revokesTheToken_meAnswers401AndSessionSignalsOnce() {
        Client c(server.baseUrl());
        QByteArray token;
        QVERIFY(!c.login(QStringLiteral("leaver"), kPassword, &token));
        QVERIFY(!token.isEmpty());
        const auto user = c.session.user();

        ApiRequest* logout = c.auth.logout();
        logout->setAutoDelete(false);
        QSignalSpy loggedOut(logout, &ApiRequest::finished);
        QCOMPARE(c.session.state(), Session::State::SignedOut);
        QVERIFY(loggedOut.wait(10000));
        QVERIFY2(logout->succeededOutcome(), qPrintable(logout->error().toString()));
        QCOMPARE(logout->httpStatus(), 204);
        delete logout;

        // The old token, sent by hand: the server no longer knows it.
        ApiRequest* raw = c.api.get(QStringLiteral("/auth/me"));
        raw->setAuthenticated(false);
        raw->setHeader("Authorization", "Bearer " + token);
        QSignalSpy rawFailed(raw, &ApiRequest::failed);
        QVERIFY(rawFailed.wait(10000));
        const auto rawError = rawFailed.first().first().value<ApiError>();
        QCOMPARE(rawError.httpStatus, 401);
        QVERIFY2(rawError.is(ErrorCode::Unauthenticated), qPrintable(rawError.toString()));

        // A second client still holding that token: three requests, one expiry signal.
        Client other(server.baseUrl());
        other.session.signIn(token, user);
        QSignalSpy expired(&other.session, &Session::sessionExpired);
        int finished = 0;
        for (int i = 0; i < 3; ++i) {
            connect(other.auth.me(), &ApiRequest::finished, this, [&finished] { ++finished; });
        }
        QTRY_COMPARE_WITH_TIMEOUT(other.session.parkedCount(), 3, 10000);
        QCOMPARE(expired.size(), 1);
        QCOMPARE(finished, 0);
        other.session.signOut();
        QCOMPARE(finished, 3);
        QCOMPARE(expired.size(), 1);
    }
};

// The same server over TLS, with and without trusting its CA.
class TlsServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    ServerProcess server;

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        const QString url = cluster.createDatabase(QStringLiteral("client_tls"));
        QVERIFY2(server.start({url, true, {}}, &error), qPrintable(error));
        QVERIFY2(server.createUser(QStringLiteral("tls_agent"), kPassword,
                                   QStringLiteral("support_agent"), &error),
                 qPrintable(error));
        QVERIFY(!server.caFile().isEmpty());
        QCOMPARE(server.baseUrl().scheme(), QStringLiteral("https"));
    }

    void tls_withCaFile_signsIn() {
        Client c(server.baseUrl(), server.caFile());
        QCOMPARE(c.api.caFile(), server.caFile());
        const auto error = c.login(QStringLiteral("tls_agent"), kPassword);
        QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
        QVERIFY(c.session.isAuthenticated());
    }

    void tls_withoutCaFile_failsWithCertificateError() {
        Client c(server.baseUrl());
        const auto error = c.login(QStringLiteral("tls_agent"), kPassword);
        QVERIFY(error);
        QCOMPARE(error->kind, ApiError::Kind::Tls);
        QVERIFY(!error->certificateProblems.isEmpty());
        QVERIFY(!error->message.isEmpty());
        QCOMPARE(c.session.state(), Session::State::SignedOut);
    }
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int status = 0;
    {
        AuthServerTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    {
        TlsServerTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    return status;
}

#include "tst_auth_server.moc"
