// Personnel and permissions against the real server and PostgreSQL: the authorisation table over
// every route and built-in role, staff and role management rules, two-factor sign-in, sessions
// and the append-only audit trail.

#include <QtTest>

#include <QRegularExpression>
#include <ctime>

#include "api/router.h"
#include "auth/totp.h"
#include "httpclient.h"
#include "opsdesk/protocol/permissions.h"
#include "opsdesk/protocol/roles.h"
#include "serverprocess.h"
#include "testcluster.h"

using namespace opsdesk::test;
namespace proto = opsdesk::protocol;

namespace {

const QString kPassword = "correct horse battery";
const QString kOther = "another fine passphrase";

QString str(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// The signed-in side of a test: a token and short verbs.
struct Client {
    QUrl base;
    QString token;

    HttpResult call(const QByteArray& method, const QString& path, const QJsonObject& body = {},
                    QList<QPair<QByteArray, QByteArray>> headers = {}) const {
        if (!token.isEmpty()) {
            headers.append({"Authorization", "Bearer " + token.toUtf8()});
        }
        const QByteArray payload =
            method == "GET" || method == "DELETE" ? QByteArray() : QJsonDocument(body).toJson();
        return httpRequest(method, base.resolved(QUrl(path)), payload, headers);
    }
    HttpResult get(const QString& path) const { return call("GET", path); }
    HttpResult post(const QString& path, const QJsonObject& body = {}, int ifMatch = 0) const {
        return call("POST", path, body, ifMatchHeader(ifMatch));
    }
    HttpResult patch(const QString& path, const QJsonObject& body, int ifMatch) const {
        return call("PATCH", path, body, ifMatchHeader(ifMatch));
    }
    static QList<QPair<QByteArray, QByteArray>> ifMatchHeader(int version) {
        if (version <= 0) {
            return {};
        }
        return {{"If-Match", "\"" + QByteArray::number(version) + "\""}};
    }
};

QString currentCode(const QString& secretBase32, int stepOffset = 0) {
    const auto raw = opsdesk::server::auth::base32Decode(secretBase32.toStdString());
    const auto step = opsdesk::server::auth::totpStep(std::time(nullptr)) + stepOffset;
    return QString::fromStdString(opsdesk::server::auth::totpCode(*raw, step));
}

// The access column of docs/API.md's route tables, by "METHOD /api/v1/path": "public",
// "signed in", "service key" or a permission name. Written independently of the route table.
QMap<QString, QString> documentedRoutes(QString* error) {
    QMap<QString, QString> out;
    QFile file(qEnvironmentVariable("OPSDESK_SOURCE_DIR") + "/docs/API.md");
    if (!file.open(QIODevice::ReadOnly)) {
        *error = "cannot read " + file.fileName() + " (run through ctest)";
        return out;
    }
    // A table row's cells; "\|" is a literal bar inside a cell.
    auto cells = [](const QString& line) {
        QStringList row;
        QString cell;
        for (qsizetype i = 1; i < line.size(); ++i) {
            if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
                cell += '|';
                ++i;
            } else if (line[i] == '|') {
                row << cell.trimmed();
                cell.clear();
            } else {
                cell += line[i];
            }
        }
        return row;
    };
    static const QRegularExpression code("`([^`]*)`");
    int methodColumn = -1;
    int pathColumn = -1;
    int accessColumn = -1;
    for (const QString& line : QString::fromUtf8(file.readAll()).split('\n')) {
        if (!line.startsWith('|')) {
            methodColumn = pathColumn = accessColumn = -1;
            continue;
        }
        const QStringList row = cells(line);
        if (row.contains("method") && row.contains("path")) {
            methodColumn = int(row.indexOf("method"));
            pathColumn = int(row.indexOf("path"));
            accessColumn =
                int(row.contains("permission") ? row.indexOf("permission") : row.indexOf("access"));
            if (accessColumn < 0) {
                *error = "a route table in docs/API.md has no access column: " + line;
                return out;
            }
            continue;
        }
        if (methodColumn < 0 || line.startsWith("|---") || row.size() <= accessColumn) {
            continue;
        }
        QString access = row[accessColumn];
        if (const auto m = code.match(access); m.hasMatch()) {
            access = m.captured(1);
        } else if (access != "public" && access != "signed in" && access != "service key") {
            *error = "docs/API.md: unknown access '" + access + "' in: " + line;
            return out;
        }
        const QStringList methods =
            row[methodColumn].split(QRegularExpression("[/, ]+"), Qt::SkipEmptyParts);
        auto paths = code.globalMatch(row[pathColumn]);
        while (paths.hasNext()) {
            const QString path = "/api/v1" + paths.next().captured(1).section('?', 0, 0);
            for (const auto& method : methods) {
                const QString key = method + " " + path;
                if (out.contains(key)) {
                    *error = "docs/API.md documents " + key + " twice";
                    return out;
                }
                out.insert(key, access);
            }
        }
    }
    return out;
}

QString accessOf(const opsdesk::server::api::Route& route) {
    using Kind = opsdesk::server::api::Access::Kind;
    switch (route.access.kind) {
        case Kind::Public:
            return "public";
        case Kind::SignedIn:
            return "signed in";
        case Kind::ServiceKey:
            return "service key";
        case Kind::Permission:
            return str(proto::toString(route.access.permission));
    }
    return {};
}

}  // namespace

class PersonnelTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster_;
    QString dbUrl_;
    ServerProcess server_;

    HttpResult login(const QString& user, const QString& password, const QString& otp = {}) {
        QJsonObject body{{"username", user}, {"password", password}};
        if (!otp.isEmpty()) {
            body["otp"] = otp;
        }
        return httpRequest("POST", server_.baseUrl().resolved(QUrl("/api/v1/auth/login")),
                           QJsonDocument(body).toJson());
    }

    Client as(const QString& user, const QString& password = kPassword) {
        const auto r = login(user, password);
        if (r.status != 200) {
            qWarning() << "login of" << user << "failed:" << r.status << r.body;
        }
        return {server_.baseUrl(), r.json().value("token").toString()};
    }

    Client anonymous() { return {server_.baseUrl(), {}}; }

    // Creates a user through the API as admin, then lets them pick their own password so they
    // are not restricted by must_change_password.
    QJsonObject makeUser(const QString& username, const QStringList& roles) {
        Client admin = as("admin");
        const auto r = admin.post("/api/v1/users", {{"username", username},
                                                    {"display_name", username + " Test"},
                                                    {"email", username + "@example.com"},
                                                    {"password", kOther},
                                                    {"roles", QJsonArray::fromStringList(roles)}});
        if (r.status != 201) {
            qWarning() << "create" << username << r.status << r.body;
            return {};
        }
        Client self = as(username, kOther);
        const auto changed = self.post("/api/v1/auth/password",
                                       {{"current_password", kOther}, {"new_password", kPassword}});
        if (changed.status != 204) {
            qWarning() << "password change" << changed.status << changed.body;
        }
        return admin.get("/api/v1/users/" + QString::number(r.json().value("id").toInt())).json();
    }

    int auditCount(const QString& action, const QString& entityId = {}) {
        bool ok = false;
        QString sql = "SELECT count(*) FROM audit_log WHERE action = '" + action + "'";
        if (!entityId.isEmpty()) {
            sql += " AND entity_id = '" + entityId + "'";
        }
        return psql(dbUrl_, sql, &ok).toInt();
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(TestCluster::load(&cluster_, &error), qPrintable(error));
        dbUrl_ = cluster_.createDatabase("personnel");
        QVERIFY2(server_.start({dbUrl_, false, {"--login-rate-per-minute", "10000"}}, &error),
                 qPrintable(error));
        QVERIFY2(server_.createUser("admin", kPassword, "admin", &error), qPrintable(error));
        for (const auto& role : proto::builtinRoles()) {
            QVERIFY2(server_.createUser("r_" + str(role.name), kPassword, str(role.name), &error),
                     qPrintable(error));
        }
    }

    // The route table says who may call each route, and the router enforces it. docs/API.md
    // says the same for the people who write clients: the two must agree route for route, so a
    // route registered with the wrong permission (or none) fails here.
    void routeTable_agreesWithTheAccessDocumentedInApiMd() {
        QString error;
        const auto documented = documentedRoutes(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(documented.size() > 30);
        QSet<QString> routes;
        for (const auto& route : opsdesk::server::api::routeTable()) {
            const QString key = str(route.method) + " " + str(route.pattern);
            routes.insert(key);
            QVERIFY2(documented.contains(key), qPrintable(key + " is not in docs/API.md"));
            QCOMPARE(documented.value(key), accessOf(route));
        }
        for (auto it = documented.begin(); it != documented.end(); ++it) {
            QVERIFY2(routes.contains(it.key()),
                     qPrintable(it.key() + " is documented but not a route"));
        }
    }

    // Every route × every built-in role, expected from docs/API.md's access and the contract's
    // roles: 403 with the required permission exactly when the role lacks it, never 401/403
    // when it has it; 401 without a token.
    void authorisationTable_everyRouteEveryRole() {
        QString error;
        const auto documented = documentedRoutes(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        int cells = 0;
        for (const auto& role : proto::builtinRoles()) {
            Client c = as("r_" + str(role.name));
            QVERIFY(!c.token.isEmpty());
            QSet<QString> held;
            for (const auto p : role.permissions) {
                held.insert(str(proto::toString(p)));
            }
            for (const auto& route : opsdesk::server::api::routeTable()) {
                const QString access =
                    documented.value(str(route.method) + " " + str(route.pattern));
                if (access == "public" || access == "service key") {
                    continue;
                }
                // Skip the routes that would end this very session mid-table.
                if (route.pattern == "/api/v1/auth/logout" ||
                    route.pattern == "/api/v1/auth/password") {
                    continue;
                }
                QString path = str(route.pattern);
                // Id 999999 exists nowhere: a permitted call answers 404/422, never 403.
                path.replace(QRegularExpression("\\{[a-z_]+\\}"), "999999");
                const QByteArray method(route.method.data(), qsizetype(route.method.size()));
                const auto r = c.call(method, path, {}, Client::ifMatchHeader(1));
                const bool allowed = access == "signed in" || held.contains(access);
                const QString cell = str(role.name) + " → " + method + " " + path + ": " +
                                     QString::number(r.status) + " " + r.body;
                if (allowed) {
                    QVERIFY2(r.status != 401 && r.status != 403 && r.status != 500 && r.status > 0,
                             qPrintable(cell));
                } else {
                    QVERIFY2(r.status == 403, qPrintable(cell));
                    QCOMPARE(r.errorCode(), QString("forbidden"));
                    QCOMPARE(r.json()
                                 .value("error")
                                 .toObject()
                                 .value("details")
                                 .toObject()
                                 .value("required_permission")
                                 .toString(),
                             access);
                }
                ++cells;
            }
        }
        QVERIFY(cells > 100);
    }

    // Checks a handler makes beyond its route's permission: whoever may edit roles still cannot
    // put a permission they lack into one, creating or editing.
    void roles_grantingWhatOneLacks_isRefusedInCreateAndEdit() {
        Client admin = as("admin");
        QCOMPARE(admin
                     .post("/api/v1/roles",
                           {{"name", "role_keeper"},
                            {"permissions", QJsonArray{"personnel.read", "roles.write"}}})
                     .status,
                 201);
        makeUser("keeper", {"role_keeper"});
        Client keeper = as("keeper");
        const auto created = keeper.post(
            "/api/v1/roles", {{"name", "too_much"},
                              {"permissions", QJsonArray{"personnel.read", "finance.approve"}}});
        QCOMPARE(created.status, 422);
        QCOMPARE(created.json()
                     .value("error")
                     .toObject()
                     .value("details")
                     .toObject()
                     .value("permissions")
                     .toArray(),
                 QJsonArray{"finance.approve"});
        QCOMPARE(admin.get("/api/v1/roles").body.contains("\"too_much\""), false);
        const auto modest = keeper.post(
            "/api/v1/roles", {{"name", "modest"}, {"permissions", QJsonArray{"personnel.read"}}});
        QCOMPARE(modest.status, 201);
        const QString path = "/api/v1/roles/" + QString::number(modest.json().value("id").toInt());
        const auto widened =
            keeper.patch(path, {{"permissions", QJsonArray{"personnel.read", "orders.refund"}}},
                         modest.json().value("version").toInt());
        QCOMPARE(widened.status, 422);
        QCOMPARE(widened.json()
                     .value("error")
                     .toObject()
                     .value("details")
                     .toObject()
                     .value("permissions")
                     .toArray(),
                 QJsonArray{"orders.refund"});
        QCOMPARE(admin.get(path).json().value("permissions").toArray(),
                 QJsonArray{"personnel.read"});
        // Taking a permission away, or granting one they hold, is fine.
        QCOMPARE(keeper
                     .patch(path, {{"permissions", QJsonArray{"roles.write"}}},
                            modest.json().value("version").toInt())
                     .status,
                 200);
    }

    void createUser_commonPassword_isRefused() {
        Client admin = as("admin");
        const int created = auditCount("user.create");
        const auto r = admin.post(
            "/api/v1/users",
            {{"username", "weak"}, {"password", "password123"}, {"roles", QJsonArray{"analyst"}}});
        QCOMPARE(r.status, 422);
        QVERIFY(r.json().value("error").toObject().value("fields").toObject().contains("password"));
        // Nothing was written: no user, no audit row.
        QCOMPARE(auditCount("user.create"), created);
        bool ok = false;
        QCOMPARE(psql(dbUrl_, "SELECT count(*) FROM users WHERE username = 'weak'", &ok),
                 QString("0"));
        QVERIFY(ok);
    }

    void createUser_usernameUniqueIgnoringCase() {
        makeUser("casey", {"analyst"});
        Client admin = as("admin");
        const auto r = admin.post(
            "/api/v1/users",
            {{"username", "CASEY"}, {"password", kOther}, {"roles", QJsonArray{"analyst"}}});
        QCOMPARE(r.status, 409);
        QCOMPARE(r.json().value("error").toObject().value("fields").toObject().value("username"),
                 QJsonValue("taken"));
    }

    void newUser_mustChangePasswordBeforeAnythingElse() {
        Client admin = as("admin");
        const auto created = admin.post(
            "/api/v1/users",
            {{"username", "newbie"}, {"password", kOther}, {"roles", QJsonArray{"analyst"}}});
        QCOMPARE(created.status, 201);
        QVERIFY(created.json().value("must_change_password").toBool());
        QVERIFY(!created.header("ETag").isEmpty());
        Client newbie = as("newbie", kOther);
        QVERIFY(newbie.get("/api/v1/auth/me").json().value("must_change_password").toBool());
        const auto blocked = newbie.get("/api/v1/permissions");
        QCOMPARE(blocked.status, 403);
        QCOMPARE(blocked.errorCode(), QString("password_change_required"));
        const auto wrong =
            newbie.post("/api/v1/auth/password",
                        {{"current_password", "nope nope nope"}, {"new_password", kPassword}});
        QCOMPARE(wrong.status, 422);
        QCOMPARE(newbie
                     .post("/api/v1/auth/password",
                           {{"current_password", kOther}, {"new_password", kPassword}})
                     .status,
                 204);
        QCOMPARE(newbie.get("/api/v1/permissions").status, 200);
    }

    void selfEscalation_isRefusedNamingThePermissions() {
        // A personnel manager who holds no finance permissions.
        Client admin = as("admin");
        const auto role = admin.post(
            "/api/v1/roles",
            {{"name", "hr"}, {"permissions", QJsonArray{"personnel.read", "personnel.write"}}});
        QCOMPARE(role.status, 201);
        makeUser("hrmanager", {"hr"});
        Client hr = as("hrmanager");
        const auto r = hr.post("/api/v1/users", {{"username", "sneaky"},
                                                 {"password", kOther},
                                                 {"roles", QJsonArray{"finance_manager"}}});
        QCOMPARE(r.status, 422);
        const auto perms = r.json()
                               .value("error")
                               .toObject()
                               .value("details")
                               .toObject()
                               .value("permissions")
                               .toArray();
        QVERIFY(perms.contains("finance.approve"));
        QVERIFY(perms.contains("audit.read"));
        QVERIFY(!perms.contains("personnel.read"));
        // Nor can they widen their own role.
        Client adminAgain = as("admin");
        const auto hrRole =
            adminAgain.get("/api/v1/roles/" + QString::number(role.json().value("id").toInt()));
        QCOMPARE(hr.patch("/api/v1/roles/" + QString::number(role.json().value("id").toInt()),
                          {{"permissions",
                            QJsonArray{"personnel.read", "personnel.write", "roles.write"}}},
                          hrRole.json().value("version").toInt())
                     .status,
                 403);  // they lack roles.write altogether
        // But what they hold they may grant.
        QCOMPARE(
            hr.post("/api/v1/users",
                    {{"username", "hrhelper"}, {"password", kOther}, {"roles", QJsonArray{"hr"}}})
                .status,
            201);
    }

    // A holder of personnel.write alone must not take over anyone who holds more than they do:
    // each action on such a user is refused naming what they lack, and audited.
    void actionsOnAMorePowerfulUser_areRefusedNamingTheMissingPermissions_andAudited() {
        Client admin = as("admin");
        QCOMPARE(admin
                     .post("/api/v1/roles",
                           {{"name", "staff_desk"},
                            {"permissions", QJsonArray{"personnel.read", "personnel.write"}}})
                     .status,
                 201);
        const auto desk = makeUser("deskclerk", {"staff_desk"});
        const auto target = makeUser("bigboss", {"admin"});
        const QString id = QString::number(target.value("id").toInt());
        const int version = target.value("version").toInt();
        Client clerk = as("deskclerk");
        Client boss = as("bigboss");
        QVERIFY(!boss.token.isEmpty());
        const QString path = "/api/v1/users/" + id;
        const QList<std::pair<QString, HttpResult>> attempts{
            {"user.password_reset",
             clerk.post(path + "/password", {{"new_password", "taken over at last"}}, version)},
            {"user.totp_disable", clerk.post(path + "/totp/disable")},
            {"session.revoke_all", clerk.post(path + "/sessions/revoke")},
            {"user.deactivate", clerk.post(path + "/deactivate", {}, version)},
            {"user.reactivate", clerk.post(path + "/reactivate", {}, version)},
            {"user.update", clerk.patch(path, {{"email", "mine@example.com"}}, version)},
        };
        for (const auto& [attempted, r] : attempts) {
            QVERIFY2(r.status == 403,
                     qPrintable(attempted + ": " + QString::number(r.status) + " " + r.body));
            QCOMPARE(r.errorCode(), QString("forbidden"));
            const auto details = r.json().value("error").toObject().value("details").toObject();
            const auto missing = details.value("missing_permissions").toArray();
            QVERIFY2(missing.contains("roles.write") && missing.contains("orders.refund") &&
                         !missing.contains("personnel.write"),
                     qPrintable(attempted + ": " + r.body));
            QCOMPARE(details.value("required_permission").toString(), missing.first().toString());
        }
        // Nothing happened to the administrator: same password, session, version and email.
        QCOMPARE(boss.get("/api/v1/auth/me").status, 200);
        QCOMPARE(login("bigboss", kPassword).status, 200);
        QCOMPARE(login("bigboss", "taken over at last").status, 401);
        const auto now = admin.get(path).json();
        QCOMPARE(now.value("version").toInt(), version);
        QCOMPARE(now.value("email").toString(), QString("bigboss@example.com"));
        QVERIFY(now.value("active").toBool());
        // Every refusal is in the audit trail: who, on whom, what, and what they lacked.
        const auto trail = admin
                               .get(
                                   "/api/v1/audit?action=user.action_refused&entity=user"
                                   "&entity_id=" +
                                   id)
                               .json()
                               .value("items")
                               .toArray();
        QCOMPARE(trail.size(), attempts.size());
        QStringList audited;
        for (const auto& item : trail) {
            const auto o = item.toObject();
            QCOMPARE(o.value("actor").toString(), QString("deskclerk"));
            QCOMPARE(o.value("actor_id").toInt(), desk.value("id").toInt());
            QVERIFY(o.value("after")
                        .toObject()
                        .value("missing_permissions")
                        .toArray()
                        .contains("roles.write"));
            audited << o.value("after").toObject().value("attempted").toString();
        }
        for (const auto& [attempted, r] : attempts) {
            QVERIFY2(audited.contains(attempted), qPrintable(audited.join(',')));
        }
        // Over someone who holds no more than they do, the same clerk may act.
        const auto peer = makeUser("deskpeer", {"staff_desk"});
        QCOMPARE(
            clerk
                .post("/api/v1/users/" + QString::number(peer.value("id").toInt()) + "/password",
                      {{"new_password", "a fresh start here"}}, peer.value("version").toInt())
                .status,
            200);
        // The other tests count on the administrators there were.
        QCOMPARE(admin.post(path + "/deactivate", {}, version).status, 200);
    }

    void lastActiveAdmin_cannotBeRemoved() {
        // Make "admin" the only active administrator: r_admin steps aside for now.
        Client admin = as("admin");
        const auto others = admin.get("/api/v1/users?q=r_admin").json().value("items").toArray();
        QCOMPARE(others.size(), 1);
        const auto rAdmin = others.first().toObject();
        const QString rAdminPath = "/api/v1/users/" + QString::number(rAdmin.value("id").toInt());
        const auto stepAside =
            admin.post(rAdminPath + "/deactivate", {}, rAdmin.value("version").toInt());
        QCOMPARE(stepAside.status, 200);
        auto me = admin.get("/api/v1/auth/me").json();
        const int id = me.value("id").toInt();
        auto user = admin.get("/api/v1/users/" + QString::number(id));
        const int version = user.json().value("version").toInt();
        const auto deactivate =
            admin.post("/api/v1/users/" + QString::number(id) + "/deactivate", {}, version);
        QCOMPARE(deactivate.status, 409);
        const auto demote = admin.patch("/api/v1/users/" + QString::number(id),
                                        {{"roles", QJsonArray{"analyst"}}}, version);
        QCOMPARE(demote.status, 409);
        // The refused change left nothing behind.
        QCOMPARE(admin.get("/api/v1/users/" + QString::number(id)).json().value("roles").toArray(),
                 QJsonArray{"admin"});
        QCOMPARE(admin.get("/api/v1/users/" + QString::number(id)).json().value("version").toInt(),
                 version);
        QCOMPARE(
            admin.post(rAdminPath + "/reactivate", {}, stepAside.json().value("version").toInt())
                .status,
            200);
        // With a second admin, the first may step down.
        const auto second = makeUser("admin2", {"admin"});
        QCOMPARE(admin
                     .patch("/api/v1/users/" + QString::number(second.value("id").toInt()),
                            {{"display_name", "Second Admin"}}, second.value("version").toInt())
                     .status,
                 200);
    }

    void ifMatch_missingIs428_staleIs412() {
        const auto u = makeUser("versioned", {"analyst"});
        Client admin = as("admin");
        const QString path = "/api/v1/users/" + QString::number(u.value("id").toInt());
        const int v = u.value("version").toInt();
        QCOMPARE(admin.patch(path, {{"display_name", "A"}}, 0).status, 428);
        const auto ok = admin.patch(path, {{"display_name", "B"}}, v);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json().value("version").toInt(), v + 1);
        QCOMPARE(ok.header("ETag"), QByteArray("\"" + QByteArray::number(v + 1) + "\""));
        const auto stale = admin.patch(path, {{"display_name", "C"}}, v);
        QCOMPARE(stale.status, 412);
        QCOMPARE(stale.errorCode(), QString("precondition_failed"));
        QCOMPARE(admin.get(path).json().value("display_name").toString(), QString("B"));
    }

    void deactivation_endsEverySessionAtOnce() {
        const auto u = makeUser("leaving", {"support_agent"});
        Client one = as("leaving");
        Client two = as("leaving");
        QCOMPARE(one.get("/api/v1/auth/me").status, 200);
        Client admin = as("admin");
        const auto r =
            admin.post("/api/v1/users/" + QString::number(u.value("id").toInt()) + "/deactivate",
                       {}, u.value("version").toInt());
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json().value("active").toBool());
        QCOMPARE(one.get("/api/v1/auth/me").status, 401);
        QCOMPARE(two.get("/api/v1/auth/me").status, 401);
        QCOMPARE(login("leaving", kPassword).status, 401);
        const auto back =
            admin.post("/api/v1/users/" + QString::number(u.value("id").toInt()) + "/reactivate",
                       {}, r.json().value("version").toInt());
        QCOMPARE(back.status, 200);
        QCOMPARE(login("leaving", kPassword).status, 200);
    }

    void adminPasswordReset_forcesChangeAndEndsSessions() {
        const auto u = makeUser("forgetful", {"support_agent"});
        Client old = as("forgetful");
        Client admin = as("admin");
        const auto r =
            admin.post("/api/v1/users/" + QString::number(u.value("id").toInt()) + "/password",
                       {{"new_password", kOther}}, u.value("version").toInt());
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value("must_change_password").toBool());
        QCOMPARE(old.get("/api/v1/auth/me").status, 401);
        QCOMPARE(login("forgetful", kPassword).status, 401);
        Client fresh = as("forgetful", kOther);
        QCOMPARE(fresh.get("/api/v1/users").status, 403);
    }

    void usersList_filtersAndPagesWithoutRepeats() {
        for (int i = 0; i < 7; ++i) {
            QString error;
            QVERIFY(
                server_.createUser(QString("pager%1").arg(i), kPassword, "merchandiser", &error));
        }
        Client admin = as("admin");
        QStringList seen;
        QString cursor;
        int pages = 0;
        do {
            QString path = "/api/v1/users?role=merchandiser&limit=3&q=pager";
            if (!cursor.isEmpty()) {
                path += "&cursor=" + cursor;
            }
            const auto r = admin.get(path);
            QCOMPARE(r.status, 200);
            for (const auto& item : r.json().value("items").toArray()) {
                seen << item.toObject().value("username").toString();
            }
            // Someone added meanwhile sorts before the cursor: it must not shift the pages.
            if (pages == 0) {
                QVERIFY(server_.createUser("pager-aa", kPassword, "merchandiser"));
            }
            cursor = r.json().value("next_cursor").toString();
            ++pages;
        } while (!cursor.isEmpty() && pages < 10);
        QCOMPARE(seen.size(), 7);
        QCOMPARE(seen.size(), QSet<QString>(seen.begin(), seen.end()).size());
        QCOMPARE(pages, 3);
        // One of them leaves: the inactive list has them, and only inactive users.
        const auto leaver =
            admin.get("/api/v1/users?q=pager3").json().value("items").toArray().at(0).toObject();
        QCOMPARE(admin
                     .post("/api/v1/users/" + QString::number(leaver.value("id").toInt()) +
                               "/deactivate",
                           {}, leaver.value("version").toInt())
                     .status,
                 200);
        const auto inactive = admin.get("/api/v1/users?active=false");
        QCOMPARE(inactive.status, 200);
        QStringList inactiveNames;
        for (const auto& item : inactive.json().value("items").toArray()) {
            QVERIFY(!item.toObject().value("active").toBool());
            inactiveNames << item.toObject().value("username").toString();
        }
        QVERIFY2(inactiveNames.contains("pager3"), qPrintable(inactiveNames.join(',')));
        const auto active = admin.get("/api/v1/users?active=true&q=pager");
        QCOMPARE(active.json().value("items").toArray().size(), 7);  // pager-aa and 6 of 0-6
        for (const auto& item : active.json().value("items").toArray()) {
            QVERIFY(item.toObject().value("active").toBool());
        }
        QCOMPARE(admin.get("/api/v1/users?limit=0").status, 422);
        QCOMPARE(admin.get("/api/v1/users?cursor=garbage").status, 422);
        QCOMPARE(admin.get("/api/v1/users?sort=password_hash").status, 422);
    }

    void roles_customLifecycle_andBuiltinsProtected() {
        Client admin = as("admin");
        const auto created =
            admin.post("/api/v1/roles", {{"name", "night_shift"},
                                         {"description", "Weekend support"},
                                         {"permissions", QJsonArray{"support.read"}}});
        QCOMPARE(created.status, 201);
        const int id = created.json().value("id").toInt();
        const QString path = "/api/v1/roles/" + QString::number(id);
        QCOMPARE(
            admin.patch(path, {{"permissions", QJsonArray{"support.read", "support.reply"}}}, 0)
                .status,
            428);
        const auto edited =
            admin.patch(path, {{"permissions", QJsonArray{"support.read", "support.reply"}}},
                        created.json().value("version").toInt());
        QCOMPARE(edited.status, 200);
        QCOMPARE(edited.json().value("permissions").toArray(),
                 (QJsonArray{"support.read", "support.reply"}));
        QCOMPARE(admin
                     .patch(path, {{"permissions", QJsonArray{"no.such"}}},
                            edited.json().value("version").toInt())
                     .status,
                 422);
        makeUser("nightowl", {"night_shift"});
        QCOMPARE(admin.call("DELETE", path).status, 409);  // still held

        const auto roles = admin.get("/api/v1/roles").json().value("items").toArray();
        int adminRoleId = 0;
        int adminRoleVersion = 0;
        for (const auto& r : roles) {
            if (r.toObject().value("name") == "admin") {
                adminRoleId = r.toObject().value("id").toInt();
                adminRoleVersion = r.toObject().value("version").toInt();
            }
        }
        QVERIFY(adminRoleId > 0);
        QCOMPARE(admin.call("DELETE", "/api/v1/roles/" + QString::number(adminRoleId)).status, 409);
        QCOMPARE(admin
                     .patch("/api/v1/roles/" + QString::number(adminRoleId),
                            {{"permissions", QJsonArray{"orders.read"}}}, adminRoleVersion)
                     .status,
                 422);
        const auto unused =
            admin.post("/api/v1/roles", {{"name", "temp_role"}, {"permissions", QJsonArray{}}});
        QCOMPARE(admin
                     .call("DELETE",
                           "/api/v1/roles/" + QString::number(unused.json().value("id").toInt()))
                     .status,
                 204);
    }

    void permissionsCatalog_hasDescriptions() {
        const auto r = as("r_analyst").get("/api/v1/permissions");
        QCOMPARE(r.status, 200);
        const auto items = r.json().value("items").toArray();
        QCOMPARE(items.size(), qsizetype(proto::permissionCatalog().size()));
        for (const auto& i : items) {
            QVERIFY(!i.toObject().value("description").toString().isEmpty());
            QVERIFY(!i.toObject().value("module").toString().isEmpty());
        }
    }

    void totp_enrolConfirmLogin_andCodesWorkOnce() {
        makeUser("twofa", {"analyst"});
        Client c = as("twofa");
        const auto enrol = c.post("/api/v1/auth/totp/enroll");
        QCOMPARE(enrol.status, 200);
        const QString secret = enrol.json().value("secret").toString();
        QVERIFY(enrol.json()
                    .value("otpauth_uri")
                    .toString()
                    .startsWith("otpauth://totp/OpsDesk:twofa?secret=" + secret));
        // Not active until confirmed.
        QCOMPARE(login("twofa", kPassword).status, 200);
        QCOMPARE(c.post("/api/v1/auth/totp/confirm", {{"otp", "000000"}}).status, 422);
        QCOMPARE(c.post("/api/v1/auth/totp/confirm", {{"otp", currentCode(secret, -1)}}).status,
                 204);

        const auto missing = login("twofa", kPassword);
        QCOMPARE(missing.status, 401);
        QCOMPARE(missing.errorCode(), QString("otp_required"));
        const auto wrongPassword = login("twofa", "wrong password!", currentCode(secret));
        QCOMPARE(wrongPassword.errorCode(), QString("invalid_credentials"));
        const QString code = currentCode(secret);
        const auto good = login("twofa", kPassword, code);
        QCOMPARE(good.status, 200);
        const auto replay = login("twofa", kPassword, code);
        QCOMPARE(replay.status, 401);
        QCOMPARE(replay.errorCode(), QString("otp_required"));
        QVERIFY(auditCount("auth.login_failed") > 0);

        // An admin can turn it off for a user who lost their phone.
        Client admin = as("admin");
        const auto user = Client{server_.baseUrl(), good.json().value("token").toString()}
                              .get("/api/v1/auth/me")
                              .json();
        QVERIFY(user.value("totp_enabled").toBool());
        QCOMPARE(admin
                     .post("/api/v1/users/" + QString::number(user.value("id").toInt()) +
                           "/totp/disable")
                     .status,
                 204);
        QCOMPARE(login("twofa", kPassword).status, 200);
    }

    // Two-factor secrets are sealed at rest with the server's key: the database never holds
    // the secret the user's phone has, pending or confirmed.
    void totp_secretsAreSealedAtRest() {
        const auto u = makeUser("sealed", {"analyst"});
        Client c = as("sealed");
        const QString secret = c.post("/api/v1/auth/totp/enroll").json().value("secret").toString();
        QVERIFY(!secret.isEmpty());
        const QString where = " FROM users WHERE id = " + QString::number(u.value("id").toInt());
        const QString pending = psql(dbUrl_, "SELECT totp_pending_secret" + where);
        QVERIFY2(pending.startsWith("v1:") && !pending.contains(secret), qPrintable(pending));
        QCOMPARE(c.post("/api/v1/auth/totp/confirm", {{"otp", currentCode(secret)}}).status, 204);
        const QString stored = psql(dbUrl_, "SELECT totp_secret" + where);
        QVERIFY2(stored.startsWith("v1:") && !stored.contains(secret), qPrintable(stored));
        QVERIFY(psql(dbUrl_, "SELECT count(*) FROM users WHERE totp_secret LIKE '%" + secret +
                                 "%' OR totp_pending_secret LIKE '%" + secret + "%'") == "0");
        // And sign-in opens it.
        QCOMPARE(login("sealed", kPassword, currentCode(secret, 1)).status, 200);
    }

    // A stolen token alone cannot set up its own second factor: enrolment needs the current
    // password, unless the session signed in (with it) a moment ago; a wrong one counts towards
    // the lockout.
    void totp_enrolmentOnAnOlderSession_needsTheCurrentPassword() {
        const auto u = makeUser("laterenrol", {"analyst"});
        Client c = as("laterenrol");
        bool ok = false;
        psql(dbUrl_,
             "UPDATE sessions SET created_at = now() - interval '1 hour' WHERE user_id = " +
                 QString::number(u.value("id").toInt()),
             &ok);
        QVERIFY(ok);
        const auto bare = c.post("/api/v1/auth/totp/enroll");
        QCOMPARE(bare.status, 422);
        QVERIFY(
            bare.json().value("error").toObject().value("fields").toObject().contains("password"));
        QCOMPARE(bare.json()
                     .value("error")
                     .toObject()
                     .value("details")
                     .toObject()
                     .value("reason")
                     .toString(),
                 QString("reauthentication_required"));
        const int failed = auditCount("auth.reauth_failed");
        const auto wrong = c.post("/api/v1/auth/totp/enroll", {{"password", "not my password"}});
        QCOMPARE(wrong.status, 422);
        QVERIFY(
            wrong.json().value("error").toObject().value("fields").toObject().contains("password"));
        QCOMPARE(auditCount("auth.reauth_failed"), failed + 1);
        // Nothing was enrolled by either.
        QCOMPARE(psql(dbUrl_,
                      "SELECT count(*) FROM users WHERE username = 'laterenrol' AND "
                      "totp_pending_secret IS NOT NULL"),
                 QString("0"));
        const auto right = c.post("/api/v1/auth/totp/enroll", {{"password", kPassword}});
        QCOMPARE(right.status, 200);
        QVERIFY(!right.json().value("secret").toString().isEmpty());
    }

    // Wrong codes at confirm and disable count towards the lockout like wrong codes at sign-in:
    // the fifth locks the account, and from then on no code is even checked.
    void totp_wrongCodes_countTowardsTheLockout() {
        makeUser("codeguesser", {"analyst"});
        Client c = as("codeguesser");
        const QString secret = c.post("/api/v1/auth/totp/enroll").json().value("secret").toString();
        QVERIFY(!secret.isEmpty());
        // A code from far from now is wrong whatever the clock.
        const QString wrongCode = currentCode(secret, 1000);
        QList<int> confirm;
        for (int i = 0; i < 6; ++i) {
            confirm << c.post("/api/v1/auth/totp/confirm", {{"otp", wrongCode}}).status;
        }
        QCOMPARE(confirm, (QList<int>{422, 422, 422, 422, 423, 423}));
        // Locked out everywhere: even the right code is not looked at, and sign-in is refused.
        QCOMPARE(c.post("/api/v1/auth/totp/confirm", {{"otp", currentCode(secret)}}).status, 423);
        QCOMPARE(login("codeguesser", kPassword).status, 423);
        QCOMPARE(psql(dbUrl_,
                      "SELECT count(*) FROM audit_log WHERE action = 'auth.reauth_failed' AND "
                      "actor = 'codeguesser' AND after->>'reason' = 'otp'"),
                 QString("5"));

        // Disabling with wrong codes, the same.
        makeUser("disabler", {"analyst"});
        Client d = as("disabler");
        const QString own = d.post("/api/v1/auth/totp/enroll").json().value("secret").toString();
        QCOMPARE(d.post("/api/v1/auth/totp/confirm", {{"otp", currentCode(own)}}).status, 204);
        QList<int> disable;
        for (int i = 0; i < 6; ++i) {
            disable
                << d.post("/api/v1/auth/totp/disable", {{"otp", currentCode(own, 1000)}}).status;
        }
        QCOMPARE(disable, (QList<int>{422, 422, 422, 422, 423, 423}));
        QCOMPARE(psql(dbUrl_,
                      "SELECT count(*) FROM users WHERE username = 'disabler' AND "
                      "totp_secret IS NOT NULL"),
                 QString("1"));
    }

    void totp_mandatoryForRoleAdministrators() {
        Client admin = as("admin");
        const auto settings = admin.get("/api/v1/settings/security");
        QCOMPARE(settings.status, 200);
        QCOMPARE(admin
                     .patch("/api/v1/settings/security", {{"totp_required_for_roles_write", true}},
                            settings.json().value("version").toInt())
                     .status,
                 200);
        Client restricted = as("admin");
        QVERIFY(
            restricted.get("/api/v1/auth/me").json().value("totp_enrollment_required").toBool());
        const auto blocked = restricted.get("/api/v1/users");
        QCOMPARE(blocked.status, 403);
        QCOMPARE(blocked.errorCode(), QString("totp_enrollment_required"));
        // Others are not affected.
        QCOMPARE(as("r_analyst").get("/api/v1/permissions").status, 200);
        // Enrolling lifts the restriction.
        const QString secret =
            restricted.post("/api/v1/auth/totp/enroll").json().value("secret").toString();
        QCOMPARE(
            restricted.post("/api/v1/auth/totp/confirm", {{"otp", currentCode(secret)}}).status,
            204);
        QCOMPARE(restricted.get("/api/v1/users").status, 200);
        // Put things back for the other tests: turn the setting off, and the admin's TOTP off.
        const auto s2 = restricted.get("/api/v1/settings/security");
        QCOMPARE(restricted
                     .patch("/api/v1/settings/security", {{"totp_required_for_roles_write", false}},
                            s2.json().value("version").toInt())
                     .status,
                 200);
        QCOMPARE(
            restricted.post("/api/v1/auth/totp/disable", {{"otp", currentCode(secret, 1)}}).status,
            204);
    }

    void sessions_listOwn_endOwn_notOthers() {
        makeUser("multi", {"analyst"});
        Client a = as("multi");
        Client b = as("multi");
        const auto list = a.get("/api/v1/auth/sessions");
        QCOMPARE(list.status, 200);
        const auto items = list.json().value("items").toArray();
        QVERIFY(items.size() >= 2);
        int currentCount = 0;
        for (const auto& i : items) {
            const auto o = i.toObject();
            QVERIFY(!o.value("created_at").toString().isEmpty());
            QCOMPARE(o.value("address").toString(), QString("127.0.0.1"));
            currentCount += o.value("current").toBool() ? 1 : 0;
        }
        QCOMPARE(currentCount, 1);
        // b's own session, as b sees it; a ends it.
        int otherId = 0;
        for (const auto& i : b.get("/api/v1/auth/sessions").json().value("items").toArray()) {
            if (i.toObject().value("current").toBool()) {
                otherId = i.toObject().value("id").toInt();
            }
        }
        QVERIFY(otherId > 0);
        // Someone else cannot end it: to them it does not exist.
        QCOMPARE(as("r_analyst")
                     .call("DELETE", "/api/v1/auth/sessions/" + QString::number(otherId))
                     .status,
                 404);
        QCOMPARE(a.call("DELETE", "/api/v1/auth/sessions/" + QString::number(otherId)).status, 204);
        QCOMPARE(b.get("/api/v1/auth/me").status, 401);
        QCOMPARE(a.get("/api/v1/auth/me").status, 200);
    }

    void audit_everyWriteRecorded_withBeforeAndAfter() {
        const auto u = makeUser("audited", {"analyst"});
        const QString id = QString::number(u.value("id").toInt());
        Client admin = as("admin");
        QCOMPARE(admin
                     .patch("/api/v1/users/" + id, {{"email", "new@example.com"}},
                            u.value("version").toInt())
                     .status,
                 200);
        const auto r = admin.get("/api/v1/audit?entity=user&entity_id=" + id);
        QCOMPARE(r.status, 200);
        const auto items = r.json().value("items").toArray();
        QStringList actions;
        for (const auto& i : items) {
            actions << i.toObject().value("action").toString();
        }
        QVERIFY2(actions.contains("user.create"), qPrintable(actions.join(',')));
        QVERIFY(actions.contains("user.update"));
        QVERIFY(actions.contains("user.password_change"));
        const auto update = items.first().toObject();  // newest first
        QCOMPARE(update.value("action").toString(), QString("user.update"));
        QCOMPARE(update.value("actor").toString(), QString("admin"));
        QCOMPARE(update.value("before").toObject().value("email").toString(),
                 QString("audited@example.com"));
        QCOMPARE(update.value("after").toObject().value("email").toString(),
                 QString("new@example.com"));
        QVERIFY(!update.value("request_id").toString().isEmpty());
        // No secrets in any snapshot.
        QVERIFY(!r.body.contains("password_hash"));
        QVERIFY(!r.body.contains("totp_secret"));
        // Filters and paging.
        const auto byActor = admin.get("/api/v1/audit?actor=admin&limit=2");
        QCOMPARE(byActor.json().value("items").toArray().size(), 2);
        QVERIFY(!byActor.json().value("next_cursor").toString().isEmpty());
        const auto future = admin.get("/api/v1/audit?from=2999-01-01");
        QCOMPARE(future.json().value("items").toArray().size(), 0);
        QCOMPARE(admin.get("/api/v1/audit?from=yesterday-ish").status, 422);
    }

    void audit_failedSignInsAndLockoutsAreRecorded() {
        makeUser("unlucky", {"analyst"});
        const int before = auditCount("auth.login_failed");
        for (int i = 0; i < 5; ++i) {
            login("unlucky", "wrong password " + QString::number(i));
        }
        QCOMPARE(auditCount("auth.login_failed"), before + 5);
        QVERIFY(auditCount("auth.account_locked") >= 1);
    }

    void audit_databaseRefusesUpdateAndDelete() {
        bool ok = true;
        psql(dbUrl_, "UPDATE audit_log SET actor = 'someone else'", &ok);
        QVERIFY2(!ok, "the server's role could rewrite the audit log");
        psql(dbUrl_, "DELETE FROM audit_log", &ok);
        QVERIFY(!ok);
        psql(dbUrl_, "TRUNCATE audit_log", &ok);
        QVERIFY(!ok);
        const QString n =
            psql(dbUrl_, "SELECT count(*) FROM audit_log WHERE actor = 'someone else'", &ok);
        QVERIFY(ok);
        QCOMPARE(n, QString("0"));
        QVERIFY(psql(dbUrl_, "SELECT count(*) FROM audit_log", &ok).toInt() > 10);
    }

    void cleanupTestCase() { QCOMPARE(server_.stop(), 0); }
};

QTEST_GUILESS_MAIN(PersonnelTest)
#include "tst_personnel.moc"
