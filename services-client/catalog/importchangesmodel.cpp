#include "services-client/catalog/importchangesmodel.h"

#include <QJsonArray>

namespace opsdesk::client {

ImportChangesModel::ImportChangesModel(QObject* parent) : QAbstractTableModel(parent) {}

void ImportChangesModel::setTexts(Texts texts) {
    texts_ = std::move(texts);
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!changes_.isEmpty()) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
}

void ImportChangesModel::setChanges(QList<ImportChange> changes) {
    beginResetModel();
    changes_ = std::move(changes);
    endResetModel();
}

int ImportChangesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(changes_.size());
}

int ImportChangesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString ImportChangesModel::plainValue(const QJsonValue& value) {
    switch (value.type()) {
        case QJsonValue::String:
            return value.toString();
        case QJsonValue::Double:
            return QString::number(value.toInteger());
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Array: {
            QStringList parts;
            for (const QJsonValue& v : value.toArray()) {
                parts.append(plainValue(v));
            }
            return parts.join(QLatin1String("; "));
        }
        default:
            return {};
    }
}

QVariant ImportChangesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const ImportChange& c = changes_[index.row()];
    if (texts_.cell) {
        QVariant v = texts_.cell(c, index.column(), role);
        if (v.isValid()) {
            return v;
        }
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
        case SkuColumn:
            return c.sku;
        case FieldColumn:
            return c.field;
        case FromColumn:
            return plainValue(c.from);
        case ToColumn:
            return plainValue(c.to);
        default:
            return {};
    }
}

QVariant ImportChangesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal || section < 0 ||
        section >= ColumnCount) {
        return {};
    }
    if (texts_.header) {
        return texts_.header(section);
    }
    static const char* const names[] = {"sku", "field", "from", "to"};
    return QString::fromLatin1(names[section]);
}

}  // namespace opsdesk::client
