#include "widgets/personnel/rolecatalog.h"

#include "services-client/personnel/personnelapi.h"

namespace opsdesk::widgets {

RoleCatalog::RoleCatalog(client::PersonnelApi* api, QObject* parent) : QObject(parent), api_(api) {}

void RoleCatalog::reload() {
    auto* roles = api_->roles();
    connect(roles, &client::ApiRequest::succeeded, this, [this, roles] {
        roles_ = roles->roles();
        rolesLoaded_ = true;
        emit rolesChanged();
    });
    connect(roles, &client::ApiRequest::failed, this, &RoleCatalog::loadFailed);
    if (!permissionsLoaded_) {
        auto* permissions = api_->permissions();
        connect(permissions, &client::ApiRequest::succeeded, this, [this, permissions] {
            permissions_ = permissions->permissions();
            permissionsLoaded_ = true;
            emit permissionsChanged();
        });
        connect(permissions, &client::ApiRequest::failed, this, &RoleCatalog::loadFailed);
    }
}

const client::Role* RoleCatalog::role(const QString& name) const {
    for (const auto& r : roles_) {
        if (r.name == name) {
            return &r;
        }
    }
    return nullptr;
}

}  // namespace opsdesk::widgets
