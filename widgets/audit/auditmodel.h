#pragma once

#include <QList>

#include "services-client/api/pagedlistmodel.h"
#include "services-client/audit/auditapi.h"

namespace opsdesk::widgets {

// The audit trail, newest first, fetched page by page with the filters of `query`.
class AuditModel : public client::PagedListModelOf<client::AuditEntry> {
    Q_OBJECT

public:
    enum Column { TimeColumn, ActorColumn, ActionColumn, EntityColumn, SummaryColumn, ColumnCount };

    explicit AuditModel(client::AuditApi* api, QObject* parent = nullptr);

    void setQuery(const client::AuditQuery& query);
    const client::AuditQuery& query() const { return query_; }

    int columnCount(const QModelIndex& parent = {}) const override;

    // "Updated user", "Signed in"… for an action name; the name itself when unknown.
    static QString actionTitle(const QString& action);
    static QString entityTitle(const QString& entity);
    static QStringList knownActions();
    static QStringList knownEntities();
    // The fields an entry changed, named for people: "email, roles".
    static QString summary(const client::AuditEntry& entry);

protected:
    client::AuditPageRequest* requestItems(const QByteArray& cursor, int limit) override;
    QString plainHeader(int column) const override;
    QVariant plainCell(const client::AuditEntry& entry, int column, int role) const override;

private:
    client::AuditApi* api_;
    client::AuditQuery query_;
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
