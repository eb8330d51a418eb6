#pragma once

#include <QPointer>
#include <QWidget>
#include <functional>
#include <optional>

#include "services-client/personnel/personneltypes.h"
#include "widgets/common/module.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace opsdesk::client {
class PersonnelApi;
class ApiRequest;
struct ApiError;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class ConflictBanner;
class MessageLine;
class RoleCatalog;
class RoleChecklist;

// One staff member: edit name, email and roles (saved with If-Match), and the account actions
// (deactivate, reset password, end sessions, turn off two-step verification, history). Buttons
// the signed-in user may not use are not shown.
class UserDetailPane : public QWidget {
    Q_OBJECT

public:
    UserDetailPane(const ModuleContext& context, client::PersonnelApi* api, RoleCatalog* roles,
                   QWidget* parent = nullptr);

    void setUser(const std::optional<client::StaffMember>& user);
    const std::optional<client::StaffMember>& user() const { return user_; }
    bool isDirty() const;
    // Asks before unsaved edits are dropped; calls `proceed` when nothing is lost.
    bool tryDiscard(std::function<void()> proceed);
    QString message() const;
    ConflictBanner* conflictBanner() const { return conflictBanner_; }

signals:
    // The server's current state of the account after a change made here.
    void userChanged(const opsdesk::client::StaffMember& user);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateState();
    void save();
    void revert();
    void toggleActive();
    void resetPassword();
    void endSessions();
    void disableTotp();
    void openHistory();
    void reload();
    // A 412 stopped `change`: fetch the account as it is now and show what changed.
    void showStale();
    void describeStale();
    void reapplyMine();
    void discardMine();
    void track(client::ApiRequest* request, const QString& done,
               std::function<void()> onSuccess = {});
    void showInfo(const QString& text);
    void showError(const client::ApiError& error);
    void setBusy(bool busy);
    void clearFieldErrors();
    void confirm(const QString& title, const QString& text, const QString& action,
                 std::function<void()> onYes);

    ModuleContext context_;
    client::PersonnelApi* api_;
    RoleCatalog* roles_;
    std::optional<client::StaffMember> user_;  // as last loaded; the base of the edits
    // The versioned change in flight or stopped by a 412, and the account as it is now.
    enum class Change { None, Save, Deactivate, Reactivate };
    Change change_ = Change::None;
    std::optional<client::StaffMember> theirs_;
    bool canWrite_ = false;
    bool busy_ = false;

    QLabel* heading_;
    QLabel* subheading_;
    MessageLine* message_;
    ConflictBanner* conflictBanner_;
    QLabel* displayNameLabel_;
    QLineEdit* displayName_;
    QLabel* displayNameError_;
    QLabel* emailLabel_;
    QLineEdit* email_;
    QLabel* emailError_;
    QLabel* rolesLabel_;
    RoleChecklist* roleList_;
    QLabel* rolesError_;
    QLabel* facts_;
    QPushButton* saveButton_;
    QPushButton* revertButton_;
    QLabel* actionsLabel_;
    QPushButton* activeButton_;
    QPushButton* passwordButton_;
    QPushButton* sessionsButton_;
    QPushButton* totpButton_;
    QPushButton* historyButton_;
    QWidget* emptyState_;
    QLabel* emptyText_;
    QWidget* content_;
};

}  // namespace opsdesk::widgets
