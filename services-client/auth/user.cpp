#include "services-client/auth/user.h"

#include <QJsonArray>

#include "services-client/logging.h"

namespace opsdesk::client {

std::optional<User> User::fromJson(const QJsonObject& object, QString* why) {
    auto fail = [why](const QString& text) -> std::optional<User> {
        if (why) {
            *why = text;
        }
        return std::nullopt;
    };
    const QJsonValue id = object.value(QLatin1String("id"));
    const QJsonValue username = object.value(QLatin1String("username"));
    if (!id.isDouble() || id.toInteger() <= 0) {
        return fail(QStringLiteral("user.id is missing or not a positive integer"));
    }
    if (!username.isString() || username.toString().isEmpty()) {
        return fail(QStringLiteral("user.username is missing"));
    }
    User user;
    user.id = id.toInteger();
    user.username = username.toString();
    user.displayName = object.value(QLatin1String("display_name")).toString();
    if (user.displayName.isEmpty()) {
        user.displayName = user.username;
    }
    for (const QJsonValue& role : object.value(QLatin1String("roles")).toArray()) {
        if (role.isString()) {
            user.roles.append(role.toString());
        }
    }
    for (const QJsonValue& p : object.value(QLatin1String("permissions")).toArray()) {
        const QByteArray name = p.toString().toUtf8();
        if (const auto permission =
                protocol::permissionFromString(std::string_view(name.data(), name.size()))) {
            user.permissions.insert(*permission);
        } else if (!name.isEmpty()) {
            qCDebug(lcSession) << "permission unknown to this client:" << name;
            user.unknownPermissions.append(QString::fromUtf8(name));
        }
    }
    return user;
}

}  // namespace opsdesk::client
