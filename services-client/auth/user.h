#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>
#include <set>

#include "opsdesk/protocol/permissions.h"

namespace opsdesk::client {

// The signed-in staff member, as /auth/login and /auth/me describe them.
struct User {
    qint64 id = 0;
    QString username;
    QString displayName;
    QStringList roles;
    std::set<protocol::Permission> permissions;
    // Permissions newer than this client; kept so they are not silently lost.
    QStringList unknownPermissions;

    bool can(protocol::Permission permission) const { return permissions.count(permission) > 0; }
    bool isValid() const { return id != 0 && !username.isEmpty(); }

    // Reads the contract's user object; nullopt with *why set when required parts are missing.
    static std::optional<User> fromJson(const QJsonObject& object, QString* why = nullptr);

    friend bool operator==(const User&, const User&) = default;
};

}  // namespace opsdesk::client

Q_DECLARE_METATYPE(opsdesk::client::User)
