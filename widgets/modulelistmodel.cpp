#include "widgets/modulelistmodel.h"

namespace opsdesk::widgets {

ModuleListModel::ModuleListModel(QObject* parent) : QAbstractListModel(parent) {}

void ModuleListModel::setPermissions(const std::set<protocol::Permission>& permissions) {
    auto modules = permittedModules(permissions);
    if (modules == modules_) {
        return;
    }
    // A different user: the whole list changes meaning.
    beginResetModel();
    modules_ = std::move(modules);
    endResetModel();
}

const ModuleInfo* ModuleListModel::moduleAt(int row) const {
    return row >= 0 && row < int(modules_.size()) ? modules_[std::size_t(row)] : nullptr;
}

int ModuleListModel::rowOf(QStringView moduleId) const {
    for (std::size_t i = 0; i < modules_.size(); ++i) {
        if (modules_[i]->id == moduleId) {
            return int(i);
        }
    }
    return -1;
}

void ModuleListModel::retranslate() {
    if (!modules_.empty()) {
        emit dataChanged(index(0), index(int(modules_.size()) - 1),
                         {Qt::DisplayRole, Qt::ToolTipRole, Qt::AccessibleTextRole});
    }
}

int ModuleListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(modules_.size());
}

QVariant ModuleListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const ModuleInfo* module = modules_[std::size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            return module->title();
        case Qt::ToolTipRole:
            return module->summary();
        case Qt::DecorationRole:
            return module->icon();
        case ModuleIdRole:
            return module->id;
        default:
            return {};
    }
}

QHash<int, QByteArray> ModuleListModel::roleNames() const {
    auto names = QAbstractListModel::roleNames();
    names.insert(ModuleIdRole, QByteArrayLiteral("moduleId"));
    return names;
}

}  // namespace opsdesk::widgets
