#include "widgets/audit/auditmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QJsonArray>
#include <array>
#include <utility>

#include "services-client/api/wiretime.h"
#include "widgets/common/format.h"
#include "widgets/common/roletext.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::AuditEntry;

namespace {

constexpr std::array<std::pair<const char*, const char*>, 25> kActions{{
    {"user.create", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Created staff account")},
    {"user.update", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Changed staff account")},
    {"user.deactivate",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Deactivated staff account")},
    {"user.reactivate",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Reactivated staff account")},
    {"user.password_reset", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Reset password")},
    {"user.password_change",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Changed own password")},
    {"user.totp_enroll",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Started two-step verification setup")},
    {"user.totp_enable",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Turned on two-step verification")},
    {"user.totp_disable",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Turned off two-step verification")},
    {"role.create", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Created role")},
    {"role.update", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Changed role")},
    {"role.delete", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Deleted role")},
    {"settings.update",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Changed security settings")},
    {"session.revoke", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Ended a session")},
    {"session.revoke_all", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Ended all sessions")},
    {"auth.login", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Signed in")},
    {"auth.login_failed", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Failed sign-in")},
    {"auth.account_locked", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Account locked")},
    {"order.create", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Order received")},
    {"order.transition", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Order status changed")},
    {"order.refund", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Order refunded")},
    {"order.note", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Note added to order")},
    {"order.cancel", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Order cancelled")},
    {"refund.create", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Refund issued")},
    {"payment.capture", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Payment captured")},
}};

constexpr std::array<std::pair<const char*, const char*>, 10> kEntities{{
    {"user", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Staff account")},
    {"role", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Role")},
    {"session", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Session")},
    {"settings", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Settings")},
    {"order", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Order")},
    {"refund", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Refund")},
    {"product", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Product")},
    {"promotion", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Promotion")},
    {"statement", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Statement")},
    {"ticket", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditModel", "Ticket")},
}};

constexpr std::array<std::pair<const char*, const char*>, 23> kFields{{
    {"confirmed", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Confirmed")},
    {"address", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Address")},
    {"client", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Client")},
    {"reason", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Reason")},
    {"sessions_ended", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Sessions ended")},
    {"other_sessions_ended",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Other sessions ended")},
    {"totp_required_for_roles_write",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel",
                       "Two-step verification required for role editors")},
    {"username", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Username")},
    {"display_name", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Display name")},
    {"email", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Email")},
    {"roles", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Roles")},
    {"active", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Active")},
    {"must_change_password",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Must change password")},
    {"totp_enabled",
     QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Two-step verification")},
    {"locked_until", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Locked until")},
    {"name", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Name")},
    {"description", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Description")},
    {"permissions", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Permissions")},
    {"status", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Status")},
    {"version", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Version")},
    {"updated_at", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Updated")},
    {"created_at", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "Created")},
    {"id", QT_TRANSLATE_NOOP("opsdesk::widgets::AuditDiffModel", "ID")},
}};

template <std::size_t N>
const char* lookup(const std::array<std::pair<const char*, const char*>, N>& table,
                   const QString& key) {
    for (const auto& [k, text] : table) {
        if (key == QLatin1String(k)) {
            return text;
        }
    }
    return nullptr;
}

}  // namespace

AuditModel::AuditModel(client::AuditApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api) {
    setPageSize(50);
}

void AuditModel::setQuery(const client::AuditQuery& query) {
    query_ = query;
    reload();
}

int AuditModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditModel::plainHeader(int section) const {
    switch (section) {
        case TimeColumn:
            return tr("Time");
        case ActorColumn:
            return tr("By");
        case ActionColumn:
            return tr("Action");
        case EntityColumn:
            return tr("Record");
        case SummaryColumn:
            return tr("Changed");
        default:
            return {};
    }
}

QString AuditModel::actionTitle(const QString& action) {
    const char* text = lookup(kActions, action);
    return text ? tr(text) : action;
}

QString AuditModel::entityTitle(const QString& entity) {
    const char* text = lookup(kEntities, entity);
    return text ? tr(text) : entity;
}

QStringList AuditModel::knownActions() {
    QStringList out;
    for (const auto& [name, text] : kActions) {
        out.append(QString::fromLatin1(name));
    }
    return out;
}

QStringList AuditModel::knownEntities() {
    QStringList out;
    for (const auto& [name, text] : kEntities) {
        out.append(QString::fromLatin1(name));
    }
    return out;
}

QString AuditModel::summary(const AuditEntry& entry) {
    QStringList names;
    for (const auto& change : client::changedFields(entry.before, entry.after)) {
        if (!change.field.isEmpty()) {
            names.append(AuditDiffModel::fieldTitle(change.field));
        }
    }
    return names.join(tr(", ", "separator between field names"));
}

client::AuditPageRequest* AuditModel::requestItems(const QByteArray& cursor, int limit) {
    return api_->list(query_, QString::fromLatin1(cursor), limit);
}

QVariant AuditModel::plainCell(const AuditEntry& e, int column, int role) const {
    if (role == Qt::ToolTipRole && column == ActionColumn) {
        return e.action;
    }
    if (role == Qt::ToolTipRole && column == ActorColumn && !e.address.isEmpty()) {
        return tr("From %1").arg(e.address);
    }
    if (role == Qt::ForegroundRole && e.action == QLatin1String("auth.login_failed")) {
        return QBrush(Theme::color(Theme::Role::Error));
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case TimeColumn:
            return Format::dateTime(e.at);
        case ActorColumn:
            return e.actor.isEmpty() ? tr("System") : e.actor;
        case ActionColumn:
            return actionTitle(e.action);
        case EntityColumn:
            return e.entityId.isEmpty() ? entityTitle(e.entity)
                                        : tr("%1 #%2").arg(entityTitle(e.entity), e.entityId);
        case SummaryColumn:
            return summary(e);
        default:
            return {};
    }
}

AuditDiffModel::AuditDiffModel(QObject* parent) : QAbstractTableModel(parent) {}

void AuditDiffModel::setEntry(const AuditEntry* entry) {
    beginResetModel();  // a different entry: every row is new
    changes_ =
        entry ? client::changedFields(entry->before, entry->after) : QList<client::FieldChange>{};
    endResetModel();
}

int AuditDiffModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(changes_.size());
}

int AuditDiffModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditDiffModel::fieldTitle(const QString& field) {
    if (field.isEmpty()) {
        return tr("Value");
    }
    const char* text = lookup(kFields, field);
    return text ? tr(text) : field;
}

QVariant AuditDiffModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const client::FieldChange& c = changes_[index.row()];
    const QJsonValue& value = index.column() == BeforeColumn ? c.before : c.after;
    switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            if (index.column() == FieldColumn) {
                return role == Qt::ToolTipRole ? c.field : fieldTitle(c.field);
            }
            if (value.isUndefined() || value.isNull() ||
                (value.isString() && value.toString().isEmpty())) {
                return role == Qt::DisplayRole ? Format::none() : QVariant();
            }
            if (value.isBool()) {
                return value.toBool() ? tr("Yes") : tr("No");
            }
            if (value.isString() && (c.field.endsWith(QLatin1String("_at")) ||
                                     c.field == QLatin1String("locked_until"))) {
                const QDateTime t = client::parseTimestamp(value);
                if (t.isValid()) {
                    return Format::dateTime(t);
                }
            }
            if (c.field == QLatin1String("roles") && value.isArray()) {
                QStringList roles;
                for (const QJsonValue& r : value.toArray()) {
                    roles.append(r.toString());
                }
                return RoleText::titles(roles);
            }
            return client::compactValue(value);
        case Qt::ForegroundRole:
            if (index.column() == BeforeColumn) {
                return QBrush(Theme::color(Theme::Role::Removed));
            }
            if (index.column() == AfterColumn) {
                return QBrush(Theme::color(Theme::Role::Added));
            }
            return {};
        case Qt::FontRole:
            if (index.column() == FieldColumn) {
                QFont f;
                f.setWeight(QFont::DemiBold);
                return f;
            }
            return {};
        default:
            return {};
    }
}

QVariant AuditDiffModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case FieldColumn:
            return tr("Field");
        case BeforeColumn:
            return tr("Before");
        case AfterColumn:
            return tr("After");
        default:
            return {};
    }
}

}  // namespace opsdesk::widgets
