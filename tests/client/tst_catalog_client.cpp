// The catalog's service layer against a scripted local server: the contract's product item read
// into types, the filter as the query, the list model under QAbstractItemModelTester with live
// products placed by the filter, and the requests' headers (If-Match, Idempotency-Key, an image
// sent as its bytes); the CSV export streamed to its file, and a cut-off, refused or cancelled
// one leaving nothing behind.
#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "fakehttpserver.h"
#include "services-client/api/apiclient.h"
#include "services-client/catalog/catalogapi.h"
#include "services-client/catalog/productcsvexport.h"
#include "services-client/catalog/productdraft.h"
#include "services-client/catalog/productlistmodel.h"
#include "testhelpers.h"

using namespace std::chrono_literals;
using namespace opsdesk::client;
using opsdesk::test::FakeHttpServer;
using Response = FakeHttpServer::Response;

namespace {

QJsonObject productJson(qint64 id, const QString& title, int stock = 10, int threshold = 2,
                        const QString& status = QStringLiteral("active")) {
    return {{"id", id},
            {"title", title},
            {"status", status},
            {"category_id", 3},
            {"variants", QJsonArray{QJsonObject{{"sku", QStringLiteral("SKU-%1-A").arg(id)},
                                                {"title", "250 g"},
                                                {"price_minor", 4900},
                                                {"currency", "CNY"},
                                                {"stock", stock},
                                                {"low_stock_threshold", threshold}},
                                    QJsonObject{{"sku", QStringLiteral("SKU-%1-B").arg(id)},
                                                {"title", "500 g"},
                                                {"price_minor", 8900},
                                                {"currency", "CNY"},
                                                {"stock", 5},
                                                {"low_stock_threshold", 1}}}},
            {"tags", QJsonArray{"tea", "green"}},
            {"updated_at", QStringLiteral("2026-12-07T10:%1:00Z").arg(id % 60, 2, 10, QChar('0'))},
            {"version", 1}};
}

QByteArray compact(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

}  // namespace

class CatalogClientTest : public QObject {
    Q_OBJECT

private:
    opsdesk::test::ScriptedApi scripted;
    FakeHttpServer* server = nullptr;
    ApiClient* api = nullptr;
    std::unique_ptr<CatalogApi> catalog;

private slots:
    void init() {
        QVERIFY(scripted.start());
        server = scripted.server.get();
        api = scripted.api.get();
        catalog = std::make_unique<CatalogApi>(api);
    }
    void cleanup() { catalog.reset(); }

    void product_readsTheContractsItem_andKnowsItsStock() {
        QString why;
        auto p = ProductSummary::fromJson(productJson(7, "Longjing", -3, 2), &why);
        QVERIFY2(p, qPrintable(why));
        QCOMPARE(p->variants.size(), 2);
        QCOMPARE(*p->categoryId, 3);
        QCOMPARE(p->totalStock(), 2);
        QVERIFY(p->anyOversold());
        QCOMPARE(ProductListModel::stockState(*p), QStringLiteral("oversold"));
        QCOMPARE(p->priceRange()->first, 4900);
        QCOMPARE(p->priceRange()->second, 8900);
        QVERIFY(p->updatedAt.isValid());
        QVERIFY(!ProductSummary::fromJson(QJsonObject{{"id", 1}}, &why));
        QVERIFY(why.contains(QStringLiteral("title")));
        QJsonObject badVariant = productJson(8, "x");
        badVariant["variants"] = QJsonArray{QJsonObject{{"sku", "A"}}};
        QVERIFY(!ProductSummary::fromJson(badVariant, &why));
    }

    void filter_isTheQuery_andSurvivesSettings() {
        ProductFilter f;
        f.search = QStringLiteral("tea & cups");
        f.statuses = {QStringLiteral("active"), QStringLiteral("draft")};
        f.categoryId = 12;
        f.lowStock = true;
        const QUrlQuery q = f.toQuery();
        QCOMPARE(q.queryItemValue("status"), QStringLiteral("active,draft"));
        QCOMPARE(q.queryItemValue("category_id"), QStringLiteral("12"));
        QCOMPARE(q.queryItemValue("low_stock"), QStringLiteral("true"));
        QVERIFY(!q.hasQueryItem("oversold"));
        QTemporaryDir dir;
        QSettings s(dir.filePath("f.ini"), QSettings::IniFormat);
        f.save(s, "catalog");
        QCOMPARE(ProductFilter::load(s, "catalog"), f);
        s.setValue("catalog/statuses", QStringList{"active", "bogus"});  // a hand-edited file
        QCOMPARE(ProductFilter::load(s, "catalog").statuses, QStringList{"active"});
    }

    void listModel_pagesAndPlacesLiveProductsByTheFilter() {
        server->setHandler([](const FakeHttpServer::Request& r) {
            return opsdesk::test::offsetPage(r, 30, [](int i) {
                return compact(productJson(100 - i, QStringLiteral("Tea %1").arg(100 - i)));
            });
        });
        ProductListModel model(catalog.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ProductFilter f;
        f.search = QStringLiteral("tea");
        model.setFilter(f);
        QTRY_COMPARE(model.itemRowCount(), 30);
        QVERIFY(server->requests().first().path.contains("q=tea"));
        QCOMPARE(model.index(0, ProductListModel::SkuColumn).data().toString(),
                 QStringLiteral("SKU-100-A, SKU-100-B"));
        QCOMPARE(model.index(0, ProductListModel::StockColumn).data().toInt(), 15);

        // A new product that matches goes on top; one that does not stays out.
        auto fresh = *ProductSummary::fromJson(productJson(500, "Tea, new"));
        fresh.updatedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(model.insertLive(fresh));
        QCOMPARE(model.itemAt(0)->id, 500);
        auto other = *ProductSummary::fromJson(productJson(501, "Teapot"));
        other.title = QStringLiteral("Cup");
        other.variants[0].sku = QStringLiteral("CUP-1");
        other.variants[1].sku = QStringLiteral("CUP-2");
        other.tags = {};
        QVERIFY(!model.insertLive(other));
        // A changed product is replaced in place, and its stock state shows.
        auto changed = *model.itemAt(5);
        changed.variants[0].stock = -1;
        changed.version = 2;
        QVERIFY(model.updateItem(changed));
        QCOMPARE(model.index(5, 0).data(ProductListModel::StockStateRole).toString(),
                 QStringLiteral("oversold"));
        // Under a category filter the desk cannot tell membership: nothing joins live.
        ProductFilter byCategory;
        byCategory.categoryId = 3;
        QVERIFY(!ProductListModel::matchesFilter(byCategory, fresh));
    }

    // The editor's edit on the wire: only what changed, variants by SKU whatever the case, the
    // price reason only with a price change, and stock never (it moves by adjustments).
    void draft_patch_namesOnlyWhatChanged() {
        const auto detail = ProductDetail::fromJson(productJson(7, "Longjing"));
        QVERIFY(detail);
        const ProductDraft base = ProductDraft::from(*detail);
        QVERIFY(ProductDraft::patch(base, base, QStringLiteral("why")).isEmpty());

        ProductDraft mine = base;
        mine.title = QStringLiteral("Longjing 2026");
        mine.tags = QStringList{"green", "tea"};  // the same tags in another order: no change
        mine.variants[0].title = QStringLiteral("250 g tin");
        mine.variants[0].stock = 99;  // never sent
        mine.variants.removeAt(1);
        ProductVariant added;
        added.sku = QStringLiteral("SKU-7-C");
        added.priceMinor = 12900;
        added.currency = QStringLiteral("CNY");
        added.stock = 4;
        mine.variants << added;
        const QJsonObject patch = ProductDraft::patch(base, mine, QStringLiteral("why"));
        QCOMPARE(patch.value("title").toString(), QStringLiteral("Longjing 2026"));
        QVERIFY(!patch.contains("tags"));
        QVERIFY(!patch.contains("price_reason"));  // no price changed
        const QJsonObject variants = patch.value("variants").toObject();
        QCOMPARE(variants.value("change").toArray().size(), 1);
        const QJsonObject change = variants.value("change").toArray().at(0).toObject();
        QCOMPARE(change.value("sku").toString(), QStringLiteral("SKU-7-A"));
        QCOMPARE(change.value("title").toString(), QStringLiteral("250 g tin"));
        QVERIFY(!change.contains("stock"));
        QVERIFY(!change.contains("price_minor"));
        QCOMPARE(variants.value("remove").toArray(), QJsonArray{"SKU-7-B"});
        QCOMPARE(variants.value("add").toArray().at(0).toObject().value("stock").toInt(), 4);
        QVERIFY(!ProductDraft::changesPrice(base, mine));

        mine.variants[0].priceMinor = 5200;
        QVERIFY(ProductDraft::changesPrice(base, mine));
        const QJsonObject priced = ProductDraft::patch(base, mine, QStringLiteral(" promo end "));
        QCOMPARE(priced.value("price_reason").toString(), QStringLiteral("promo end"));
        QCOMPARE(priced.value("variants")
                     .toObject()
                     .value("change")
                     .toArray()
                     .at(0)
                     .toObject()
                     .value("price_minor")
                     .toInteger(),
                 qint64(5200));
    }

    // A stale save merged field by field: what only I changed is proposed as mine, what only
    // they changed as theirs, what both changed is marked; the merge takes theirs with my
    // choices, and the live stock stays theirs.
    void draft_conflicts_proposeEachSide_andMergeKeepsTheirStock() {
        const auto detail = ProductDetail::fromJson(productJson(7, "Longjing"));
        const ProductDraft base = ProductDraft::from(*detail);
        ProductDraft mine = base;
        mine.title = QStringLiteral("Mine");
        mine.description = QStringLiteral("my words");
        mine.variants[0].priceMinor = 5000;
        ProductDraft theirs = base;
        theirs.title = QStringLiteral("Theirs");
        theirs.status = QStringLiteral("archived");
        theirs.variants[0].stock = 3;  // an order took stock: not a field anyone chose
        theirs.variants[1].lowStockThreshold = 9;

        const auto conflicts = ProductDraft::conflicts(base, mine, theirs);
        QMap<QString, ProductDraft::FieldConflict> byKey;
        for (const auto& c : conflicts) {
            byKey.insert(c.key, c);
        }
        QCOMPARE(byKey.keys(), (QList<QString>{"description", "status", "title", "variant:sku-7-a",
                                               "variant:sku-7-b"}));
        QVERIFY(byKey["title"].bothChanged);
        QVERIFY(!byKey["status"].bothChanged);
        QCOMPARE(byKey["status"].proposed, ProductDraft::Side::Theirs);
        QCOMPARE(byKey["description"].proposed, ProductDraft::Side::Mine);
        QCOMPARE(byKey["variant:sku-7-a"].proposed, ProductDraft::Side::Mine);
        QCOMPARE(byKey["variant:sku-7-b"].proposed, ProductDraft::Side::Theirs);

        const ProductDraft merged =
            ProductDraft::merge(mine, theirs, {"title", "description", "variant:sku-7-a"});
        QCOMPARE(merged.title, QStringLiteral("Mine"));
        QCOMPARE(merged.description, QStringLiteral("my words"));
        QCOMPARE(merged.status, QStringLiteral("archived"));
        QCOMPARE(merged.variants.at(0).priceMinor, qint64(5000));
        QCOMPARE(merged.variants.at(0).stock, 3);
        QCOMPARE(merged.variants.at(1).lowStockThreshold, 9);
        // Saved on their version, the merge sends only what differs from theirs.
        const QJsonObject patch = ProductDraft::patch(theirs, merged, QStringLiteral("merge"));
        const QStringList keys = patch.keys();
        QCOMPARE(QSet<QString>(keys.begin(), keys.end()),
                 (QSet<QString>{"title", "description", "variants", "price_reason"}));
    }

    void writes_carryIfMatch_keys_andImagesAsTheirBytes() {
        server->setHandler([](const FakeHttpServer::Request& r) {
            if (r.path.contains("/images")) {
                return Response::json(201, R"({"id":9,"url":"/api/v1/images/9",)"
                                           R"("thumbnail_url":"/api/v1/images/9/thumbnail",)"
                                           R"("width":640,"height":480})");
            }
            if (r.path.startsWith("/api/v1/skus/")) {
                return Response::json(201, R"({"id":1})");
            }
            return Response::json(200, compact(productJson(7, "Longjing")));
        });
        auto* patch = catalog->updateProduct(7, 4, {{"title", "Longjing 2026"}});
        QTRY_VERIFY(patch->isDone() || server->requestCount() == 1);
        QTRY_COMPARE(server->requestCount(), 1);
        QCOMPARE(server->requests().at(0).method, QByteArray("PATCH"));
        QCOMPARE(server->requests().at(0).header("if-match"), QByteArray("\"4\""));

        const QString key = ApiRequest::newIdempotencyKey();
        catalog->adjustStock(QStringLiteral("TEA/1 A"), -2, QStringLiteral("broken"), key);
        QTRY_COMPARE(server->requestCount(), 2);
        QCOMPARE(server->requests().at(1).path,
                 QByteArray("/api/v1/skus/TEA%2F1%20A/stock-adjustments"));
        QCOMPARE(server->requests().at(1).header("idempotency-key"), key.toUtf8());

        const QByteArray jpeg("\xff\xd8\xff\xe0\0\x10JFIF", 10);
        auto* upload = catalog->uploadImage(7, jpeg);
        qint64 imageId = 0;
        connect(upload, &ApiRequest::succeeded, this, [&] { imageId = upload->image().id; });
        QTRY_COMPARE(imageId, 9);
        QCOMPARE(server->requests().at(2).body, jpeg);
    }

    // The export goes to its file as it arrives (progress on the way, nothing kept in the
    // request), replaces an older file only once whole, and a cut-off answer, an error answer
    // or a cancel leaves the older file as it was and no temporary file beside it.
    void export_streamsToItsFile_andAFailureLeavesNothingBehind() {
        QByteArray csv = "product_id,title,sku\n";
        for (int i = 0; i < 60000; ++i) {
            csv += QByteArray::number(i) + ",Longjing green tea 250 g tin," + "SKU-" +
                   QByteArray::number(i) + "\n";
        }
        enum class Mode { Whole, CutOff, Refused, Silent } mode = Mode::Whole;
        server->setHandler([&](const FakeHttpServer::Request& r) {
            Response answer{200, csv, {{"Content-Type", "text/csv"}}, false, -1};
            switch (mode) {
                case Mode::Whole:
                    break;
                case Mode::CutOff:
                    answer.cutAfter = csv.size() / 2;
                    break;
                case Mode::Refused:
                    return Response::error(403, "forbidden");
                case Mode::Silent:
                    answer.silent = true;
                    break;
            }
            Q_UNUSED(r);
            return answer;
        });
        QTemporaryDir dir;
        const QString fileName = dir.filePath(QStringLiteral("products.csv"));
        auto run = [&](ProductCsvExport& job) {
            std::optional<ProductCsvExport::Outcome> outcome;
            connect(&job, &ProductCsvExport::finished, this,
                    [&](ProductCsvExport::Outcome o) { outcome = o; });
            job.start();
            // No outcome in time compares unequal to every outcome below.
            (void)QTest::qWaitFor([&] { return outcome.has_value(); }, 10000);
            return outcome.value_or(ProductCsvExport::Outcome(-1));
        };
        auto fileBytes = [&] {
            QFile f(fileName);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<no file>");
        };
        auto onlyTheFile = [&] {
            return QDir(dir.path()).entryList(QDir::Files) == QStringList{"products.csv"};
        };

        ProductFilter filter;
        filter.search = QStringLiteral("tea");
        {
            ProductCsvExport job(catalog.get(), filter, fileName);
            int progressSignals = 0;
            connect(&job, &ProductCsvExport::progress, this, [&] { ++progressSignals; });
            QCOMPARE(run(job), ProductCsvExport::Outcome::Finished);
            QCOMPARE(fileBytes(), csv);
            QCOMPARE(job.linesWritten(), 60000);
            QCOMPARE(job.bytesWritten(), csv.size());
            QVERIFY(progressSignals >= 1);
            QVERIFY(server->requests().constLast().path.startsWith("/api/v1/products/export?"));
            QVERIFY(server->requests().constLast().path.contains("q=tea"));
        }
        QFile old(fileName);
        QVERIFY(old.open(QIODevice::WriteOnly | QIODevice::Truncate));
        old.write("older export\n");
        old.close();

        const int before = server->requestCount();
        mode = Mode::CutOff;
        {
            ProductCsvExport job(catalog.get(), filter, fileName);
            QCOMPARE(run(job), ProductCsvExport::Outcome::Failed);
            QCOMPARE(job.error().kind, ApiError::Kind::Network);
        }
        // Half a body went out to the file: not retried (it would write it twice).
        QCOMPARE(server->requestCount(), before + 1);
        QCOMPARE(fileBytes(), QByteArray("older export\n"));
        QVERIFY(onlyTheFile());

        mode = Mode::Refused;
        {
            ProductCsvExport job(catalog.get(), filter, fileName);
            QCOMPARE(run(job), ProductCsvExport::Outcome::Failed);
            QCOMPARE(job.error().httpStatus, 403);
        }
        QCOMPARE(fileBytes(), QByteArray("older export\n"));
        QVERIFY(onlyTheFile());

        mode = Mode::Silent;
        {
            ProductCsvExport job(catalog.get(), filter, fileName);
            QTimer::singleShot(200, &job, [&job] { job.cancel(); });
            QCOMPARE(run(job), ProductCsvExport::Outcome::Cancelled);
        }
        QCOMPARE(fileBytes(), QByteArray("older export\n"));
        QVERIFY(onlyTheFile());

        // A file that cannot be written: said so, nothing asked of the server.
        const int asked = server->requestCount();
        ProductCsvExport nowhere(catalog.get(), filter, dir.filePath("missing/dir/products.csv"));
        QCOMPARE(run(nowhere), ProductCsvExport::Outcome::Failed);
        QVERIFY(!nowhere.fileError().isEmpty());
        QCOMPARE(server->requestCount(), asked);
    }
};

QTEST_GUILESS_MAIN(CatalogClientTest)
#include "tst_catalog_client.moc"
