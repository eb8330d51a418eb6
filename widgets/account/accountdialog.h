#pragma once

#include <QDialog>

class QLabel;
class QTabWidget;
class QDialogButtonBox;

namespace opsdesk::client {
class AccountApi;
class ApiClient;
class Session;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

class MessageLine;
class PasswordForm;
class SessionsPanel;
class TotpPanel;

// "My account": one's own password, two-step verification and sessions. Every signed-in user
// reaches it from the main window's menu.
class AccountDialog : public QDialog {
    Q_OBJECT

public:
    enum Tab { PasswordTab, TwoStepTab, SessionsTab };

    AccountDialog(client::ApiClient* api, client::Session* session, bool totpEnabled,
                  QWidget* parent = nullptr);

    void showTab(Tab tab);
    QTabWidget* tabs() const { return tabs_; }
    PasswordForm* passwordForm() const { return password_; }
    TotpPanel* totpPanel() const { return totp_; }
    SessionsPanel* sessionsPanel() const { return sessions_; }

signals:
    // Two-step verification or the password changed: the shell refreshes what it knows.
    void accountChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    client::Session* session_;
    client::AccountApi* api_;
    QLabel* heading_;
    QTabWidget* tabs_;
    PasswordForm* password_;
    TotpPanel* totp_;
    SessionsPanel* sessions_;
    MessageLine* passwordDone_;
    QDialogButtonBox* buttons_;
};

// What the server asks of a user before anything else: a new password at the first sign-in
// (`must_change_password`), or two-step verification (`totp_enrollment_required`). Accepted when
// done; rejected means the user gave up, and the shell signs them out.
class FirstSignInDialog : public QDialog {
    Q_OBJECT

public:
    enum class Step { ChangePassword, EnrolTotp };

    FirstSignInDialog(client::ApiClient* api, Step step, QWidget* parent = nullptr);

    Step step() const { return step_; }
    PasswordForm* passwordForm() const { return password_; }
    TotpPanel* totpPanel() const { return totp_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    Step step_;
    client::AccountApi* api_;
    QLabel* heading_;
    QLabel* text_;
    PasswordForm* password_ = nullptr;
    TotpPanel* totp_ = nullptr;
    QDialogButtonBox* buttons_;
};

}  // namespace opsdesk::widgets
