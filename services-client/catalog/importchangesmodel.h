#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <functional>

#include "services-client/catalog/catalogimports.h"

namespace opsdesk::client {

// The dry run's changes as a table: SKU, field, from, to — one row a changed field, in the
// file's order. How a value reads (a price as money, a missing value) comes from above.
class ImportChangesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { SkuColumn, FieldColumn, FromColumn, ToColumn, ColumnCount };

    struct Texts {
        std::function<QString(int column)> header;
        std::function<QVariant(const ImportChange& change, int column, int role)> cell;
    };

    explicit ImportChangesModel(QObject* parent = nullptr);
    void setTexts(Texts texts);

    void setChanges(QList<ImportChange> changes);
    const QList<ImportChange>& changes() const { return changes_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // A value as plain text when nothing better is known: numbers and text as they are, tags
    // joined with "; ", null as empty.
    static QString plainValue(const QJsonValue& value);

private:
    QList<ImportChange> changes_;
    Texts texts_;
};

}  // namespace opsdesk::client
