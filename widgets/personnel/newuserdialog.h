#pragma once

#include <QDialog>
#include <QPointer>

#include "services-client/personnel/personneltypes.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace opsdesk::client {
class PersonnelApi;
class ApiRequest;
struct ApiError;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class MessageLine;
class RoleCatalog;
class RoleChecklist;

// A new staff account: username, name, email, an initial password (which the person must
// change at the first sign-in) and roles. The server's objections show beside their fields.
class NewUserDialog : public QDialog {
    Q_OBJECT

public:
    NewUserDialog(client::PersonnelApi* api, RoleCatalog* roles, QWidget* parent = nullptr);
    ~NewUserDialog() override;

    QString message() const;

signals:
    void userCreated(const opsdesk::client::StaffMember& user);

private:
    void submit();
    void onFailed(const client::ApiError& error);

    client::PersonnelApi* api_;
    QPointer<client::ApiRequest> pending_;
    QLineEdit* username_;
    QLineEdit* displayName_;
    QLineEdit* email_;
    QLineEdit* password_;
    RoleChecklist* roles_;
    QLabel* usernameError_;
    QLabel* displayNameError_;
    QLabel* emailError_;
    QLabel* passwordError_;
    QLabel* rolesError_;
    MessageLine* message_;
    QDialogButtonBox* buttons_;
};

// Sets a new password for someone else (they must change it at their next sign-in).
class ResetPasswordDialog : public QDialog {
    Q_OBJECT

public:
    ResetPasswordDialog(client::PersonnelApi* api, const client::StaffMember& user,
                        QWidget* parent = nullptr);

signals:
    void passwordReset(const opsdesk::client::StaffMember& user);

private:
    void submit();

    client::PersonnelApi* api_;
    client::StaffMember user_;
    QLineEdit* password_;
    QLineEdit* repeat_;
    QLabel* passwordError_;
    MessageLine* message_;
    QDialogButtonBox* buttons_;
};

}  // namespace opsdesk::widgets
