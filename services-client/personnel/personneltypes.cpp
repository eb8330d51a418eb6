#include "services-client/personnel/personneltypes.h"

#include <QJsonArray>

#include "services-client/api/wiretime.h"

namespace opsdesk::client {

namespace {

QStringList strings(const QJsonValue& value) {
    QStringList out;
    for (const QJsonValue& v : value.toArray()) {
        if (v.isString()) {
            out.append(v.toString());
        }
    }
    return out;
}

template <typename T>
std::optional<T> fail(QString* why, const QString& text) {
    if (why) {
        *why = text;
    }
    return std::nullopt;
}

}  // namespace

QString sortKey(UserQuery::Sort sort) {
    switch (sort) {
        case UserQuery::Sort::Username:
            return QStringLiteral("username");
        case UserQuery::Sort::DisplayName:
            return QStringLiteral("display_name");
        case UserQuery::Sort::Email:
            return QStringLiteral("email");
        case UserQuery::Sort::CreatedAt:
            return QStringLiteral("created_at");
    }
    return QStringLiteral("username");
}

std::optional<StaffMember> StaffMember::fromJson(const QJsonObject& o, QString* why) {
    const QJsonValue id = o.value(QLatin1String("id"));
    if (!id.isDouble() || id.toInteger() <= 0) {
        return fail<StaffMember>(why, QStringLiteral("user.id is missing"));
    }
    StaffMember m;
    m.id = id.toInteger();
    m.username = o.value(QLatin1String("username")).toString();
    if (m.username.isEmpty()) {
        return fail<StaffMember>(why, QStringLiteral("user.username is missing"));
    }
    m.displayName = o.value(QLatin1String("display_name")).toString();
    m.email = o.value(QLatin1String("email")).toString();
    m.roles = strings(o.value(QLatin1String("roles")));
    m.active = o.value(QLatin1String("active")).toBool(true);
    m.mustChangePassword = o.value(QLatin1String("must_change_password")).toBool();
    m.totpEnabled = o.value(QLatin1String("totp_enabled")).toBool();
    m.lockedUntil = parseTimestamp(o.value(QLatin1String("locked_until")));
    m.createdAt = parseTimestamp(o.value(QLatin1String("created_at")));
    m.updatedAt = parseTimestamp(o.value(QLatin1String("updated_at")));
    m.version = o.value(QLatin1String("version")).toInt();
    return m;
}

std::optional<Role> Role::fromJson(const QJsonObject& o, QString* why) {
    const QJsonValue id = o.value(QLatin1String("id"));
    if (!id.isDouble() || id.toInteger() <= 0) {
        return fail<Role>(why, QStringLiteral("role.id is missing"));
    }
    Role r;
    r.id = id.toInteger();
    r.name = o.value(QLatin1String("name")).toString();
    if (r.name.isEmpty()) {
        return fail<Role>(why, QStringLiteral("role.name is missing"));
    }
    r.description = o.value(QLatin1String("description")).toString();
    r.builtin = o.value(QLatin1String("builtin")).toBool();
    r.permissions = strings(o.value(QLatin1String("permissions")));
    r.permissions.sort();
    r.userCount = o.value(QLatin1String("user_count")).toInt();
    r.version = o.value(QLatin1String("version")).toInt();
    return r;
}

}  // namespace opsdesk::client
