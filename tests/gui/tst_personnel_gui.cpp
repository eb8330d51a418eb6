// The Staff, Roles, Audit and My account screens driven through their real widgets against the
// real server: creating a colleague who then must choose a password, two-step sign-in, the role
// editor's guard against lost and stale edits, and a change's history in the audit trail.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include "app/appcontroller.h"
#include "app/logindialog.h"
#include "app/mainwindow.h"
#include "guitesthelpers.h"
#include "httpclient.h"
#include "personneltesthelpers.h"
#include "serverprocess.h"
#include "services-client/api/apiclient.h"
#include "services-client/auth/authapi.h"
#include "services-client/auth/session.h"
#include "services-client/personnel/personnelapi.h"
#include "services-client/settings/clientsettings.h"
#include "testcluster.h"
#include "widgets/account/accountdialog.h"
#include "widgets/account/passwordform.h"
#include "widgets/account/sessionspanel.h"
#include "widgets/account/totppanel.h"
#include "widgets/audit/auditmodel.h"
#include "widgets/audit/auditpage.h"
#include "widgets/common/conflictbanner.h"
#include "widgets/personnel/permissionmatrixmodel.h"
#include "widgets/personnel/personnelpage.h"
#include "widgets/personnel/rolecatalog.h"
#include "widgets/personnel/roleeditor.h"
#include "widgets/personnel/staffview.h"
#include "widgets/personnel/userdetailpane.h"
#include "widgets/personnel/usermodel.h"

using namespace std::chrono_literals;
using namespace opsdesk;
using test::ServerProcess;
using test::TestCluster;

namespace {

const QString kPassword = QStringLiteral("pa55word-for-gui-tests");

QStringList titles(const QAbstractItemModel* model) {
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row) {
        out << model->index(row, 0).data().toString();
    }
    return out;
}

template <typename T>
T* child(QObject* parent, const QString& name) {
    T* found = parent->findChild<T*>(name);
    if (!found) {
        qWarning() << "no" << name << "in" << parent;
    }
    return found;
}

void typeInto(QObject* parent, const QString& name, const QString& text) {
    auto* edit = child<QLineEdit>(parent, name);
    QVERIFY(edit);
    edit->clear();
    QTest::keyClicks(edit, text);
}

void click(QObject* parent, const QString& name) {
    auto* button = child<QPushButton>(parent, name);
    QVERIFY(button);
    QVERIFY2(button->isEnabled(), qPrintable(name));
    QTest::mouseClick(button, Qt::LeftButton);
}

// The question box a page opened (they are opened with open(), never exec()).
QMessageBox* openBox(QWidget* parent, const QString& name) {
    for (auto* box : parent->findChildren<QMessageBox*>(name)) {
        if (box->isVisible()) {
            return box;
        }
    }
    return nullptr;
}

// A shell with its own server, for one test class.
struct Shell {
    TestCluster cluster;
    ServerProcess server;
    QTemporaryDir dir;
    std::unique_ptr<client::ClientSettings> settings;
    std::unique_ptr<app::AppController> controller;

    bool start(const QString& database, QString* error) {
        if (!TestCluster::load(&cluster, error)) {
            return false;
        }
        if (!server.start({cluster.createDatabase(database),
                           false,
                           {QStringLiteral("--login-rate-per-minute"), QStringLiteral("10000")}},
                          error)) {
            return false;
        }
        if (!server.createUser(QStringLiteral("admin"), kPassword, QStringLiteral("admin"),
                               error)) {
            return false;
        }
        settings = std::make_unique<client::ClientSettings>(dir.filePath(QStringLiteral("s.ini")));
        app::AppOptions options;
        options.server = server.baseUrl();
        options.language = QStringLiteral("en");
        controller = std::make_unique<app::AppController>(settings.get(), options);
        controller->start();
        return true;
    }

    void stop() {
        controller.reset();
        settings.reset();
    }

    // Types username and password into the real login dialog and presses Enter.
    void submitLogin(const QString& username, const QString& password) {
        app::LoginDialog* dialog = controller->loginDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        typeInto(dialog, QStringLiteral("usernameEdit"), username);
        typeInto(dialog, QStringLiteral("passwordEdit"), password);
        QTest::keyClick(child<QLineEdit>(dialog, QStringLiteral("passwordEdit")), Qt::Key_Return);
    }

    void signInTo(const QString& username, const QString& password) {
        submitLogin(username, password);
        QTRY_VERIFY_WITH_TIMEOUT(controller->mainWindow() && controller->mainWindow()->isVisible(),
                                 20000);
    }

    app::MainWindow* signIn(const QString& username, const QString& password = kPassword) {
        signInTo(username, password);
        return controller->mainWindow();
    }

    void signOut() {
        controller->signOut();
        QTRY_VERIFY(controller->loginDialog()->isVisible());
    }

    // A token for calls behind the screen's back.
    QByteArray token(const QString& username) {
        return server.signIn(username, kPassword).toUtf8();
    }

    test::HttpResult call(const QByteArray& method, const QString& path, const QByteArray& token,
                          const QJsonObject& body = {}, int ifMatch = 0) {
        QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + token}};
        if (ifMatch > 0) {
            headers.append({"If-Match", '"' + QByteArray::number(ifMatch) + '"'});
        }
        return test::httpRequest(method, server.baseUrl().resolved(QUrl("/api/v1" + path)),
                                 method == "GET" ? QByteArray() : QJsonDocument(body).toJson(),
                                 headers);
    }
};

widgets::PersonnelPage* openPersonnel(app::MainWindow* window) {
    if (!window->openModule(QStringLiteral("personnel"))) {
        return nullptr;
    }
    return window->findChild<widgets::PersonnelPage*>();
}

}  // namespace

class StaffFlowTest : public QObject {
    Q_OBJECT

private:
    Shell shell;

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(shell.start(QStringLiteral("gui_staff"), &error), qPrintable(error));
    }

    void cleanupTestCase() { shell.stop(); }

    void admin_createsSupportAgent_whoChangesPassword_andSeesOnlyThatRolesModules() {
        app::MainWindow* window = shell.signIn(QStringLiteral("admin"));
        QVERIFY(window);
        QVERIFY(!shell.controller->firstSignInDialog());  // made on the command line
        auto* page = openPersonnel(window);
        QVERIFY(page);
        widgets::StaffView* staff = page->staff();
        QAbstractItemModelTester tester(staff->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(staff->model()->state(), client::PagedListModel::State::Complete);

        click(staff, QStringLiteral("newUserButton"));
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = staff->findChild<QDialog*>(QStringLiteral("newUserDialog"))) &&
                    dialog->isVisible());
        typeInto(dialog, QStringLiteral("newUsernameEdit"), QStringLiteral("agent7"));
        typeInto(dialog, QStringLiteral("newDisplayNameEdit"), QStringLiteral("Agent Seven"));
        typeInto(dialog, QStringLiteral("newEmailEdit"), QStringLiteral("agent7@example.com"));
        typeInto(dialog, QStringLiteral("newPasswordEdit"), QStringLiteral("first day passphrase"));
        auto* roles = child<QListWidget>(dialog, QStringLiteral("roleChecklist"));
        QTRY_VERIFY(roles->count() >= 7);
        const auto items = roles->findItems(QStringLiteral("Support agent"), Qt::MatchExactly);
        QCOMPARE(items.size(), 1);
        roles->setCurrentItem(items.first());
        QTest::keyClick(roles->viewport(), Qt::Key_Space);
        QCOMPARE(items.first()->checkState(), Qt::Checked);
        click(dialog, QStringLiteral("createUserButton"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), 20000);
        QTRY_VERIFY(staff->model()->rowOfId(staff->model()->itemAt(0)->id) == 0);
        QCOMPARE(staff->model()->itemAt(0)->username, QStringLiteral("agent7"));
        QCOMPARE(staff->model()->itemAt(0)->roles, QStringList{QStringLiteral("support_agent")});
        QVERIFY(staff->model()->itemAt(0)->mustChangePassword);
        QCOMPARE(staff->detail()->user()->username, QStringLiteral("agent7"));

        shell.signOut();
        shell.submitLogin(QStringLiteral("agent7"), QStringLiteral("first day passphrase"));
        widgets::FirstSignInDialog* first = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (first = shell.controller->firstSignInDialog()) && first->isVisible(), 20000);
        QCOMPARE(first->step(), widgets::FirstSignInDialog::Step::ChangePassword);
        QVERIFY(!shell.controller->mainWindow());

        // The server's password policy is shown beside the new password.
        typeInto(first, QStringLiteral("currentPasswordEdit"),
                 QStringLiteral("first day passphrase"));
        typeInto(first, QStringLiteral("newPasswordEdit"), QStringLiteral("password123"));
        typeInto(first, QStringLiteral("repeatPasswordEdit"), QStringLiteral("password123"));
        click(first, QStringLiteral("changePasswordButton"));
        auto* policy = child<QLabel>(first, QStringLiteral("new_passwordError"));
        QTRY_VERIFY_WITH_TIMEOUT(policy->isVisible(), 20000);
        QVERIFY2(policy->text().contains(QStringLiteral("common")), qPrintable(policy->text()));

        typeInto(first, QStringLiteral("newPasswordEdit"), kPassword);
        typeInto(first, QStringLiteral("repeatPasswordEdit"), kPassword);
        QTest::keyClick(child<QLineEdit>(first, QStringLiteral("repeatPasswordEdit")),
                        Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(
            shell.controller->mainWindow() && shell.controller->mainWindow()->isVisible(), 20000);
        QCOMPARE(titles(shell.controller->mainWindow()->navigation()->model()),
                 (QStringList{"Orders", "Support", "Catalog"}));
        QVERIFY(!shell.controller->auth()->accountFlags().mustChangePassword);
    }

    void forcedPasswordChange_givenUp_signsOut() {
        shell.signOut();
        const QByteArray admin = shell.token(QStringLiteral("admin"));
        QCOMPARE(shell
                     .call("POST", "/users", admin,
                           {{"username", "quitter"},
                            {"password", "first day passphrase"},
                            {"roles", QJsonArray{"analyst"}}})
                     .status,
                 201);
        shell.submitLogin(QStringLiteral("quitter"), QStringLiteral("first day passphrase"));
        widgets::FirstSignInDialog* first = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (first = shell.controller->firstSignInDialog()) && first->isVisible(), 20000);
        first->reject();
        QTRY_VERIFY(shell.controller->loginDialog()->isVisible());
        QCOMPARE(shell.controller->session()->state(), client::Session::State::SignedOut);
        QVERIFY(!shell.controller->mainWindow());
    }
};

class TwoFactorTest : public QObject {
    Q_OBJECT

private:
    Shell shell;

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(shell.start(QStringLiteral("gui_totp"), &error), qPrintable(error));
        QVERIFY2(shell.server.createUser(QStringLiteral("secure"), kPassword,
                                         QStringLiteral("analyst"), &error),
                 qPrintable(error));
    }

    void cleanupTestCase() { shell.stop(); }

    void enrolInAccountDialog_thenSignInAsksForTheCode_andTheCodeSignsIn() {
        app::MainWindow* window = shell.signIn(QStringLiteral("secure"));
        QVERIFY(window);
        auto* accountAction = window->findChild<QAction*>(QStringLiteral("accountAction"));
        QVERIFY(accountAction && accountAction->isVisible());
        accountAction->trigger();
        widgets::AccountDialog* account = nullptr;
        QTRY_VERIFY((account = shell.controller->accountDialog()) && account->isVisible());
        account->tabs()->setCurrentIndex(widgets::AccountDialog::TwoStepTab);
        widgets::TotpPanel* totp = account->totpPanel();
        QVERIFY(!totp->isTotpOn());
        click(totp, QStringLiteral("setUpTotpButton"));
        QTRY_VERIFY_WITH_TIMEOUT(!totp->secretText().isEmpty(), 20000);
        auto* qr = child<QLabel>(totp, QStringLiteral("totpQrCode"));
        QVERIFY(qr->isVisible());
        QVERIFY(!qr->pixmap().isNull());
        const QString secret = totp->secretText().remove(QLatin1Char(' '));
        QVERIFY(secret.size() >= 16);

        typeInto(totp, QStringLiteral("confirmCodeEdit"), QStringLiteral("000000"));
        click(totp, QStringLiteral("confirmTotpButton"));
        QTRY_VERIFY_WITH_TIMEOUT(totp->message().contains(QStringLiteral("not correct")), 20000);
        QVERIFY(!totp->isTotpOn());

        typeInto(totp, QStringLiteral("confirmCodeEdit"), test::totpCode(secret, -1));
        QTest::keyClick(child<QLineEdit>(totp, QStringLiteral("confirmCodeEdit")), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(totp->isTotpOn(), 20000);
        QVERIFY(totp->message().contains(QStringLiteral("is on")));
        account->close();

        shell.signOut();
        shell.submitLogin(QStringLiteral("secure"), kPassword);
        app::LoginDialog* login = shell.controller->loginDialog();
        auto* otp = child<QLineEdit>(login, QStringLiteral("otpEdit"));
        QTRY_VERIFY_WITH_TIMEOUT(otp->isVisible(), 20000);
        QVERIFY(!shell.controller->mainWindow());
        QCOMPARE(login->message(),
                 QStringLiteral("Enter the six-digit code from your authenticator app."));

        QTest::keyClicks(otp, QStringLiteral("123456"));
        QTest::keyClick(otp, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!login->isBusy() && login->message().contains("not correct"),
                                 20000);

        QTest::keyClicks(otp, test::totpCode(secret, 0));
        QTest::keyClick(otp, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(
            shell.controller->mainWindow() && shell.controller->mainWindow()->isVisible(), 20000);
        QVERIFY(shell.controller->auth()->accountFlags().totpEnabled);
    }

    void mySessions_listThisSessionMarked() {
        shell.controller->showAccount();
        widgets::AccountDialog* account = nullptr;
        QTRY_VERIFY((account = shell.controller->accountDialog()) && account->isVisible());
        account->showTab(widgets::AccountDialog::SessionsTab);
        auto* sessions = account->sessionsPanel();
        QTRY_VERIFY(sessions->model()->rowCount() >= 1);
        int current = 0;
        for (const auto& s : sessions->model()->sessions()) {
            current += s.current ? 1 : 0;
        }
        QCOMPARE(current, 1);
        account->close();
    }

    void requiredForRoleEditors_adminEnrolsBeforeSeeingModules() {
        shell.signOut();
        const QByteArray admin = shell.token(QStringLiteral("admin"));
        const int version =
            shell.call("GET", "/settings/security", admin).json().value("version").toInt();
        QCOMPARE(shell
                     .call("PATCH", "/settings/security", admin,
                           {{"totp_required_for_roles_write", true}}, version)
                     .status,
                 200);
        shell.submitLogin(QStringLiteral("admin"), kPassword);
        widgets::FirstSignInDialog* first = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (first = shell.controller->firstSignInDialog()) && first->isVisible(), 20000);
        QCOMPARE(first->step(), widgets::FirstSignInDialog::Step::EnrolTotp);
        QVERIFY(!shell.controller->mainWindow());
        widgets::TotpPanel* totp = first->totpPanel();
        QTRY_VERIFY_WITH_TIMEOUT(!totp->secretText().isEmpty(), 20000);
        const QString secret = totp->secretText().remove(QLatin1Char(' '));
        typeInto(totp, QStringLiteral("confirmCodeEdit"), test::totpCode(secret));
        QTest::keyClick(child<QLineEdit>(totp, QStringLiteral("confirmCodeEdit")), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(
            shell.controller->mainWindow() && shell.controller->mainWindow()->isVisible(), 20000);
        QVERIFY(titles(shell.controller->mainWindow()->navigation()->model())
                    .contains(QStringLiteral("Staff")));
    }
};

class RoleEditorTest : public QObject {
    Q_OBJECT

private:
    Shell shell;
    QByteArray admin;
    int roleId = 0;

    QJsonObject serverRole() {
        return shell.call("GET", "/roles/" + QString::number(roleId), admin).json();
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(shell.start(QStringLiteral("gui_roles"), &error), qPrintable(error));
        admin = shell.token(QStringLiteral("admin"));
        const auto created = shell.call("POST", "/roles", admin,
                                        {{"name", "night_shift"},
                                         {"description", "Weekend support"},
                                         {"permissions", QJsonArray{"support.read"}}});
        QCOMPARE(created.status, 201);
        roleId = created.json().value("id").toInt();
    }

    void cleanupTestCase() { shell.stop(); }

    void unsavedChanges_askBeforeSwitchingRole_andStayOnCancel() {
        app::MainWindow* window = shell.signIn(QStringLiteral("admin"));
        QVERIFY(window);
        auto* page = openPersonnel(window);
        QVERIFY(page);
        page->tabs()->setCurrentIndex(1);
        widgets::RoleEditor* editor = page->roles();
        QAbstractItemModelTester tester(editor->matrix(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(editor->matrix()->rowCount() == 7);
        editor->selectRole(QStringLiteral("night_shift"));
        QTRY_COMPARE(editor->currentRole()->name, QStringLiteral("night_shift"));
        QVERIFY(!editor->isDirty());
        QVERIFY(!child<QLabel>(editor, QStringLiteral("unsavedMark"))->isVisible());

        QTreeView* view = editor->matrixView();
        view->setCurrentIndex(editor->matrix()->indexOf(QStringLiteral("support.reply")));
        QTest::keyClick(view->viewport(), Qt::Key_Space);
        QVERIFY(editor->isDirty());
        QVERIFY(child<QLabel>(editor, QStringLiteral("unsavedMark"))->isVisible());

        auto* roles = child<QListWidget>(editor, QStringLiteral("roleList"));
        roles->setCurrentRow(0);  // Admin: the editor asks first
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = openBox(editor, QStringLiteral("unsavedRoleBox"))));
        QCOMPARE(editor->currentRole()->name, QStringLiteral("night_shift"));
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!box->isVisible());
        QCOMPARE(editor->currentRole()->name, QStringLiteral("night_shift"));
        QVERIFY(editor->isDirty());

        // Leaving the module asks too.
        QVERIFY(window->openModule(QStringLiteral("orders")));
        QTRY_VERIFY((box = openBox(editor, QStringLiteral("unsavedRoleBox"))));
        QTRY_COMPARE(window->currentModule(), QStringLiteral("personnel"));
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!box->isVisible());
        QCOMPARE(window->currentModule(), QStringLiteral("personnel"));
        QVERIFY(editor->isDirty());
    }

    void staleSave_showsTheirChange_reapplyKeepsBoth() {
        widgets::RoleEditor* editor =
            shell.controller->mainWindow()->findChild<widgets::PersonnelPage*>()->roles();
        QVERIFY(editor->isDirty());  // support.reply ticked, not saved
        // Someone else grants orders.read meanwhile.
        const int version = serverRole().value("version").toInt();
        QCOMPARE(shell
                     .call("PATCH", "/roles/" + QString::number(roleId), admin,
                           {{"permissions", QJsonArray{"support.read", "orders.read"}}}, version)
                     .status,
                 200);
        click(editor, QStringLiteral("saveRoleButton"));
        auto* panel = child<widgets::ConflictBanner>(editor, QStringLiteral("conflictPanel"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), 20000);
        QCOMPARE(panel->kind(), widgets::ConflictBanner::Kind::Stale);
        // What they changed: one permission, as the person saw it and as it is now.
        QCOMPARE(panel->changes().size(), 1);
        const widgets::ConflictBanner::Change granted = panel->changes().first();
        QVERIFY2(granted.field.startsWith(QStringLiteral("orders.read (")),
                 qPrintable(granted.field));
        QCOMPARE(granted.saw, QStringLiteral("not granted"));
        QCOMPARE(granted.now, QStringLiteral("granted"));
        QVERIFY(panel->text().contains(QStringLiteral("orders.read")));
        QVERIFY(panel->reapplyButton()->isVisible() && panel->discardButton()->isVisible());
        QVERIFY(!panel->dismissButton()->isVisible());
        QVERIFY(editor->isDirty());
        test::saveShots(editor, QStringLiteral("role-editor-conflict"));
        click(editor, QStringLiteral("reapplyButton"));
        QTRY_VERIFY_WITH_TIMEOUT(!editor->isDirty() && !panel->isVisible() &&
                                     editor->message().contains(QStringLiteral("saved")),
                                 20000);
        const QJsonArray saved = serverRole().value("permissions").toArray();
        QCOMPARE(saved, (QJsonArray{"orders.read", "support.read", "support.reply"}));
    }

    void staleSave_discardMine_showsTheServersVersion() {
        widgets::RoleEditor* editor =
            shell.controller->mainWindow()->findChild<widgets::PersonnelPage*>()->roles();
        QTreeView* view = editor->matrixView();
        view->setCurrentIndex(editor->matrix()->indexOf(QStringLiteral("reports.read")));
        QTest::keyClick(view->viewport(), Qt::Key_Space);
        QVERIFY(editor->isDirty());
        const int version = serverRole().value("version").toInt();
        QCOMPARE(shell
                     .call("PATCH", "/roles/" + QString::number(roleId), admin,
                           {{"description", "Changed elsewhere"}}, version)
                     .status,
                 200);
        click(editor, QStringLiteral("saveRoleButton"));
        auto* panel = child<widgets::ConflictBanner>(editor, QStringLiteral("conflictPanel"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), 20000);
        QCOMPARE(panel->changes(),
                 (QList<widgets::ConflictBanner::Change>{{QStringLiteral("Description"),
                                                          QStringLiteral("Weekend support"),
                                                          QStringLiteral("Changed elsewhere")}}));
        click(editor, QStringLiteral("discardMineButton"));
        QTRY_VERIFY(!panel->isVisible());
        QVERIFY(!editor->isDirty());
        QCOMPARE(editor->currentRole()->description, QStringLiteral("Changed elsewhere"));
        QVERIFY(!editor->matrix()->granted().contains(QStringLiteral("reports.read")));
        QCOMPARE(serverRole().value("permissions").toArray().size(), 3);
    }

    void deleteRole_heldMeanwhile_isRefusedInWords_andDismissed() {
        widgets::RoleEditor* editor =
            shell.controller->mainWindow()->findChild<widgets::PersonnelPage*>()->roles();
        editor->selectRole(QStringLiteral("night_shift"));
        QTRY_COMPARE(editor->currentRole()->name, QStringLiteral("night_shift"));
        QCOMPARE(editor->currentRole()->userCount, 0);
        // Someone gives the role to a colleague meanwhile.
        QString error;
        QVERIFY2(shell.server.createUser(QStringLiteral("nightowl"), kPassword,
                                         QStringLiteral("night_shift"), &error),
                 qPrintable(error));
        click(editor, QStringLiteral("deleteRoleButton"));
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = openBox(editor, QStringLiteral("deleteRoleBox"))));
        QPushButton* yes = nullptr;
        for (QAbstractButton* b : box->buttons()) {
            if (box->buttonRole(b) == QMessageBox::DestructiveRole) {
                yes = qobject_cast<QPushButton*>(b);
            }
        }
        QVERIFY(yes);
        QTest::mouseClick(yes, Qt::LeftButton);
        auto* banner = editor->conflictBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 20000);
        QCOMPARE(banner->kind(), widgets::ConflictBanner::Kind::Refused);
        QCOMPARE(
            banner->summary(),
            QStringLiteral("This role cannot be deleted: it is built in or someone holds it."));
        QVERIFY(banner->changes().isEmpty());
        QVERIFY(banner->dismissButton()->isVisible());
        QVERIFY(!banner->reapplyButton()->isVisible() && !banner->discardButton()->isVisible());
        QCOMPARE(shell.call("GET", "/roles/" + QString::number(roleId), admin).status, 200);
        click(editor, QStringLiteral("dismissConflictButton"));
        QVERIFY(!banner->isVisible());
        QCOMPARE(banner->kind(), widgets::ConflictBanner::Kind::None);
    }

    void adminRole_isNotEditable() {
        widgets::RoleEditor* editor =
            shell.controller->mainWindow()->findChild<widgets::PersonnelPage*>()->roles();
        editor->selectRole(QStringLiteral("admin"));
        QTRY_COMPARE(editor->currentRole()->name, QStringLiteral("admin"));
        QVERIFY(!editor->matrix()->isEditable());
        QCOMPARE(editor->matrix()->granted().size(),
                 qsizetype(protocol::permissionCatalog().size()));
        QVERIFY(!child<QPushButton>(editor, QStringLiteral("deleteRoleButton"))->isEnabled());
    }
};

class UserPaneConflictTest : public QObject {
    Q_OBJECT

private:
    Shell shell;
    QByteArray admin;
    widgets::StaffView* staff = nullptr;

    QJsonObject serverUser(qint64 id) {
        return shell.call("GET", "/users/" + QString::number(id), admin).json();
    }

    // Selects the staff member in the list; their id, or 0.
    qint64 open(const QString& username) {
        for (int r = 0; r < staff->model()->rowCount(); ++r) {
            if (staff->model()->itemAt(r) && staff->model()->itemAt(r)->username == username) {
                staff->view()->setCurrentIndex(staff->model()->index(r, 0));
                const auto& shown = staff->detail()->user();
                return shown && shown->username == username ? shown->id : 0;
            }
        }
        return 0;
    }

    void toggleRole(widgets::UserDetailPane* detail, const QString& title) {
        auto* roles = child<QListWidget>(detail, QStringLiteral("roleChecklist"));
        const auto items = roles->findItems(title, Qt::MatchExactly);
        QCOMPARE(items.size(), 1);
        roles->setCurrentItem(items.first());
        QTest::keyClick(roles->viewport(), Qt::Key_Space);
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(shell.start(QStringLiteral("gui_user_conflicts"), &error), qPrintable(error));
        QVERIFY2(shell.server.createUser(QStringLiteral("mei"), kPassword,
                                         QStringLiteral("analyst"), &error),
                 qPrintable(error));
        admin = shell.token(QStringLiteral("admin"));
        app::MainWindow* window = shell.signIn(QStringLiteral("admin"));
        QVERIFY(window);
        auto* page = openPersonnel(window);
        QVERIFY(page);
        staff = page->staff();
        QTRY_COMPARE(staff->model()->state(), client::PagedListModel::State::Complete);
    }

    void cleanupTestCase() { shell.stop(); }

    void staleSave_showsWhatChanged_reapplySavesMineOnTopOfTheirs() {
        const qint64 id = open(QStringLiteral("mei"));
        QVERIFY(id);
        widgets::UserDetailPane* detail = staff->detail();
        typeInto(detail, QStringLiteral("displayNameEdit"), QStringLiteral("Han Mei"));
        toggleRole(detail, QStringLiteral("Support agent"));
        QVERIFY(detail->isDirty());
        // Meanwhile HR corrects the email and gives her the merchandiser role.
        const QJsonObject before = serverUser(id);
        QCOMPARE(shell
                     .call("PATCH", "/users/" + QString::number(id), admin,
                           {{"email", "mei.han@example.com"},
                            {"roles", QJsonArray{"analyst", "merchandiser"}}},
                           before.value("version").toInt())
                     .status,
                 200);

        click(detail, QStringLiteral("saveUserButton"));
        widgets::ConflictBanner* banner = detail->conflictBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 20000);
        QCOMPARE(banner->kind(), widgets::ConflictBanner::Kind::Stale);
        QCOMPARE(banner->changes(), (QList<widgets::ConflictBanner::Change>{
                                        {QStringLiteral("Email"), before.value("email").toString(),
                                         QStringLiteral("mei.han@example.com")},
                                        {QStringLiteral("Roles"), QStringLiteral("Analyst"),
                                         QStringLiteral("Analyst, Merchandiser")}}));
        QVERIFY(banner->summary().startsWith(QStringLiteral("Someone else changed this account")));
        QVERIFY(banner->reapplyButton()->isVisible());
        QVERIFY(!child<QPushButton>(detail, QStringLiteral("saveUserButton"))->isEnabled());
        QCOMPARE(detail->message(), QString());
        test::saveShots(detail, QStringLiteral("user-pane-conflict"));

        click(detail, QStringLiteral("reapplyButton"));
        QTRY_VERIFY_WITH_TIMEOUT(detail->message() == QStringLiteral("Changes saved."), 20000);
        QVERIFY(!banner->isVisible());
        QVERIFY(!detail->isDirty());
        // Mine (name, support agent) on top of theirs (email, merchandiser).
        const QJsonObject after = serverUser(id);
        QCOMPARE(after.value("display_name").toString(), QStringLiteral("Han Mei"));
        QCOMPARE(after.value("email").toString(), QStringLiteral("mei.han@example.com"));
        QCOMPARE(after.value("roles").toArray(),
                 (QJsonArray{"analyst", "merchandiser", "support_agent"}));
        QCOMPARE(detail->user()->version, after.value("version").toInt());
    }

    void staleSave_discardMine_showsTheCurrentDetails() {
        const qint64 id = open(QStringLiteral("mei"));
        QVERIFY(id);
        widgets::UserDetailPane* detail = staff->detail();
        typeInto(detail, QStringLiteral("emailEdit"), QStringLiteral("mine@example.com"));
        const int version = serverUser(id).value("version").toInt();
        QCOMPARE(shell
                     .call("PATCH", "/users/" + QString::number(id), admin,
                           {{"display_name", "Han Mei (HR)"}}, version)
                     .status,
                 200);
        click(detail, QStringLiteral("saveUserButton"));
        widgets::ConflictBanner* banner = detail->conflictBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 20000);
        QCOMPARE(banner->changes(), (QList<widgets::ConflictBanner::Change>{
                                        {QStringLiteral("Display name"), QStringLiteral("Han Mei"),
                                         QStringLiteral("Han Mei (HR)")}}));

        click(detail, QStringLiteral("discardMineButton"));
        QVERIFY(!banner->isVisible());
        QVERIFY(!detail->isDirty());
        QCOMPARE(child<QLineEdit>(detail, QStringLiteral("displayNameEdit"))->text(),
                 QStringLiteral("Han Mei (HR)"));
        QCOMPARE(child<QLineEdit>(detail, QStringLiteral("emailEdit"))->text(),
                 QStringLiteral("mei.han@example.com"));
        QCOMPARE(detail->user()->version, version + 1);
        QVERIFY(detail->message().startsWith(QStringLiteral("Your changes were discarded")));
        QCOMPARE(serverUser(id).value("email").toString(), QStringLiteral("mei.han@example.com"));
        QCOMPARE(serverUser(id).value("version").toInt(), version + 1);  // nothing sent
    }

    void refusal_isExplainedInWords_andDismissed() {
        // The only administrator may not stop being one.
        QVERIFY(open(QStringLiteral("admin")));
        widgets::UserDetailPane* detail = staff->detail();
        toggleRole(detail, QStringLiteral("Admin"));
        toggleRole(detail, QStringLiteral("Analyst"));
        click(detail, QStringLiteral("saveUserButton"));
        widgets::ConflictBanner* banner = detail->conflictBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 20000);
        QCOMPARE(banner->kind(), widgets::ConflictBanner::Kind::Refused);
        QVERIFY2(banner->summary().startsWith(QStringLiteral("Not possible: ")) &&
                     banner->summary().contains(QStringLiteral("no active administrator")),
                 qPrintable(banner->summary()));
        QVERIFY(banner->changes().isEmpty());
        QVERIFY(banner->dismissButton()->isVisible());
        QVERIFY(!banner->reapplyButton()->isVisible());
        QVERIFY(detail->isDirty());  // what was typed stays
        test::saveShots(detail, QStringLiteral("user-pane-refused"));
        click(detail, QStringLiteral("dismissConflictButton"));
        QVERIFY(!banner->isVisible());
        QVERIFY(detail->isDirty());
        click(detail, QStringLiteral("revertUserButton"));
        QVERIFY(!detail->isDirty());
    }
};

class AuditViewerTest : public QObject {
    Q_OBJECT

private:
    Shell shell;

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(shell.start(QStringLiteral("gui_audit"), &error), qPrintable(error));
        QVERIFY(shell.server.createUser(QStringLiteral("audited"), kPassword,
                                        QStringLiteral("analyst"), &error));
    }

    void cleanupTestCase() { shell.stop(); }

    void editEmail_thenHistory_opensTheAuditFilteredToThatUser_withTheDiff() {
        app::MainWindow* window = shell.signIn(QStringLiteral("admin"));
        QVERIFY(window);
        auto* page = openPersonnel(window);
        QVERIFY(page);
        widgets::StaffView* staff = page->staff();
        QTRY_COMPARE(staff->model()->state(), client::PagedListModel::State::Complete);
        const int row = [&] {
            for (int r = 0; r < staff->model()->rowCount(); ++r) {
                if (staff->model()->itemAt(r) &&
                    staff->model()->itemAt(r)->username == QLatin1String("audited")) {
                    return r;
                }
            }
            return -1;
        }();
        QVERIFY(row >= 0);
        const qint64 id = staff->model()->itemAt(row)->id;
        staff->view()->setCurrentIndex(staff->model()->index(row, 0));
        widgets::UserDetailPane* detail = staff->detail();
        QCOMPARE(detail->user()->username, QStringLiteral("audited"));
        const QString oldEmail = detail->user()->email;
        typeInto(detail, QStringLiteral("emailEdit"), QStringLiteral("audited.new@example.com"));
        QVERIFY(detail->isDirty());
        click(detail, QStringLiteral("saveUserButton"));
        QTRY_VERIFY_WITH_TIMEOUT(detail->message() == QStringLiteral("Changes saved."), 20000);
        QCOMPARE(staff->model()->itemAt(row)->email, QStringLiteral("audited.new@example.com"));

        auto* history = child<QPushButton>(detail, QStringLiteral("historyButton"));
        QVERIFY(history->isVisible());
        QTest::mouseClick(history, Qt::LeftButton);
        QTRY_COMPARE(window->currentModule(), QStringLiteral("audit"));
        auto* audit = window->findChild<widgets::AuditPage*>();
        QVERIFY(audit);
        QAbstractItemModelTester tester(audit->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(audit->model()->query().entity, QStringLiteral("user"));
        QCOMPARE(audit->model()->query().entityId, QString::number(id));
        QCOMPARE(child<QLineEdit>(audit, QStringLiteral("entityIdFilter"))->text(),
                 QString::number(id));
        QTRY_VERIFY_WITH_TIMEOUT(audit->model()->state() == client::PagedListModel::State::Complete,
                                 20000);
        for (int r = 0; r < audit->model()->rowCount(); ++r) {
            QCOMPARE(audit->model()->itemAt(r)->entityId, QString::number(id));
        }
        QCOMPARE(audit->model()->itemAt(0)->action, QStringLiteral("user.update"));
        QTRY_COMPARE(audit->view()->currentIndex().row(), 0);  // the newest is shown
        widgets::AuditDiffModel* diff = audit->diffModel();
        QCOMPARE(diff->rowCount(), 1);
        QCOMPARE(diff->index(0, widgets::AuditDiffModel::FieldColumn).data().toString(),
                 QStringLiteral("Email"));
        QCOMPARE(diff->index(0, widgets::AuditDiffModel::BeforeColumn).data().toString(),
                 oldEmail.isEmpty() ? QStringLiteral("—") : oldEmail);
        QCOMPARE(diff->index(0, widgets::AuditDiffModel::AfterColumn).data().toString(),
                 QStringLiteral("audited.new@example.com"));
        QVERIFY(child<QLabel>(audit, QStringLiteral("auditEntryHeading"))
                    ->text()
                    .contains(QStringLiteral("Changed staff account")));
    }

    void historyButton_isHidden_withoutAuditRead_andEditsHiddenWithoutWrite() {
        const QByteArray admin = shell.token(QStringLiteral("admin"));
        QCOMPARE(shell
                     .call("POST", "/roles", admin,
                           {{"name", "hr"},
                            {"permissions", QJsonArray{"personnel.read", "personnel.write"}}})
                     .status,
                 201);
        QString error;
        QVERIFY2(shell.server.createUser(QStringLiteral("hrperson"), kPassword,
                                         QStringLiteral("hr"), &error),
                 qPrintable(error));
        QVERIFY(shell.server.createUser(QStringLiteral("looker"), kPassword,
                                        QStringLiteral("analyst"), &error));
        client::ApiClient api;
        client::Session session;
        client::AuthApi auth(&api, &session);
        api.setBaseUrl(shell.server.baseUrl());
        api.setSession(&session);
        QVERIFY(
            test::finish(auth.login(QStringLiteral("hrperson"), kPassword))->succeededOutcome());
        client::PersonnelApi personnel(&api);
        widgets::RoleCatalog catalog(&personnel);
        widgets::ModuleContext context{&api, &session,
                                       [](const QString&, const QVariantMap&) { return true; }};
        widgets::UserDetailPane pane(context, &personnel, &catalog);
        QVERIFY(child<QPushButton>(&pane, QStringLiteral("historyButton"))->isHidden());
        QVERIFY(!child<QPushButton>(&pane, QStringLiteral("saveUserButton"))->isHidden());

        // Staff can be read by holders of personnel.read only; without personnel.write the
        // pane shows no edit buttons. (Built-in roles with personnel.read all have write, so
        // a custom read-only role.)
        QCOMPARE(shell
                     .call("POST", "/roles", admin,
                           {{"name", "hr_viewer"},
                            {"permissions", QJsonArray{"personnel.read", "audit.read"}}})
                     .status,
                 201);
        QVERIFY(shell.server.createUser(QStringLiteral("viewer"), kPassword,
                                        QStringLiteral("hr_viewer"), &error));
        client::Session viewerSession;
        client::AuthApi viewerAuth(&api, &viewerSession);
        api.setSession(&viewerSession);
        QVERIFY(test::finish(viewerAuth.login(QStringLiteral("viewer"), kPassword))
                    ->succeededOutcome());
        widgets::ModuleContext viewerContext{
            &api, &viewerSession, [](const QString&, const QVariantMap&) { return true; }};
        widgets::UserDetailPane readOnly(viewerContext, &personnel, &catalog);
        QVERIFY(child<QPushButton>(&readOnly, QStringLiteral("saveUserButton"))->isHidden());
        QVERIFY(child<QPushButton>(&readOnly, QStringLiteral("activeButton"))->isHidden());
        QVERIFY(!child<QPushButton>(&readOnly, QStringLiteral("historyButton"))->isHidden());
        widgets::StaffView view(viewerContext, &personnel, &catalog);
        QVERIFY(child<QPushButton>(&view, QStringLiteral("newUserButton"))->isHidden());
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
        StaffFlowTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    {
        TwoFactorTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    {
        RoleEditorTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    {
        UserPaneConflictTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    {
        AuditViewerTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    return status;
}

#include "tst_personnel_gui.moc"
