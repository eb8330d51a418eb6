#include "services-client/catalog/product.h"

#include <QJsonArray>
#include <algorithm>

#include "services-client/api/wiretime.h"

namespace opsdesk::client {

namespace {

std::optional<qint64> optionalId(const QJsonValue& v) {
    return v.isDouble() && v.toInteger() > 0 ? std::optional(v.toInteger()) : std::nullopt;
}

void fail(QString* why, const QString& text) {
    if (why) {
        *why = text;
    }
}

}  // namespace

QJsonObject ProductVariant::toJson() const {
    QJsonObject o{{QStringLiteral("sku"), sku},
                  {QStringLiteral("title"), title},
                  {QStringLiteral("price_minor"), priceMinor},
                  {QStringLiteral("currency"), currency},
                  {QStringLiteral("low_stock_threshold"), lowStockThreshold}};
    if (!attributes.isEmpty()) {
        o.insert(QStringLiteral("attributes"), attributes);
    }
    return o;
}

std::optional<ProductVariant> ProductVariant::fromJson(const QJsonObject& o, QString* why) {
    ProductVariant v;
    v.sku = o.value(QLatin1String("sku")).toString();
    v.currency = o.value(QLatin1String("currency")).toString();
    if (v.sku.isEmpty() || v.currency.isEmpty() ||
        !o.value(QLatin1String("price_minor")).isDouble()) {
        fail(why, QStringLiteral("a variant lacks sku, price_minor or currency"));
        return std::nullopt;
    }
    v.title = o.value(QLatin1String("title")).toString();
    v.priceMinor = o.value(QLatin1String("price_minor")).toInteger();
    v.stock = o.value(QLatin1String("stock")).toInt();
    v.lowStockThreshold = o.value(QLatin1String("low_stock_threshold")).toInt();
    v.attributes = o.value(QLatin1String("attributes")).toObject();
    return v;
}

int ProductSummary::totalStock() const {
    int total = 0;
    for (const auto& v : variants) {
        total += v.stock;
    }
    return total;
}

bool ProductSummary::anyOversold() const {
    return std::any_of(variants.begin(), variants.end(),
                       [](const ProductVariant& v) { return v.isOversold(); });
}

bool ProductSummary::anyLow() const {
    return std::any_of(variants.begin(), variants.end(),
                       [](const ProductVariant& v) { return v.isLow(); });
}

std::optional<std::pair<qint64, qint64>> ProductSummary::priceRange() const {
    if (variants.isEmpty()) {
        return std::nullopt;
    }
    qint64 low = variants.first().priceMinor;
    qint64 high = low;
    for (const auto& v : variants) {
        if (v.currency != variants.first().currency) {
            return std::nullopt;
        }
        low = std::min(low, v.priceMinor);
        high = std::max(high, v.priceMinor);
    }
    return std::pair{low, high};
}

QString ProductSummary::currency() const {
    return variants.isEmpty() ? QString() : variants.first().currency;
}

QStringList ProductSummary::skus() const {
    QStringList out;
    for (const auto& v : variants) {
        out.append(v.sku);
    }
    return out;
}

std::optional<ProductSummary> ProductSummary::fromJson(const QJsonObject& o, QString* why) {
    ProductSummary p;
    p.id = o.value(QLatin1String("id")).toInteger();
    p.title = o.value(QLatin1String("title")).toString();
    p.status = o.value(QLatin1String("status")).toString();
    if (p.id <= 0 || p.title.isEmpty() || p.status.isEmpty()) {
        fail(why, QStringLiteral("a product lacks id, title or status"));
        return std::nullopt;
    }
    p.categoryId = optionalId(o.value(QLatin1String("category_id")));
    for (const QJsonValue& v : o.value(QLatin1String("variants")).toArray()) {
        auto variant = ProductVariant::fromJson(v.toObject(), why);
        if (!variant) {
            return std::nullopt;
        }
        p.variants.append(std::move(*variant));
    }
    for (const QJsonValue& t : o.value(QLatin1String("tags")).toArray()) {
        p.tags.append(t.toString());
    }
    p.updatedAt = parseTimestamp(o.value(QLatin1String("updated_at")));
    p.version = o.value(QLatin1String("version")).toInt();
    return p;
}

std::optional<ProductDetail> ProductDetail::fromJson(const QJsonObject& o, QString* why) {
    auto summary = ProductSummary::fromJson(o, why);
    if (!summary) {
        return std::nullopt;
    }
    ProductDetail d;
    static_cast<ProductSummary&>(d) = std::move(*summary);
    d.description = o.value(QLatin1String("description")).toString();
    d.attributes = o.value(QLatin1String("attributes")).toObject();
    for (const QJsonValue& c : o.value(QLatin1String("category_path")).toArray()) {
        const QJsonObject co = c.toObject();
        d.categoryPath.append({co.value(QLatin1String("id")).toInteger(),
                               co.value(QLatin1String("name")).toString()});
    }
    for (const QJsonValue& i : o.value(QLatin1String("images")).toArray()) {
        const QJsonObject io = i.toObject();
        d.images.append(
            {io.value(QLatin1String("id")).toInteger(), io.value(QLatin1String("url")).toString(),
             io.value(QLatin1String("thumbnail_url")).toString(),
             io.value(QLatin1String("width")).toInt(), io.value(QLatin1String("height")).toInt()});
    }
    return d;
}

std::optional<Category> Category::fromJson(const QJsonObject& o, QString* why) {
    Category c;
    c.id = o.value(QLatin1String("id")).toInteger();
    c.name = o.value(QLatin1String("name")).toString();
    if (c.id <= 0 || c.name.isEmpty()) {
        fail(why, QStringLiteral("a category lacks id or name"));
        return std::nullopt;
    }
    c.parentId = optionalId(o.value(QLatin1String("parent_id")));
    return c;
}

std::optional<StockAdjustment> StockAdjustment::fromJson(const QJsonObject& o, QString* why) {
    StockAdjustment a;
    a.id = o.value(QLatin1String("id")).toInteger();
    if (a.id <= 0 || !o.value(QLatin1String("delta")).isDouble()) {
        fail(why, QStringLiteral("a stock adjustment lacks id or delta"));
        return std::nullopt;
    }
    a.delta = o.value(QLatin1String("delta")).toInt();
    a.stockAfter = o.value(QLatin1String("stock_after")).toInt();
    a.reason = o.value(QLatin1String("reason")).toString();
    a.actor = o.value(QLatin1String("by")).toString();
    a.orderId = optionalId(o.value(QLatin1String("order_id")));
    a.orderNumber = o.value(QLatin1String("order_number")).toString();
    a.at = parseTimestamp(o.value(QLatin1String("at")));
    return a;
}

std::optional<PriceChange> PriceChange::fromJson(const QJsonObject& o, QString* why) {
    if (!o.value(QLatin1String("to_minor")).isDouble()) {
        fail(why, QStringLiteral("a price change lacks to_minor"));
        return std::nullopt;
    }
    PriceChange c;
    c.at = parseTimestamp(o.value(QLatin1String("at")));
    c.by = o.value(QLatin1String("by")).toString();
    c.currency = o.value(QLatin1String("currency")).toString();
    const QJsonValue from = o.value(QLatin1String("from_minor"));
    if (from.isDouble()) {
        c.fromMinor = from.toInteger();
    }
    c.toMinor = o.value(QLatin1String("to_minor")).toInteger();
    c.reason = o.value(QLatin1String("reason")).toString();
    return c;
}

}  // namespace opsdesk::client
