// The catalog's bulk grid against the real server: 500 price changes pasted from a spreadsheet,
// a wrong cell flagged and corrected, the dry run's diff listing exactly those 500 changes,
// undo and redo making the diff stale, one commit, and the new prices in the Products tab's
// list. A commit after someone else changed a product (409) and one without catalog.price
// (refused in the dry run, and 403 at the commit) keep the grid and the diff; unsaved rows
// outlive the page.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "orderstestdata.h"
#include "services-client/catalog/bulkgridmodel.h"
#include "services-client/catalog/importchangesmodel.h"
#include "services-client/catalog/productlistmodel.h"
#include "testcluster.h"
#include "widgets/catalog/bulkedittab.h"
#include "widgets/catalog/catalogpage.h"
#include "widgets/common/messageline.h"

using namespace opsdesk;
using namespace opsdesk::test;
using client::BulkGridModel;
using client::ImportChangesModel;
using widgets::BulkEditTab;
using widgets::CatalogPage;

namespace {

constexpr int kProducts = 500;

QString skuOf(int i) {
    return QStringLiteral("BULK-%1").arg(i, 4, 10, QLatin1Char('0'));
}

// 10.01, 10.02… before; 20.01, 20.02… after.
qint64 oldPrice(int i) {
    return 1000 + i;
}
qint64 newPrice(int i) {
    return 2000 + i;
}
QString decimal(qint64 minor) {
    return QStringLiteral("%1.%2").arg(minor / 100).arg(minor % 100, 2, 10, QLatin1Char('0'));
}

}  // namespace

class CatalogBulkGuiServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    QString dbUrl;
    ServerProcess server;
    QTemporaryDir settingsDir_;
    qint64 priceRoleId_ = 0;

    struct Screen {
        SignedInClient client;
        std::unique_ptr<CatalogPage> page;
        std::unique_ptr<QAbstractItemModelTester> gridTester;
        std::unique_ptr<QAbstractItemModelTester> diffTester;
        BulkEditTab* tab = nullptr;
    };

    std::unique_ptr<Screen> open(const QString& user) {
        auto s = std::make_unique<Screen>();
        if (!s->client.signIn(server.baseUrl(), user)) {
            return nullptr;
        }
        widgets::ModuleContext context;
        context.api = &s->client.api;
        context.session = &s->client.session;
        s->page = std::make_unique<CatalogPage>(context);
        s->tab = s->page->bulkEditTab();
        if (s->tab) {
            s->gridTester = std::make_unique<QAbstractItemModelTester>(
                s->tab->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
            s->diffTester = std::make_unique<QAbstractItemModelTester>(
                s->tab->changes(), QAbstractItemModelTester::FailureReportingMode::QtTest);
            s->page->tabs()->setCurrentWidget(s->tab);
        }
        s->page->resize(1400, 900);
        s->page->show();
        return s;
    }

    HttpResult asAdmin(const QByteArray& method, const QString& path, const QByteArray& body,
                       QList<QPair<QByteArray, QByteArray>> headers = {}) {
        headers.append({"Authorization", "Bearer " + tokenFor(server, "admin").toUtf8()});
        return httpRequest(method, server.baseUrl().resolved(QUrl(path)), body, headers);
    }

    // An import done elsewhere (dry run and commit) as admin: the 200 of the commit.
    bool importElsewhere(const QByteArray& csv) {
        const auto dry =
            asAdmin("POST", "/api/v1/catalog/imports", csv, {{"Content-Type", "text/csv"}});
        if (dry.status != 201 || dry.json().value("error_count").toInt() != 0) {
            qWarning() << "dry run" << dry.status << dry.body.left(400);
            return false;
        }
        const auto id = dry.json().value("id").toInteger();
        const auto commit =
            asAdmin("POST", QString("/api/v1/catalog/imports/%1/commit").arg(id), {});
        if (commit.status != 200) {
            qWarning() << "commit" << commit.status << commit.body.left(400);
        }
        return commit.status == 200;
    }

    QString sql(const QString& statement) { return psql(dbUrl, statement).trimmed(); }

    // Ctrl+V at the grid's cell `row`, `column`, with `text` on the clipboard.
    void pasteAt(Screen& s, const QString& text, int row = 0, int column = 0) {
        QApplication::clipboard()->setText(text);
        s.tab->grid()->setFocus();
        s.tab->grid()->setCurrentIndex(s.tab->model()->index(row, column));
        QTest::keyClick(s.tab->grid(), Qt::Key_V, Qt::ControlModifier);
    }

    void checkChanges(Screen& s) {
        QVERIFY(s.tab->checkButton()->isEnabled());
        const quint64 generation = s.tab->model()->generation();
        QTest::mouseClick(s.tab->checkButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(s.tab->diffIsCurrent() &&
                                     s.tab->model()->generation() == generation &&
                                     s.tab->checkButton()->isEnabled(),
                                 20000);
    }

    // Finds `sku` in the Products tab's list as a person would (search) and returns the
    // price its list row carries.
    qint64 listedPrice(Screen& s, const QString& sku) {
        s.page->applyFilter({{"sku", sku}});
        client::ProductListModel* list = s.page->model();
        if (!QTest::qWaitFor(
                [&] {
                    return list->filter().search == sku && !list->isLoading() &&
                           list->itemRowCount() == 1;
                },
                10000)) {
            return -1;
        }
        const auto p = list->itemAt(0);
        return p && p->variants.size() == 1 && p->variants[0].sku == sku ? p->variants[0].priceMinor
                                                                         : -2;
    }

    void removeDrafts() {
        QDir dir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
        for (const QString& f : dir.entryList({"catalog-bulk-edit-*.json"}, QDir::Files)) {
            dir.remove(f);
        }
    }

private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk")).clear();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        dbUrl = cluster.createDatabase(QStringLiteral("catalog_bulk_gui"));
        QVERIFY2(startOrdersServer(server, dbUrl, {{"admin", "admin"}, {"merch", "merchandiser"}},
                                   &error),
                 qPrintable(error));
        // Two roles of the house's own: catalog.write without catalog.price, and with it (to
        // be taken away between a dry run and its commit).
        const auto writer = asAdmin(
            "POST", "/api/v1/roles",
            QJsonDocument(QJsonObject{{"name", "catalog_writer"},
                                      {"permissions", QJsonArray{"catalog.read", "catalog.write"}}})
                .toJson());
        QCOMPARE(writer.status, 201);
        const auto pricer = asAdmin(
            "POST", "/api/v1/roles",
            QJsonDocument(QJsonObject{{"name", "catalog_pricer"},
                                      {"permissions", QJsonArray{"catalog.read", "catalog.write",
                                                                 "catalog.price"}}})
                .toJson());
        QCOMPARE(pricer.status, 201);
        priceRoleId_ = pricer.json().value("id").toInteger();
        QVERIFY(server.createUser("writer", kOrdersPassword, "catalog_writer", &error));
        QVERIFY(server.createUser("pricer", kOrdersPassword, "catalog_pricer", &error));

        // The catalog: 500 products of one SKU each, seeded through the import as admin.
        QByteArray csv = "sku,product_title,variant_title,price,currency,stock,status\n";
        for (int i = 1; i <= kProducts; ++i) {
            csv += QStringLiteral("%1,Bulk item %2,250 g,%3,CNY,10,active\n")
                       .arg(skuOf(i))
                       .arg(i)
                       .arg(decimal(oldPrice(i)))
                       .toUtf8();
        }
        QVERIFY(importElsewhere(csv));
        QCOMPARE(sql("SELECT count(*) FROM skus WHERE sku LIKE 'BULK-%'"), QString("500"));
    }

    void init() { removeDrafts(); }

    void cleanupTestCase() {
        removeDrafts();
        QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk")).clear();
    }

    void merchandiser_pastes500Prices_seesExactlyThem_undoes_commits_findsThemListed() {
        auto s = open("merch");
        QVERIFY(s && s->tab);
        QCOMPARE(s->page->tabs()->tabText(s->page->tabs()->indexOf(s->tab)), QString("Bulk edit"));
        QVERIFY(!s->tab->commitButton()->isEnabled());

        // 500 lines of "sku<TAB>price" as a spreadsheet copies them; one price typed wrong.
        constexpr int wrong = 137;
        QString block;
        for (int i = 1; i <= kProducts; ++i) {
            const QString price = i == wrong ? QString("20,%1").arg(i) : decimal(newPrice(i));
            block += skuOf(i) + '\t' + price + '\n';
        }
        // Under a first row naming the columns, so they land in the SKU and price columns.
        pasteAt(*s, "sku\tprice\n" + block);
        BulkGridModel* grid = s->tab->model();
        QCOMPARE(grid->dataRowCount(), kProducts);
        QCOMPARE(grid->cell(0, BulkGridModel::SkuColumn), skuOf(1));
        QCOMPARE(grid->cell(499, BulkGridModel::PriceColumn), decimal(newPrice(500)));
        QCOMPARE(s->tab->undoStack()->count(), 1);

        // The wrong cell is flagged, with the reason, and counted.
        const QModelIndex bad = grid->index(wrong - 1, BulkGridModel::PriceColumn);
        QCOMPARE(bad.data(BulkGridModel::ProblemRole).toInt(),
                 int(BulkGridModel::Problem::PriceInvalid));
        QVERIFY(bad.data(Qt::ToolTipRole).toString().contains("no thousands separator"));
        QVERIFY(bad.data(Qt::BackgroundRole).isValid());
        QVERIFY(!grid->index(0, BulkGridModel::PriceColumn).data(Qt::BackgroundRole).isValid());
        QVERIFY2(s->tab->problemsLabel()->text().contains("1 cell"),
                 qPrintable(s->tab->problemsLabel()->text()));
        s->tab->grid()->scrollTo(bad);
        s->page->grab().save(QStringLiteral("/tmp/cat-bulk-paste.png"));

        // Corrected by typing over it, as a person would.
        s->tab->grid()->setCurrentIndex(bad);
        s->tab->grid()->scrollTo(bad);
        QTest::keyClick(s->tab->grid(), Qt::Key_F2);
        auto* editor = s->tab->grid()->findChild<QLineEdit*>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, decimal(newPrice(wrong)));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(grid->cell(wrong - 1, BulkGridModel::PriceColumn), decimal(newPrice(wrong)));
        QCOMPARE(grid->problemCount(), 0);
        QCOMPARE(s->tab->undoStack()->count(), 2);

        // The dry run: exactly the 500 price changes, from the old price to the new.
        checkChanges(*s);
        QVERIFY(s->tab->dryRun());
        QCOMPARE(s->tab->dryRun()->updates, kProducts);
        QCOMPARE(s->tab->dryRun()->creates, 0);
        QCOMPARE(s->tab->dryRun()->errorCount, 0);
        const auto& changes = s->tab->changes()->changes();
        QCOMPARE(changes.size(), kProducts);
        for (int i = 1; i <= kProducts; ++i) {
            const auto& c = changes[i - 1];
            QCOMPARE(c.sku, skuOf(i));
            QCOMPARE(c.field, QString("price_minor"));
            QCOMPARE(c.from.toInteger(), oldPrice(i));
            QCOMPARE(c.to.toInteger(), newPrice(i));
        }
        QTableView* diff = s->tab->diffTable();
        QCOMPARE(diff->model()->rowCount(), kProducts);
        QCOMPARE(diff->model()->index(0, ImportChangesModel::FieldColumn).data().toString(),
                 QString("Price"));
        QCOMPARE(diff->model()->index(0, ImportChangesModel::FromColumn).data().toString(),
                 QString("10.01"));
        QCOMPARE(diff->model()->index(0, ImportChangesModel::ToColumn).data().toString(),
                 QString("→ 20.01"));
        QVERIFY2(s->tab->summaryLabel()->text().contains("500 to update"),
                 qPrintable(s->tab->summaryLabel()->text()));
        QVERIFY(s->tab->commitButton()->isEnabled());
        s->page->grab().save(QStringLiteral("/tmp/cat-bulk-diff.png"));

        // Undo (Ctrl+Z in the grid) takes the correction back: the diff is stale, no commit.
        s->tab->grid()->setFocus();
        QTest::keyClick(s->tab->grid(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(grid->cell(wrong - 1, BulkGridModel::PriceColumn), QString("20,%1").arg(wrong));
        QVERIFY(!s->tab->diffIsCurrent());
        QVERIFY(!s->tab->commitButton()->isEnabled());
        QVERIFY(s->tab->summaryLabel()->text().contains("check the changes again"));
        // Undo the paste too: an empty grid; redo both (Ctrl+Shift+Z): as before.
        QTest::keyClick(s->tab->grid(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(grid->dataRowCount(), 0);
        QVERIFY(grid->isEmpty());
        QTest::keyClick(s->tab->grid(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(grid->dataRowCount(), kProducts);
        QCOMPARE(grid->problemCount(), 1);
        QTest::keyClick(s->tab->grid(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(grid->cell(wrong - 1, BulkGridModel::PriceColumn), decimal(newPrice(wrong)));
        QCOMPARE(grid->problemCount(), 0);
        QVERIFY(!s->tab->commitButton()->isEnabled());  // changed since the check

        // Nothing has been written by any of it.
        QCOMPARE(sql(QString("SELECT price_minor FROM skus WHERE sku = '%1'").arg(skuOf(1))),
                 QString::number(oldPrice(1)));

        checkChanges(*s);
        QCOMPARE(s->tab->changes()->changes().size(), kProducts);
        QVERIFY(s->tab->commitButton()->isEnabled());
        QTest::mouseClick(s->tab->commitButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(s->tab->message()->tone() == widgets::Theme::Tone::Success, 20000);
        QVERIFY2(s->tab->message()->text().contains("500 SKUs updated"),
                 qPrintable(s->tab->message()->text()));
        QVERIFY(grid->isEmpty());
        QCOMPARE(s->tab->changes()->rowCount(), 0);
        QVERIFY(!s->tab->undoStack()->canUndo());
        QVERIFY(!s->tab->commitButton()->isEnabled());

        // Every price changed, and the Products tab's list shows them.
        QCOMPARE(sql("SELECT count(*) FROM skus WHERE sku LIKE 'BULK-%' AND "
                     "price_minor = 2000 + substr(sku, 6)::int"),
                 QString::number(kProducts));
        s->page->tabs()->setCurrentIndex(0);
        for (const int i : {1, wrong, kProducts}) {
            QCOMPARE(listedPrice(*s, skuOf(i)), newPrice(i));
        }
    }

    void commitAfterSomeoneElseChangedAProduct_says409_andKeepsGridAndDiff() {
        auto s = open("merch");
        QVERIFY(s && s->tab);
        pasteAt(*s, "sku\tstock\n" + skuOf(1) + "\t50\n" + skuOf(2) + "\t60\n");
        checkChanges(*s);
        QCOMPARE(s->tab->changes()->rowCount(), 2);
        // Someone else renames BULK-0002's product meanwhile.
        QVERIFY(importElsewhere("sku,product_title\n" + skuOf(2).toUtf8() + ",Renamed\n"));

        QTest::mouseClick(s->tab->commitButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(s->tab->message()->tone() == widgets::Theme::Tone::Error, 20000);
        const QString said = s->tab->message()->text();
        QVERIFY2(said.contains("Someone changed one of these SKUs") && said.contains(skuOf(2)) &&
                     said.contains("Nothing was saved") && said.contains("Check the changes again"),
                 qPrintable(said));
        s->page->grab().save(QStringLiteral("/tmp/cat-bulk-409.png"));
        QCOMPARE(s->tab->model()->filledRowCount(), 2);
        QCOMPARE(s->tab->model()->cell(1, BulkGridModel::StockColumn), QString("60"));
        QCOMPARE(s->tab->changes()->rowCount(), 2);
        QVERIFY(s->tab->undoStack()->canUndo());
        QVERIFY(!s->tab->commitButton()->isEnabled());
        QCOMPARE(sql(QString("SELECT stock FROM skus WHERE sku = '%1'").arg(skuOf(1))),
                 QString("10"));

        // Checked again, it goes through.
        checkChanges(*s);
        QTest::mouseClick(s->tab->commitButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(s->tab->message()->tone() == widgets::Theme::Tone::Success, 20000);
        QCOMPARE(sql(QString("SELECT stock FROM skus WHERE sku = '%1'").arg(skuOf(2))),
                 QString("60"));
    }

    void withoutCatalogPrice_priceChangesAreRefusedInWords() {
        auto s = open("writer");
        QVERIFY(s && s->tab);
        pasteAt(*s, "sku\tprice\tstock\n" + skuOf(3) + "\t99.00\t7\n");
        BulkGridModel* grid = s->tab->model();
        // Flagged as typed…
        const QModelIndex price = grid->index(0, BulkGridModel::PriceColumn);
        QCOMPARE(price.data(BulkGridModel::ProblemRole).toInt(),
                 int(BulkGridModel::Problem::NeedsPricePermission));
        QVERIFY(price.data(Qt::ToolTipRole).toString().contains("catalog.price"));
        // …and by the server's dry run, on the same cell; no commit.
        checkChanges(*s);
        QCOMPARE(s->tab->dryRun()->errorCount, 1);
        QCOMPARE(price.data(BulkGridModel::ProblemRole).toInt(),
                 int(BulkGridModel::Problem::Server));
        QVERIFY(price.data(Qt::ToolTipRole).toString().contains("catalog.price"));
        QVERIFY(s->tab->message()->text().contains("1 problem"));
        QVERIFY(!s->tab->commitButton()->isEnabled());
        QCOMPARE(grid->filledRowCount(), 1);
    }

    void pricePermissionTakenAwayBeforeTheCommit_says403_andKeepsEverything() {
        auto s = open("pricer");
        QVERIFY(s && s->tab);
        const QString priceSql =
            QString("SELECT price_minor FROM skus WHERE sku = '%1'").arg(skuOf(4));
        const QString before = sql(priceSql);
        pasteAt(*s, "sku\tprice\n" + skuOf(4) + "\t77.00\n");
        checkChanges(*s);
        QCOMPARE(s->tab->dryRun()->errorCount, 0);
        QVERIFY(s->tab->dryRun()->changesPrice);
        const auto role = asAdmin("GET", QString("/api/v1/roles/%1").arg(priceRoleId_), {});
        const int version = role.json().value("version").toInt();
        const auto patched = asAdmin(
            "PATCH", QString("/api/v1/roles/%1").arg(priceRoleId_),
            QJsonDocument(QJsonObject{{"permissions", QJsonArray{"catalog.read", "catalog.write"}}})
                .toJson(),
            {{"If-Match", "\"" + QByteArray::number(version) + "\""}});
        QVERIFY2(patched.status == 200, patched.body.constData());

        QTest::mouseClick(s->tab->commitButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(s->tab->message()->tone() == widgets::Theme::Tone::Error, 20000);
        const QString said = s->tab->message()->text();
        QVERIFY2(said.contains("catalog.price permission") && said.contains("Nothing was saved"),
                 qPrintable(said));
        QCOMPARE(s->tab->model()->filledRowCount(), 1);
        QCOMPARE(s->tab->changes()->rowCount(), 1);
        QCOMPARE(sql(priceSql), before);
    }

    void rowsNotCommitted_outliveThePage() {
        {
            auto s = open("merch");
            QVERIFY(s && s->tab);
            pasteAt(*s, "sku\tstock\n" + skuOf(5) + "\t3\nnot a sku\t4\n");
            QCOMPARE(s->tab->model()->filledRowCount(), 2);
        }  // the desk closes
        auto s = open("merch");
        QVERIFY(s && s->tab);
        QCOMPARE(s->tab->model()->filledRowCount(), 2);
        QCOMPARE(s->tab->model()->cell(0, BulkGridModel::SkuColumn), skuOf(5));
        QCOMPARE(s->tab->model()->cell(1, BulkGridModel::StockColumn), QString("4"));
        QCOMPARE(s->tab->model()->problem(1, BulkGridModel::SkuColumn),
                 BulkGridModel::Problem::SkuInvalid);
        QVERIFY(s->tab->message()->text().contains("back from last time"));
        // Another person at this desk does not get them.
        auto other = open("pricer");
        QVERIFY(other && other->tab);
        QVERIFY(other->tab->model()->isEmpty());
    }

    void deleteKeyClears_deleteRowsRemoves_bothUndo() {
        auto s = open("merch");
        QVERIFY(s && s->tab);
        pasteAt(*s, "A-1\tTea one\nA-2\tTea two\nA-3\tTea three\n");
        BulkGridModel* grid = s->tab->model();
        QCOMPARE(grid->filledRowCount(), 3);
        // Delete empties the selected cells, one undo step.
        QTableView* view = s->tab->grid();
        view->selectionModel()->select(
            QItemSelection(grid->index(0, BulkGridModel::ProductTitleColumn),
                           grid->index(1, BulkGridModel::ProductTitleColumn)),
            QItemSelectionModel::ClearAndSelect);
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(grid->cell(0, BulkGridModel::ProductTitleColumn), QString());
        QCOMPARE(grid->cell(1, BulkGridModel::ProductTitleColumn), QString());
        QCOMPARE(grid->cell(2, BulkGridModel::ProductTitleColumn), QString("Tea three"));
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(grid->cell(1, BulkGridModel::ProductTitleColumn), QString("Tea two"));
        // Delete rows takes the selected rows out; undo puts them back where they were.
        view->selectionModel()->select(grid->index(1, 0), QItemSelectionModel::ClearAndSelect);
        QTest::mouseClick(s->tab->findChild<QPushButton*>("bulkDeleteRowsButton"), Qt::LeftButton);
        QCOMPARE(grid->filledRowCount(), 2);
        QCOMPARE(grid->cell(1, BulkGridModel::SkuColumn), QString("A-3"));
        QTest::mouseClick(s->tab->findChild<QPushButton*>("bulkUndoButton"), Qt::LeftButton);
        QCOMPARE(grid->cell(1, BulkGridModel::SkuColumn), QString("A-2"));
        QCOMPARE(grid->filledRowCount(), 3);
    }

    void analyst_hasNoBulkTab() {
        QString error;
        QVERIFY(server.createUser("ana", kOrdersPassword, "analyst", &error));
        auto s = open("ana");
        QVERIFY(s);
        QVERIFY(!s->page->bulkEditTab());
        for (int i = 0; i < s->page->tabs()->count(); ++i) {
            QVERIFY(!qobject_cast<widgets::BulkEditTab*>(s->page->tabs()->widget(i)));
        }
    }
};

QTEST_MAIN(CatalogBulkGuiServerTest)
#include "tst_catalog_bulk_gui_server.moc"
