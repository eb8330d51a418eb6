#pragma once

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

#include "services-client/catalog/product.h"

namespace opsdesk::client {

// A product as the editor holds it, and what an edit of it means on the wire: the PATCH of
// what changed, whether a price changed, and how an edit made on a version someone else has
// since saved over is merged, field by field. Pure QtCore; the unit tests call it alone.
struct ProductDraft {
    QString title;
    QString description;
    QString status;
    std::optional<qint64> categoryId;
    QStringList tags;
    QJsonObject attributes;
    QList<ProductVariant> variants;  // stock is shown, never sent: it moves by adjustments

    static ProductDraft from(const ProductDetail& product);
    friend bool operator==(const ProductDraft&, const ProductDraft&) = default;

    // A variant by SKU, whatever its case; null when there is none.
    const ProductVariant* variant(const QString& sku) const;

    // The fields, one key a field: "title", "description", "status", "category_id", "tags",
    // "attributes", and "variant:<sku in lower case>" for each variant.
    static QStringList fieldKeys(const ProductDraft& a, const ProductDraft& b);
    // The keys whose values differ between `a` and `b`.
    static QStringList changedFields(const ProductDraft& a, const ProductDraft& b);
    // What the field reads as, for the merge panel ("—" is left to the widgets).
    QString fieldText(const QString& key) const;

    // The PATCH body of the edit `base` → `mine`: only what changed; variants as
    // {"add":[…],"change":[{"sku",…what changed}],"remove":[…]}; price_reason with a price
    // change. Empty when nothing changed.
    static QJsonObject patch(const ProductDraft& base, const ProductDraft& mine,
                             const QString& priceReason = {});
    // The POST body of a new product.
    QJsonObject createBody(const QString& priceReason = {}) const;
    // Whether the edit changes a price or a currency (catalog.price).
    static bool changesPrice(const ProductDraft& base, const ProductDraft& mine);

    // Three versions of one field: what I opened (`base`), what I made of it (`mine`), what
    // someone saved meanwhile (`theirs`).
    enum class Side { Mine, Theirs };
    struct FieldConflict {
        QString key;
        bool bothChanged = false;  // they changed it too: the person must choose
        Side proposed = Side::Mine;
    };
    // The fields where mine and theirs differ, with what is proposed: mine where only I changed
    // it, theirs where only they did, mine where both did (the person sees both and chooses).
    static QList<FieldConflict> conflicts(const ProductDraft& base, const ProductDraft& mine,
                                          const ProductDraft& theirs);
    // `theirs` with my value for every field in `keepMine`.
    static ProductDraft merge(const ProductDraft& mine, const ProductDraft& theirs,
                              const QSet<QString>& keepMine);
};

}  // namespace opsdesk::client
