#include "widgets/personnel/permissionmatrixmodel.h"

#include <QFont>

#include "widgets/personnel/permissiontext.h"

namespace opsdesk::widgets {

using client::PermissionDescription;

PermissionMatrixModel::PermissionMatrixModel(QObject* parent) : QAbstractItemModel(parent) {}

void PermissionMatrixModel::setModuleTitles(std::function<QString(const QString&)> title) {
    moduleTitle_ = std::move(title);
    retranslate();
}

void PermissionMatrixModel::setCatalog(const QList<PermissionDescription>& catalog) {
    beginResetModel();
    modules_.clear();
    for (const PermissionDescription& p : catalog) {
        auto it = std::find_if(modules_.begin(), modules_.end(),
                               [&p](const Module& m) { return m.name == p.module; });
        if (it == modules_.end()) {
            modules_.append(Module{p.module, {}});
            it = modules_.end() - 1;
        }
        it->permissions.append(p);
    }
    endResetModel();
}

void PermissionMatrixModel::setGranted(const QStringList& permissions) {
    granted_ = QSet<QString>(permissions.begin(), permissions.end());
    for (int m = 0; m < modules_.size(); ++m) {
        const QModelIndex module = index(m, 0);
        emit dataChanged(module, module, {Qt::CheckStateRole});
        const int n = int(modules_[m].permissions.size());
        if (n > 0) {
            emit dataChanged(index(0, 0, module), index(n - 1, 0, module), {Qt::CheckStateRole});
        }
    }
}

QStringList PermissionMatrixModel::granted() const {
    QStringList out(granted_.begin(), granted_.end());
    out.sort();
    return out;
}

void PermissionMatrixModel::setEditable(bool editable) {
    if (editable_ == editable) {
        return;
    }
    editable_ = editable;
    for (int m = 0; m < modules_.size(); ++m) {
        const QModelIndex module = index(m, 0);
        emit dataChanged(module, module.siblingAtColumn(ColumnCount - 1));
        const int n = int(modules_[m].permissions.size());
        if (n > 0) {
            emit dataChanged(index(0, 0, module), index(n - 1, ColumnCount - 1, module));
        }
    }
}

QModelIndex PermissionMatrixModel::indexOf(const QString& permission) const {
    for (int m = 0; m < modules_.size(); ++m) {
        for (int p = 0; p < modules_[m].permissions.size(); ++p) {
            if (modules_[m].permissions[p].name == permission) {
                return createIndex(p, 0, quintptr(m + 1));
            }
        }
    }
    return {};
}

QModelIndex PermissionMatrixModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) {
        return {};
    }
    if (!parent.isValid()) {
        return createIndex(row, column, kTopLevel);
    }
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex PermissionMatrixModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kTopLevel) {
        return {};
    }
    return createIndex(int(child.internalId() - 1), 0, kTopLevel);
}

int PermissionMatrixModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) {
        return int(modules_.size());
    }
    if (parent.internalId() == kTopLevel && parent.column() == 0) {
        return int(modules_[parent.row()].permissions.size());
    }
    return 0;
}

int PermissionMatrixModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

Qt::CheckState PermissionMatrixModel::moduleState(int module) const {
    int on = 0;
    const auto& perms = modules_[module].permissions;
    for (const auto& p : perms) {
        on += granted_.contains(p.name) ? 1 : 0;
    }
    if (on == 0) {
        return Qt::Unchecked;
    }
    return on == perms.size() ? Qt::Checked : Qt::PartiallyChecked;
}

QVariant PermissionMatrixModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const bool isModule = index.internalId() == kTopLevel;
    if (isModule) {
        const Module& m = modules_[index.row()];
        switch (role) {
            case Qt::DisplayRole:
                if (index.column() == NameColumn) {
                    return moduleTitle_ ? moduleTitle_(m.name) : m.name;
                }
                return {};
            case Qt::CheckStateRole:
                return index.column() == NameColumn ? QVariant(moduleState(index.row()))
                                                    : QVariant();
            case Qt::FontRole: {
                QFont font;
                font.setBold(true);
                return font;
            }
            default:
                return {};
        }
    }
    const PermissionDescription& p = modules_[int(index.internalId() - 1)].permissions[index.row()];
    switch (role) {
        case Qt::DisplayRole:
            return index.column() == NameColumn
                       ? p.name
                       : PermissionText::description(p.name, p.description);
        case Qt::ToolTipRole:
            return PermissionText::description(p.name, p.description);
        case Qt::CheckStateRole:
            if (index.column() == NameColumn) {
                return granted_.contains(p.name) ? Qt::Checked : Qt::Unchecked;
            }
            return {};
        case PermissionNameRole:
            return p.name;
        default:
            return {};
    }
}

void PermissionMatrixModel::emitRowChanged(const QModelIndex& index) {
    emit dataChanged(index.siblingAtColumn(0), index.siblingAtColumn(ColumnCount - 1),
                     {Qt::CheckStateRole});
}

void PermissionMatrixModel::setChecked(const QString& permission, bool checked) {
    if (checked) {
        granted_.insert(permission);
    } else {
        granted_.remove(permission);
    }
}

bool PermissionMatrixModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::CheckStateRole ||
        index.column() != NameColumn || !editable_) {
        return false;
    }
    const bool checked = value.toInt() == Qt::Checked;
    if (index.internalId() == kTopLevel) {
        const int m = index.row();
        // A partly ticked module ticks all on the first click, whatever the view asked for.
        const bool on = moduleState(m) != Qt::Checked;
        for (const auto& p : modules_[m].permissions) {
            setChecked(p.name, on);
        }
        emitRowChanged(index);
        const int n = int(modules_[m].permissions.size());
        if (n > 0) {
            emit dataChanged(this->index(0, 0, index), this->index(n - 1, 0, index),
                             {Qt::CheckStateRole});
        }
    } else {
        const auto& p = modules_[int(index.internalId() - 1)].permissions[index.row()];
        if (granted_.contains(p.name) == checked) {
            return true;
        }
        setChecked(p.name, checked);
        emitRowChanged(index);
        emitRowChanged(parent(index));
    }
    emit grantedEdited();
    return true;
}

Qt::ItemFlags PermissionMatrixModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() != kTopLevel) {
        f |= Qt::ItemNeverHasChildren;
    }
    if (index.column() == NameColumn) {
        if (editable_) {
            f |= Qt::ItemIsUserCheckable;
        }
    }
    return f;
}

QVariant PermissionMatrixModel::headerData(int section, Qt::Orientation orientation,
                                           int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractItemModel::headerData(section, orientation, role);
    }
    return section == NameColumn ? tr("Permission") : tr("What it allows");
}

void PermissionMatrixModel::retranslate() {
    for (int m = 0; m < modules_.size(); ++m) {
        const QModelIndex module = index(m, 0);
        emit dataChanged(module, module, {Qt::DisplayRole});
        const int n = int(modules_[m].permissions.size());
        if (n > 0) {
            emit dataChanged(index(0, DescriptionColumn, module),
                             index(n - 1, DescriptionColumn, module), {Qt::DisplayRole});
        }
    }
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

}  // namespace opsdesk::widgets
