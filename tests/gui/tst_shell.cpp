// The shell's widgets without a server: navigation per role, the login dialog's own checks,
// and switching the language at run time.
#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <QDir>

#include "app/languagemanager.h"
#include "app/logindialog.h"
#include "app/mainwindow.h"
#include "opsdesk/protocol/roles.h"
#include "services-client/api/apiclient.h"
#include "services-client/auth/authapi.h"
#include "services-client/auth/session.h"
#include "services-client/settings/clientsettings.h"
#include "widgets/common/roletext.h"
#include "widgets/modulelistmodel.h"

using namespace opsdesk;

namespace {

std::set<protocol::Permission> permissionsOf(std::string_view role) {
    const auto* r = protocol::findBuiltinRole(role);
    return r ? std::set<protocol::Permission>(r->permissions.begin(), r->permissions.end())
             : std::set<protocol::Permission>{};
}

QStringList moduleIds(const QAbstractItemModel& model) {
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        ids << model.index(row, 0).data(widgets::ModuleListModel::ModuleIdRole).toString();
    }
    return ids;
}

QStringList titles(const QAbstractItemModel& model) {
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row) {
        out << model.index(row, 0).data().toString();
    }
    return out;
}

client::User userWithRole(std::string_view role) {
    client::User u;
    u.id = 42;
    u.username = QStringLiteral("tester");
    u.displayName = QStringLiteral("Zhang Wei");
    u.roles = {QString::fromLatin1(role.data(), qsizetype(role.size()))};
    u.permissions = permissionsOf(role);
    return u;
}

}  // namespace

class ShellTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir;

    // Settings of this suite's own (QSettings' user scope): suites run side by side, and the
    // desk remembers things (the orders page its filter) in the user's settings.
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
    }
    void navigation_eachBuiltinRole_showsExactlyItsModules_data() {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("admin") << "admin"
                               << QStringList{"orders",  "support",   "catalog", "finance",
                                              "reports", "personnel", "audit"};
        QTest::newRow("support_agent")
            << "support_agent" << QStringList{"orders", "support", "catalog"};
        QTest::newRow("support_lead")
            << "support_lead" << QStringList{"orders", "support", "catalog", "reports"};
        QTest::newRow("finance_clerk") << "finance_clerk" << QStringList{"orders", "finance"};
        QTest::newRow("finance_manager")
            << "finance_manager" << QStringList{"orders", "finance", "reports", "audit"};
        QTest::newRow("merchandiser") << "merchandiser" << QStringList{"catalog", "reports"};
        QTest::newRow("analyst") << "analyst"
                                 << QStringList{"orders", "support", "catalog", "finance",
                                                "reports"};
        QTest::newRow("no role") << "" << QStringList{};
    }
    void navigation_eachBuiltinRole_showsExactlyItsModules() {
        QFETCH(QString, role);
        QFETCH(QStringList, expected);
        widgets::ModuleListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPermissions(permissionsOf(role.toStdString()));
        QCOMPARE(moduleIds(model), expected);
        for (int row = 0; row < model.rowCount(); ++row) {
            QVERIFY(!model.index(row, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
            QVERIFY(!model.index(row, 0).data(Qt::ToolTipRole).toString().isEmpty());
        }
        model.retranslate();
        model.setPermissions({});
        QCOMPARE(model.rowCount(), 0);
    }

    void roleText_everyBuiltinRoleHasATranslatableTitle() {
        for (const auto& role : protocol::builtinRoles()) {
            const QString name = QString::fromLatin1(role.name.data(), qsizetype(role.name.size()));
            QVERIFY2(widgets::RoleText::isKnownTitle(widgets::RoleText::sourceTitle(name)),
                     qPrintable(name));
        }
        QCOMPARE(widgets::RoleText::title(QStringLiteral("support_agent")),
                 QStringLiteral("Support agent"));
    }

    void translation_zhCN_hasNoUnfinishedMessage() {
        // The shell's catalogue and every module's.
        const QDir dir(qEnvironmentVariable("OPSDESK_SOURCE_DIR") +
                       QStringLiteral("/translations"));
        const QStringList files = dir.entryList({QStringLiteral("*_zh_CN.ts")}, QDir::Files);
        QVERIFY2(files.contains(QStringLiteral("opsdesk_zh_CN.ts")), qPrintable(dir.path()));
        for (const QString& name : files) {
            QFile ts(dir.filePath(name));
            QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
            const QByteArray text = ts.readAll();
            QVERIFY2(text.count("<message") > 10, qPrintable(name));
            QVERIFY2(text.count("type=\"unfinished\"") == 0, qPrintable(name));
            QVERIFY2(text.count("<translation></translation>") == 0, qPrintable(name));
        }
    }

    void login_emptyUsername_pressingEnterAsksForItAndFocusesIt() {
        client::ClientSettings settings(dir.filePath(QStringLiteral("a.ini")));
        client::ApiClient api;
        client::Session session;
        api.setSession(&session);
        client::AuthApi auth(&api, &session);
        app::LoginDialog dialog(&api, &auth, &settings);
        dialog.setServerUrl(QUrl(QStringLiteral("https://127.0.0.1:1")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* username = dialog.findChild<QLineEdit*>(QStringLiteral("usernameEdit"));
        QTRY_COMPARE(QApplication::focusWidget(), username);  // first empty field
        QTest::keyClick(username, Qt::Key_Return);
        QCOMPARE(dialog.message(), QStringLiteral("Enter your username."));
        QCOMPARE(QApplication::focusWidget(), username);
        QVERIFY(dialog.isVisible());
        QVERIFY(!dialog.isBusy());
    }

    void login_unreachableServer_saysSoAndFocusesTheServer() {
        // A port that was free a moment ago: nothing listens there.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();

        client::ClientSettings settings(dir.filePath(QStringLiteral("b.ini")));
        client::ApiClient api;
        api.setDefaultRetryPolicy(client::RetryPolicy::never());
        client::Session session;
        api.setSession(&session);
        client::AuthApi auth(&api, &session);
        app::LoginDialog dialog(&api, &auth, &settings);
        dialog.setServerUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("usernameEdit")),
                         QStringLiteral("mei"));
        auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
        QTest::keyClicks(password, QStringLiteral("pw"));
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("signInButton")),
                          Qt::LeftButton);
        QVERIFY(dialog.isBusy());
        QVERIFY(!password->isEnabled());
        QTRY_VERIFY(!dialog.isBusy());
        QVERIFY2(dialog.message().startsWith(QStringLiteral("Cannot reach the server")),
                 qPrintable(dialog.message()));
        QCOMPARE(QApplication::focusWidget(),
                 dialog.findChild<QLineEdit*>(QStringLiteral("serverEdit")));
        QVERIFY(password->isEnabled());
        QVERIFY(settings.username().isEmpty());  // remembered only after success
    }

    void login_escapeWhileSigningIn_cancelsAndKeepsTheDialog() {
        QTcpServer silent;  // accepts and never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        client::ClientSettings settings(dir.filePath(QStringLiteral("c.ini")));
        client::ApiClient api;
        client::Session session;
        api.setSession(&session);
        client::AuthApi auth(&api, &session);
        app::LoginDialog dialog(&api, &auth, &settings);
        dialog.setServerUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("usernameEdit")),
                         QStringLiteral("mei"));
        auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
        QTest::keyClicks(password, QStringLiteral("pw"));
        QTest::keyClick(password, Qt::Key_Return);
        QVERIFY(dialog.isBusy());
        auto* cancel = dialog.findChild<QPushButton*>(QStringLiteral("cancelButton"));
        QCOMPARE(cancel->text(), QStringLiteral("&Cancel"));
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(!dialog.isBusy());
        QVERIFY(dialog.isVisible());
        QVERIFY(password->isEnabled());
        QCOMPARE(cancel->text(), QStringLiteral("&Quit"));
        QCOMPARE(session.state(), client::Session::State::SignedOut);
    }

    void languageSwitch_toChineseAndBack_retranslatesWithoutRestart() {
        client::ApiClient api;
        api.setBaseUrl(QUrl(QStringLiteral("https://127.0.0.1:8443")));
        client::Session session;
        session.signIn("local-token", userWithRole("finance_manager"));
        app::MainWindow window({&api, &session});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAbstractItemModelTester tester(window.navigation()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(titles(*window.navigation()->model()),
                 (QStringList{"Orders", "Finance", "Reports", "Audit trail"}));
        QCOMPARE(window.windowTitle(), QStringLiteral("Orders — OpsDesk"));
        QCOMPARE(window.currentModule(), QStringLiteral("orders"));
        auto* user = window.findChild<QLabel*>(QStringLiteral("userLabel"));
        QCOMPARE(user->text(), QStringLiteral("Signed in as Zhang Wei (Finance manager)"));
        // Orders is a real module; Reports is still a placeholder page with its note.
        QVERIFY(window.openModule(QStringLiteral("reports")));
        QCOMPARE(window.windowTitle(), QStringLiteral("Reports — OpsDesk"));
        auto* note = window.findChild<QLabel*>(QStringLiteral("comingNote"));
        QVERIFY(note);
        QCOMPARE(note->text(), QStringLiteral("Coming in a later release"));

        app::LanguageManager languages;
        QVERIFY(languages.setLanguage(QStringLiteral("zh_CN")));
        QTRY_COMPARE(titles(*window.navigation()->model()),
                     (QStringList{"订单", "财务", "报表", "审计日志"}));
        // Widgets retranslate when the LanguageChange event arrives.
        QTRY_COMPARE(window.windowTitle(), QStringLiteral("报表 — OpsDesk"));
        QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("文件(&F)"));
        QCOMPARE(note->text(), QStringLiteral("将在后续版本中推出"));
        QVERIFY2(user->text().contains(QStringLiteral("财务经理")), qPrintable(user->text()));
        QCOMPARE(window.currentModule(), QStringLiteral("reports"));  // nothing was rebuilt

        QVERIFY(languages.setLanguage(QStringLiteral("en")));
        QTRY_COMPARE(titles(*window.navigation()->model()),
                     (QStringList{"Orders", "Finance", "Reports", "Audit trail"}));
        QTRY_COMPARE(note->text(), QStringLiteral("Coming in a later release"));
    }
};

QTEST_MAIN(ShellTest)
#include "tst_shell.moc"
