#pragma once

#include <QAbstractItemModel>
#include <QList>
#include <QSet>
#include <QStringList>
#include <functional>

#include "services-client/personnel/personneltypes.h"

namespace opsdesk::widgets {

// The permissions a role grants, grouped by module: a tree of modules (tri-state) and their
// permissions (checkable), each with its description. Column 0 is the name, column 1 what it
// allows.
class PermissionMatrixModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { NameColumn, DescriptionColumn, ColumnCount };
    enum Role { PermissionNameRole = Qt::UserRole + 1 };

    explicit PermissionMatrixModel(QObject* parent = nullptr);

    // The catalog (GET /permissions), in its order; modules in order of first appearance.
    void setCatalog(const QList<client::PermissionDescription>& catalog);
    // Which are ticked. Unknown names are kept so that saving does not drop them.
    void setGranted(const QStringList& permissions);
    QStringList granted() const;  // sorted
    void setEditable(bool editable);
    // How a module's row reads (ModuleContext::moduleTitle); unset: the module's id.
    void setModuleTitles(std::function<QString(const QString& moduleId)> title);
    bool isEditable() const { return editable_; }
    QModelIndex indexOf(const QString& permission) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Descriptions and module titles follow the language.
    void retranslate();

signals:
    // The user ticked or unticked something.
    void grantedEdited();

private:
    struct Module {
        QString name;
        QList<client::PermissionDescription> permissions;
    };
    static constexpr quintptr kTopLevel = 0;  // internalId of module rows; children: module + 1

    Qt::CheckState moduleState(int module) const;
    void setChecked(const QString& permission, bool checked);
    void emitRowChanged(const QModelIndex& index);

    QList<Module> modules_;
    QSet<QString> granted_;
    bool editable_ = true;
    std::function<QString(const QString&)> moduleTitle_;
};

}  // namespace opsdesk::widgets
