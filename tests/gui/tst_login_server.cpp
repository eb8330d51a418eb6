// The whole shell against the real server: sign in through the login dialog, see exactly the
// modules the role allows, switch the language in Settings, sign out and in as someone else.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "app/appcontroller.h"
#include "app/languagemanager.h"
#include "app/logindialog.h"
#include "app/mainwindow.h"
#include "app/settingsdialog.h"
#include "serverprocess.h"
#include "services-client/auth/authapi.h"
#include "services-client/auth/session.h"
#include "services-client/settings/clientsettings.h"
#include "testcluster.h"

using namespace opsdesk;
using test::ServerProcess;
using test::TestCluster;

namespace {

const QString kPassword = QStringLiteral("pa55word-for-tests");

QStringList titles(const QAbstractItemModel* model) {
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row) {
        out << model->index(row, 0).data().toString();
    }
    return out;
}

}  // namespace

class LoginServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    ServerProcess server;
    QTemporaryDir dir;
    std::unique_ptr<client::ClientSettings> settings;
    std::unique_ptr<app::AppController> controller;
    std::unique_ptr<QAbstractItemModelTester> tester;

    // Types into the real dialog and submits the way a person would.
    void signIn(const QString& username, bool pressEnter) {
        app::LoginDialog* dialog = controller->loginDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto* user = dialog->findChild<QLineEdit*>(QStringLiteral("usernameEdit"));
        auto* password = dialog->findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
        user->clear();
        QTest::keyClicks(user, username);
        QTest::keyClicks(password, kPassword);
        if (pressEnter) {
            QTest::keyClick(password, Qt::Key_Return);
        } else {
            QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("signInButton")),
                              Qt::LeftButton);
        }
        QTRY_VERIFY_WITH_TIMEOUT(controller->mainWindow() && controller->mainWindow()->isVisible(),
                                 20000);
        QVERIFY2(!dialog->isVisible(), qPrintable(dialog->message()));
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        const QString url = cluster.createDatabase(QStringLiteral("gui_login"));
        QVERIFY2(server.start({url, true, {}}, &error), qPrintable(error));
        QVERIFY2(server.createUser(QStringLiteral("agent"), kPassword,
                                   QStringLiteral("support_agent"), &error),
                 qPrintable(error));
        QVERIFY2(server.createUser(QStringLiteral("fin"), kPassword,
                                   QStringLiteral("finance_manager"), &error),
                 qPrintable(error));
        settings = std::make_unique<client::ClientSettings>(dir.filePath(QStringLiteral("s.ini")));
        app::AppOptions options;
        options.server = server.baseUrl();
        options.caFile = server.caFile();
        options.language = QStringLiteral("en");
        controller = std::make_unique<app::AppController>(settings.get(), options);
        controller->start();
    }

    void cleanupTestCase() {
        tester.reset();
        controller.reset();
        settings.reset();
    }

    void supportAgent_signsInWithEnter_seesOrdersCatalogSupport() {
        signIn(QStringLiteral("agent"), true);
        app::MainWindow* window = controller->mainWindow();
        tester = std::make_unique<QAbstractItemModelTester>(
            window->navigation()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(titles(window->navigation()->model()),
                 (QStringList{"Orders", "Support", "Catalog"}));
        auto* user = window->findChild<QLabel*>(QStringLiteral("userLabel"));
        QVERIFY2(user->text().contains(QStringLiteral("Support agent")), qPrintable(user->text()));
        QTRY_VERIFY(window->findChild<QLabel*>(QStringLiteral("connectionLabel"))
                        ->text()
                        .startsWith(QStringLiteral("Connected to 127.0.0.1:")));
        QCOMPARE(settings->username(), QStringLiteral("agent"));  // remembered…
        QFile ini(settings->fileName());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains(kPassword.toUtf8()));  // …but never the password
    }

    void switchingToChinese_inSettings_retranslatesVisibleTexts() {
        app::MainWindow* window = controller->mainWindow();
        QVERIFY(window->openModule(QStringLiteral("support")));
        controller->showSettings();
        app::SettingsDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window->findChild<app::SettingsDialog*>()) && dialog->isVisible());
        auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("languageCombo"));
        combo->setCurrentIndex(combo->findData(QStringLiteral("zh_CN")));
        QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
        QTRY_COMPARE(titles(window->navigation()->model()), (QStringList{"订单", "客服", "商品"}));
        QTRY_COMPARE(window->windowTitle(), QStringLiteral("客服 — OpsDesk"));
        QVERIFY(window->findChild<QLabel*>(QStringLiteral("userLabel"))
                    ->text()
                    .contains(QStringLiteral("客服专员")));
        QCOMPARE(controller->languages()->language(), QStringLiteral("zh_CN"));
        QCOMPARE(settings->language(), QStringLiteral("zh_CN"));
        QCOMPARE(window->currentModule(), QStringLiteral("support"));  // nothing was rebuilt

        // Back to English for the rest.
        QVERIFY(controller->languages()->setLanguage(QStringLiteral("en")));
        QTRY_COMPARE(titles(window->navigation()->model()),
                     (QStringList{"Orders", "Support", "Catalog"}));
    }

    void signOut_returnsToLogin_thenFinanceManagerSeesOrdersFinanceReportsAudit() {
        tester.reset();
        controller->signOut();
        QTRY_VERIFY(controller->loginDialog()->isVisible());
        QVERIFY(!controller->mainWindow());
        QCOMPARE(controller->session()->state(), client::Session::State::SignedOut);
        QCOMPARE(controller->loginDialog()
                     ->findChild<QLineEdit*>(QStringLiteral("usernameEdit"))
                     ->text(),
                 QStringLiteral("agent"));  // remembered username
        QVERIFY(controller->loginDialog()
                    ->findChild<QLineEdit*>(QStringLiteral("passwordEdit"))
                    ->text()
                    .isEmpty());

        signIn(QStringLiteral("fin"), false);
        app::MainWindow* window = controller->mainWindow();
        tester = std::make_unique<QAbstractItemModelTester>(
            window->navigation()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(titles(window->navigation()->model()),
                 (QStringList{"Orders", "Finance", "Reports", "Audit trail"}));
    }

    void wrongPassword_showsInvalidCredentials() {
        tester.reset();
        controller->signOut();
        app::LoginDialog* dialog = controller->loginDialog();
        QTRY_VERIFY(dialog->isVisible());
        auto* user = dialog->findChild<QLineEdit*>(QStringLiteral("usernameEdit"));
        auto* password = dialog->findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
        user->clear();
        QTest::keyClicks(user, QStringLiteral("agent"));
        QTest::keyClicks(password, QStringLiteral("definitely wrong"));
        QTest::keyClick(password, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 20000);
        QCOMPARE(dialog->message(), QStringLiteral("The username or password is not correct."));
        QVERIFY(password->text().isEmpty());
        QCOMPARE(QApplication::focusWidget(), password);
        QVERIFY(!controller->mainWindow());
    }
};

// A server whose sessions expire after a few idle seconds: the login dialog comes back over the
// main window, and signing in again keeps the window and what it had open.
class SessionExpiryTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    ServerProcess server;
    QTemporaryDir dir;
    std::unique_ptr<client::ClientSettings> settings;
    std::unique_ptr<app::AppController> controller;

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        const QString url = cluster.createDatabase(QStringLiteral("gui_expiry"));
        QVERIFY2(server.start(
                     {url, false, {QStringLiteral("--session-idle-seconds"), QStringLiteral("2")}},
                     &error),
                 qPrintable(error));
        QVERIFY2(server.createUser(QStringLiteral("agent"), kPassword,
                                   QStringLiteral("support_agent"), &error),
                 qPrintable(error));
        settings = std::make_unique<client::ClientSettings>(dir.filePath(QStringLiteral("e.ini")));
        app::AppOptions options;
        options.server = server.baseUrl();
        options.language = QStringLiteral("en");
        controller = std::make_unique<app::AppController>(settings.get(), options);
        controller->start();
    }

    void cleanupTestCase() {
        controller.reset();
        settings.reset();
    }

    void sessionExpired_reloginOverTheWindow_keepsWhatWasOpen() {
        app::LoginDialog* dialog = controller->loginDialog();
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("usernameEdit")),
                         QStringLiteral("agent"));
        auto* password = dialog->findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
        QTest::keyClicks(password, kPassword);
        QTest::keyClick(password, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(controller->mainWindow() && controller->mainWindow()->isVisible(),
                                 20000);
        QPointer<app::MainWindow> window = controller->mainWindow();
        QVERIFY(window->openModule(QStringLiteral("catalog")));
        QWidget* page = window->findChild<QWidget*>(QStringLiteral("catalogPage"));
        QVERIFY(page);

        QTest::qWait(3500);  // idle past the server's limit
        QSignalSpy expired(controller->session(), &client::Session::sessionExpired);
        auto* first = controller->auth()->me();
        auto* second = controller->auth()->me();
        QSignalSpy firstDone(first, &client::ApiRequest::succeeded);
        QSignalSpy secondDone(second, &client::ApiRequest::succeeded);
        QTRY_VERIFY2_WITH_TIMEOUT(expired.size() == 1,
                                  qPrintable(QStringLiteral("server state %1, log:\n%2")
                                                 .arg(int(server.process().state()))
                                                 .arg(server.stderrText().right(4000))),
                                  10000);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->mode(), app::LoginDialog::Mode::Reauthenticate);
        QVERIFY(dialog->findChild<QLineEdit*>(QStringLiteral("usernameEdit"))->isReadOnly());
        QVERIFY(window->isVisible());

        QTest::keyClicks(password, kPassword);
        QTest::keyClick(password, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), 20000);
        QCOMPARE(controller->mainWindow(), window.data());
        QCOMPARE(window->currentModule(), QStringLiteral("catalog"));
        QCOMPARE(window->findChild<QWidget*>(QStringLiteral("catalogPage")), page);
        // The requests that noticed the expiry went through after the new sign-in.
        QTRY_COMPARE_WITH_TIMEOUT(firstDone.size() + secondDone.size(), 2, 10000);
        QCOMPARE(expired.size(), 1);
    }
};

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    // Settings of this executable's own (QSettings' user scope): suites run side by side, and the
    // desk remembers things (the orders page its filter) in the user's settings.
    QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    int status = 0;
    {
        LoginServerTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    {
        SessionExpiryTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    return status;
}

#include "tst_login_server.moc"
