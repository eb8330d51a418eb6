#pragma once

#include <QTimer>
#include <QWidget>
#include <functional>

#include "widgets/common/module.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;

namespace opsdesk::client {
class PersonnelApi;
}

namespace opsdesk::widgets {

class RoleCatalog;
class UserDetailPane;
class UserModel;

// The staff list (search, role and status filters, server-side sort, lazy paging) beside the
// detail pane of the chosen person.
class StaffView : public QWidget {
    Q_OBJECT

public:
    StaffView(const ModuleContext& context, client::PersonnelApi* api, RoleCatalog* roles,
              QWidget* parent = nullptr);

    UserModel* model() const { return model_; }
    QTreeView* view() const { return view_; }
    UserDetailPane* detail() const { return detail_; }
    bool tryLeave(std::function<void()> proceed);
    void openNewUserDialog();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void applyFilters();
    void fillRoleFilter();
    void onCurrentChanged(const QModelIndex& current, const QModelIndex& previous);

    ModuleContext context_;
    client::PersonnelApi* api_;
    RoleCatalog* roles_;
    UserModel* model_;
    QLineEdit* search_;
    QComboBox* roleFilter_;
    QComboBox* activeFilter_;
    QPushButton* newButton_;
    QLabel* countLabel_;
    QTreeView* view_;
    UserDetailPane* detail_;
    QTimer searchTimer_;
    bool revertingSelection_ = false;
};

}  // namespace opsdesk::widgets
