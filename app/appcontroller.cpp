#include "app/appcontroller.h"

#include <QApplication>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QScreen>

#include "app/aboutdialog.h"
#include "app/languagemanager.h"
#include "app/logindialog.h"
#include "app/mainwindow.h"
#include "app/settingsdialog.h"
#include "app/traynotifier.h"
#include "services-client/api/apiclient.h"
#include "services-client/auth/authapi.h"
#include "services-client/auth/session.h"
#include "services-client/feed/feedclient.h"
#include "services-client/settings/clientsettings.h"
#include "widgets/account/accountdialog.h"

Q_LOGGING_CATEGORY(lcShell, "opsdesk.app")

namespace opsdesk::app {

namespace {
constexpr std::chrono::seconds kHealthInterval{30};
}

AppController::AppController(client::ClientSettings* settings, AppOptions options, QObject* parent)
    : QObject(parent),
      settings_(settings),
      options_(std::move(options)),
      api_(new client::ApiClient(this)),
      session_(new client::Session(this)),
      auth_(new client::AuthApi(api_, session_, this)),
      languages_(new LanguageManager(this)),
      feed_(new client::FeedClient(api_, session_, this)),
      notifier_(new TrayNotifier(settings_, session_, this)) {
    api_->setSession(session_);
    feed_->setStore(settings_->store());
    notifier_->setFeed(feed_);
    connect(notifier_, &TrayNotifier::openRequested, this,
            [this](const QString& moduleId, const QVariantMap& filter) {
                if (mainWindow_ && mainWindow_->openModule(moduleId, filter)) {
                    mainWindow_->showNormal();
                    mainWindow_->raise();
                    mainWindow_->activateWindow();
                }
            });
    connect(session_, &client::Session::sessionExpired, this, &AppController::onSessionExpired);
    healthTimer_.setInterval(kHealthInterval);
    connect(&healthTimer_, &QTimer::timeout, this, &AppController::checkHealth);
}

AppController::~AppController() {
    feed_->stop();
    delete firstSignIn_.data();
    delete accountDialog_.data();
    delete loginDialog_.data();
    delete mainWindow_.data();
}

LoginDialog* AppController::loginDialog() const {
    return loginDialog_;
}

MainWindow* AppController::mainWindow() const {
    return mainWindow_;
}

widgets::FirstSignInDialog* AppController::firstSignInDialog() const {
    return firstSignIn_;
}

widgets::AccountDialog* AppController::accountDialog() const {
    return accountDialog_;
}

void AppController::start() {
    const QString language = options_.language.value_or(settings_->language());
    languages_->setLanguage(language.isEmpty() ? LanguageManager::systemLanguage() : language);
    const QUrl server = options_.server.value_or(settings_->serverUrl());
    if (server.isValid()) {
        api_->setBaseUrl(server);
    }
    applyCaFile(options_.caFile.value_or(settings_->caFile()));
    showLogin();
}

void AppController::applyCaFile(const QString& path) {
    QString error;
    if (!api_->setCaFile(path, &error)) {
        qCWarning(lcShell) << "CA file not used:" << error;
        auto* box = new QMessageBox(QMessageBox::Warning, tr("CA certificate"),
                                    tr("The CA certificate file cannot be used: %1").arg(error),
                                    QMessageBox::Ok, mainWindow_ ? mainWindow_.data() : nullptr);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

void AppController::showLogin() {
    if (!loginDialog_) {
        loginDialog_ = new LoginDialog(api_, auth_, settings_);
        connect(loginDialog_, &LoginDialog::accepted, this, &AppController::onLoginAccepted);
        connect(loginDialog_, &LoginDialog::settingsRequested, this, &AppController::showSettings);
        connect(loginDialog_, &LoginDialog::signOutRequested, this, &AppController::signOut);
        connect(loginDialog_, &LoginDialog::rejected, this, [this] {
            if (!mainWindow_) {
                qApp->quit();
            }
        });
    }
    loginDialog_->setMode(LoginDialog::Mode::SignIn);
    if (api_->baseUrl().isValid()) {
        loginDialog_->setServerUrl(api_->baseUrl());
    }
    loginDialog_->setUsername(settings_->username());
    loginDialog_->show();
    loginDialog_->raise();
    loginDialog_->activateWindow();
}

void AppController::onLoginAccepted() {
    healthTimer_.start();
    if (mainWindow_) {
        // A re-login after expiry: the window and its pages stay as they were.
        mainWindow_->activateWindow();
        return;
    }
    continueSignIn();
}

void AppController::continueSignIn() {
    const client::AccountFlags flags = auth_->accountFlags();
    if (!flags.mustChangePassword && !flags.totpEnrollmentRequired) {
        showMainWindow();
        return;
    }
    const auto step = flags.mustChangePassword ? widgets::FirstSignInDialog::Step::ChangePassword
                                               : widgets::FirstSignInDialog::Step::EnrolTotp;
    delete firstSignIn_.data();
    firstSignIn_ = new widgets::FirstSignInDialog(api_, step);
    firstSignIn_->setAttribute(Qt::WA_DeleteOnClose);
    connect(firstSignIn_, &QDialog::rejected, this, &AppController::signOut);
    connect(firstSignIn_, &QDialog::accepted, this, [this] {
        // The server says what is still open (a new password may be followed by enrolment).
        auto* me = auth_->me();
        connect(me, &client::ApiRequest::succeeded, this, &AppController::continueSignIn);
        connect(me, &client::ApiRequest::failed, this, [this] { signOut(); });
    });
    firstSignIn_->show();
    firstSignIn_->raise();
    firstSignIn_->activateWindow();
}

void AppController::showMainWindow() {
    mainWindow_ = new MainWindow({api_, session_, {}, feed_});
    mainWindow_->setAttribute(Qt::WA_DeleteOnClose);
    const QByteArray geometry = settings_->mainWindowGeometry();
    if (geometry.isEmpty() || !mainWindow_->restoreGeometry(geometry)) {
        // First start: a back-office screen wants room (filter bars, a table and a detail
        // pane side by side), so take most of the screen, centred.
        if (const QScreen* screen = QGuiApplication::primaryScreen()) {
            const QRect available = screen->availableGeometry();
            const QSize size = QSize(1480, 940).boundedTo(available.size() * 0.92);
            mainWindow_->resize(size.expandedTo(mainWindow_->minimumSize()));
            mainWindow_->move(available.center() - mainWindow_->rect().center());
        }
    }
    connect(mainWindow_, &MainWindow::signOutRequested, this, &AppController::signOut);
    connect(mainWindow_, &MainWindow::settingsRequested, this, &AppController::showSettings);
    connect(mainWindow_, &MainWindow::aboutRequested, this, &AppController::showAbout);
    connect(mainWindow_, &MainWindow::accountRequested, this, &AppController::showAccount);
    connect(mainWindow_, &QObject::destroyed, this, [this] {
        stopFeed();
        if (session_->state() != client::Session::State::SignedOut) {
            auth_->logout();  // closing the window ends the session on the server too
        }
    });
    mainWindow_->show();
    startFeed();
}

void AppController::startFeed() {
    feed_->stop();
    feed_->setTopics(client::FeedClient::topicsFor(session_->user().permissions));
    feed_->start();
    notifier_->setTrayVisible(true);
}

void AppController::stopFeed() {
    feed_->stop();
    notifier_->setTrayVisible(false);
}

void AppController::showAccount() {
    if (accountDialog_) {
        accountDialog_->raise();
        accountDialog_->activateWindow();
        return;
    }
    accountDialog_ =
        new widgets::AccountDialog(api_, session_, auth_->accountFlags().totpEnabled, mainWindow_);
    accountDialog_->setAttribute(Qt::WA_DeleteOnClose);
    connect(accountDialog_, &widgets::AccountDialog::accountChanged, this, [this] { auth_->me(); });
    accountDialog_->open();
}

void AppController::onSessionExpired() {
    if (!mainWindow_ || !loginDialog_) {
        return;
    }
    healthTimer_.stop();
    // Over the main window, which keeps everything the user had open.
    loginDialog_->setParent(mainWindow_, Qt::Dialog);
    loginDialog_->setWindowModality(Qt::WindowModal);
    loginDialog_->setMode(LoginDialog::Mode::Reauthenticate, session_->user().username);
    loginDialog_->open();
}

void AppController::signOut() {
    healthTimer_.stop();
    stopFeed();
    if (firstSignIn_) {
        firstSignIn_->disconnect(this);
        firstSignIn_->close();
    }
    if (accountDialog_) {
        accountDialog_->close();
    }
    if (session_->state() != client::Session::State::SignedOut) {
        auth_->logout();
    }
    if (mainWindow_) {
        settings_->setMainWindowGeometry(mainWindow_->saveGeometry());
        MainWindow* window = mainWindow_;
        mainWindow_ = nullptr;
        if (loginDialog_ && loginDialog_->parent() == window) {
            loginDialog_->hide();
            loginDialog_->setParent(nullptr, Qt::Dialog);
            loginDialog_->setWindowModality(Qt::NonModal);
        }
        window->closeWithoutAsking();
    }
    showLogin();
}

void AppController::showSettings() {
    QWidget* parent = mainWindow_ && mainWindow_->isVisible()
                          ? static_cast<QWidget*>(mainWindow_.data())
                          : static_cast<QWidget*>(loginDialog_.data());
    auto* dialog = new SettingsDialog(settings_, languages_->language(), parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (api_->baseUrl().isValid()) {
        dialog->setServerUrl(api_->baseUrl());
    }
    dialog->setCaFile(api_->caFile());
    // The language follows the combo box at once, so the user sees the choice applied.
    connect(dialog, &SettingsDialog::accepted, this, [this, dialog] {
        languages_->setLanguage(dialog->language());
        applyCaFile(dialog->caFile());
        const QUrl server = client::ApiClient::normalizeServerUrl(dialog->serverText());
        options_.server.reset();
        options_.caFile.reset();
        options_.language.reset();
        if (server.isValid() && session_->state() == client::Session::State::SignedOut) {
            api_->setBaseUrl(server);
            if (loginDialog_) {
                loginDialog_->setServerUrl(server);
            }
        }
    });
    dialog->open();
}

void AppController::showAbout() {
    auto* dialog = new AboutDialog(mainWindow_);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void AppController::checkHealth() {
    auto* request = api_->get(QStringLiteral("/health"));
    request->setAuthenticated(false);
    request->setRetryPolicy(client::RetryPolicy::never());
    request->setTimeout(std::chrono::seconds(10));
}

}  // namespace opsdesk::app
