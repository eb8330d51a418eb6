// Catalog widgets against a scripted server: a stale save (412) merged field by field and
// saved on the current version, what a person without catalog.price or catalog.write is
// offered, and the product list's filter and cells.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "fakehttpserver.h"
#include "services-client/api/apiclient.h"
#include "services-client/auth/session.h"
#include "services-client/catalog/catalogapi.h"
#include "services-client/catalog/productlistmodel.h"
#include "testhelpers.h"
#include "widgets/catalog/catalogpage.h"
#include "widgets/catalog/categorytree.h"
#include "widgets/catalog/producteditor.h"
#include "widgets/catalog/productfilterbar.h"
#include "widgets/common/mergepanel.h"
#include "widgets/common/messageline.h"

using namespace std::chrono_literals;
using namespace opsdesk;
using test::FakeHttpServer;
using Response = FakeHttpServer::Response;

namespace {

QJsonObject product(int version, const QString& title, const QString& status, qint64 priceA,
                    int thresholdB = 1) {
    return {{"id", 7},
            {"title", title},
            {"status", status},
            {"category_id", QJsonValue()},
            {"description", "Spring harvest"},
            {"attributes", QJsonObject{}},
            {"category_path", QJsonArray{}},
            {"images", QJsonArray{}},
            {"variants", QJsonArray{QJsonObject{{"sku", "LJ-250"},
                                                {"title", "250 g"},
                                                {"price_minor", priceA},
                                                {"currency", "CNY"},
                                                {"stock", 12},
                                                {"low_stock_threshold", 2}},
                                    QJsonObject{{"sku", "LJ-500"},
                                                {"title", "500 g"},
                                                {"price_minor", 8900},
                                                {"currency", "CNY"},
                                                {"stock", -1},
                                                {"low_stock_threshold", thresholdB}}}},
            {"tags", QJsonArray{"tea"}},
            {"updated_at", "2026-12-07T10:00:00Z"},
            {"version", version}};
}

QByteArray compact(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

client::User userWith(std::set<protocol::Permission> permissions) {
    client::User u;
    u.id = 5;
    u.username = QStringLiteral("mei");
    u.permissions = std::move(permissions);
    return u;
}

template <typename T>
T* child(QObject* parent, const QString& name) {
    T* found = parent->findChild<T*>(name);
    if (!found) {
        qWarning() << "no" << name << "in" << parent;
    }
    return found;
}

QTableWidgetItem* cell(QTableWidget* table, const QString& sku, int column) {
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text() == sku) {
            return table->item(row, column);
        }
    }
    return nullptr;
}

}  // namespace

class CatalogGuiTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeHttpServer> server;
    std::unique_ptr<client::ApiClient> api;
    std::unique_ptr<client::Session> session;
    QJsonObject current;  // what GET /products/7 answers
    QList<QJsonObject> patches;
    QList<QByteArray> ifMatch;
    bool staleNextPatch = false;
    QTemporaryDir settingsDir_;  // the page remembers its filter: never in the user's settings

    void serve() {
        server->setHandler([this](const FakeHttpServer::Request& r) {
            if (r.path.startsWith("/api/v1/skus/") || r.path == "/api/v1/categories") {
                return Response::json(200, R"({"items":[],"next_cursor":null})");
            }
            if (r.method == "PATCH" && r.path == "/api/v1/products/7") {
                ifMatch << r.header("if-match");
                if (staleNextPatch) {
                    staleNextPatch = false;
                    return Response::error(412, "precondition_failed");
                }
                const QJsonObject body = QJsonDocument::fromJson(r.body).object();
                patches << body;
                current.insert("version", current.value("version").toInt() + 1);
                if (body.contains("title")) {
                    current.insert("title", body.value("title"));
                }
                return Response::json(200, compact(current));
            }
            if (r.path.startsWith("/api/v1/products/7")) {
                return Response::json(200, compact(current));
            }
            if (r.path.startsWith("/api/v1/products")) {
                QJsonObject summary = current;
                return Response::json(200, compact({{"items", QJsonArray{summary}},
                                                    {"next_cursor", QJsonValue()},
                                                    {"total_estimate", 1},
                                                    {"total_is_exact", true}}));
            }
            return Response::error(404, "not_found");
        });
    }

    widgets::ModuleContext contextFor(std::set<protocol::Permission> permissions) {
        session = std::make_unique<client::Session>();
        session->signIn("token", userWith(std::move(permissions)));
        api->setSession(session.get());
        return widgets::ModuleContext{api.get(), session.get()};
    }

private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QStandardPaths::setTestModeEnabled(true);
    }

    void init() {
        server = std::make_unique<FakeHttpServer>();
        QVERIFY(server->listen());
        api = std::make_unique<client::ApiClient>();
        api->setBaseUrl(server->baseUrl());
        current = product(1, "Longjing", "active", 4900);
        patches.clear();
        ifMatch.clear();
        staleNextPatch = false;
        serve();
    }

    // Someone saved the product while the merchandiser edited it: the save (412) brings their
    // version beside mine, field by field — the title both changed, the status only they did,
    // my price only I did — and what is chosen is saved on their version, with their version
    // in If-Match and only what differs from theirs in the body.
    void staleSave_isMergedFieldByField_andSavedOnTheCurrentVersion() {
        using P = protocol::Permission;
        auto context = contextFor({P::CatalogRead, P::CatalogWrite, P::CatalogPrice});
        client::CatalogApi catalog(api.get());
        widgets::CategoryTree categories(&catalog);
        widgets::ProductEditor editor(context, &catalog, &categories);
        editor.resize(900, 900);
        editor.show();
        editor.showProduct(7);
        QTRY_COMPARE(editor.productId(), qint64(7));
        QTRY_VERIFY(!editor.isLoading());

        editor.titleEdit()->setText(QStringLiteral("Longjing (mine)"));
        cell(editor.variantsTable(), "LJ-250", 2)->setText(QStringLiteral("52.00"));
        QTRY_VERIFY(editor.priceReasonEdit()->isVisible());
        editor.priceReasonEdit()->setText(QStringLiteral("new harvest"));

        // Theirs, saved meanwhile: another title, archived, a threshold changed.
        current = product(2, "Longjing (theirs)", "archived", 4900, 5);
        staleNextPatch = true;
        QTest::mouseClick(editor.saveButton(), Qt::LeftButton);
        widgets::MergePanel* merge = editor.mergePanel();
        QTRY_VERIFY(merge->isVisible());
        QMap<QString, widgets::MergePanel::Field> fields;
        for (const auto& f : merge->fields()) {
            fields.insert(f.key, f);
        }
        QCOMPARE(fields.keys(),
                 (QList<QString>{"status", "title", "variant:lj-250", "variant:lj-500"}));
        QVERIFY(fields["title"].bothChanged);
        QCOMPARE(fields["title"].theirs, QStringLiteral("Longjing (theirs)"));
        QCOMPARE(fields["title"].mine, QStringLiteral("Longjing (mine)"));
        QVERIFY(!fields["status"].proposeMine);
        QVERIFY(fields["variant:lj-250"].proposeMine);
        QVERIFY(!fields["variant:lj-500"].proposeMine);
        QCOMPARE(editor.titleEdit()->text(), QStringLiteral("Longjing (mine)"));  // kept

        // Keep my title (a click on its button) and my price; take their status and threshold.
        auto* mineTitle = merge->findChild<QRadioButton*>(QStringLiteral("merge_title_mine"));
        QVERIFY(mineTitle);
        QTest::mouseClick(mineTitle, Qt::LeftButton);
        QVERIFY(mineTitle->isChecked());
        QTest::mouseClick(merge->applyButton(), Qt::LeftButton);
        QVERIFY(!merge->isVisible());
        QCOMPARE(editor.titleEdit()->text(), QStringLiteral("Longjing (mine)"));
        QCOMPARE(editor.statusCombo()->currentData().toString(), QStringLiteral("archived"));
        QCOMPARE(cell(editor.variantsTable(), "LJ-500", 5)->text(), QStringLiteral("5"));

        QTest::mouseClick(editor.saveButton(), Qt::LeftButton);
        QTRY_COMPARE(patches.size(), 1);
        QCOMPARE(ifMatch, (QList<QByteArray>{"\"1\"", "\"2\""}));
        const QJsonObject body = patches.first();
        QCOMPARE(body.value("title").toString(), QStringLiteral("Longjing (mine)"));
        QVERIFY(!body.contains("status"));
        const QJsonArray changes = body.value("variants").toObject().value("change").toArray();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.at(0).toObject().value("sku").toString(), QStringLiteral("LJ-250"));
        QCOMPARE(changes.at(0).toObject().value("price_minor").toInteger(), qint64(5200));
        QCOMPARE(body.value("price_reason").toString(), QStringLiteral("new harvest"));
        QTRY_COMPARE(editor.product()->version, 3);
        QCOMPARE(editor.messageLine()->tone(), widgets::Theme::Tone::Success);
    }

    // Without catalog.price a price is not offered to change (a new variant's first price is);
    // without catalog.write nothing is offered to save.
    void permissions_hideWhatThePersonMayNotDo() {
        using P = protocol::Permission;
        {
            auto context = contextFor({P::CatalogRead, P::CatalogWrite});
            client::CatalogApi catalog(api.get());
            widgets::CategoryTree categories(&catalog);
            widgets::ProductEditor editor(context, &catalog, &categories);
            editor.show();
            editor.showProduct(7);
            QTRY_COMPARE(editor.productId(), qint64(7));
            QTableWidgetItem* price = cell(editor.variantsTable(), "LJ-250", 2);
            QVERIFY(!(price->flags() & Qt::ItemIsEditable));
            QVERIFY(cell(editor.variantsTable(), "LJ-250", 1)->flags() & Qt::ItemIsEditable);
            QVERIFY(!(cell(editor.variantsTable(), "LJ-250", 4)->flags() & Qt::ItemIsEditable));
            QVERIFY(editor.saveButton()->isVisible());
            QTest::mouseClick(child<QPushButton>(&editor, QStringLiteral("addVariantButton")),
                              Qt::LeftButton);
            const int added = editor.variantsTable()->rowCount() - 1;
            QVERIFY(editor.variantsTable()->item(added, 2)->flags() & Qt::ItemIsEditable);
        }
        {
            auto context = contextFor({P::CatalogRead});
            client::CatalogApi catalog(api.get());
            widgets::CategoryTree categories(&catalog);
            widgets::ProductEditor editor(context, &catalog, &categories);
            editor.show();
            editor.showProduct(7);
            QTRY_COMPARE(editor.productId(), qint64(7));
            QVERIFY(!editor.saveButton()->isVisible());
            QVERIFY(!editor.titleEdit()->isEnabled());
            QVERIFY(!child<QPushButton>(&editor, QStringLiteral("adjustStockButton"))->isVisible());
        }
    }

    // The page: the list under the model tester, the oversold chip in the query, the stock
    // cell of an oversold product in words.
    void page_listsProducts_andTheStockViewsFilter() {
        using P = protocol::Permission;
        auto context = contextFor({P::CatalogRead, P::CatalogWrite});
        widgets::CatalogPage page(context);
        QAbstractItemModelTester tester(page.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.show();
        QTRY_COMPARE(page.model()->itemRowCount(), 1);
        const QModelIndex stock = page.model()->index(0, client::ProductListModel::StockColumn);
        QCOMPARE(stock.data().toString(), QStringLiteral("11"));
        QCOMPARE(stock.data(client::ProductListModel::StockStateRole).toString(),
                 QStringLiteral("oversold"));
        const int before = server->requestCount();
        QTest::mouseClick(page.filterBar()->oversoldButton(), Qt::LeftButton);
        QTRY_VERIFY(server->requestCount() > before);
        bool asked = false;
        for (const auto& r : server->requests()) {
            asked = asked ||
                    (r.path.startsWith("/api/v1/products?") && r.path.contains("oversold=true"));
        }
        QVERIFY(asked);
    }
};

QTEST_MAIN(CatalogGuiTest)
#include "tst_catalog_gui.moc"
