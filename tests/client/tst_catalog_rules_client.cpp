// Virtual categories in the service layer: a rule read from and written to the contract's JSON
// (every condition, only the named ones sent, unknown ones refused), a virtual category and a
// preview read into types, and the requests' bodies and headers against a scripted server.
#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>

#include "fakehttpserver.h"
#include "services-client/api/apiclient.h"
#include "services-client/catalog/virtualcategories.h"
#include "testhelpers.h"

using namespace std::chrono_literals;
using namespace opsdesk::client;
using opsdesk::test::FakeHttpServer;
using Response = FakeHttpServer::Response;

namespace {

QByteArray compact(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject productJson(qint64 id, const QString& title, qint64 price) {
    return {{"id", id},
            {"title", title},
            {"status", "active"},
            {"category_id", 3},
            {"variants", QJsonArray{QJsonObject{{"sku", QStringLiteral("SKU-%1").arg(id)},
                                                {"title", "250 g"},
                                                {"price_minor", price},
                                                {"currency", "CNY"},
                                                {"stock", 4},
                                                {"low_stock_threshold", 1}}}},
            {"tags", QJsonArray{"tea"}},
            {"updated_at", "2026-12-07T10:00:00Z"},
            {"version", 1}};
}

QJsonObject ruleCategory(qint64 id, int version, const QJsonObject& rule) {
    return {{"id", id},
            {"name", QStringLiteral("Rule %1").arg(id)},
            {"kind", "rule"},
            {"rule", rule},
            {"product_ids", QJsonValue()},
            {"created_at", "2026-12-01T08:00:00Z"},
            {"updated_at", "2026-12-07T09:30:00Z"},
            {"version", version}};
}

}  // namespace

class CatalogRulesClientTest : public QObject {
    Q_OBJECT

private:
    opsdesk::test::ScriptedApi scripted;
    FakeHttpServer* server = nullptr;
    ApiClient* api = nullptr;
    std::unique_ptr<VirtualCategoriesApi> vc;

private slots:
    void init() {
        QVERIFY(scripted.start());
        server = scripted.server.get();
        api = scripted.api.get();
        vc = std::make_unique<VirtualCategoriesApi>(api);
    }
    void cleanup() { vc.reset(); }

    void rule_everyCondition_roundTripsThroughJson() {
        VirtualCategoryRule rule;
        rule.categoryId = 12;
        rule.includeDescendants = false;
        rule.minPriceMinor = 0;
        rule.maxPriceMinor = 10000;
        rule.currency = QStringLiteral("CNY");
        rule.inStock = false;
        rule.tagsAny = {QStringLiteral("tea"), QStringLiteral("gift")};
        rule.attributes = {{"origin", "Hangzhou"}, {"grams", 250}, {"organic", true}};
        rule.statuses = {QStringLiteral("active"), QStringLiteral("draft")};
        const QJsonObject json = rule.toJson();
        QCOMPARE(json.value("category_id").toInteger(), 12);
        QCOMPARE(json.value("include_descendants"), QJsonValue(false));
        QCOMPARE(json.value("min_price_minor").toInteger(), 0);  // a bound of 0 is still a bound
        QCOMPARE(json.value("max_price_minor").toInteger(), 10000);
        QCOMPARE(json.value("in_stock"), QJsonValue(false));  // "out of stock" is not "any"
        QCOMPARE(json.value("tags_any").toArray(), (QJsonArray{"tea", "gift"}));
        QCOMPARE(json.value("attributes").toObject().value("grams"), QJsonValue(250));
        QCOMPARE(json.value("status").toArray(), (QJsonArray{"active", "draft"}));
        QString why;
        const auto back = VirtualCategoryRule::fromJson(json, &why);
        QVERIFY2(back, qPrintable(why));
        QCOMPARE(*back, rule);
        // Through the text the server stores and answers, too.
        const auto reparsed = VirtualCategoryRule::fromJson(
            QJsonDocument::fromJson(QJsonDocument(json).toJson()).object(), &why);
        QVERIFY2(reparsed, qPrintable(why));
        QCOMPARE(*reparsed, rule);
    }

    void rule_sendsOnlyWhatIsNamed_andEmptyIsEveryProduct() {
        VirtualCategoryRule rule;
        QCOMPARE(rule.toJson(), QJsonObject{});
        QVERIFY(rule.isEmpty());
        // "Include subcategories" means nothing without a category: not sent.
        rule.includeDescendants = false;
        QCOMPARE(rule.toJson(), QJsonObject{});
        rule.maxPriceMinor = 9999;
        rule.currency = QStringLiteral("CNY");
        QCOMPARE(rule.toJson(), (QJsonObject{{"max_price_minor", 9999}, {"currency", "CNY"}}));
        const auto back = VirtualCategoryRule::fromJson(rule.toJson());
        QVERIFY(back);
        QVERIFY(!back->minPriceMinor);
        QVERIFY(!back->inStock);
        QVERIFY(back->statuses.isEmpty());
        QVERIFY(back->includeDescendants);
    }

    void rule_fromJson_refusesUnknownOrMistypedConditions() {
        QString why;
        QVERIFY(!VirtualCategoryRule::fromJson({{"colour", "green"}}, &why));
        QVERIFY2(why.contains("colour"), qPrintable(why));
        QVERIFY(!VirtualCategoryRule::fromJson({{"min_price_minor", "100"}}, &why));
        QVERIFY(!VirtualCategoryRule::fromJson({{"min_price_minor", 1.5}}, &why));
        QVERIFY(!VirtualCategoryRule::fromJson({{"max_price_minor", -1}}, &why));
        QVERIFY(!VirtualCategoryRule::fromJson({{"tags_any", "tea"}}, &why));
        QVERIFY(!VirtualCategoryRule::fromJson({{"status", QJsonArray{1}}}, &why));
        QVERIFY(!VirtualCategoryRule::fromJson({{"in_stock", "yes"}}, &why));
        QVERIFY(!VirtualCategoryRule::fromJson({{"attributes", QJsonArray{}}}, &why));
    }

    void virtualCategory_andPreview_readTheContract() {
        QString why;
        const auto rule =
            VirtualCategory::fromJson(ruleCategory(4, 3, {{"tags_any", QJsonArray{"tea"}}}), &why);
        QVERIFY2(rule, qPrintable(why));
        QVERIFY(rule->isRule());
        QCOMPARE(rule->rule->tagsAny, QStringList{"tea"});
        QCOMPARE(rule->version, 3);
        QVERIFY(rule->updatedAt.isValid());
        const auto manual = VirtualCategory::fromJson({{"id", 5},
                                                       {"name", "Staff picks"},
                                                       {"kind", "manual"},
                                                       {"rule", QJsonValue()},
                                                       {"product_ids", QJsonArray{9, 7}},
                                                       {"updated_at", "2026-12-07T09:30:00Z"},
                                                       {"version", 1}},
                                                      &why);
        QVERIFY2(manual, qPrintable(why));
        QVERIFY(!manual->isRule());
        QCOMPARE(manual->productIds, (QList<qint64>{9, 7}));
        QVERIFY(!VirtualCategory::fromJson({{"id", 6}, {"name", "x"}, {"kind", "smart"}}, &why));

        const auto preview =
            RulePreview::fromJson({{"count", 100000},
                                   {"count_is_exact", false},
                                   {"sample", QJsonArray{productJson(1, "Longjing", 4900)}}},
                                  &why);
        QVERIFY2(preview, qPrintable(why));
        QCOMPARE(preview->count, 100000);
        QVERIFY(!preview->countIsExact);
        QCOMPARE(preview->sample.first().title, QStringLiteral("Longjing"));
        QVERIFY(!RulePreview::fromJson({{"sample", QJsonArray{}}}, &why));
    }

    void requests_carryTheRule_theVersion_andTheSearch() {
        QList<FakeHttpServer::Request> seen;
        server->setHandler([&seen](const FakeHttpServer::Request& r) {
            seen << r;
            if (r.path == "/api/v1/virtual-categories/preview") {
                return Response::json(
                    200, compact({{"count", 1},
                                  {"count_is_exact", true},
                                  {"sample", QJsonArray{productJson(1, "Longjing", 4900)}}}));
            }
            if (r.method == "PATCH") {
                return Response::error(412, "precondition_failed");
            }
            return Response::json(201, compact(ruleCategory(4, 1, {{"in_stock", true}})));
        });
        VirtualCategoryRule rule;
        rule.inStock = true;

        auto* preview = vc->preview(rule);
        QSignalSpy previewDone(preview, &ApiRequest::succeeded);
        QVERIFY(previewDone.wait(5000));
        QCOMPARE(preview->preview().count, 1);
        QCOMPARE(QJsonDocument::fromJson(seen.last().body).object(),
                 (QJsonObject{{"rule", QJsonObject{{"in_stock", true}}}}));

        auto* create = vc->createRule(QStringLiteral("In stock"), rule);
        QSignalSpy created(create, &ApiRequest::succeeded);
        QVERIFY(created.wait(5000));
        QCOMPARE(create->virtualCategory().id, 4);
        QCOMPARE(seen.last().method, QByteArray("POST"));
        QCOMPARE(QJsonDocument::fromJson(seen.last().body).object(),
                 (QJsonObject{{"name", "In stock"},
                              {"kind", "rule"},
                              {"rule", QJsonObject{{"in_stock", true}}}}));

        // A change names only what changed, with the version seen; a stale one is a 412.
        auto* update = vc->update(4, 7, std::nullopt, rule);
        QSignalSpy failed(update, &ApiRequest::failed);
        QVERIFY(failed.wait(5000));
        QCOMPARE(update->error().httpStatus, 412);
        QCOMPARE(seen.last().header("if-match"), QByteArray("\"7\""));
        QCOMPARE(QJsonDocument::fromJson(seen.last().body).object(),
                 (QJsonObject{{"rule", QJsonObject{{"in_stock", true}}}}));

        auto* list = vc->list(QStringLiteral("tea & co"), QStringLiteral("rule"));
        QSignalSpy listed(list, &ApiRequest::finished);
        QVERIFY(listed.wait(5000));
        QVERIFY2(seen.last().path.contains("q=tea%20%26%20co") ||
                     seen.last().path.contains("q=tea+%26+co"),
                 seen.last().path.constData());
        QVERIFY(seen.last().path.contains("kind=rule"));
    }

    void listModel_searchesByName_underTheModelTester() {
        server->setHandler([](const FakeHttpServer::Request&) {
            return Response::json(
                200, compact({{"items", QJsonArray{ruleCategory(9, 1, {}), ruleCategory(8, 1, {})}},
                              {"next_cursor", QJsonValue()}}));
        });
        VirtualCategoryListModel model(vc.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QTRY_COMPARE(model.itemRowCount(), 2);
        QCOMPARE(model.index(0, VirtualCategoryListModel::NameColumn).data().toString(),
                 QStringLiteral("Rule 9"));
        QCOMPARE(model.index(0, VirtualCategoryListModel::KindColumn).data().toString(),
                 QStringLiteral("rule"));
        model.setSearch(QStringLiteral("  Rule 9 "));
        QTRY_VERIFY(!model.isLoading() && model.itemRowCount() == 2);
        QVERIFY(server->requests().last().path.contains("q=Rule"));
        // A new one made here goes on top when its name matches the search.
        auto fresh = *VirtualCategory::fromJson(ruleCategory(10, 1, {}));
        fresh.name = QStringLiteral("Rule 9 bis");
        QVERIFY(model.insertLive(fresh));
        QCOMPARE(model.itemAt(0)->id, 10);
    }
};

QTEST_GUILESS_MAIN(CatalogRulesClientTest)
#include "tst_catalog_rules_client.moc"
