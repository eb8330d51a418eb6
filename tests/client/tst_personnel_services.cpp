// services-client/personnel, audit and account against the real opsdesk-server: users, roles,
// the permission catalog, the audit trail, own sessions, password and two-step verification.
#include <QJsonArray>
#include <QSet>
#include <QtTest>

#include "personneltesthelpers.h"
#include "serverprocess.h"
#include "services-client/account/accountapi.h"
#include "services-client/api/apiclient.h"
#include "services-client/audit/auditapi.h"
#include "services-client/auth/authapi.h"
#include "services-client/auth/session.h"
#include "services-client/personnel/personnelapi.h"
#include "testcluster.h"

using namespace std::chrono_literals;
using namespace opsdesk;
using client::ApiError;
using protocol::ErrorCode;
using test::finish;

namespace {

const QString kPassword = QStringLiteral("pa55word-for-personnel");
const QString kOther = QStringLiteral("another fine passphrase");

// One signed-in client with every personnel API.
struct Client {
    client::ApiClient api;
    client::Session session;
    client::AuthApi auth{&api, &session};
    client::PersonnelApi personnel{&api};
    client::AuditApi audit{&api};
    client::AccountApi account{&api};

    explicit Client(const QUrl& base) {
        api.setBaseUrl(base);
        api.setSession(&session);
        api.setDefaultTimeout(15s);
        api.setDefaultRetryPolicy(client::RetryPolicy::never());
    }

    std::optional<ApiError> signIn(const QString& user, const QString& password,
                                   const QString& otp = {}) {
        auto r = finish(auth.login(user, password, otp));
        if (r->succeededOutcome()) {
            return std::nullopt;
        }
        return r->error();
    }
};

}  // namespace

class PersonnelServicesTest : public QObject {
    Q_OBJECT

private:
    test::TestCluster cluster;
    test::ServerProcess server;
    std::unique_ptr<Client> admin;

    client::StaffMember create(const QString& username, const QStringList& roles) {
        auto r = finish(admin->personnel.createUser({username, username + QStringLiteral(" Tester"),
                                                     username + QStringLiteral("@example.com"),
                                                     kOther, roles}));
        if (!r->succeededOutcome()) {
            qWarning() << "create" << username << r->error().toString();
        }
        return r->user();
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(test::TestCluster::load(&cluster, &error), qPrintable(error));
        const QString url = cluster.createDatabase(QStringLiteral("client_personnel"));
        QVERIFY2(
            server.start(
                {url, false, {QStringLiteral("--login-rate-per-minute"), QStringLiteral("10000")}},
                &error),
            qPrintable(error));
        QVERIFY2(
            server.createUser(QStringLiteral("admin"), kPassword, QStringLiteral("admin"), &error),
            qPrintable(error));
        admin = std::make_unique<Client>(server.baseUrl());
        const auto failed = admin->signIn(QStringLiteral("admin"), kPassword);
        QVERIFY2(!failed, qPrintable(failed ? failed->toString() : QString()));
        // Made on the command line: no password change pending.
        QVERIFY(!admin->auth.accountFlags().mustChangePassword);
    }

    void createUser_answersTheNewUser_whoMustChangeThePassword() {
        const auto user = create(QStringLiteral("newcomer"), {QStringLiteral("support_agent")});
        QVERIFY(user.id > 0);
        QCOMPARE(user.roles, QStringList{QStringLiteral("support_agent")});
        QVERIFY(user.mustChangePassword);
        QVERIFY(user.active);
        QVERIFY(user.version > 0);
        QVERIFY(user.createdAt.isValid());

        Client newcomer(server.baseUrl());
        QVERIFY(!newcomer.signIn(QStringLiteral("newcomer"), kOther));
        QVERIFY(newcomer.auth.accountFlags().mustChangePassword);
        auto blocked = finish(newcomer.personnel.roles());
        QVERIFY(blocked->error().is(ErrorCode::PasswordChangeRequired));
    }

    void createUser_commonPasswordAndBadEmail_nameTheFields() {
        auto r = finish(admin->personnel.createUser({QStringLiteral("weakling"),
                                                     QStringLiteral("W"),
                                                     QStringLiteral("not-an-email"),
                                                     QStringLiteral("password123"),
                                                     {QStringLiteral("analyst")}}));
        QVERIFY(!r->succeededOutcome());
        QCOMPARE(r->error().httpStatus, 422);
        QVERIFY(r->error().is(ErrorCode::ValidationFailed));
        QVERIFY2(r->error().fields.contains(QStringLiteral("password")),
                 qPrintable(r->error().toString()));
        QVERIFY(r->error().fields.contains(QStringLiteral("email")));
    }

    void listUsers_pagesWithCursor_withoutRepeats_andSortsOnTheServer() {
        for (int i = 0; i < 7; ++i) {
            create(QStringLiteral("pager%1").arg(i), {QStringLiteral("merchandiser")});
        }
        client::UserQuery q;
        q.text = QStringLiteral("pager");
        q.role = QStringLiteral("merchandiser");
        QStringList seen;
        QString cursor;
        int pages = 0;
        do {
            auto page = finish(admin->personnel.listUsers(q, cursor, 3));
            QVERIFY2(page->succeededOutcome(), qPrintable(page->error().toString()));
            for (const auto& u : page->items()) {
                seen << u.username;
            }
            cursor = page->nextCursor();
            ++pages;
        } while (!cursor.isEmpty() && pages < 10);
        QCOMPARE(pages, 3);
        QCOMPARE(seen.size(), 7);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 7);
        QCOMPARE(seen.first(), QStringLiteral("pager0"));

        q.sort = client::UserQuery::Sort::Email;
        q.order = Qt::DescendingOrder;
        auto desc = finish(admin->personnel.listUsers(q, {}, 50));
        QVERIFY(desc->succeededOutcome());
        QCOMPARE(desc->items().first().email, QStringLiteral("pager6@example.com"));

        // One of them leaves: the inactive list has them, and only inactive users.
        q = {};
        q.text = QStringLiteral("pager4");
        const auto leaver = finish(admin->personnel.listUsers(q))->items().value(0);
        QCOMPARE(leaver.username, QStringLiteral("pager4"));
        QVERIFY(
            finish(admin->personnel.deactivateUser(leaver.id, leaver.version))->succeededOutcome());
        q = {};
        q.active = false;
        auto inactive = finish(admin->personnel.listUsers(q));
        QVERIFY(inactive->succeededOutcome());
        QStringList inactiveNames;
        for (const auto& u : inactive->items()) {
            QVERIFY(!u.active);
            inactiveNames << u.username;
        }
        QCOMPARE(inactiveNames, QStringList{QStringLiteral("pager4")});
    }

    void updateUser_withStaleVersion_is412_andLeavesTheUser() {
        const auto user = create(QStringLiteral("versioned"), {QStringLiteral("analyst")});
        auto ok = finish(admin->personnel.updateUser(
            user.id, user.version, {{QStringLiteral("display_name"), QStringLiteral("First")}}));
        QVERIFY2(ok->succeededOutcome(), qPrintable(ok->error().toString()));
        QCOMPARE(ok->user().displayName, QStringLiteral("First"));
        QCOMPARE(ok->user().version, user.version + 1);
        auto stale = finish(admin->personnel.updateUser(
            user.id, user.version, {{QStringLiteral("display_name"), QStringLiteral("Second")}}));
        QVERIFY(!stale->succeededOutcome());
        QCOMPARE(stale->error().httpStatus, 412);
        QVERIFY(stale->error().is(ErrorCode::PreconditionFailed));
        auto now = finish(admin->personnel.user(user.id));
        QCOMPARE(now->user().displayName, QStringLiteral("First"));
    }

    void accountActions_deactivateReactivateResetEndSessions() {
        const auto user = create(QStringLiteral("actor"), {QStringLiteral("analyst")});
        Client actor(server.baseUrl());
        QVERIFY(!actor.signIn(QStringLiteral("actor"), kOther));

        auto off = finish(admin->personnel.deactivateUser(user.id, user.version));
        QVERIFY2(off->succeededOutcome(), qPrintable(off->error().toString()));
        QVERIFY(!off->user().active);
        QVERIFY(actor.signIn(QStringLiteral("actor"), kOther).has_value());
        auto on = finish(admin->personnel.reactivateUser(user.id, off->user().version));
        QVERIFY(on->user().active);

        auto weak = finish(
            admin->personnel.resetPassword(user.id, on->user().version, QStringLiteral("short")));
        QCOMPARE(weak->error().httpStatus, 422);
        QVERIFY(weak->error().fields.contains(QStringLiteral("new_password")));
        auto reset = finish(admin->personnel.resetPassword(user.id, on->user().version, kPassword));
        QVERIFY2(reset->succeededOutcome(), qPrintable(reset->error().toString()));
        QVERIFY(reset->user().mustChangePassword);

        QVERIFY(!actor.signIn(QStringLiteral("actor"), kPassword));
        auto end = finish(admin->personnel.endAllSessions(user.id));
        QVERIFY2(end->succeededOutcome(), qPrintable(end->error().toString()));
        // The 401 parks the request and tells the session once.
        QSignalSpy expired(&actor.session, &client::Session::sessionExpired);
        actor.auth.me();
        QVERIFY(expired.wait(20000));
        QCOMPARE(actor.session.state(), client::Session::State::Expired);
    }

    void roles_createEditDelete_andCatalogDescribesEveryPermission() {
        auto catalog = finish(admin->personnel.permissions());
        QVERIFY(catalog->succeededOutcome());
        QCOMPARE(catalog->permissions().size(), qsizetype(protocol::permissionCatalog().size()));
        for (const auto& p : catalog->permissions()) {
            QVERIFY(!p.module.isEmpty());
            QVERIFY(!p.description.isEmpty());
        }

        auto created = finish(admin->personnel.createRole(QStringLiteral("night_shift"),
                                                          QStringLiteral("Weekend support"),
                                                          {QStringLiteral("support.read")}));
        QVERIFY2(created->succeededOutcome(), qPrintable(created->error().toString()));
        const auto role = created->role();
        QVERIFY(!role.builtin);
        QCOMPARE(role.userCount, 0);

        auto edited = finish(admin->personnel.updateRole(
            role.id, role.version,
            {{QStringLiteral("permissions"),
              QJsonArray{QStringLiteral("support.read"), QStringLiteral("support.reply")}}}));
        QVERIFY2(edited->succeededOutcome(), qPrintable(edited->error().toString()));
        QCOMPARE(edited->role().permissions,
                 (QStringList{QStringLiteral("support.read"), QStringLiteral("support.reply")}));
        auto stale = finish(admin->personnel.updateRole(
            role.id, role.version, {{QStringLiteral("description"), QStringLiteral("x")}}));
        QCOMPARE(stale->error().httpStatus, 412);

        auto roles = finish(admin->personnel.roles());
        QVERIFY(roles->succeededOutcome());
        const auto adminRole = std::find_if(roles->roles().begin(), roles->roles().end(),
                                            [](const client::Role& r) { return r.isAdmin(); });
        QVERIFY(adminRole != roles->roles().end());
        QVERIFY(adminRole->builtin);
        QCOMPARE(finish(admin->personnel.deleteRole(adminRole->id))->error().httpStatus, 409);

        auto removed = finish(admin->personnel.deleteRole(role.id));
        QVERIFY2(removed->succeededOutcome(), qPrintable(removed->error().toString()));
    }

    void audit_filtersByRecord_andTheUpdateShowsBeforeAndAfter() {
        const auto user = create(QStringLiteral("audited"), {QStringLiteral("analyst")});
        QVERIFY(finish(admin->personnel.updateUser(
                           user.id, user.version,
                           {{QStringLiteral("email"), QStringLiteral("new@example.com")}}))
                    ->succeededOutcome());
        client::AuditQuery q;
        q.entity = QStringLiteral("user");
        q.entityId = QString::number(user.id);
        auto page = finish(admin->audit.list(q));
        QVERIFY2(page->succeededOutcome(), qPrintable(page->error().toString()));
        QVERIFY(page->items().size() >= 2);
        const auto& update = page->items().first();  // newest first
        QCOMPARE(update.action, QStringLiteral("user.update"));
        QCOMPARE(update.actor, QStringLiteral("admin"));
        QVERIFY(update.at.isValid());
        const auto changes = client::changedFields(update.before, update.after);
        const auto email = std::find_if(changes.begin(), changes.end(),
                                        [](const auto& c) { return c.field == "email"; });
        QVERIFY(email != changes.end());
        QCOMPARE(email->before.toString(), QStringLiteral("audited@example.com"));
        QCOMPARE(email->after.toString(), QStringLiteral("new@example.com"));
        for (const auto& c : changes) {
            QVERIFY2(c.field != QLatin1String("version"), "bookkeeping hides real changes");
        }

        client::AuditQuery byActor;
        byActor.actor = QStringLiteral("admin");
        auto first = finish(admin->audit.list(byActor, {}, 2));
        QCOMPARE(first->items().size(), 2);
        QVERIFY(!first->nextCursor().isEmpty());
        auto second = finish(admin->audit.list(byActor, first->nextCursor(), 2));
        QVERIFY(second->succeededOutcome());
        QVERIFY(second->items().first().id < first->items().last().id);

        client::AuditQuery future;
        future.from = QDate(2999, 1, 1);
        QCOMPARE(finish(admin->audit.list(future))->items().size(), 0);
    }

    void account_changePassword_policyErrorsThenSuccess_liftsTheRestriction() {
        create(QStringLiteral("changer"), {QStringLiteral("analyst")});
        Client changer(server.baseUrl());
        QVERIFY(!changer.signIn(QStringLiteral("changer"), kOther));
        QVERIFY(changer.auth.accountFlags().mustChangePassword);
        auto roles = finish(changer.personnel.permissions());
        QVERIFY(roles->error().is(ErrorCode::PasswordChangeRequired));

        auto wrong =
            finish(changer.account.changePassword(QStringLiteral("not it at all"), kPassword));
        QVERIFY(wrong->error().fields.contains(QStringLiteral("current_password")));
        auto common = finish(changer.account.changePassword(kOther, QStringLiteral("password123")));
        QVERIFY(common->error().fields.contains(QStringLiteral("new_password")));
        auto ok = finish(changer.account.changePassword(kOther, kPassword));
        QVERIFY2(ok->succeededOutcome(), qPrintable(ok->error().toString()));
        QVERIFY(finish(changer.auth.me())->succeededOutcome());
        QVERIFY(!changer.auth.accountFlags().mustChangePassword);
        QVERIFY(finish(changer.personnel.permissions())->succeededOutcome());
    }

    void account_sessions_listOwn_endOther_thatTokenStops() {
        QString error;
        QVERIFY(server.createUser(QStringLiteral("multi"), kPassword, QStringLiteral("analyst"),
                                  &error));
        Client a(server.baseUrl());
        Client b(server.baseUrl());
        QVERIFY(!a.signIn(QStringLiteral("multi"), kPassword));
        QVERIFY(!b.signIn(QStringLiteral("multi"), kPassword));
        auto list = finish(a.account.sessions());
        QVERIFY2(list->succeededOutcome(), qPrintable(list->error().toString()));
        QCOMPARE(list->sessions().size(), 2);
        int current = 0;
        qint64 other = 0;
        for (const auto& s : list->sessions()) {
            QVERIFY(s.createdAt.isValid());
            QCOMPARE(s.address, QStringLiteral("127.0.0.1"));
            QVERIFY(s.client.startsWith(QStringLiteral("OpsDesk/")));
            current += s.current ? 1 : 0;
            if (!s.current) {
                other = s.id;
            }
        }
        QCOMPARE(current, 1);
        QVERIFY(finish(a.account.endSession(other))->succeededOutcome());
        QSignalSpy expired(&b.session, &client::Session::sessionExpired);
        b.auth.me();
        QVERIFY(expired.wait(20000));
        QVERIFY(finish(a.auth.me())->succeededOutcome());
    }

    void totp_enrolConfirm_thenLoginNeedsTheCode_andDisableWithACode() {
        QString error;
        QVERIFY(server.createUser(QStringLiteral("twofa"), kPassword, QStringLiteral("analyst"),
                                  &error));
        Client c(server.baseUrl());
        QVERIFY(!c.signIn(QStringLiteral("twofa"), kPassword));
        auto enrol = finish(c.account.enrollTotp());
        QVERIFY2(enrol->succeededOutcome(), qPrintable(enrol->error().toString()));
        QVERIFY(enrol->otpauthUri().startsWith(QStringLiteral("otpauth://totp/")));
        const QString secret = enrol->secret();
        auto wrong = finish(c.account.confirmTotp(QStringLiteral("000000")));
        QCOMPARE(wrong->error().httpStatus, 422);
        QVERIFY(wrong->error().fields.contains(QStringLiteral("otp")));
        QVERIFY(finish(c.account.confirmTotp(test::totpCode(secret, -1)))->succeededOutcome());

        Client again(server.baseUrl());
        const auto missing = again.signIn(QStringLiteral("twofa"), kPassword);
        QVERIFY(missing);
        QVERIFY(missing->is(ErrorCode::OtpRequired));
        QVERIFY(!again.signIn(QStringLiteral("twofa"), kPassword, test::totpCode(secret)));
        QVERIFY(again.auth.accountFlags().totpEnabled);

        QVERIFY(finish(again.account.disableTotp(test::totpCode(secret, 1)))->succeededOutcome());
        Client plain(server.baseUrl());
        QVERIFY(!plain.signIn(QStringLiteral("twofa"), kPassword));
    }

    void adminTurnsOffTwoFactor_forSomeoneWhoLostTheirPhone() {
        QString error;
        QVERIFY(server.createUser(QStringLiteral("lostphone"), kPassword, QStringLiteral("analyst"),
                                  &error));
        Client c(server.baseUrl());
        QVERIFY(!c.signIn(QStringLiteral("lostphone"), kPassword));
        const QString secret = finish(c.account.enrollTotp())->secret();
        QVERIFY(finish(c.account.confirmTotp(test::totpCode(secret)))->succeededOutcome());
        client::UserQuery q;
        q.text = QStringLiteral("lostphone");
        auto list = finish(admin->personnel.listUsers(q));
        QCOMPARE(list->items().size(), 1);
        QVERIFY(list->items().first().totpEnabled);
        QVERIFY(finish(admin->personnel.disableTotp(list->items().first().id))->succeededOutcome());
        QVERIFY(!finish(admin->personnel.user(list->items().first().id))->user().totpEnabled);
    }

    void cleanupTestCase() {
        admin.reset();
        QCOMPARE(server.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(PersonnelServicesTest)
#include "tst_personnel_services.moc"
