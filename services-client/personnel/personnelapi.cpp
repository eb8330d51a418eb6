#include "services-client/personnel/personnelapi.h"

#include <QJsonArray>

#include "services-client/api/apiclient.h"

namespace opsdesk::client {

namespace {

QString userPath(qint64 id, const QString& tail = {}) {
    return QStringLiteral("/users/%1%2").arg(id).arg(tail);
}

QString rolePath(qint64 id) {
    return QStringLiteral("/roles/%1").arg(id);
}

}  // namespace

std::optional<ApiError> UserRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    const auto user = StaffMember::fromJson(response.object(), &why);
    if (!user) {
        return ApiError::invalidResponse(0, why);
    }
    user_ = *user;
    return std::nullopt;
}

RoleListRequest::RoleListRequest() : ApiRequest(Method::Get, QStringLiteral("/roles")) {}

std::optional<ApiError> RoleListRequest::acceptResponse(const QJsonDocument& response) {
    roles_.clear();
    for (const QJsonValue& item : response.object().value(QLatin1String("items")).toArray()) {
        QString why;
        const auto role = Role::fromJson(item.toObject(), &why);
        if (!role) {
            return ApiError::invalidResponse(0, why);
        }
        roles_.append(*role);
    }
    return std::nullopt;
}

std::optional<ApiError> RoleRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    const auto role = Role::fromJson(response.object(), &why);
    if (!role) {
        return ApiError::invalidResponse(0, why);
    }
    role_ = *role;
    return std::nullopt;
}

PermissionListRequest::PermissionListRequest()
    : ApiRequest(Method::Get, QStringLiteral("/permissions")) {}

std::optional<ApiError> PermissionListRequest::acceptResponse(const QJsonDocument& response) {
    permissions_.clear();
    for (const QJsonValue& item : response.object().value(QLatin1String("items")).toArray()) {
        const QJsonObject o = item.toObject();
        PermissionDescription p{o.value(QLatin1String("name")).toString(),
                                o.value(QLatin1String("module")).toString(),
                                o.value(QLatin1String("description")).toString()};
        if (p.name.isEmpty()) {
            return ApiError::invalidResponse(0, QStringLiteral("a permission has no name"));
        }
        permissions_.append(p);
    }
    return std::nullopt;
}

std::optional<ApiError> SecuritySettingsRequest::acceptResponse(const QJsonDocument& response) {
    const QJsonObject o = response.object();
    totpRequired_ = o.value(QLatin1String("totp_required_for_roles_write")).toBool();
    version_ = o.value(QLatin1String("version")).toInt();
    return std::nullopt;
}

PersonnelApi::PersonnelApi(ApiClient* client, QObject* parent) : QObject(parent), client_(client) {}

template <typename Request>
Request* PersonnelApi::make(ApiRequest::Method method, const QString& path, const QJsonObject& body,
                            int ifMatch) {
    auto* request = new Request(method, path);
    if (method != ApiRequest::Method::Get && method != ApiRequest::Method::Delete) {
        request->setJsonBody(QJsonDocument(body));
    }
    request->setIfMatch(ifMatch);
    return client_->send(request);
}

QUrlQuery PersonnelApi::toQuery(const UserQuery& query, const QString& cursor, int limit) {
    QUrlQuery q;
    if (!query.text.trimmed().isEmpty()) {
        q.addQueryItem(QStringLiteral("q"), query.text.trimmed());
    }
    if (!query.role.isEmpty()) {
        q.addQueryItem(QStringLiteral("role"), query.role);
    }
    if (query.active) {
        q.addQueryItem(QStringLiteral("active"),
                       *query.active ? QStringLiteral("true") : QStringLiteral("false"));
    }
    q.addQueryItem(QStringLiteral("sort"), sortKey(query.sort));
    q.addQueryItem(QStringLiteral("order"), query.order == Qt::AscendingOrder
                                                ? QStringLiteral("asc")
                                                : QStringLiteral("desc"));
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!cursor.isEmpty()) {
        q.addQueryItem(QStringLiteral("cursor"), cursor);
    }
    return q;
}

UserPageRequest* PersonnelApi::listUsers(const UserQuery& query, const QString& cursor, int limit) {
    return client_->send(
        new UserPageRequest(QStringLiteral("/users"), toQuery(query, cursor, limit)));
}

UserRequest* PersonnelApi::user(qint64 id) {
    return make<UserRequest>(ApiRequest::Method::Get, userPath(id));
}

UserRequest* PersonnelApi::createUser(const NewStaffMember& m) {
    return make<UserRequest>(ApiRequest::Method::Post, QStringLiteral("/users"),
                             {{QStringLiteral("username"), m.username},
                              {QStringLiteral("display_name"), m.displayName},
                              {QStringLiteral("email"), m.email},
                              {QStringLiteral("password"), m.password},
                              {QStringLiteral("roles"), QJsonArray::fromStringList(m.roles)}});
}

UserRequest* PersonnelApi::updateUser(qint64 id, int version, const QJsonObject& changes) {
    return make<UserRequest>(ApiRequest::Method::Patch, userPath(id), changes, version);
}

UserRequest* PersonnelApi::deactivateUser(qint64 id, int version) {
    return make<UserRequest>(ApiRequest::Method::Post, userPath(id, QStringLiteral("/deactivate")),
                             {}, version);
}

UserRequest* PersonnelApi::reactivateUser(qint64 id, int version) {
    return make<UserRequest>(ApiRequest::Method::Post, userPath(id, QStringLiteral("/reactivate")),
                             {}, version);
}

UserRequest* PersonnelApi::resetPassword(qint64 id, int version, const QString& newPassword) {
    return make<UserRequest>(ApiRequest::Method::Post, userPath(id, QStringLiteral("/password")),
                             {{QStringLiteral("new_password"), newPassword}}, version);
}

ApiRequest* PersonnelApi::endAllSessions(qint64 id) {
    return make<ApiRequest>(ApiRequest::Method::Post,
                            userPath(id, QStringLiteral("/sessions/revoke")));
}

ApiRequest* PersonnelApi::disableTotp(qint64 id) {
    return make<ApiRequest>(ApiRequest::Method::Post,
                            userPath(id, QStringLiteral("/totp/disable")));
}

RoleListRequest* PersonnelApi::roles() {
    return client_->send(new RoleListRequest);
}

RoleRequest* PersonnelApi::role(qint64 id) {
    return make<RoleRequest>(ApiRequest::Method::Get, rolePath(id));
}

RoleRequest* PersonnelApi::createRole(const QString& name, const QString& description,
                                      const QStringList& permissions) {
    return make<RoleRequest>(
        ApiRequest::Method::Post, QStringLiteral("/roles"),
        {{QStringLiteral("name"), name},
         {QStringLiteral("description"), description},
         {QStringLiteral("permissions"), QJsonArray::fromStringList(permissions)}});
}

RoleRequest* PersonnelApi::updateRole(qint64 id, int version, const QJsonObject& changes) {
    return make<RoleRequest>(ApiRequest::Method::Patch, rolePath(id), changes, version);
}

ApiRequest* PersonnelApi::deleteRole(qint64 id) {
    return make<ApiRequest>(ApiRequest::Method::Delete, rolePath(id));
}

PermissionListRequest* PersonnelApi::permissions() {
    return client_->send(new PermissionListRequest);
}

SecuritySettingsRequest* PersonnelApi::securitySettings() {
    return make<SecuritySettingsRequest>(ApiRequest::Method::Get,
                                         QStringLiteral("/settings/security"));
}

SecuritySettingsRequest* PersonnelApi::setTotpRequiredForRolesWrite(bool required, int version) {
    return make<SecuritySettingsRequest>(
        ApiRequest::Method::Patch, QStringLiteral("/settings/security"),
        {{QStringLiteral("totp_required_for_roles_write"), required}}, version);
}

}  // namespace opsdesk::client
