#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>

#include "services-client/api/apirequest.h"

namespace opsdesk::client {

class ApiClient;

// One of the signed-in user's own sessions (GET /auth/sessions).
struct SessionInfo {
    qint64 id = 0;
    QDateTime createdAt;
    QDateTime lastSeenAt;
    QDateTime expiresAt;
    QString address;
    QString client;  // the User-Agent it signed in with
    bool current = false;

    friend bool operator==(const SessionInfo&, const SessionInfo&) = default;
};

class SessionListRequest : public ApiRequest {
    Q_OBJECT

public:
    SessionListRequest();
    const QList<SessionInfo>& sessions() const { return sessions_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    QList<SessionInfo> sessions_;
};

// POST /auth/totp/enroll: a new secret, not active until confirmed with a first code.
class TotpEnrollRequest : public ApiRequest {
    Q_OBJECT

public:
    TotpEnrollRequest();
    const QString& secret() const { return secret_; }
    const QString& otpauthUri() const { return otpauthUri_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    QString secret_;
    QString otpauthUri_;
};

// The signed-in user's own account: password, two-factor sign-in, sessions.
class AccountApi : public QObject {
    Q_OBJECT

public:
    explicit AccountApi(ApiClient* client, QObject* parent = nullptr);

    SessionListRequest* sessions();
    ApiRequest* endSession(qint64 id);
    // 422 with fields.current_password / fields.new_password when refused.
    ApiRequest* changePassword(const QString& currentPassword, const QString& newPassword);
    TotpEnrollRequest* enrollTotp();
    ApiRequest* confirmTotp(const QString& code);
    ApiRequest* disableTotp(const QString& code);

private:
    ApiClient* client_;
};

}  // namespace opsdesk::client
