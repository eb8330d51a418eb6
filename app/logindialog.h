#pragma once

#include <QDialog>
#include <QPointer>
#include <QUrl>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace opsdesk::client {
class ApiClient;
class AuthApi;
class ClientSettings;
class LoginRequest;
struct ApiError;
}  // namespace opsdesk::client
namespace opsdesk::widgets {
class MessageLine;
}

namespace opsdesk::app {

// Signing in: server, username, password (and a verification code when the account has one).
// Accepted once the session holds a token. Opened with open(), never exec().
class LoginDialog : public QDialog {
    Q_OBJECT

public:
    enum class Mode {
        SignIn,          // at start and after signing out
        Reauthenticate,  // the session expired: same server and user, the work stays open
    };

    LoginDialog(client::ApiClient* api, client::AuthApi* auth, client::ClientSettings* settings,
                QWidget* parent = nullptr);
    ~LoginDialog() override;

    void setMode(Mode mode, const QString& username = {});
    Mode mode() const { return mode_; }
    void setServerUrl(const QUrl& url);
    void setUsername(const QString& username);

    QString message() const;
    bool isBusy() const { return busy_; }

signals:
    void settingsRequested();
    void signOutRequested();

public slots:
    void submit();
    void reject() override;

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslateUi();
    void setBusy(bool busy);
    void showMessage(const QString& text, QWidget* focus);
    void clearMessage();
    void onFailed(const client::ApiError& error);
    void onSucceeded();
    void focusFirstEmpty();
    void setOtpVisible(bool visible);

    client::ApiClient* api_;
    client::AuthApi* auth_;
    client::ClientSettings* settings_;
    Mode mode_ = Mode::SignIn;
    bool busy_ = false;
    QPointer<client::LoginRequest> pending_;
    QUrl pendingServer_;

    QLabel* logo_;
    QLabel* heading_;
    QLabel* subheading_;
    QLabel* serverLabel_;
    QLineEdit* server_;
    QLabel* usernameLabel_;
    QLineEdit* username_;
    QLabel* passwordLabel_;
    QLineEdit* password_;
    QLabel* otpLabel_;
    QLineEdit* otp_;
    widgets::MessageLine* message_;
    QProgressBar* progress_;
    QPushButton* settingsButton_;
    QPushButton* cancelButton_;
    QPushButton* signInButton_;
};

}  // namespace opsdesk::app
