#include "services-client/account/accountapi.h"

#include <QJsonArray>
#include <QJsonObject>

#include "services-client/api/apiclient.h"
#include "services-client/api/wiretime.h"

namespace opsdesk::client {

SessionListRequest::SessionListRequest()
    : ApiRequest(Method::Get, QStringLiteral("/auth/sessions")) {}

std::optional<ApiError> SessionListRequest::acceptResponse(const QJsonDocument& response) {
    sessions_.clear();
    for (const QJsonValue& item : response.object().value(QLatin1String("items")).toArray()) {
        const QJsonObject o = item.toObject();
        SessionInfo s;
        s.id = o.value(QLatin1String("id")).toInteger();
        if (s.id <= 0) {
            return ApiError::invalidResponse(0, QStringLiteral("session.id is missing"));
        }
        s.createdAt = parseTimestamp(o.value(QLatin1String("created_at")));
        s.lastSeenAt = parseTimestamp(o.value(QLatin1String("last_seen_at")));
        s.expiresAt = parseTimestamp(o.value(QLatin1String("expires_at")));
        s.address = o.value(QLatin1String("address")).toString();
        s.client = o.value(QLatin1String("client")).toString();
        s.current = o.value(QLatin1String("current")).toBool();
        sessions_.append(s);
    }
    return std::nullopt;
}

TotpEnrollRequest::TotpEnrollRequest()
    : ApiRequest(Method::Post, QStringLiteral("/auth/totp/enroll")) {
    setJsonBody(QJsonDocument(QJsonObject{}));
}

std::optional<ApiError> TotpEnrollRequest::acceptResponse(const QJsonDocument& response) {
    secret_ = response.object().value(QLatin1String("secret")).toString();
    otpauthUri_ = response.object().value(QLatin1String("otpauth_uri")).toString();
    if (secret_.isEmpty() || otpauthUri_.isEmpty()) {
        return ApiError::invalidResponse(0, QStringLiteral("the enrolment carries no secret"));
    }
    return std::nullopt;
}

AccountApi::AccountApi(ApiClient* client, QObject* parent) : QObject(parent), client_(client) {}

SessionListRequest* AccountApi::sessions() {
    return client_->send(new SessionListRequest);
}

ApiRequest* AccountApi::endSession(qint64 id) {
    return client_->send(
        new ApiRequest(ApiRequest::Method::Delete, QStringLiteral("/auth/sessions/%1").arg(id)));
}

ApiRequest* AccountApi::changePassword(const QString& currentPassword, const QString& newPassword) {
    return client_->post(
        QStringLiteral("/auth/password"),
        QJsonDocument(QJsonObject{{QStringLiteral("current_password"), currentPassword},
                                  {QStringLiteral("new_password"), newPassword}}));
}

TotpEnrollRequest* AccountApi::enrollTotp() {
    return client_->send(new TotpEnrollRequest);
}

ApiRequest* AccountApi::confirmTotp(const QString& code) {
    return client_->post(QStringLiteral("/auth/totp/confirm"),
                         QJsonDocument(QJsonObject{{QStringLiteral("otp"), code}}));
}

ApiRequest* AccountApi::disableTotp(const QString& code) {
    return client_->post(QStringLiteral("/auth/totp/disable"),
                         QJsonDocument(QJsonObject{{QStringLiteral("otp"), code}}));
}

}  // namespace opsdesk::client
