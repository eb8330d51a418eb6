#pragma once

#include <QList>

#include "services-client/audit/auditapi.h"
#include "widgets/common/pagedtablemodel.h"

namespace opsdesk::widgets {

// The audit trail, newest first, fetched page by page with the filters of `query`.
class AuditModel : public PagedTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, ActorColumn, ActionColumn, EntityColumn, SummaryColumn, ColumnCount };
    enum Role { EntryIdRole = Qt::UserRole + 1 };

    explicit AuditModel(client::AuditApi* api, QObject* parent = nullptr);

    void setQuery(const client::AuditQuery& query);
    const client::AuditQuery& query() const { return query_; }
    void setPageSize(int size) { pageSize_ = size; }
    const client::AuditEntry* entryAt(int row) const;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "Updated user", "Signed in"… for an action name; the name itself when unknown.
    static QString actionTitle(const QString& action);
    static QString entityTitle(const QString& entity);
    static QStringList knownActions();
    static QStringList knownEntities();
    // The fields an entry changed, named for people: "email, roles".
    static QString summary(const client::AuditEntry& entry);

protected:
    int itemCount() const override { return int(entries_.size()); }
    client::PageRequest* requestPage(const QString& cursor) override;
    int pageItemCount(client::PageRequest* request) const override;
    void appendPage(client::PageRequest* request) override;
    void clearItems() override { entries_.clear(); }
    QVariant itemData(int row, int column, int role) const override;

private:
    client::AuditApi* api_;
    client::AuditQuery query_;
    QList<client::AuditEntry> entries_;
    int pageSize_ = 50;
};

// One entry's changes as a table: field, before, after.
class AuditDiffModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { FieldColumn, BeforeColumn, AfterColumn, ColumnCount };

    explicit AuditDiffModel(QObject* parent = nullptr);
    void setEntry(const client::AuditEntry* entry);  // nullptr: empty
    const QList<client::FieldChange>& changes() const { return changes_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "Display name" for "display_name"; the key itself when unknown.
    static QString fieldTitle(const QString& field);

private:
    QList<client::FieldChange> changes_;
};

}  // namespace opsdesk::widgets
