#pragma once

// The body of a valid storefront order (POST /api/v1/storefront/orders), for every suite that
// hands orders in through the real server.

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace opsdesk::test {

// `quantity` × `price` of one tea plus 8.00 shipping, no discount or tax. The customer is known
// by the email; named "Customer <the email's local part>" unless `name` says otherwise.
// `createdAt`: an RFC 3339 time, or empty for now.
inline QJsonObject storefrontOrder(const QString& externalId, const QString& email, qint64 price,
                                   int quantity = 1, const QString& createdAt = {},
                                   const QString& name = {}) {
    QJsonObject o{
        {"external_id", externalId},
        {"currency", "CNY"},
        {"customer",
         QJsonObject{{"external_id", "c-" + email},
                     {"name", name.isEmpty() ? "Customer " + email.section('@', 0, 0) : name},
                     {"email", email}}},
        {"items", QJsonArray{QJsonObject{{"sku", "TEA-001"},
                                         {"title", "Longjing tea 250 g"},
                                         {"quantity", quantity},
                                         {"unit_price_minor", price}}}},
        {"shipping_minor", 800},
        {"discount_minor", 0},
        {"tax_minor", 0},
        {"total_minor", price * quantity + 800}};
    if (!createdAt.isEmpty()) {
        o["created_at"] = createdAt;
    }
    return o;
}

}  // namespace opsdesk::test
