#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>

#include "services-client/api/apirequest.h"
#include "services-client/api/pagerequest.h"
#include "services-client/personnel/personneltypes.h"

namespace opsdesk::client {

class ApiClient;

// GET /users: one page of staff.
using UserPageRequest = ItemPageRequest<StaffMember>;

// Any call that answers with one user (GET, POST /users, PATCH, deactivate, password reset…).
class UserRequest : public ApiRequest {
    Q_OBJECT

public:
    using ApiRequest::ApiRequest;
    const StaffMember& user() const { return user_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    StaffMember user_;
};

class RoleListRequest : public ApiRequest {
    Q_OBJECT

public:
    RoleListRequest();
    const QList<Role>& roles() const { return roles_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    QList<Role> roles_;
};

class RoleRequest : public ApiRequest {
    Q_OBJECT

public:
    using ApiRequest::ApiRequest;
    const Role& role() const { return role_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    Role role_;
};

class PermissionListRequest : public ApiRequest {
    Q_OBJECT

public:
    PermissionListRequest();
    const QList<PermissionDescription>& permissions() const { return permissions_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    QList<PermissionDescription> permissions_;
};

// GET/PATCH /settings/security.
class SecuritySettingsRequest : public ApiRequest {
    Q_OBJECT

public:
    using ApiRequest::ApiRequest;
    bool totpRequiredForRolesWrite() const { return totpRequired_; }
    int version() const { return version_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    bool totpRequired_ = false;
    int version_ = 0;
};

// What a new staff account starts with.
struct NewStaffMember {
    QString username;
    QString displayName;
    QString email;
    QString password;
    QStringList roles;
};

// Staff, roles and the permission catalog (docs/API.md, Personnel). Changes to versioned
// records take the version the caller last saw and send it as If-Match, so a stale edit ends
// in a 412 (PreconditionFailed) instead of overwriting someone else's.
class PersonnelApi : public QObject {
    Q_OBJECT

public:
    explicit PersonnelApi(ApiClient* client, QObject* parent = nullptr);

    UserPageRequest* listUsers(const UserQuery& query, const QString& cursor = {}, int limit = 50);
    UserRequest* user(qint64 id);
    UserRequest* createUser(const NewStaffMember& member);
    // `changes`: any of display_name, email, roles, active.
    UserRequest* updateUser(qint64 id, int version, const QJsonObject& changes);
    UserRequest* deactivateUser(qint64 id, int version);
    UserRequest* reactivateUser(qint64 id, int version);
    UserRequest* resetPassword(qint64 id, int version, const QString& newPassword);
    ApiRequest* endAllSessions(qint64 id);
    ApiRequest* disableTotp(qint64 id);

    RoleListRequest* roles();
    RoleRequest* role(qint64 id);
    RoleRequest* createRole(const QString& name, const QString& description,
                            const QStringList& permissions);
    // `changes`: any of permissions, description, name.
    RoleRequest* updateRole(qint64 id, int version, const QJsonObject& changes);
    ApiRequest* deleteRole(qint64 id);

    PermissionListRequest* permissions();

    SecuritySettingsRequest* securitySettings();
    SecuritySettingsRequest* setTotpRequiredForRolesWrite(bool required, int version);

    static QUrlQuery toQuery(const UserQuery& query, const QString& cursor, int limit);

private:
    template <typename Request>
    Request* make(ApiRequest::Method method, const QString& path, const QJsonObject& body = {},
                  int ifMatch = 0);

    ApiClient* client_;
};

}  // namespace opsdesk::client
