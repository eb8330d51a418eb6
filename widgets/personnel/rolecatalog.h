#pragma once

#include <QList>
#include <QObject>

#include "services-client/personnel/personneltypes.h"

namespace opsdesk::client {
class PersonnelApi;
struct ApiError;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

// The roles and the permission catalog the Staff screens share (role filter, role choices,
// role editor). Loaded once, reloaded after a role changes.
class RoleCatalog : public QObject {
    Q_OBJECT

public:
    explicit RoleCatalog(client::PersonnelApi* api, QObject* parent = nullptr);

    void reload();
    const QList<client::Role>& roles() const { return roles_; }
    const QList<client::PermissionDescription>& permissions() const { return permissions_; }
    const client::Role* role(const QString& name) const;
    bool isLoaded() const { return rolesLoaded_ && permissionsLoaded_; }

signals:
    void rolesChanged();
    void permissionsChanged();
    void loadFailed(const opsdesk::client::ApiError& error);

private:
    client::PersonnelApi* api_;
    QList<client::Role> roles_;
    QList<client::PermissionDescription> permissions_;
    bool rolesLoaded_ = false;
    bool permissionsLoaded_ = false;
};

}  // namespace opsdesk::widgets
