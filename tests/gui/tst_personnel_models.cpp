// The models of the Staff, Roles, Audit and My sessions screens, each watched by
// QAbstractItemModelTester for the whole test, fed by the real server.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QSet>
#include <QtTest>

#include "personneltesthelpers.h"
#include "serverprocess.h"
#include "services-client/api/apiclient.h"
#include "services-client/audit/auditapi.h"
#include "services-client/auth/authapi.h"
#include "services-client/auth/session.h"
#include "services-client/personnel/personnelapi.h"
#include "testcluster.h"
#include "widgets/account/qrcode.h"
#include "widgets/account/sessionspanel.h"
#include "widgets/audit/auditmodel.h"
#include "widgets/common/pagedlistview.h"
#include "widgets/moduleregistry.h"
#include "widgets/personnel/permissionmatrixmodel.h"
#include "widgets/personnel/permissiontext.h"
#include "widgets/personnel/rolechecklist.h"
#include "widgets/personnel/usermodel.h"

using namespace std::chrono_literals;
using namespace opsdesk;
using client::PagedListModel;
using test::finish;
using Tester = QAbstractItemModelTester;

namespace {

const QString kPassword = QStringLiteral("pa55word-for-models");

// What a view does while the user scrolls to the end: ask for more until there is no more.
bool fetchAll(PagedListModel& model) {
    for (int guard = 0; guard < 100; ++guard) {
        if (!QTest::qWaitFor([&model] { return model.state() != PagedListModel::State::Loading; },
                             20000)) {
            return false;
        }
        if (!model.canFetchMore({})) {
            return model.state() == PagedListModel::State::Complete;
        }
        model.fetchMore({});
    }
    return false;
}

}  // namespace

class PersonnelModelTest : public QObject {
    Q_OBJECT

private:
    test::TestCluster cluster;
    test::ServerProcess server;
    client::ApiClient api;
    client::Session session;
    client::AuthApi auth{&api, &session};
    client::PersonnelApi personnel{&api};
    client::AuditApi audit{&api};

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(test::TestCluster::load(&cluster, &error), qPrintable(error));
        QVERIFY2(server.start(
                     {cluster.createDatabase(QStringLiteral("gui_personnel_models")), false, {}},
                     &error),
                 qPrintable(error));
        QVERIFY(
            server.createUser(QStringLiteral("admin"), kPassword, QStringLiteral("admin"), &error));
        api.setBaseUrl(server.baseUrl());
        api.setSession(&session);
        api.setDefaultTimeout(15s);
        api.setDefaultRetryPolicy(client::RetryPolicy::never());
        QVERIFY(finish(auth.login(QStringLiteral("admin"), kPassword))->succeededOutcome());
        for (int i = 0; i < 22; ++i) {
            auto r = finish(
                personnel.createUser({QStringLiteral("staff%1").arg(i, 2, 10, QLatin1Char('0')),
                                      QStringLiteral("Staff %1").arg(i),
                                      QStringLiteral("s%1@example.com").arg(i),
                                      QStringLiteral("initial passphrase"),
                                      {QStringLiteral("analyst")}}));
            QVERIFY2(r->succeededOutcome(), qPrintable(r->error().toString()));
        }
    }

    // Scrolled to the end, the whole list comes in pages of five, one request at a time, every
    // row once.
    void userModel_fetchesPagesLazily_oneAtATime_untilComplete() {
        widgets::UserModel model(&personnel);
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.setPageSize(5);
        model.setLoadingRowDelay(0ms);
        client::UserQuery q;
        q.text = QStringLiteral("staff");
        QList<int> pages;
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        connect(&model, &QAbstractItemModel::rowsInserted, this,
                [&pages, &model](const QModelIndex&, int first, int last) {
                    if (!model.isStatusRow(model.index(first, 0))) {
                        pages.append(last - first + 1);
                    }
                });
        model.setQuery(q);
        QCOMPARE(reset.size(), 1);
        // The loading row shows while the first page is on its way; asking again changes
        // nothing while it loads.
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.isStatusRow(model.index(0, 0)));
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Loading…"));
        QVERIFY(!model.canFetchMore({}));
        model.fetchMore({});
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(fetchAll(model));
        QCOMPARE(pages, (QList<int>{5, 5, 5, 5, 2}));
        QCOMPARE(model.rowCount(), 22);
        QVERIFY(!model.hasStatusRow());
        QVERIFY(!model.canFetchMore({}));
        QSet<QString> names;
        for (int row = 0; row < model.rowCount(); ++row) {
            names.insert(model.itemAt(row)->username);
        }
        QCOMPARE(names.size(), 22);
        QCOMPARE(model.index(0, widgets::UserModel::UsernameColumn).data().toString(),
                 QStringLiteral("staff00"));
        QCOMPARE(model.index(0, widgets::UserModel::RolesColumn).data().toString(),
                 QStringLiteral("Analyst"));
        QCOMPARE(reset.size(), 1);  // pages only ever insert
    }

    void userModel_sortsOnTheServer_andUpdatesOneRowInPlace() {
        widgets::UserModel model(&personnel);
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.setPageSize(50);
        client::UserQuery q;
        q.text = QStringLiteral("staff");
        model.setQuery(q);
        QTRY_COMPARE(model.state(), PagedListModel::State::Complete);
        model.sort(widgets::UserModel::UsernameColumn, Qt::DescendingOrder);
        QTRY_COMPARE(model.state(), PagedListModel::State::Complete);
        QCOMPARE(model.itemAt(0)->username, QStringLiteral("staff21"));
        model.sort(widgets::UserModel::RolesColumn, Qt::AscendingOrder);  // not sortable: kept
        QCOMPARE(model.query().sort, client::UserQuery::Sort::Username);

        client::StaffMember changed = *model.itemAt(3);
        changed.displayName = QStringLiteral("Renamed");
        QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.updateUser(changed);
        QCOMPARE(dataChanged.size(), 1);
        QCOMPARE(dataChanged.first().first().toModelIndex().row(), 3);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.index(3, widgets::UserModel::NameColumn).data().toString(),
                 QStringLiteral("Renamed"));
    }

    void userModel_failedPage_showsErrorRow_retryLoadsIt() {
        client::ApiClient offline;
        offline.setSession(&session);
        offline.setDefaultRetryPolicy(client::RetryPolicy::never());
        offline.setDefaultTimeout(5s);
        offline.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:9")));  // nobody listens
        client::PersonnelApi api2(&offline);
        widgets::UserModel model(&api2);
        model.setStatusPresentation(widgets::PagedListView::presentation());  // as the view does
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        QSignalSpy failed(&model, &PagedListModel::loadFailed);
        model.setQuery({});
        QTRY_COMPARE(model.state(), PagedListModel::State::Failed);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex error = model.index(0, 0);
        QVERIFY(model.isStatusRow(error));
        QVERIFY2(error.data().toString().contains(QStringLiteral("try again")),
                 qPrintable(error.data().toString()));
        QVERIFY(!model.canFetchMore({}));

        offline.setBaseUrl(server.baseUrl());
        model.retry();
        QTRY_COMPARE(model.state(), PagedListModel::State::Complete);
        QVERIFY(model.rowCount() >= 23);
        QVERIFY(!model.hasStatusRow());
    }

    void auditModel_pagesNewestFirst_andDiffShowsTheChangedFields() {
        client::UserQuery q;
        q.text = QStringLiteral("staff05");
        const auto user = finish(personnel.listUsers(q))->items().first();
        QVERIFY(finish(personnel.updateUser(
                           user.id, user.version,
                           {{QStringLiteral("email"), QStringLiteral("five@example.com")},
                            {QStringLiteral("roles"), QJsonArray{QStringLiteral("analyst"),
                                                                 QStringLiteral("merchandiser")}}}))
                    ->succeededOutcome());

        widgets::AuditModel model(&audit);
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.setPageSize(3);
        client::AuditQuery query;
        query.actor = QStringLiteral("admin");
        model.setQuery(query);
        QTRY_VERIFY(model.rowCount() >= 3 && !model.isStatusRow(model.index(2, 0)));
        const client::AuditEntry newest = *model.itemAt(0);
        QCOMPARE(newest.action, QStringLiteral("user.update"));
        QCOMPARE(model.index(0, widgets::AuditModel::ActionColumn).data().toString(),
                 QStringLiteral("Changed staff account"));
        QCOMPARE(model.index(0, widgets::AuditModel::EntityColumn).data().toString(),
                 QStringLiteral("Staff account #%1").arg(user.id));
        QCOMPARE(model.index(0, widgets::AuditModel::SummaryColumn).data().toString(),
                 QStringLiteral("Email, Roles"));
        QVERIFY(fetchAll(model));
        QVERIFY(model.rowCount() > 6);
        for (int row = 1; row < model.rowCount(); ++row) {
            QVERIFY(model.itemAt(row)->id < model.itemAt(row - 1)->id);
        }

        widgets::AuditDiffModel diff;
        Tester diffTester(&diff, Tester::FailureReportingMode::QtTest);
        diff.setEntry(&newest);
        QCOMPARE(diff.rowCount(), 2);
        auto cell = [&diff](int row, int column) {
            return diff.index(row, column).data().toString();
        };
        QCOMPARE(cell(0, widgets::AuditDiffModel::FieldColumn), QStringLiteral("Email"));
        QCOMPARE(cell(0, widgets::AuditDiffModel::BeforeColumn), QStringLiteral("s5@example.com"));
        QCOMPARE(cell(0, widgets::AuditDiffModel::AfterColumn), QStringLiteral("five@example.com"));
        QCOMPARE(cell(1, widgets::AuditDiffModel::FieldColumn), QStringLiteral("Roles"));
        QCOMPARE(cell(1, widgets::AuditDiffModel::BeforeColumn), QStringLiteral("Analyst"));
        QCOMPARE(cell(1, widgets::AuditDiffModel::AfterColumn),
                 QStringLiteral("Analyst, Merchandiser"));
        diff.setEntry(nullptr);
        QCOMPARE(diff.rowCount(), 0);
    }

    void changedFields_createdRecordListsEverything_nestedValuesCompact() {
        const QJsonObject after{{"name", "x"},
                                {"perms", QJsonArray{"a", "b"}},
                                {"nested", QJsonObject{{"k", 1}, {"l", QJsonArray{1, 2}}}}};
        const auto created = client::changedFields(QJsonValue(QJsonValue::Null), after);
        QCOMPARE(created.size(), 3);
        QVERIFY(created.first().before.isUndefined());
        QCOMPARE(client::compactValue(after.value("perms")), QStringLiteral("a, b"));
        QCOMPARE(client::compactValue(after.value("nested")), QStringLiteral("k: 1, l: [1, 2]"));
        // Only bookkeeping changed: it is shown rather than nothing.
        const auto touched =
            client::changedFields(QJsonObject{{"version", 1}}, QJsonObject{{"version", 2}});
        QCOMPARE(touched.size(), 1);
    }

    void permissionMatrix_groupsByModule_ticksAModuleAtOnce_adminReadOnly() {
        auto catalog = finish(personnel.permissions());
        QVERIFY(catalog->succeededOutcome());
        widgets::PermissionMatrixModel model;
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        model.setModuleTitles([](const QString& id) {  // as the shell does
            const widgets::ModuleInfo* module = widgets::findModule(id);
            return module ? module->title() : id;
        });
        model.setCatalog(catalog->permissions());
        QCOMPARE(model.rowCount(),
                 7);  // personnel, audit, orders, catalog, finance, support, reports
        const QModelIndex staff = model.index(0, 0);
        QCOMPARE(staff.data().toString(), QStringLiteral("Staff"));
        QCOMPARE(model.rowCount(staff), 3);
        QCOMPARE(model.index(1, widgets::PermissionMatrixModel::DescriptionColumn, staff)
                     .data()
                     .toString(),
                 QStringLiteral("Create, edit and deactivate staff accounts"));

        QSignalSpy edited(&model, &widgets::PermissionMatrixModel::grantedEdited);
        model.setGranted({QStringLiteral("personnel.read"), QStringLiteral("future.permission")});
        QCOMPARE(staff.data(Qt::CheckStateRole).toInt(), int(Qt::PartiallyChecked));
        QVERIFY(model.setData(staff, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(staff.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QCOMPARE(model.granted(),
                 (QStringList{"future.permission", "personnel.read", "personnel.write",
                              "roles.write"}));  // the unknown one is kept
        const QModelIndex refund = model.indexOf(QStringLiteral("orders.refund"));
        QVERIFY(model.setData(refund, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(model.parent(refund).data(Qt::CheckStateRole).toInt(), int(Qt::PartiallyChecked));
        QCOMPARE(edited.size(), 2);

        model.setEditable(false);
        QVERIFY(!(model.flags(refund) & Qt::ItemIsUserCheckable));
        QVERIFY(!model.setData(refund, Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(model.granted().contains(QStringLiteral("orders.refund")));
    }

    void permissionText_translatesEveryPermissionOfTheCatalog() {
        for (const auto& p : protocol::permissionCatalog()) {
            const QString name = QString::fromLatin1(p.name.data(), qsizetype(p.name.size()));
            QVERIFY2(widgets::PermissionText::isKnown(name), qPrintable(name));
            QCOMPARE(widgets::PermissionText::description(name),
                     QString::fromLatin1(p.description.data(), qsizetype(p.description.size())));
        }
    }

    void sessionModel_refreshUpdatesInPlace_removesEnded() {
        widgets::SessionModel model;
        Tester tester(&model, Tester::FailureReportingMode::QtTest);
        const QDateTime t = QDateTime::currentDateTimeUtc();
        client::SessionInfo a{1, t, t, t, "127.0.0.1", "OpsDesk/0.1.0", true};
        client::SessionInfo b{2, t, t, t, "10.0.0.2", "OpsDesk/0.1.0", false};
        model.setSessions({a, b});
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.index(0, 0).data().toString().contains(QStringLiteral("this session")));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        b.address = QStringLiteral("10.0.0.3");
        model.setSessions({a, b});
        QCOMPARE(changed.size(), 1);
        model.removeSession(2);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(reset.size(), 0);
    }

    void qrCode_rendersTheOtpauthUriWithAQuietZone() {
        const QImage image = widgets::renderQrCode(
            "otpauth://totp/OpsDesk:someone?secret=JBSWY3DPEHPK3PXP&issuer=OpsDesk", 4);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), image.height());
        QCOMPARE(image.pixelColor(2, 2), QColor(Qt::white));                  // quiet zone
        QCOMPARE(image.pixelColor(4 * 4 + 1, 4 * 4 + 1), QColor(Qt::black));  // finder pattern
    }

    // A person shown before the role catalog has arrived still holds their roles: the form
    // does not read "no roles" (a save would have taken them all away), and the boxes are
    // ticked once the catalog comes.
    void roleChecklist_heldRolesSurviveTheCatalogArrivingLate() {
        widgets::RoleChecklist list;
        list.setChecked({QStringLiteral("analyst")});
        QCOMPARE(list.checked(), QStringList{QStringLiteral("analyst")});
        QCOMPARE(list.count(), 0);
        client::Role analyst;
        analyst.name = QStringLiteral("analyst");
        client::Role hr;
        hr.name = QStringLiteral("hr");
        list.setRoles({analyst, hr});
        QCOMPARE(list.count(), 2);
        QCOMPARE(list.item(0)->checkState(), Qt::Checked);
        QCOMPARE(list.item(1)->checkState(), Qt::Unchecked);
        QCOMPARE(list.checked(), QStringList{QStringLiteral("analyst")});
        // Unticked by the person: no longer held.
        list.item(0)->setCheckState(Qt::Unchecked);
        list.item(1)->setCheckState(Qt::Checked);
        QCOMPARE(list.checked(), QStringList{QStringLiteral("hr")});
        // A catalog that drops a role keeps the person's hold on it as it was.
        list.setChecked({QStringLiteral("analyst"), QStringLiteral("hr")});
        list.setRoles({hr});
        QCOMPARE(list.checked(), (QStringList{QStringLiteral("analyst"), QStringLiteral("hr")}));
    }

    void cleanupTestCase() { QCOMPARE(server.stop(), 0); }
};

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    PersonnelModelTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_personnel_models.moc"
