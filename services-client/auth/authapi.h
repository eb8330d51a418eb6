#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include "services-client/api/apirequest.h"
#include "services-client/auth/user.h"

namespace opsdesk::client {

class ApiClient;
class Session;

// What the server still asks of the signed-in user before it serves anything else
// (403 password_change_required / totp_enrollment_required until done).
struct AccountFlags {
    bool mustChangePassword = false;
    bool totpEnabled = false;
    bool totpEnrollmentRequired = false;

    static AccountFlags fromJson(const QJsonObject& user);
    friend bool operator==(const AccountFlags&, const AccountFlags&) = default;
};

// POST /auth/login: on success carries the token and the user.
class LoginRequest : public ApiRequest {
    Q_OBJECT

public:
    LoginRequest(const QString& username, const QString& password, const QString& otp);

    const QByteArray& token() const { return token_; }
    const User& user() const { return user_; }
    const QDateTime& expiresAt() const { return expiresAt_; }
    const AccountFlags& accountFlags() const { return flags_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    QByteArray token_;
    User user_;
    QDateTime expiresAt_;
    AccountFlags flags_;
};

// GET /auth/me.
class MeRequest : public ApiRequest {
    Q_OBJECT

public:
    MeRequest();
    const User& user() const { return user_; }
    const AccountFlags& accountFlags() const { return flags_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    User user_;
    AccountFlags flags_;
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
    // Refreshes the session's user and the account flags on success.
    MeRequest* me();

    // As the last sign-in or /auth/me said.
    const AccountFlags& accountFlags() const { return flags_; }

signals:
    void accountFlagsChanged(const opsdesk::client::AccountFlags& flags);

private:
    void setAccountFlags(const AccountFlags& flags);

    ApiClient* client_;
    Session* session_;
    AccountFlags flags_;
};

}  // namespace opsdesk::client
