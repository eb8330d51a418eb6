#pragma once

#include <QList>

#include "services-client/personnel/personneltypes.h"
#include "widgets/common/pagedtablemodel.h"

namespace opsdesk::client {
class PersonnelApi;
}

namespace opsdesk::widgets {

// The staff list: filtered and sorted by the server, fetched page by page.
class UserModel : public PagedTableModel {
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
    enum Role { UserRole = Qt::UserRole + 1, UserIdRole };

    explicit UserModel(client::PersonnelApi* api, QObject* parent = nullptr);

    // Loads anew when the query differs from the one shown.
    void setQuery(const client::UserQuery& query);
    const client::UserQuery& query() const { return query_; }
    void setPageSize(int size) { pageSize_ = size; }

    const client::StaffMember* userAt(int row) const;
    int rowOf(qint64 userId) const;
    // A saved change: that row is updated in place (dataChanged).
    void updateUser(const client::StaffMember& user);
    // A new account goes on top, where the person who made it looks.
    void prependUser(const client::StaffMember& user);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // Only the columns the server can sort by; the others keep the current order.
    void sort(int column, Qt::SortOrder order) override;
    static bool isSortable(int column);

protected:
    int itemCount() const override { return int(users_.size()); }
    client::PageRequest* requestPage(const QString& cursor) override;
    int pageItemCount(client::PageRequest* request) const override;
    void appendPage(client::PageRequest* request) override;
    void clearItems() override { users_.clear(); }
    QVariant itemData(int row, int column, int role) const override;

private:
    client::PersonnelApi* api_;
    client::UserQuery query_;
    QList<client::StaffMember> users_;
    int pageSize_ = 50;
};

}  // namespace opsdesk::widgets
