// The catalog's virtual category editor against the real server and its live feed: a
// merchandiser builds "Tea under ¥100" from a rule as a person would, watches the debounced
// preview count and sample, saves it, and sees the count follow a price changed at another desk;
// a rule the server refuses is explained beside its condition; a stale save (412) is reapplied
// on their version without undoing their change, or discarded; a hand-picked one is made by
// search; a reader sees everything and can change nothing.
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "orderstestdata.h"
#include "services-client/catalog/productlistmodel.h"
#include "services-client/catalog/virtualcategories.h"
#include "services-client/feed/feedclient.h"
#include "testcluster.h"
#include "widgets/catalog/catalogpage.h"
#include "widgets/catalog/virtualcategoriestab.h"
#include "widgets/catalog/virtualcategoryeditor.h"
#include "widgets/common/conflictbanner.h"
#include "widgets/common/messageline.h"

using namespace opsdesk;
using namespace opsdesk::test;
using client::FeedClient;
using widgets::CatalogPage;
using widgets::VirtualCategoryEditor;

namespace {

constexpr int kWait = 10'000;

QByteArray json(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QStringList column(QTableWidget* table, int col) {
    QStringList out;
    for (int row = 0; row < table->rowCount(); ++row) {
        out << (table->item(row, col) ? table->item(row, col)->text() : QString());
    }
    return out;
}

}  // namespace

class CatalogRulesGuiServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    ServerProcess server;
    QTemporaryDir dir;
    QTemporaryDir settingsDir_;
    QString adminToken;
    qint64 tea = 0, greenTea = 0, teaware = 0;
    qint64 longjing = 0, biluochun = 0, puer = 0, teacup = 0;
    int seq = 0;

    struct Desk {
        SignedInClient client;
        std::unique_ptr<FeedClient> feed;
        std::unique_ptr<CatalogPage> page;
        widgets::VirtualCategoriesTab* tab = nullptr;
        VirtualCategoryEditor* editor = nullptr;
    };

    HttpResult admin(const QByteArray& method, const QString& path, const QJsonObject& body = {},
                     int version = 0) {
        QList<QPair<QByteArray, QByteArray>> headers{
            {"Authorization", "Bearer " + adminToken.toUtf8()},
            {"Content-Type", "application/json"}};
        if (version > 0) {
            headers.append({"If-Match", "\"" + QByteArray::number(version) + "\""});
        }
        return httpRequest(method, server.baseUrl().resolved(QUrl("/api/v1" + path)),
                           body.isEmpty() && method == "GET" ? QByteArray() : json(body), headers);
    }

    qint64 category(const QString& name, qint64 parent = 0) {
        QJsonObject body{{"name", name}};
        if (parent) {
            body.insert("parent_id", parent);
        }
        const auto r = admin("POST", "/categories", body);
        if (r.status != 201) {
            qWarning() << "category" << r.status << r.body;
        }
        return r.json().value("id").toInteger();
    }

    qint64 product(const QString& title, qint64 categoryId, const QString& sku, qint64 price) {
        const auto r = admin("POST", "/products",
                             {{"title", title},
                              {"status", "active"},
                              {"category_id", categoryId},
                              {"variants", QJsonArray{QJsonObject{{"sku", sku},
                                                                  {"title", "250 g"},
                                                                  {"price_minor", price},
                                                                  {"currency", "CNY"},
                                                                  {"stock", 10}}}}});
        if (r.status != 201) {
            qWarning() << "product" << r.status << r.body;
        }
        return r.json().value("id").toInteger();
    }

    // Another desk changes a product's price: a PATCH on the version it read.
    bool reprice(qint64 id, const QString& sku, qint64 price) {
        const auto current = admin("GET", QStringLiteral("/products/%1").arg(id));
        const auto r = admin(
            "PATCH", QStringLiteral("/products/%1").arg(id),
            {{"variants", QJsonObject{{"change", QJsonArray{QJsonObject{{"sku", sku},
                                                                        {"price_minor", price}}}}}},
             {"price_reason", "weekly review"}},
            current.json().value("version").toInt());
        if (r.status != 200) {
            qWarning() << "reprice" << r.status << r.body;
        }
        return r.status == 200;
    }

    std::unique_ptr<Desk> openDesk(const QString& user) {
        auto d = std::make_unique<Desk>();
        if (!d->client.signIn(server.baseUrl(), user)) {
            return nullptr;
        }
        d->feed = std::make_unique<FeedClient>(&d->client.api, &d->client.session);
        d->feed->setStore(std::make_shared<QSettings>(
            dir.filePath(QStringLiteral("%1-%2.ini").arg(user).arg(++seq)), QSettings::IniFormat));
        d->feed->setTopics(FeedClient::topicsFor(d->client.session.user().permissions));
        widgets::ModuleContext context{&d->client.api, &d->client.session, {}, d->feed.get()};
        d->page = std::make_unique<CatalogPage>(context);
        d->page->resize(1400, 860);
        d->page->show();
        d->tab = d->page->virtualCategoriesTab();
        d->editor = d->tab->editor();
        d->page->tabs()->setCurrentWidget(d->tab);
        d->tab->setSearchDelay(std::chrono::milliseconds(50));
        d->feed->start();
        return d;
    }

    // Picks the entry whose data is `id` with the keyboard, as a person would.
    static bool choose(QComboBox* combo, const QVariant& id) {
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < combo->count() && combo->currentData() != id; ++i) {
            QTest::keyClick(combo, Qt::Key_Down);
        }
        return combo->currentData() == id;
    }

    static void typeInto(QLineEdit* edit, const QString& text) {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
    }

    // With OPSDESK_SCREENSHOT_DIR set, what a person would see, for looking at by eye.
    static void shot(Desk& d, const QString& name) {
        const QString where = qEnvironmentVariable("OPSDESK_SCREENSHOT_DIR");
        if (!where.isEmpty()) {
            d.page->grab().save(QStringLiteral("%1/cat-vcat-%2.png").arg(where, name));
        }
    }

    static QString countText(Desk& d) { return d.editor->previewCountLabel()->text(); }

    static bool settled(Desk& d) { return !d.editor->isPreviewPending(); }

    static QList<qint64> sorted(QList<qint64> ids) {
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    qint64 makeRule(const QString& name, const QJsonObject& rule) {
        const auto r = admin("POST", "/virtual-categories",
                             {{"name", name}, {"kind", "rule"}, {"rule", rule}});
        if (r.status != 201) {
            qWarning() << "virtual category" << r.status << r.body;
        }
        return r.json().value("id").toInteger();
    }

    void openRow(Desk& d, qint64 id) {
        auto* model = d.tab->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOfId(id) >= 0, kWait);
        QTableView* table = d.tab->table();
        const QRect rect = table->visualRect(model->index(model->rowOfId(id), 0));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
        QTRY_VERIFY_WITH_TIMEOUT(d.editor->category() && d.editor->category()->id == id, kWait);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir.isValid());
        QVERIFY(settingsDir_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk")).clear();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        const QString url = cluster.createDatabase(QStringLiteral("catalog_rules_gui"));
        QVERIFY2(startOrdersServer(
                     server, url,
                     {{"admin", "admin"}, {"merch", "merchandiser"}, {"agent", "support_agent"}},
                     &error),
                 qPrintable(error));
        adminToken = tokenFor(server, "admin");
        QVERIFY(!adminToken.isEmpty());
        tea = category("Tea");
        greenTea = category("Green tea", tea);
        teaware = category("Teaware");
        QVERIFY(tea && greenTea && teaware);
        longjing = product("Longjing", greenTea, "LJ-250", 8800);
        biluochun = product("Biluochun", greenTea, "BLC-250", 12000);
        puer = product("Pu'er cake", tea, "PE-357", 15000);
        teacup = product("Celadon teacup", teaware, "CUP-1", 3000);
        QVERIFY(longjing && biluochun && puer && teacup);
    }

    void cleanupTestCase() {
        QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk")).clear();
    }

    void merchandiser_buildsTeaUnder100_andTheCountFollowsThePrices() {
        auto d = openDesk("merch");
        QVERIFY(d);
        VirtualCategoryEditor* e = d->editor;
        QTRY_COMPARE_WITH_TIMEOUT(d->feed->state(), FeedClient::State::Live, kWait);
        QVERIFY(d->tab->newButton()->isVisible());
        QTest::mouseClick(d->tab->newButton(), Qt::LeftButton);
        QVERIFY(e->isOpen());
        // An empty rule is every product.
        QTRY_COMPARE_WITH_TIMEOUT(countText(*d), QStringLiteral("4 products"), kWait);

        QTest::keyClicks(e->nameEdit(), QStringLiteral("Tea under ¥100"));
        QTRY_VERIFY_WITH_TIMEOUT(e->categoryCombo()->count() == 4, kWait);  // "Any" and three
        QVERIFY(choose(e->categoryCombo(), tea));
        QVERIFY(e->includeSubcategoriesBox()->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(settled(*d) && countText(*d) == "3 products", kWait);

        // Typing the price: one preview for the whole of it, not one a key.
        const int sent = e->previewRequestsSent();
        QCOMPARE(e->currencyCombo()->currentText(), QStringLiteral("CNY"));
        QTest::keyClicks(e->maxPriceEdit(), QStringLiteral("100"));
        QTRY_VERIFY_WITH_TIMEOUT(settled(*d) && countText(*d) == "1 product", kWait);
        QCOMPARE(e->previewRequestsSent(), sent + 1);
        QCOMPARE(column(e->sampleTable(), 0), QStringList{"Longjing"});
        QCOMPARE(column(e->sampleTable(), 1), QStringList{"LJ-250"});
        QCOMPARE(column(e->sampleTable(), 2), QStringList{"¥88.00"});
        shot(*d, "builder");
        const auto rule = e->builtRule();
        QVERIFY(rule);
        QCOMPARE(rule->toJson(), (QJsonObject{{"category_id", tea},
                                              {"include_descendants", true},
                                              {"max_price_minor", 10000},
                                              {"currency", "CNY"}}));

        // Only subcategories of Tea when unticked: the Pu'er sits in Tea itself.
        typeInto(e->maxPriceEdit(), QStringLiteral("10,000"));
        QTRY_VERIFY_WITH_TIMEOUT(settled(*d) && countText(*d) == "3 products", kWait);
        QTest::mouseClick(e->includeSubcategoriesBox(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(settled(*d) && countText(*d) == "1 product", kWait);
        QCOMPARE(column(e->sampleTable(), 0), QStringList{"Pu'er cake"});
        QTest::mouseClick(e->includeSubcategoriesBox(), Qt::LeftButton);
        typeInto(e->maxPriceEdit(), QStringLiteral("100.00"));
        QTRY_VERIFY_WITH_TIMEOUT(settled(*d) && countText(*d) == "1 product", kWait);

        QTest::mouseClick(e->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(e->category().has_value() && !e->isSaving(), kWait);
        QCOMPARE(e->messageLine()->tone(), widgets::Theme::Tone::Success);
        const qint64 id = e->category()->id;
        const auto stored = admin("GET", QStringLiteral("/virtual-categories/%1").arg(id));
        QCOMPARE(stored.json().value("name").toString(), QStringLiteral("Tea under ¥100"));
        QCOMPARE(stored.json().value("rule").toObject().value("max_price_minor").toInteger(),
                 10000);
        QVERIFY(!e->ruleKindButton()->isEnabled());  // the kind is fixed once saved
        QVERIFY(!e->isDirty());
        QTRY_VERIFY_WITH_TIMEOUT(d->tab->model()->rowOfId(id) >= 0, kWait);
        QCOMPARE(
            d->tab->model()
                ->index(d->tab->model()->rowOfId(id), client::VirtualCategoryListModel::KindColumn)
                .data()
                .toString(),
            QStringLiteral("By rule"));

        // Another desk lowers the Biluochun under ¥100: the feed brings the change and the
        // count follows without anyone touching the editor.
        const int beforeFeed = e->previewRequestsSent();
        QVERIFY(reprice(biluochun, "BLC-250", 9500));
        QTRY_COMPARE_WITH_TIMEOUT(countText(*d), QStringLiteral("2 products"), kWait);
        QVERIFY(e->previewRequestsSent() > beforeFeed);
        QVERIFY(column(e->sampleTable(), 0).contains("Biluochun"));
        QVERIFY(column(e->sampleTable(), 2).contains("¥95.00"));
        // …and back above it.
        QVERIFY(reprice(longjing, "LJ-250", 10500));
        QTRY_COMPARE_WITH_TIMEOUT(countText(*d), QStringLiteral("1 product"), kWait);
        QCOMPARE(column(e->sampleTable(), 0), QStringList{"Biluochun"});

        // "Show products": the product list, filtered by the virtual category.
        QVERIFY(e->showProductsButton()->isEnabled());
        QTest::mouseClick(e->showProductsButton(), Qt::LeftButton);
        QCOMPARE(d->page->tabs()->currentIndex(), 0);
        QCOMPARE(d->page->model()->filter().virtualCategoryId, std::optional<qint64>(id));
        QTRY_VERIFY_WITH_TIMEOUT(
            !d->page->model()->isLoading() && d->page->model()->itemRowCount() == 1, kWait);
        QCOMPARE(d->page->model()->itemAt(0)->id, biluochun);
        QCOMPARE(d->page->findChild<QLabel*>("catalogStatusLabel")->text(),
                 CatalogPage::virtualFilterNote());
        QVERIFY(reprice(longjing, "LJ-250", 8800));  // as the other tests expect it
        d->feed->stop();
    }

    void rule_theServerRefuses_isExplainedBesideItsCondition() {
        auto d = openDesk("merch");
        QVERIFY(d);
        VirtualCategoryEditor* e = d->editor;
        QTest::mouseClick(d->tab->newButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(countText(*d), QStringLiteral("4 products"), kWait);

        // An amount the currency cannot hold is caught here, beside the price; nothing is asked.
        const int sent = e->previewRequestsSent();
        QTest::keyClicks(e->maxPriceEdit(), QStringLiteral("12.345"));
        QLabel* priceError = e->fieldError("rule.max_price_minor");
        QTRY_VERIFY_WITH_TIMEOUT(priceError->isVisible(), kWait);
        QVERIFY2(priceError->text().contains("CNY"), qPrintable(priceError->text()));
        QCOMPARE(e->previewRequestsSent(), sent);
        QCOMPARE(e->maxPriceEdit()->text(), QStringLiteral("12.345"));  // what was typed stays
        typeInto(e->maxPriceEdit(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(!priceError->isVisible() && settled(*d), kWait);

        // 21 tags: the server refuses the rule (422, rule.tags_any) and says so beside the tags.
        QStringList many;
        for (int i = 1; i <= 21; ++i) {
            many << QStringLiteral("t%1").arg(i);
        }
        QTest::keyClicks(e->tagsEdit(), many.join(", "));
        QLabel* tagsError = e->fieldError("rule.tags_any");
        QTRY_VERIFY_WITH_TIMEOUT(tagsError->isVisible(), kWait);
        QCOMPARE(tagsError->text(),
                 QStringLiteral("At most 20 different tags of up to 100 characters each."));
        QCOMPARE(tagsError->parentWidget(), e->tagsEdit()->parentWidget());
        // The count of the rule before would mislead beside a refused one.
        QCOMPARE(countText(*d), QStringLiteral("—"));
        QVERIFY(!e->sampleTable()->isVisible());
        QVERIFY(!e->fieldError("rule.currency")->isVisible());
        shot(*d, "refused");
        // The save is refused the same way, nothing is saved, and the form keeps every tag.
        QTest::keyClicks(e->nameEdit(), QStringLiteral("Too many tags"));
        QTest::mouseClick(e->saveButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(e->messageLine()->tone(), widgets::Theme::Tone::Error, kWait);
        QVERIFY(!e->category());
        QVERIFY(tagsError->isVisible());
        QCOMPARE(e->tagsEdit()->text(), many.join(", "));
        QCOMPARE(admin("GET", "/virtual-categories?q=Too").json().value("items").toArray().size(),
                 0);
        // Twenty are fine.
        typeInto(e->tagsEdit(), many.mid(0, 20).join(", "));
        QTRY_VERIFY_WITH_TIMEOUT(settled(*d) && !tagsError->isVisible(), kWait);
        QCOMPARE(countText(*d), QStringLiteral("No products"));
    }

    void staleSave_isReappliedOnTheirVersion_orDiscarded() {
        const qint64 id = makeRule("Green tea", {{"category_id", greenTea}});
        QVERIFY(id);
        auto d = openDesk("merch");
        QVERIFY(d);
        VirtualCategoryEditor* e = d->editor;
        openRow(*d, id);
        QTRY_COMPARE_WITH_TIMEOUT(countText(*d), QStringLiteral("2 products"), kWait);
        const int seen = e->category()->version;

        // I rename it; meanwhile someone else narrows its rule to in-stock products under ¥200.
        typeInto(e->nameEdit(), QStringLiteral("Green teas"));
        QCOMPARE(admin("PATCH", QStringLiteral("/virtual-categories/%1").arg(id),
                       {{"rule", QJsonObject{{"category_id", greenTea},
                                             {"max_price_minor", 20000},
                                             {"currency", "CNY"}}}},
                       seen)
                     .status,
                 200);
        QTest::mouseClick(e->saveButton(), Qt::LeftButton);
        widgets::ConflictBanner* banner = e->conflictBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kWait);
        QCOMPARE(banner->kind(), widgets::ConflictBanner::Kind::Stale);
        QCOMPARE(banner->changes().size(), 1);
        QCOMPARE(banner->changes().first().field, QStringLiteral("Rule"));
        QCOMPARE(banner->changes().first().saw, QStringLiteral("in Tea › Green tea or below"));
        QCOMPARE(banner->changes().first().now,
                 QStringLiteral("in Tea › Green tea or below; priced up to ¥200.00"));
        QCOMPARE(e->nameEdit()->text(), QStringLiteral("Green teas"));  // mine is still here
        shot(*d, "stale");

        // Reapply: my name on their version, their rule kept.
        QTest::mouseClick(banner->reapplyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible() && !e->isSaving() &&
                                     e->messageLine()->tone() == widgets::Theme::Tone::Success,
                                 kWait);
        auto stored = admin("GET", QStringLiteral("/virtual-categories/%1").arg(id)).json();
        QCOMPARE(stored.value("name").toString(), QStringLiteral("Green teas"));
        QCOMPARE(stored.value("rule").toObject().value("max_price_minor").toInteger(), 20000);
        QCOMPARE(stored.value("version").toInt(), seen + 2);
        QCOMPARE(e->maxPriceEdit()->text(), QStringLiteral("200.00"));

        // Again, and this time I drop mine and take theirs.
        QTest::mouseClick(e->statusBox("active"), Qt::LeftButton);
        QCOMPARE(admin("PATCH", QStringLiteral("/virtual-categories/%1").arg(id),
                       {{"name", "Green tea (all)"}}, stored.value("version").toInt())
                     .status,
                 200);
        QTest::mouseClick(e->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kWait);
        QCOMPARE(banner->changes().first().field, QStringLiteral("Name"));
        QTest::mouseClick(banner->discardButton(), Qt::LeftButton);
        QTRY_VERIFY(!banner->isVisible());
        QCOMPARE(e->nameEdit()->text(), QStringLiteral("Green tea (all)"));
        QVERIFY(!e->statusBox("active")->isChecked());
        QVERIFY(!e->isDirty());
        stored = admin("GET", QStringLiteral("/virtual-categories/%1").arg(id)).json();
        QVERIFY(!stored.value("rule").toObject().contains("status"));
    }

    void handPicked_productsFoundBySearch_areSaved() {
        auto d = openDesk("merch");
        QVERIFY(d);
        VirtualCategoryEditor* e = d->editor;
        QTest::mouseClick(d->tab->newButton(), Qt::LeftButton);
        QTest::keyClicks(e->nameEdit(), QStringLiteral("Staff picks"));
        QTest::mouseClick(e->manualKindButton(), Qt::LeftButton);
        QVERIFY(e->productSearchEdit()->isVisible());
        QTest::keyClicks(e->productSearchEdit(), QStringLiteral("teacup"));
        QTest::keyClick(e->productSearchEdit(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(e->productResults()->count(), 1, kWait);
        e->productResults()->item(0)->setSelected(true);
        QTest::mouseClick(e->addProductButton(), Qt::LeftButton);
        typeInto(e->productSearchEdit(), QStringLiteral("LJ-250"));
        QTest::keyClick(e->productSearchEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(e->productResults()->count() == 1 &&
                                     e->productResults()->item(0)->text().startsWith("Longjing"),
                                 kWait);
        e->productResults()->item(0)->setSelected(true);
        QTest::mouseClick(e->addProductButton(), Qt::LeftButton);
        QTest::mouseClick(e->addProductButton(), Qt::LeftButton);  // twice is still once
        QCOMPARE(e->membersList()->count(), 2);
        QTest::mouseClick(e->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(e->category().has_value() && !e->isSaving(), kWait);
        QCOMPARE(sorted(e->category()->productIds), sorted({teacup, longjing}));
        QVERIFY(!e->manualKindButton()->isEnabled());
    }

    void reader_seesTheRuleAndItsCount_butCannotChangeIt() {
        const qint64 id = makeRule("Teaware", {{"category_id", teaware}, {"in_stock", true}});
        QVERIFY(id);
        auto d = openDesk("agent");
        QVERIFY(d);
        VirtualCategoryEditor* e = d->editor;
        QVERIFY(!d->tab->newButton()->isVisible());
        openRow(*d, id);
        QTRY_COMPARE_WITH_TIMEOUT(countText(*d), QStringLiteral("1 product"), kWait);
        QCOMPARE(column(e->sampleTable(), 0), QStringList{"Celadon teacup"});
        QCOMPARE(e->stockCombo()->currentText(), QStringLiteral("In stock"));
        QVERIFY(e->nameEdit()->isReadOnly());
        QVERIFY(!e->categoryCombo()->isEnabled());
        QVERIFY(!e->maxPriceEdit()->isEnabled());
        QVERIFY(!e->ruleKindButton()->isEnabled());
        QVERIFY(!e->saveButton()->isVisible());
        QVERIFY(!e->revertButton()->isVisible());
        QVERIFY(e->showProductsButton()->isEnabled());
        QVERIFY(d->tab->findChild<QLabel*>("virtualCategoriesHint")->text().contains("permission"));
        shot(*d, "reader");
    }
};

QTEST_MAIN(CatalogRulesGuiServerTest)
#include "tst_catalog_rules_gui_server.moc"
