#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include "app/appoptions.h"

namespace opsdesk::client {
class ApiClient;
class AuthApi;
class ClientSettings;
class FeedClient;
class Session;
}  // namespace opsdesk::client

namespace opsdesk::widgets {
class AccountDialog;
class FirstSignInDialog;
}  // namespace opsdesk::widgets

namespace opsdesk::app {

class LanguageManager;
class LoginDialog;
class MainWindow;
class TrayNotifier;

// Wires the shell together: the connection, the session, the login dialog and the main window,
// and what happens on sign-in, expiry and sign-out. Opens windows with show()/open(), so it never
// runs a nested event loop.
class AppController : public QObject {
    Q_OBJECT

public:
    AppController(client::ClientSettings* settings, AppOptions options, QObject* parent = nullptr);
    ~AppController() override;

    // Applies language and TLS trust, then shows the login dialog.
    void start();

    client::ApiClient* api() const { return api_; }
    client::Session* session() const { return session_; }
    client::AuthApi* auth() const { return auth_; }
    LanguageManager* languages() const { return languages_; }
    client::FeedClient* feed() const { return feed_; }
    TrayNotifier* notifier() const { return notifier_; }
    LoginDialog* loginDialog() const;
    MainWindow* mainWindow() const;
    // Open while the server still asks for a new password or two-step verification.
    widgets::FirstSignInDialog* firstSignInDialog() const;
    widgets::AccountDialog* accountDialog() const;

public slots:
    void signOut();
    void showSettings();
    void showAbout();
    // "My account": password, two-step verification, own sessions.
    void showAccount();

private:
    void showLogin();
    void onLoginAccepted();
    // What the server asks before anything else, one step after the other, then the window.
    void continueSignIn();
    void showMainWindow();
    void onSessionExpired();
    void applyCaFile(const QString& path);
    void checkHealth();
    // The live feed follows the signed-in user: the topics their permissions allow.
    void startFeed();
    void stopFeed();

    client::ClientSettings* settings_;
    AppOptions options_;
    client::ApiClient* api_;
    client::Session* session_;
    client::AuthApi* auth_;
    LanguageManager* languages_;
    client::FeedClient* feed_;
    TrayNotifier* notifier_;
    QPointer<LoginDialog> loginDialog_;
    QPointer<MainWindow> mainWindow_;
    QPointer<widgets::FirstSignInDialog> firstSignIn_;
    QPointer<widgets::AccountDialog> accountDialog_;
    QTimer healthTimer_;
};

}  // namespace opsdesk::app
