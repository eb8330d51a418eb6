#include "widgets/personnel/usermodel.h"

#include <QBrush>
#include <QColor>

#include "services-client/personnel/personnelapi.h"
#include "widgets/common/format.h"
#include "widgets/common/roletext.h"

namespace opsdesk::widgets {

using client::StaffMember;
using client::UserQuery;

UserModel::UserModel(client::PersonnelApi* api, QObject* parent)
    : PagedTableModel(parent), api_(api) {}

void UserModel::setQuery(const UserQuery& query) {
    query_ = query;
    reload();
}

const StaffMember* UserModel::userAt(int row) const {
    return row >= 0 && row < users_.size() ? &users_[row] : nullptr;
}

int UserModel::rowOf(qint64 userId) const {
    for (int row = 0; row < users_.size(); ++row) {
        if (users_[row].id == userId) {
            return row;
        }
    }
    return -1;
}

void UserModel::updateUser(const StaffMember& user) {
    const int row = rowOf(user.id);
    if (row < 0) {
        return;
    }
    users_[row] = user;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void UserModel::prependUser(const StaffMember& user) {
    if (rowOf(user.id) >= 0) {
        updateUser(user);
        return;
    }
    beginInsertRows({}, 0, 0);
    users_.prepend(user);
    endInsertRows();
}

int UserModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UserModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case UsernameColumn:
            return tr("Username");
        case NameColumn:
            return tr("Name");
        case EmailColumn:
            return tr("Email");
        case RolesColumn:
            return tr("Roles");
        case StatusColumn:
            return tr("Status");
        case CreatedColumn:
            return tr("Created");
        default:
            return {};
    }
}

bool UserModel::isSortable(int column) {
    return column == UsernameColumn || column == NameColumn || column == EmailColumn ||
           column == CreatedColumn;
}

void UserModel::sort(int column, Qt::SortOrder order) {
    if (!isSortable(column)) {
        return;
    }
    UserQuery q = query_;
    q.sort = column == NameColumn      ? UserQuery::Sort::DisplayName
             : column == EmailColumn   ? UserQuery::Sort::Email
             : column == CreatedColumn ? UserQuery::Sort::CreatedAt
                                       : UserQuery::Sort::Username;
    q.order = order;
    if (q != query_) {
        setQuery(q);
    }
}

client::PageRequest* UserModel::requestPage(const QString& cursor) {
    return api_->listUsers(query_, cursor, pageSize_);
}

int UserModel::pageItemCount(client::PageRequest* request) const {
    return int(static_cast<client::UserPageRequest*>(request)->users().size());
}

void UserModel::appendPage(client::PageRequest* request) {
    users_.append(static_cast<client::UserPageRequest*>(request)->users());
}

QVariant UserModel::itemData(int row, int column, int role) const {
    const StaffMember& u = users_[row];
    if (role == UserRole) {
        return QVariant::fromValue(u);
    }
    if (role == UserIdRole) {
        return u.id;
    }
    if (role == Qt::ForegroundRole && !u.active) {
        return QBrush(QColor(0x94a3b8));
    }
    if (role == Qt::ToolTipRole && column == StatusColumn && u.lockedUntil.isValid()) {
        return tr("Locked after failed sign-ins until %1").arg(Format::dateTime(u.lockedUntil));
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case UsernameColumn:
            return u.username;
        case NameColumn:
            return u.displayName;
        case EmailColumn:
            return u.email;
        case RolesColumn:
            return RoleText::titles(u.roles);
        case StatusColumn:
            if (!u.active) {
                return tr("Deactivated");
            }
            if (u.lockedUntil.isValid()) {
                return tr("Locked");
            }
            return u.mustChangePassword ? tr("Active, new password pending") : tr("Active");
        case CreatedColumn:
            return Format::dateTime(u.createdAt);
        default:
            return {};
    }
}

}  // namespace opsdesk::widgets
