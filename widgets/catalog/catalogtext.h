#pragma once

#include <QCoreApplication>
#include <QString>

namespace opsdesk::client {
struct ApiError;
struct ProductSummary;
}  // namespace opsdesk::client

namespace opsdesk::widgets {

// The module's one translation context: every string of widgets/catalog is Catalog::tr(), so
// the catalogue (translations/catalog_zh_CN.ts) and the runtime agree on its name.
class Catalog {
    Q_DECLARE_TR_FUNCTIONS(Catalog)
};

// The catalog's words: product statuses, stock states, counts and what a failed catalog
// request means.
class CatalogText {
public:
    // draft, active, archived; an unknown wire name (a newer server) is shown as it is.
    static QString statusName(const QString& wireName);
    static QStringList statuses();  // the wire names, in the order people meet them

    // "Oversold", "Low stock" or "" for a product's worst variant.
    static QString stockStateName(const QString& state);
    // The stock of a product as a cell reads it: "12", "−3 (oversold)".
    static QString stock(int stock);

    // "About 1.2 thousand products" / "1,234 products" / "No products".
    static QString productCount(qint64 count, bool exact);

    // The price range of a product's variants: "¥12.00" or "¥12.00 – ¥30.00".
    static QString priceRange(const client::ProductSummary& product);

    // What a failed product request means, in words: a SKU taken (409), a price change
    // without catalog.price (403), stock below zero (422)…
    static QString describeError(const client::ApiError& error);
};

}  // namespace opsdesk::widgets
