#pragma once

#include <QPointer>
#include <QWidget>
#include <functional>
#include <optional>

#include "services-client/personnel/personneltypes.h"
#include "widgets/common/module.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTreeView;

namespace opsdesk::client {
class PersonnelApi;
struct ApiError;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class ConflictBanner;
class MessageLine;
class PermissionMatrixModel;
class RoleCatalog;

// Roles and the permissions they grant. Holders of roles.write create custom roles, change a
// role's permissions and description (saved with If-Match) and delete custom roles nobody
// holds. Unsaved changes are marked and never dropped without asking; when someone else saved
// the role meanwhile (412) the editor shows what they changed and offers to re-apply this
// user's changes on top, or to discard them.
class RoleEditor : public QWidget {
    Q_OBJECT

public:
    RoleEditor(const ModuleContext& context, client::PersonnelApi* api, RoleCatalog* catalog,
               QWidget* parent = nullptr);

    PermissionMatrixModel* matrix() const { return matrix_; }
    QTreeView* matrixView() const { return matrixView_; }
    bool isDirty() const;
    std::optional<client::Role> currentRole() const { return base_; }
    // Selects the role by name (asks first when there are unsaved changes).
    void selectRole(const QString& name);
    bool tryLeave(std::function<void()> proceed);
    QString message() const;
    bool hasConflict() const { return conflict_.has_value(); }
    ConflictBanner* conflictBanner() const { return conflictBanner_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void fillRoles();
    void showRole(const std::optional<client::Role>& role);
    void onRoleRowChanged(int row);
    void updateState();
    void save();
    void discard();
    void createRole();
    void deleteRole();
    void onSaveFailed(const client::ApiError& error);
    void showConflict(const client::Role& server);
    void describeConflict();
    void reapplyMine();
    void acceptTheirs();
    QString roleTitle(const client::Role& role) const;
    static QString heldBy(int count);

    ModuleContext context_;
    client::PersonnelApi* api_;
    RoleCatalog* catalog_;
    PermissionMatrixModel* matrix_;
    bool canEdit_ = false;
    bool busy_ = false;
    std::optional<client::Role> base_;      // as last loaded from the server
    std::optional<client::Role> conflict_;  // the server's newer version after a 412
    QStringList conflictMine_;              // what the user had ticked when the 412 came
    QString conflictDescription_;
    bool switchingRow_ = false;

    QLabel* rolesHeading_;
    QListWidget* roleList_;
    QPushButton* newButton_;
    QPushButton* deleteButton_;
    QLabel* title_;
    QLabel* subtitle_;
    QLabel* descriptionLabel_;
    QLineEdit* description_;
    QLabel* adminNote_;
    QTreeView* matrixView_;
    MessageLine* message_;
    ConflictBanner* conflictBanner_;
    QLabel* dirtyMark_;
    QPushButton* discardButton_;
    QPushButton* saveButton_;
};

}  // namespace opsdesk::widgets
