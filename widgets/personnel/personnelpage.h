#pragma once

#include <QWidget>

#include "widgets/common/leaveguard.h"
#include "widgets/common/module.h"

class QTabWidget;

namespace opsdesk::client {
class PersonnelApi;
}

namespace opsdesk::widgets {

class RoleCatalog;
class RoleEditor;
class StaffView;

// The Staff module: staff accounts and the roles that give them their permissions.
class PersonnelPage : public QWidget, public LeaveGuard {
    Q_OBJECT

public:
    PersonnelPage(const ModuleContext& context, QWidget* parent = nullptr);

    static QString title();
    static QString summary();

    StaffView* staff() const { return staff_; }
    RoleEditor* roles() const { return roleEditor_; }
    QTabWidget* tabs() const { return tabs_; }
    bool tryLeave(std::function<void()> proceed) override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    ModuleContext context_;
    client::PersonnelApi* api_;
    RoleCatalog* catalog_;
    QTabWidget* tabs_;
    StaffView* staff_;
    RoleEditor* roleEditor_;
    int shownTab_ = 0;
};

}  // namespace opsdesk::widgets
