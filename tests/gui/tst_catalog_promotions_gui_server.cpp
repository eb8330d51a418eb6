// The catalog's Promotions tab against the real server: a promotion made through the editor's
// widgets as a person would, a second one on a same SKU at the same time listed as its overlap
// and drawn as an overlapping stretch on the timeline, a click on a bar opening that promotion,
// a flash sale whose stock moves on the open editor as the storefront claims it (through the
// real live feed), a refused target shown beside its field with nothing lost, ending a
// promotion after the question, and a reader who sees everything and may change nothing.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "orderstestdata.h"
#include "services-client/catalog/promotions.h"
#include "services-client/feed/feedclient.h"
#include "testcluster.h"
#include "widgets/catalog/catalogpage.h"
#include "widgets/catalog/promotioneditor.h"
#include "widgets/catalog/promotionstab.h"
#include "widgets/catalog/promotiontimeline.h"
#include "widgets/common/conflictbanner.h"
#include "widgets/common/messageline.h"

using namespace opsdesk;
using namespace opsdesk::test;
using client::FeedClient;
using client::Promotion;
using widgets::CatalogPage;
using widgets::PromotionEditor;
using widgets::PromotionsTab;
using widgets::PromotionTimeline;

class CatalogPromotionsGuiServerTest : public QObject {
    Q_OBJECT

private:
    TestCluster cluster;
    ServerProcess server;
    QTemporaryDir dir;
    int claims = 0;

    struct Desk {
        SignedInClient client;
        std::unique_ptr<FeedClient> feed;
        std::unique_ptr<CatalogPage> page;
        // The promotions list checked by Qt's tester through every change the test makes.
        std::unique_ptr<QAbstractItemModelTester> tester;
        PromotionsTab* tab = nullptr;
        PromotionEditor* editor() const { return tab->editor(); }
    };

    // The catalog page as a person has it after signing in, on its Promotions tab, with the
    // live feed when `live`.
    std::unique_ptr<Desk> open(const QString& user, bool live = false) {
        auto d = std::make_unique<Desk>();
        if (!d->client.signIn(server.baseUrl(), user)) {
            return nullptr;
        }
        widgets::ModuleContext context{&d->client.api, &d->client.session};
        if (live) {
            d->feed = std::make_unique<FeedClient>(&d->client.api, &d->client.session);
            d->feed->setStore(
                std::make_shared<QSettings>(dir.filePath(user + ".ini"), QSettings::IniFormat));
            d->feed->setTopics(FeedClient::topicsFor(d->client.session.user().permissions));
            context.feed = d->feed.get();
        }
        d->page = std::make_unique<CatalogPage>(context);
        d->tab = d->page->promotionsTab();
        if (!d->tab) {
            return nullptr;
        }
        d->tester = std::make_unique<QAbstractItemModelTester>(
            d->tab->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        d->page->tabs()->setCurrentWidget(d->tab);
        d->tab->setSearchDelay(std::chrono::milliseconds(0));
        d->page->resize(1500, 960);
        d->page->show();
        d->editor()->setConfirmer([](const QString&) { return true; });
        if (d->feed) {
            d->feed->start();
        }
        return d;
    }

    HttpResult asAdmin(const QByteArray& method, const QString& path,
                       const QJsonObject& body = {}) {
        const QString token = tokenFor(server, "admin");
        return httpRequest(
            method, server.baseUrl().resolved(QUrl("/api/v1" + path)),
            body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(),
            {{"Authorization", "Bearer " + token.toUtf8()}, {"Content-Type", "application/json"}});
    }

    HttpResult claim(qint64 promotion, const QString& sku, const QString& customer, int qty) {
        const QJsonObject body{{"sku", sku}, {"customer_external_id", customer}, {"quantity", qty}};
        return httpRequest(
            "POST",
            server.baseUrl().resolved(
                QUrl(QString("/api/v1/storefront/flash-sales/%1/claims").arg(promotion))),
            QJsonDocument(body).toJson(),
            {{"X-Api-Key", kOrdersServiceKey},
             {"Idempotency-Key", QByteArray("promo-gui-claim-") + QByteArray::number(++claims)},
             {"Content-Type", "application/json"}});
    }

    static QDateTime wholeSecond(const QDateTime& t) {
        return QDateTime::fromSecsSinceEpoch(t.toSecsSinceEpoch(), Qt::UTC);
    }

    // Fills the editor's form as a person would: name and SKUs typed, the kind chosen, the
    // times set in local time.
    void fillNew(Desk& d, const QString& name, const QString& kind, const QDateTime& starts,
                 const QDateTime& ends, const QString& skus) {
        QTest::mouseClick(d.tab->newButton(), Qt::LeftButton);
        PromotionEditor* e = d.editor();
        QVERIFY(e->isCreating());
        e->nameEdit()->clear();
        QTest::keyClicks(e->nameEdit(), name);
        e->kindCombo()->setCurrentIndex(e->kindCombo()->findData(kind));
        e->startsEdit()->setDateTime(starts.toLocalTime());
        e->endsEdit()->setDateTime(ends.toLocalTime());
        QTest::keyClicks(e->skusEdit(), skus);
    }

    // Saves and waits for the answer; the promotion as the editor now has it.
    std::optional<Promotion> saveAndWait(Desk& d) {
        PromotionEditor* e = d.editor();
        if (!e->saveButton()->isEnabled()) {
            return std::nullopt;
        }
        QTest::mouseClick(e->saveButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([e] { return !e->isCreating() && e->promotion(); }, 15000)) {
            return std::nullopt;
        }
        return e->promotion();
    }

private slots:
    void initTestCase() {
        QVERIFY(dir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QString error;
        QVERIFY2(TestCluster::load(&cluster, &error), qPrintable(error));
        const QString url = cluster.createDatabase(QStringLiteral("catalog_promotions_gui"));
        QVERIFY2(
            startOrdersServer(server, url, {{"admin", "admin"}, {"reader", "analyst"}}, &error),
            qPrintable(error));
        // The products the promotions are on, seeded through the API.
        for (const auto& [title, sku] :
             QList<std::pair<QString, QString>>{{"Longjing green tea, 250 g", "PROMO-LJ"},
                                                {"Biluochun, 100 g", "PROMO-BLC"},
                                                {"Gaiwan, white porcelain", "PROMO-GW"}}) {
            const auto r = asAdmin(
                "POST", "/products",
                {{"title", title},
                 {"status", "active"},
                 {"variants",
                  QJsonArray{QJsonObject{
                      {"sku", sku}, {"price_minor", 12800}, {"currency", "CNY"}, {"stock", 40}}}}});
            QVERIFY2(r.status == 201, r.body.constData());
        }
    }

    void admin_createsTwoOverlapping_overlapListed_andOnTheTimeline() {
        auto d = open("admin");
        QVERIFY(d);
        const QDateTime now = wholeSecond(QDateTime::currentDateTimeUtc());
        const QDateTime firstStart = now.addSecs(3600);
        const QDateTime firstEnd = now.addSecs(26 * 3600);
        fillNew(*d, "Green tea week", Promotion::kPercent, firstStart, firstEnd, "PROMO-LJ");
        d->editor()->percentSpin()->setValue(15);
        auto first = saveAndWait(*d);
        QVERIFY(first);
        QCOMPARE(first->name, QStringLiteral("Green tea week"));
        QCOMPARE(first->percent, std::optional<int>(15));
        QCOMPARE(first->startsAt, firstStart);  // local time on screen, to the second on the wire
        QCOMPARE(first->endsAt, firstEnd);
        QCOMPARE(first->targets.skus, QStringList{"PROMO-LJ"});
        QVERIFY(first->overlaps && first->overlaps->isEmpty());
        QVERIFY(!d->editor()->overlapsTable()->isVisible());
        // The server has what the form said.
        const auto stored = asAdmin("GET", QString("/promotions/%1").arg(first->id));
        QCOMPARE(stored.json().value("percent").toInt(), 15);
        QCOMPARE(stored.json().value("starts_at").toString(), firstStart.toString(Qt::ISODate));

        // A second one on a same SKU at the same time: an amount off, typed in yuan.
        const QDateTime secondStart = now.addSecs(2 * 3600);
        const QDateTime secondEnd = now.addSecs(5 * 3600);
        fillNew(*d, "Tea and gaiwan bundle", Promotion::kAmount, secondStart, secondEnd,
                "PROMO-GW, promo-lj");
        QTest::keyClicks(d->editor()->amountEdit(), "5.50");
        d->editor()->prioritySpin()->setValue(3);
        auto second = saveAndWait(*d);
        QVERIFY(second);
        QCOMPARE(second->amountMinor, std::optional<qint64>(550));
        QCOMPARE(second->priority, 3);
        QVERIFY(second->overlaps);
        QCOMPARE(second->overlaps->size(), 1);
        QCOMPARE(second->overlaps->first().id, first->id);

        // Listed after the save, highlighted, with the shared SKU.
        QTableWidget* overlaps = d->editor()->overlapsTable();
        QVERIFY(overlaps->isVisible());
        QCOMPARE(overlaps->rowCount(), 1);
        QCOMPARE(overlaps->item(0, 0)->text(), QStringLiteral("Green tea week"));
        QCOMPARE(overlaps->item(0, 3)->text(), QStringLiteral("PROMO-LJ"));
        QVERIFY(overlaps->item(0, 0)->background().color().isValid());
        QCOMPARE(d->editor()->messageLine()->tone(), widgets::Theme::Tone::Warning);

        // The timeline of the edited promotion's SKUs: both bars, one overlapping stretch
        // exactly where both are in force.
        PromotionTimeline* timeline = d->tab->timeline();
        QTRY_VERIFY_WITH_TIMEOUT(!timeline->isLoading() && timeline->bars().size() == 2, 10000);
        QCOMPARE(timeline->skus(),
                 (QStringList{"PROMO-GW", "PROMO-LJ"}));  // as the server spells them
        QCOMPARE(timeline->overlaps().size(), 1);
        const auto& stretch = timeline->overlaps().first();
        QCOMPARE(stretch.start, secondStart);
        QCOMPARE(stretch.end, secondEnd);
        QCOMPARE(stretch.ids, (QList<qint64>{first->id, second->id}));
        for (const auto& bar : timeline->bars()) {
            QVERIFY(bar.overlaps);
        }

        // A SKU typed above the timeline: only what applies to it.
        QTest::keyClicks(d->tab->timelineSkuEdit(), "PROMO-GW");
        QTRY_VERIFY_WITH_TIMEOUT(timeline->skus() == QStringList{"PROMO-GW"} &&
                                     !timeline->isLoading() && timeline->bars().size() == 1,
                                 10000);
        QVERIFY(timeline->overlaps().isEmpty());
        d->tab->timelineSkuEdit()->clear();
        QTRY_VERIFY_WITH_TIMEOUT(!timeline->isLoading() && timeline->bars().size() == 2, 10000);

        d->page->grab().save("/tmp/cat-promo.png");

        // A click on the first one's bar opens it.
        int firstBar = -1;
        for (int i = 0; i < timeline->bars().size(); ++i) {
            if (timeline->bars()[i].id == first->id) {
                firstBar = i;
            }
        }
        QVERIFY(firstBar >= 0);
        QTest::mouseClick(timeline, Qt::LeftButton, {}, timeline->barRect(firstBar).center());
        QTRY_COMPARE_WITH_TIMEOUT(d->editor()->promotionId(), first->id, 10000);
        QCOMPARE(d->editor()->nameEdit()->text(), QStringLiteral("Green tea week"));
        // Opened again, it knows its overlap too.
        QTRY_COMPARE_WITH_TIMEOUT(d->editor()->overlapsTable()->rowCount(), 1, 10000);
        QCOMPARE(d->editor()->overlapsTable()->item(0, 0)->text(),
                 QStringLiteral("Tea and gaiwan bundle"));
        // And the list has both, latest start first.
        QTRY_VERIFY_WITH_TIMEOUT(d->tab->model()->itemRowCount() >= 2, 10000);
    }

    // A promotion on a virtual category names no SKU: its timeline shows the SKUs it shares
    // with the promotions it overlaps, both bars and the stretch where they meet.
    void categoryPromotion_timelineShowsTheSkusItShares() {
        const auto found = asAdmin("GET", "/products?q=PROMO-BLC");
        const qint64 productId =
            found.json().value("items").toArray().at(0).toObject().value("id").toInteger();
        QVERIFY(productId > 0);
        const auto group = asAdmin(
            "POST", "/virtual-categories",
            {{"name", "Spring picks"}, {"kind", "manual"}, {"product_ids", QJsonArray{productId}}});
        QVERIFY2(group.status == 201, group.body.constData());
        const qint64 groupId = group.json().value("id").toInteger();
        const QDateTime now = wholeSecond(QDateTime::currentDateTimeUtc());
        const auto onSku = asAdmin("POST", "/promotions",
                                   {{"name", "Biluochun day"},
                                    {"kind", "percent"},
                                    {"percent", 10},
                                    {"starts_at", now.addSecs(3600).toString(Qt::ISODate)},
                                    {"ends_at", now.addSecs(4 * 3600).toString(Qt::ISODate)},
                                    {"targets", QJsonObject{{"skus", QJsonArray{"PROMO-BLC"}}}}});
        QVERIFY2(onSku.status == 201, onSku.body.constData());
        const auto onGroup =
            asAdmin("POST", "/promotions",
                    {{"name", "Spring picks week"},
                     {"kind", "percent"},
                     {"percent", 5},
                     {"starts_at", now.addSecs(2 * 3600).toString(Qt::ISODate)},
                     {"ends_at", now.addSecs(30 * 3600).toString(Qt::ISODate)},
                     {"targets", QJsonObject{{"virtual_category_ids", QJsonArray{groupId}}}}});
        QVERIFY2(onGroup.status == 201, onGroup.body.constData());

        auto d = open("admin");
        QVERIFY(d);
        d->editor()->showPromotion(onGroup.json().value("id").toInteger());
        PromotionTimeline* timeline = d->tab->timeline();
        QTRY_VERIFY_WITH_TIMEOUT(timeline->skus() == QStringList{"PROMO-BLC"} &&
                                     !timeline->isLoading() && timeline->bars().size() == 2,
                                 10000);
        QCOMPARE(timeline->overlaps().size(), 1);
        QCOMPARE(timeline->overlaps().first().start, now.addSecs(2 * 3600));
        QCOMPARE(timeline->overlaps().first().end, now.addSecs(4 * 3600));
    }

    // Someone else renames the promotion while it is open; my change of priority meets 412.
    // The banner lists their change; reapplying saves my priority on their version and keeps
    // their name (only what I changed is sent again).
    void staleSave_reapplyKeepsTheirChange_andMine() {
        const QDateTime now = wholeSecond(QDateTime::currentDateTimeUtc());
        const auto made = asAdmin("POST", "/promotions",
                                  {{"name", "Gaiwan weekend"},
                                   {"kind", "percent"},
                                   {"percent", 20},
                                   {"starts_at", now.addSecs(3 * 24 * 3600).toString(Qt::ISODate)},
                                   {"ends_at", now.addSecs(4 * 24 * 3600).toString(Qt::ISODate)},
                                   {"targets", QJsonObject{{"skus", QJsonArray{"PROMO-GW"}}}}});
        QVERIFY2(made.status == 201, made.body.constData());
        const qint64 id = made.json().value("id").toInteger();

        auto d = open("admin");
        QVERIFY(d);
        d->editor()->showPromotion(id);
        QTRY_COMPARE_WITH_TIMEOUT(d->editor()->promotionId(), id, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(d->editor()->nameEdit()->text(), QStringLiteral("Gaiwan weekend"),
                                  10000);

        // Elsewhere, with the version this desk opened.
        const QString token = tokenFor(server, "admin");
        const auto renamed = httpRequest(
            "PATCH", server.baseUrl().resolved(QUrl(QString("/api/v1/promotions/%1").arg(id))),
            QJsonDocument(QJsonObject{{"name", "Gaiwan long weekend"}}).toJson(),
            {{"Authorization", "Bearer " + token.toUtf8()},
             {"Content-Type", "application/json"},
             {"If-Match", "\"" + QByteArray::number(made.json().value("version").toInt()) + "\""}});
        QVERIFY2(renamed.status == 200, renamed.body.constData());

        d->editor()->prioritySpin()->setValue(7);
        QVERIFY(d->editor()->saveButton()->isEnabled());
        QTest::mouseClick(d->editor()->saveButton(), Qt::LeftButton);
        widgets::ConflictBanner* banner = d->editor()->conflictBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->kind() == widgets::ConflictBanner::Kind::Stale, 10000);
        QVERIFY(banner->text().contains(QStringLiteral("Gaiwan long weekend")));
        QVERIFY(banner->reapplyButton()->isVisible());
        QTest::mouseClick(banner->reapplyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(banner->kind() == widgets::ConflictBanner::Kind::None &&
                                     d->editor()->promotion() &&
                                     d->editor()->promotion()->priority == 7,
                                 10000);
        const auto stored = asAdmin("GET", QString("/promotions/%1").arg(id)).json();
        QCOMPARE(stored.value("name").toString(), QStringLiteral("Gaiwan long weekend"));
        QCOMPARE(stored.value("priority").toInt(), 7);
        QCOMPARE(d->editor()->nameEdit()->text(), QStringLiteral("Gaiwan long weekend"));
    }

    void unknownSku_refusedBesideItsField_nothingLost() {
        auto d = open("admin");
        QVERIFY(d);
        const QDateTime now = wholeSecond(QDateTime::currentDateTimeUtc());
        const int before = asAdmin("GET", "/promotions?limit=100").json()["items"].toArray().size();
        fillNew(*d, "Typo sale", Promotion::kPercent, now.addSecs(3600), now.addSecs(7200),
                "PROMO-LJ NO-SUCH-SKU");
        QTest::mouseClick(d->editor()->saveButton(), Qt::LeftButton);
        QLabel* error = d->editor()->fieldError("targets.skus");
        QVERIFY(error);
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 10000);
        QVERIFY2(error->text().contains("NO-SUCH-SKU", Qt::CaseInsensitive),
                 qPrintable(error->text()));
        QCOMPARE(d->editor()->messageLine()->tone(), widgets::Theme::Tone::Error);
        // Nothing written, nothing lost: the form still holds what was typed.
        QVERIFY(d->editor()->isCreating());
        QCOMPARE(d->editor()->nameEdit()->text(), QStringLiteral("Typo sale"));
        QCOMPARE(d->editor()->typedSkus(), (QStringList{"PROMO-LJ", "NO-SUCH-SKU"}));
        QCOMPARE(asAdmin("GET", "/promotions?limit=100").json()["items"].toArray().size(), before);

        // Corrected, it saves and the error goes.
        d->editor()->skusEdit()->setPlainText("PROMO-LJ");
        auto saved = saveAndWait(*d);
        QVERIFY(saved);
        QVERIFY(!error->isVisible());
        QCOMPARE(saved->name, QStringLiteral("Typo sale"));

        // A money field that holds no amount is refused before anything is sent.
        fillNew(*d, "Bad amount", Promotion::kAmount, now.addSecs(3600), now.addSecs(7200),
                "PROMO-LJ");
        QTest::keyClicks(d->editor()->amountEdit(), "five");
        QTest::mouseClick(d->editor()->saveButton(), Qt::LeftButton);
        QVERIFY(d->editor()->fieldError("amount_minor")->isVisible());
        QVERIFY(d->editor()->isCreating());
    }

    void flashSale_remainingMovesLive_asTheStorefrontClaims() {
        auto d = open("admin", /*live=*/true);
        QVERIFY(d);
        QTRY_VERIFY_WITH_TIMEOUT(d->feed->state() == FeedClient::State::Live, 15000);
        const QDateTime now = wholeSecond(QDateTime::currentDateTimeUtc());
        fillNew(*d, "Eight o'clock rush", Promotion::kFlashSale, now.addSecs(-60),
                now.addSecs(3600), "PROMO-BLC");
        QTest::keyClicks(d->editor()->flashPriceEdit(), "9.90");
        d->editor()->stockCapSpin()->setValue(5);
        d->editor()->perCustomerSpin()->setValue(2);
        auto sale = saveAndWait(*d);
        QVERIFY(sale);
        QCOMPARE(sale->priceMinor, std::optional<qint64>(990));
        QCOMPARE(sale->stockCap, std::optional<int>(5));
        QProgressBar* bar = d->editor()->stockBar();
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->value(), 0);
        QCOMPARE(bar->maximum(), 5);
        QVERIFY(d->editor()->stockLabel()->text().contains("5 left"));

        // The storefront claims; the open editor follows through promotion.updated.
        QCOMPARE(claim(sale->id, "PROMO-BLC", "cust-1", 2).status, 201);
        QCOMPARE(claim(sale->id, "PROMO-BLC", "cust-2", 1).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(bar->value(), 3, 15000);
        QVERIFY2(d->editor()->stockLabel()->text().contains("3 of 5 claimed"),
                 qPrintable(d->editor()->stockLabel()->text()));
        QVERIFY(d->editor()->stockLabel()->text().contains("2 left"));
        QCOMPARE(d->editor()->promotion()->remaining, std::optional<int>(2));

        // Sold out: the last claims, then one too many is refused and the bar is full.
        QCOMPARE(claim(sale->id, "PROMO-BLC", "cust-3", 2).status, 201);
        QCOMPARE(claim(sale->id, "PROMO-BLC", "cust-4", 1).status, 409);
        QTRY_COMPARE_WITH_TIMEOUT(bar->value(), 5, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(d->editor()->stockLabel()->text().contains("sold out"), 15000);

        // Ended after the question, from this second on.
        d->editor()->endButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(d->editor()->promotion()->isEnded(), 10000);
        QVERIFY(d->editor()->promotion()->endedAt.isValid());
        QVERIFY(!d->editor()->endButton()->isVisible());
    }

    void reader_seesPromotions_mayChangeNothing() {
        auto d = open("reader");
        QVERIFY(d);
        QVERIFY(!d->tab->newButton()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(
            !d->tab->model()->isLoading() && d->tab->model()->itemRowCount() >= 3, 10000);
        const qint64 id = d->tab->model()->itemAt(0)->id;
        d->tab->openPromotion(id);
        QTRY_COMPARE_WITH_TIMEOUT(d->editor()->promotionId(), id, 10000);
        PromotionEditor* e = d->editor();
        QVERIFY(!e->canWrite());
        QVERIFY(!e->saveButton()->isVisible());
        QVERIFY(!e->endButton()->isVisible());
        QVERIFY(!e->revertButton()->isVisible());
        QVERIFY(e->nameEdit()->isReadOnly());
        QVERIFY(e->skusEdit()->isReadOnly());
        QVERIFY(!e->kindCombo()->isEnabled());
        QVERIFY(!e->startsEdit()->isEnabled());
        QVERIFY(!e->prioritySpin()->isEnabled());
        // Typing does nothing; a save from code is refused before the network.
        QTest::keyClicks(e->nameEdit(), "x");
        QVERIFY(!e->hasChanges());
        // The timeline reads for readers too.
        QTRY_VERIFY_WITH_TIMEOUT(
            !d->tab->timeline()->isLoading() && !d->tab->timeline()->bars().isEmpty(), 10000);
    }
};

QTEST_MAIN(CatalogPromotionsGuiServerTest)
#include "tst_catalog_promotions_gui_server.moc"
