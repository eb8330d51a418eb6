#pragma once

#include "services-client/api/pagedlistmodel.h"
#include "services-client/personnel/personnelapi.h"
#include "services-client/personnel/personneltypes.h"

namespace opsdesk::widgets {

// The staff list: filtered and sorted by the server, fetched page by page (the kit's paged list).
class UserModel : public client::PagedListModelOf<client::StaffMember> {
    Q_OBJECT

public:
    enum Column {
        UsernameColumn,
        NameColumn,
        EmailColumn,
        RolesColumn,
        StatusColumn,
        CreatedColumn,
        ColumnCount
    };

    explicit UserModel(client::PersonnelApi* api, QObject* parent = nullptr);

    // Loads anew when the query differs from the one shown.
    void setQuery(const client::UserQuery& query);
    const client::UserQuery& query() const { return query_; }
    // A saved change: that row is updated in place (dataChanged).
    void updateUser(const client::StaffMember& user) { updateItem(user); }

    int columnCount(const QModelIndex& parent = {}) const override;
    // Only the columns the server can sort by; the others keep the current order.
    void sort(int column, Qt::SortOrder order) override;
    static bool isSortable(int column);

protected:
    client::UserPageRequest* requestItems(const QByteArray& cursor, int limit) override;
    QString plainHeader(int column) const override;
    QVariant plainCell(const client::StaffMember& user, int column, int role) const override;

private:
    client::PersonnelApi* api_;
    client::UserQuery query_;
};

}  // namespace opsdesk::widgets
