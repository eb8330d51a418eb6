#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

namespace opsdesk::client {

// A staff account as GET /users describes it.
struct StaffMember {
    qint64 id = 0;
    QString username;
    QString displayName;
    QString email;
    QStringList roles;
    bool active = true;
    bool mustChangePassword = false;
    bool totpEnabled = false;
    QDateTime lockedUntil;  // invalid unless locked now
    QDateTime createdAt;
    QDateTime updatedAt;
    int version = 0;

    static std::optional<StaffMember> fromJson(const QJsonObject& object, QString* why = nullptr);
    friend bool operator==(const StaffMember&, const StaffMember&) = default;
};

// A role with the permissions it grants.
struct Role {
    qint64 id = 0;
    QString name;
    QString description;
    bool builtin = false;
    QStringList permissions;  // wire names, sorted
    int userCount = 0;
    int version = 0;

    bool isAdmin() const { return name == QLatin1String("admin"); }
    static std::optional<Role> fromJson(const QJsonObject& object, QString* why = nullptr);
    friend bool operator==(const Role&, const Role&) = default;
};

// One entry of GET /permissions; the description is English (the client translates it).
struct PermissionDescription {
    QString name;
    QString module;
    QString description;
};

// The filters and order of the staff list.
struct UserQuery {
    enum class Sort { Username, DisplayName, Email, CreatedAt };
    QString text;  // q: username, name or email fragment
    QString role;
    std::optional<bool> active;
    Sort sort = Sort::Username;
    Qt::SortOrder order = Qt::AscendingOrder;

    friend bool operator==(const UserQuery&, const UserQuery&) = default;
};

QString sortKey(UserQuery::Sort sort);

}  // namespace opsdesk::client

Q_DECLARE_METATYPE(opsdesk::client::StaffMember)
Q_DECLARE_METATYPE(opsdesk::client::Role)
