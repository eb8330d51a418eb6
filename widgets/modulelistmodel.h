#pragma once

#include <QAbstractListModel>
#include <set>
#include <vector>

#include "opsdesk/protocol/permissions.h"
#include "widgets/moduleregistry.h"

namespace opsdesk::widgets {

// The modules a user may open, for the shell's navigation list.
class ModuleListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role { ModuleIdRole = Qt::UserRole + 1 };

    explicit ModuleListModel(QObject* parent = nullptr);

    void setPermissions(const std::set<protocol::Permission>& permissions);
    const ModuleInfo* moduleAt(int row) const;
    int rowOf(QStringView moduleId) const;
    // Titles are translated: call after the language changed.
    void retranslate();

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::vector<const ModuleInfo*> modules_;
};

}  // namespace opsdesk::widgets
