// Promotions as the service layer reads them: every member of each kind, targets, a flash
// sale's stock, overlaps (listed, empty, or unknown when the server took too long), what is
// refused, the body a create sends, the list's query and the desk's own filter.
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include "services-client/catalog/promotions.h"

using namespace opsdesk::client;

namespace {

QJsonObject json(const char* text) {
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

const char* kFlashSale = R"({
  "id": 7, "name": "Eight pm tea rush", "kind": "flash_sale", "status": "active",
  "starts_at": "2026-11-22T12:00:00Z", "ends_at": "2026-11-22T14:00:00Z", "ended_at": null,
  "targets": {"skus": ["TEA-LJ-250", "TEA-BLR-100"], "category_ids": [3],
              "virtual_category_ids": []},
  "priority": 5, "exclusive": true, "created_at": "2026-11-20T08:00:00Z",
  "updated_at": "2026-11-21T09:30:00Z", "version": 4,
  "price_minor": 990, "stock_cap": 100, "per_customer_limit": 2, "claimed": 37,
  "remaining": 63, "sold_out_at": null,
  "overlaps": [{"id": 3, "name": "Green tea week", "kind": "percent",
                "starts_at": "2026-11-20T00:00:00Z", "ends_at": "2026-11-27T00:00:00Z",
                "priority": 0, "exclusive": false, "shared_sku_count": 7,
                "skus": ["TEA-A", "TEA-B", "TEA-C", "TEA-D", "TEA-LJ-250"]}]
})";

}  // namespace

class PromotionsClientTest : public QObject {
    Q_OBJECT

private slots:
    void flashSale_readsEveryMember_andItsStock() {
        QString why;
        const auto p = Promotion::fromJson(json(kFlashSale), &why);
        QVERIFY2(p, qPrintable(why));
        QCOMPARE(p->id, 7);
        QCOMPARE(p->name, QStringLiteral("Eight pm tea rush"));
        QVERIFY(p->isFlashSale());
        QCOMPARE(p->status, QStringLiteral("active"));
        QCOMPARE(p->startsAt, QDateTime(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC));
        QCOMPARE(p->endsAt, QDateTime(QDate(2026, 11, 22), QTime(14, 0), Qt::UTC));
        QVERIFY(!p->endedAt.isValid());
        QCOMPARE(p->targets.skus, (QStringList{"TEA-LJ-250", "TEA-BLR-100"}));
        QCOMPARE(p->targets.categoryIds, QList<qint64>{3});
        QVERIFY(p->targets.virtualCategoryIds.isEmpty());
        QCOMPARE(p->priority, 5);
        QVERIFY(p->exclusive);
        QCOMPARE(p->version, 4);
        QCOMPARE(p->priceMinor, std::optional<qint64>(990));
        QCOMPARE(p->stockCap, std::optional<int>(100));
        QCOMPARE(p->perCustomerLimit, std::optional<int>(2));
        QCOMPARE(p->claimed, std::optional<int>(37));
        QCOMPARE(p->remaining, std::optional<int>(63));
        QVERIFY(!p->soldOutAt.isValid());
        QVERIFY(!p->percent && !p->amountMinor && !p->buy && !p->get);
    }

    void overlaps_listed_withSharedSkus() {
        const auto p = Promotion::fromJson(json(kFlashSale));
        QVERIFY(p && p->hasOverlaps && p->overlaps);
        QCOMPARE(p->overlaps->size(), 1);
        const PromotionOverlap& o = p->overlaps->first();
        QCOMPARE(o.id, 3);
        QCOMPARE(o.name, QStringLiteral("Green tea week"));
        QCOMPARE(o.kind, QStringLiteral("percent"));
        QCOMPARE(o.sharedSkuCount, 7);
        QCOMPARE(o.skus.size(), 5);
        QCOMPARE(o.endsAt, QDateTime(QDate(2026, 11, 27), QTime(0, 0), Qt::UTC));
    }

    void overlaps_nullOrAbsent_areToldApart() {
        QJsonObject o = json(kFlashSale);
        o.insert("overlaps", QJsonValue::Null);  // the server took longer than 5 s
        auto p = Promotion::fromJson(o);
        QVERIFY(p && p->hasOverlaps && !p->overlaps);
        o.remove("overlaps");  // promotion.updated and the list carry none
        p = Promotion::fromJson(o);
        QVERIFY(p && !p->hasOverlaps && !p->overlaps);
        o.insert("overlaps", QJsonArray{});
        p = Promotion::fromJson(o);
        QVERIFY(p && p->hasOverlaps && p->overlaps && p->overlaps->isEmpty());
    }

    void kinds_readTheirOwnParameters() {
        auto percent = Promotion::fromJson(json(R"({"id":1,"name":"A","kind":"percent",
            "starts_at":"2026-01-01T00:00:00Z","ends_at":"2026-01-02T00:00:00Z","percent":15,
            "targets":{"skus":["X"]}})"));
        QVERIFY(percent);
        QCOMPARE(percent->percent, std::optional<int>(15));
        QVERIFY(!percent->priceMinor && !percent->claimed);
        auto amount = Promotion::fromJson(json(R"({"id":2,"name":"B","kind":"amount",
            "starts_at":"2026-01-01T00:00:00Z","ends_at":"2026-01-02T00:00:00Z",
            "amount_minor":500})"));
        QVERIFY(amount);
        QCOMPARE(amount->amountMinor, std::optional<qint64>(500));
        auto bxgy = Promotion::fromJson(json(R"({"id":3,"name":"C","kind":"buy_x_get_y",
            "starts_at":"2026-01-01T00:00:00Z","ends_at":"2026-01-02T00:00:00Z",
            "buy":2,"get":1})"));
        QVERIFY(bxgy);
        QCOMPARE(bxgy->buy, std::optional<int>(2));
        QCOMPARE(bxgy->get, std::optional<int>(1));
    }

    void endedEarly_endsAtTheEarlierMoment_toTheSecond() {
        auto p = Promotion::fromJson(json(R"({"id":1,"name":"A","kind":"percent",
            "status":"ended","starts_at":"2026-01-01T00:00:00Z",
            "ends_at":"2026-01-03T00:00:00Z","ended_at":"2026-01-02T10:00:00Z","percent":5})"));
        QVERIFY(p);
        const QDateTime ended(QDate(2026, 1, 2), QTime(10, 0), Qt::UTC);
        QCOMPARE(p->effectiveEnd(), ended);
        QVERIFY(p->isInForceAt(ended.addSecs(-1)));
        QVERIFY(!p->isInForceAt(ended));
        QVERIFY(p->isInForceAt(p->startsAt));
        QVERIFY(!p->isInForceAt(p->startsAt.addSecs(-1)));
    }

    void malformed_isRefused_withWhy() {
        QString why;
        QVERIFY(!Promotion::fromJson(json(R"({"name":"A","kind":"percent"})"), &why));
        QVERIFY(why.contains("id"));
        why.clear();
        QVERIFY(!Promotion::fromJson(
            json(R"({"id":1,"name":"A","kind":"percent","starts_at":"soon"})"), &why));
        QVERIFY(why.contains("starts_at"));
        why.clear();
        QJsonObject o = json(kFlashSale);
        o.insert("overlaps", QJsonArray{QJsonObject{{"name", "no id"}}});
        QVERIFY(!Promotion::fromJson(o, &why));
        QVERIFY(why.contains("overlap"));
    }

    void body_sendsOnlyItsKindsParameters_inUtcSeconds() {
        auto p = *Promotion::fromJson(json(kFlashSale));
        p.startsAt =
            QDateTime(QDate(2026, 11, 22), QTime(20, 0, 0, 999), Qt::OffsetFromUTC, 8 * 3600);
        const QJsonObject body = p.toBody();
        QCOMPARE(body.value("starts_at").toString(), QStringLiteral("2026-11-22T12:00:00Z"));
        QCOMPARE(body.value("kind").toString(), QStringLiteral("flash_sale"));
        QCOMPARE(body.value("price_minor").toInteger(), 990);
        QCOMPARE(body.value("stock_cap").toInt(), 100);
        QCOMPARE(body.value("per_customer_limit").toInt(), 2);
        for (const char* readOnly : {"id", "status", "claimed", "remaining", "sold_out_at",
                                     "version", "overlaps", "percent"}) {
            QVERIFY2(!body.contains(readOnly), readOnly);
        }
        QCOMPARE(body.value("targets").toObject().value("category_ids").toArray(), QJsonArray{3});
    }

    void filter_query_andWhatTheDeskCanTell() {
        PromotionFilter f;
        f.sku = "TEA-LJ-250";
        f.from = QDateTime(QDate(2026, 11, 22), QTime(0, 0), Qt::UTC);
        f.to = f.from.addDays(7);
        f.kinds = {"percent", "flash_sale"};
        const QUrlQuery q = f.toQuery();
        QCOMPARE(q.queryItemValue("sku"), QStringLiteral("TEA-LJ-250"));
        QCOMPARE(q.queryItemValue("from"), QStringLiteral("2026-11-22T00:00:00Z"));
        QCOMPARE(q.queryItemValue("to"), QStringLiteral("2026-11-29T00:00:00Z"));
        QCOMPARE(q.queryItemValue("kind"), QStringLiteral("percent,flash_sale"));
        QVERIFY(!q.hasQueryItem("status"));

        const auto p = *Promotion::fromJson(json(kFlashSale));
        QVERIFY(!f.matches(p));  // a SKU filter is the server's to resolve
        PromotionFilter plain;
        plain.search = "coffee";
        QVERIFY(!plain.matches(p));
        plain.search = "TEA rush";  // whatever the case
        QVERIFY(plain.matches(p));
        plain.statuses = {"scheduled"};
        QVERIFY(!plain.matches(p));
    }
};

QTEST_GUILESS_MAIN(PromotionsClientTest)
#include "tst_catalog_promotions_client.moc"
