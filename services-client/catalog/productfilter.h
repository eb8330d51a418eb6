#pragma once

#include <QStringList>
#include <QUrlQuery>
#include <optional>

class QSettings;

namespace opsdesk::client {

// What the product list asks GET /products for (and the export for the same rows).
struct ProductFilter {
    QString search;                           // title, SKU or tag fragment
    QStringList statuses;                     // draft, active, archived; empty: every status
    std::optional<qint64> categoryId;         // with its descendants
    std::optional<qint64> virtualCategoryId;  // its members now
    bool lowStock = false;                    // a variant at or below its threshold
    bool oversold = false;                    // a variant below zero

    QUrlQuery toQuery() const;
    void save(QSettings& settings, const QString& group) const;
    static ProductFilter load(QSettings& settings, const QString& group);

    friend bool operator==(const ProductFilter&, const ProductFilter&) = default;
};

}  // namespace opsdesk::client
