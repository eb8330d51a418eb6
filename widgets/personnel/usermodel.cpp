#include "widgets/personnel/usermodel.h"

#include <QBrush>

#include "services-client/personnel/personnelapi.h"
#include "widgets/common/format.h"
#include "widgets/common/roletext.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::StaffMember;
using client::UserQuery;

UserModel::UserModel(client::PersonnelApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api) {
    setPageSize(50);
}

void UserModel::setQuery(const UserQuery& query) {
    query_ = query;
    reload();
}

int UserModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString UserModel::plainHeader(int section) const {
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

client::UserPageRequest* UserModel::requestItems(const QByteArray& cursor, int limit) {
    return api_->listUsers(query_, QString::fromLatin1(cursor), limit);
}

QVariant UserModel::plainCell(const StaffMember& u, int column, int role) const {
    if (role == Qt::ForegroundRole && !u.active) {
        return QBrush(Theme::color(Theme::Role::Inactive));
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
