#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include "app/appoptions.h"

namespace opsdesk::client {
class ApiClient;
class AuthApi;
class ClientSettings;
class Session;
}  // namespace opsdesk::client

namespace opsdesk::app {

class LanguageManager;
class LoginDialog;
class MainWindow;

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
    LoginDialog* loginDialog() const;
    MainWindow* mainWindow() const;

public slots:
    void signOut();
    void showSettings();
    void showAbout();

private:
    void showLogin();
    void onLoginAccepted();
    void onSessionExpired();
    void applyCaFile(const QString& path);
    void checkHealth();

    client::ClientSettings* settings_;
    AppOptions options_;
    client::ApiClient* api_;
    client::Session* session_;
    client::AuthApi* auth_;
    LanguageManager* languages_;
    QPointer<LoginDialog> loginDialog_;
    QPointer<MainWindow> mainWindow_;
    QTimer healthTimer_;
};

}  // namespace opsdesk::app
