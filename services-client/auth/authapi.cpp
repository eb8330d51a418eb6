#include "services-client/auth/authapi.h"

#include <QJsonObject>

#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"
#include "services-client/logging.h"

namespace opsdesk::client {

AccountFlags AccountFlags::fromJson(const QJsonObject& user) {
    AccountFlags f;
    f.mustChangePassword = user.value(QLatin1String("must_change_password")).toBool();
    f.totpEnabled = user.value(QLatin1String("totp_enabled")).toBool();
    f.totpEnrollmentRequired = user.value(QLatin1String("totp_enrollment_required")).toBool();
    return f;
}

LoginRequest::LoginRequest(const QString& username, const QString& password, const QString& otp)
    : ApiRequest(Method::Post, QStringLiteral("/auth/login")) {
    QJsonObject body{{QStringLiteral("username"), username},
                     {QStringLiteral("password"), password}};
    if (!otp.isEmpty()) {
        body.insert(QStringLiteral("otp"), otp);
    }
    setJsonBody(QJsonDocument(body));
    setAuthenticated(false);
    setRetryPolicy(RetryPolicy::never());
}

std::optional<ApiError> LoginRequest::acceptResponse(const QJsonDocument& response) {
    const QJsonObject object = response.object();
    const QString token = object.value(QLatin1String("token")).toString();
    if (token.isEmpty()) {
        return ApiError::invalidResponse(0, QStringLiteral("The login answer carries no token"));
    }
    QString why;
    const auto user = User::fromJson(object.value(QLatin1String("user")).toObject(), &why);
    if (!user) {
        return ApiError::invalidResponse(0, why);
    }
    token_ = token.toUtf8();
    user_ = *user;
    flags_ = AccountFlags::fromJson(object.value(QLatin1String("user")).toObject());
    expiresAt_ =
        QDateTime::fromString(object.value(QLatin1String("expires_at")).toString(), Qt::ISODate);
    return std::nullopt;
}

MeRequest::MeRequest() : ApiRequest(Method::Get, QStringLiteral("/auth/me")) {}

std::optional<ApiError> MeRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    const auto user = User::fromJson(response.object(), &why);
    if (!user) {
        return ApiError::invalidResponse(0, why);
    }
    user_ = *user;
    flags_ = AccountFlags::fromJson(response.object());
    return std::nullopt;
}

AuthApi::AuthApi(ApiClient* client, Session* session, QObject* parent)
    : QObject(parent), client_(client), session_(session) {}

LoginRequest* AuthApi::login(const QString& username, const QString& password, const QString& otp) {
    auto* request = client_->send(new LoginRequest(username, password, otp));
    // Connected first, so the session holds the token before anyone else hears of success.
    connect(request, &ApiRequest::succeeded, session_, [this, session = session_, request] {
        flags_ = request->accountFlags();
        session->signIn(request->token(), request->user(), request->expiresAt());
        emit accountFlagsChanged(flags_);
    });
    return request;
}

ApiRequest* AuthApi::logout() {
    const QByteArray authorization = session_->authorizationHeader();
    session_->signOut();
    auto* request = new ApiRequest(ApiRequest::Method::Post, QStringLiteral("/auth/logout"));
    // Sent with the token captured above: the session is already signed out, and a 401 here
    // (the token had expired anyway) must not ask the user to sign in again.
    request->setAuthenticated(false);
    request->setRetryPolicy(RetryPolicy::never());
    if (!authorization.isEmpty()) {
        request->setHeader("Authorization", authorization);
    }
    return client_->send(request);
}

MeRequest* AuthApi::me() {
    auto* request = client_->send(new MeRequest);
    connect(request, &ApiRequest::succeeded, session_, [this, session = session_, request] {
        if (session->isAuthenticated() && request->user().id == session->user().id) {
            session->user_ = request->user();
            setAccountFlags(request->accountFlags());
        }
    });
    return request;
}

void AuthApi::setAccountFlags(const AccountFlags& flags) {
    if (flags != flags_) {
        flags_ = flags;
        emit accountFlagsChanged(flags_);
    }
}

}  // namespace opsdesk::client
