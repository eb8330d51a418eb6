#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

namespace opsdesk::client {

// One variant of a product: what storefronts, orders and imports name by its SKU.
struct ProductVariant {
    QString sku;
    QString title;
    qint64 priceMinor = 0;
    QString currency;
    int stock = 0;  // below zero: oversold (orders took more than there was)
    int lowStockThreshold = 0;
    QJsonObject attributes;  // the detail only

    bool isOversold() const { return stock < 0; }
    bool isLow() const { return stock <= lowStockThreshold; }
    QJsonObject toJson() const;
    static std::optional<ProductVariant> fromJson(const QJsonObject& object, QString* why);
    friend bool operator==(const ProductVariant&, const ProductVariant&) = default;
};

// One row of GET /products: what the list shows (the contract's item).
struct ProductSummary {
    qint64 id = 0;
    QString title;
    QString status;  // draft, active, archived
    std::optional<qint64> categoryId;
    QList<ProductVariant> variants;
    QStringList tags;
    QDateTime updatedAt;
    int version = 0;

    int totalStock() const;
    bool anyOversold() const;
    bool anyLow() const;
    // The cheapest and the dearest variant (equal for one variant); nullopt without variants or
    // when the variants' currencies differ.
    std::optional<std::pair<qint64, qint64>> priceRange() const;
    QString currency() const;  // the first variant's; empty without variants
    QStringList skus() const;

    static std::optional<ProductSummary> fromJson(const QJsonObject& object,
                                                  QString* why = nullptr);
};

struct ProductImage {
    qint64 id = 0;
    QString url;
    QString thumbnailUrl;
    int width = 0;
    int height = 0;
};

struct CategoryRef {
    qint64 id = 0;
    QString name;
};

// GET /products/{id}: the item plus what the editor shows.
struct ProductDetail : ProductSummary {
    QString description;
    QJsonObject attributes;
    QList<CategoryRef> categoryPath;  // from the top of the tree down to the product's category
    QList<ProductImage> images;

    static std::optional<ProductDetail> fromJson(const QJsonObject& object, QString* why = nullptr);
};

struct Category {
    qint64 id = 0;
    QString name;
    std::optional<qint64> parentId;

    static std::optional<Category> fromJson(const QJsonObject& object, QString* why = nullptr);
};

// One change of a SKU's stock: by a person, an order or an import.
struct StockAdjustment {
    qint64 id = 0;
    int delta = 0;
    int stockAfter = 0;
    QString reason;
    QString actor;  // who ("by"); empty for the storefront
    std::optional<qint64> orderId;
    QString orderNumber;  // the order that took or gave back the stock
    QDateTime at;

    static std::optional<StockAdjustment> fromJson(const QJsonObject& object,
                                                   QString* why = nullptr);
};

// One change of a SKU's list price (GET /skus/{sku}/price-history).
struct PriceChange {
    QDateTime at;
    QString by;
    std::optional<qint64> fromMinor;  // none: the SKU was created at `toMinor`
    qint64 toMinor = 0;
    QString currency;
    QString reason;

    static std::optional<PriceChange> fromJson(const QJsonObject& object, QString* why = nullptr);
};

}  // namespace opsdesk::client

Q_DECLARE_METATYPE(opsdesk::client::ProductSummary)
Q_DECLARE_METATYPE(opsdesk::client::ProductDetail)
Q_DECLARE_METATYPE(opsdesk::client::StockAdjustment)
