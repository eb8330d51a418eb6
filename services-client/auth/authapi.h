#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>

#include "services-client/api/apirequest.h"
#include "services-client/auth/user.h"

namespace opsdesk::client {

class ApiClient;
class Session;

// POST /auth/login: on success carries the token and the user.
class LoginRequest : public ApiRequest {
    Q_OBJECT

public:
    LoginRequest(const QString& username, const QString& password, const QString& otp);

    const QByteArray& token() const { return token_; }
    const User& user() const { return user_; }
    const QDateTime& expiresAt() const { return expiresAt_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    QByteArray token_;
    User user_;
    QDateTime expiresAt_;
};

// GET /auth/me.
class MeRequest : public ApiRequest {
    Q_OBJECT

public:
    MeRequest();
    const User& user() const { return user_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    User user_;
};

// Signing in and out. A successful login hands the token to the Session before the request's
// own `succeeded` reaches anyone else.
class AuthApi : public QObject {
    Q_OBJECT

public:
    AuthApi(ApiClient* client, Session* session, QObject* parent = nullptr);

    // `otp` empty: none sent. Never retried (a login is not idempotent).
    LoginRequest* login(const QString& username, const QString& password, const QString& otp = {});
    // Forgets the session here at once and revokes its token on the server (204).
    ApiRequest* logout();
    // Refreshes the session's user on success.
    MeRequest* me();

private:
    ApiClient* client_;
    Session* session_;
};

}  // namespace opsdesk::client
