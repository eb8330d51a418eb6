#include "services-client/catalog/productdraft.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace opsdesk::client {

namespace {

const QString kVariantPrefix = QStringLiteral("variant:");

QString variantKey(const QString& sku) {
    return kVariantPrefix + sku.toLower();
}

QStringList sortedTags(QStringList tags) {
    tags.sort(Qt::CaseInsensitive);
    return tags;
}

// The fields of a variant the PATCH names when they change (stock never: adjustments move it).
QJsonObject variantChanges(const ProductVariant& base, const ProductVariant& mine) {
    QJsonObject o;
    if (base.title != mine.title) {
        o.insert(QStringLiteral("title"), mine.title);
    }
    if (base.priceMinor != mine.priceMinor) {
        o.insert(QStringLiteral("price_minor"), mine.priceMinor);
    }
    if (base.currency != mine.currency) {
        o.insert(QStringLiteral("currency"), mine.currency);
    }
    if (base.lowStockThreshold != mine.lowStockThreshold) {
        o.insert(QStringLiteral("low_stock_threshold"), mine.lowStockThreshold);
    }
    if (base.attributes != mine.attributes) {
        o.insert(QStringLiteral("attributes"), mine.attributes);
    }
    return o;
}

QJsonObject newVariant(const ProductVariant& v) {
    QJsonObject o = v.toJson();
    o.insert(QStringLiteral("stock"), v.stock);  // a new variant may start with stock
    return o;
}

bool sameVariant(const ProductVariant& a, const ProductVariant& b) {
    return a.sku == b.sku && variantChanges(a, b).isEmpty();
}

}  // namespace

ProductDraft ProductDraft::from(const ProductDetail& p) {
    ProductDraft d;
    d.title = p.title;
    d.description = p.description;
    d.status = p.status;
    d.categoryId = p.categoryId;
    d.tags = p.tags;
    d.attributes = p.attributes;
    d.variants = p.variants;
    return d;
}

const ProductVariant* ProductDraft::variant(const QString& sku) const {
    for (const auto& v : variants) {
        if (v.sku.compare(sku, Qt::CaseInsensitive) == 0) {
            return &v;
        }
    }
    return nullptr;
}

QStringList ProductDraft::fieldKeys(const ProductDraft& a, const ProductDraft& b) {
    QStringList keys{QStringLiteral("title"),       QStringLiteral("status"),
                     QStringLiteral("category_id"), QStringLiteral("tags"),
                     QStringLiteral("description"), QStringLiteral("attributes")};
    for (const auto* d : {&a, &b}) {
        for (const auto& v : d->variants) {
            const QString key = variantKey(v.sku);
            if (!keys.contains(key)) {
                keys << key;
            }
        }
    }
    return keys;
}

QString ProductDraft::fieldText(const QString& key) const {
    if (key == QLatin1String("title")) {
        return title;
    }
    if (key == QLatin1String("description")) {
        return description;
    }
    if (key == QLatin1String("status")) {
        return status;
    }
    if (key == QLatin1String("category_id")) {
        return categoryId ? QString::number(*categoryId) : QString();
    }
    if (key == QLatin1String("tags")) {
        return tags.join(QStringLiteral(", "));
    }
    if (key == QLatin1String("attributes")) {
        return attributes.isEmpty()
                   ? QString()
                   : QString::fromUtf8(QJsonDocument(attributes).toJson(QJsonDocument::Compact));
    }
    if (key.startsWith(kVariantPrefix)) {
        const ProductVariant* v = variant(key.mid(kVariantPrefix.size()));
        if (!v) {
            return {};
        }
        return QStringLiteral("%1 · %2 · %3 %4 · ≤%5")
            .arg(v->sku, v->title)
            .arg(v->priceMinor)
            .arg(v->currency)
            .arg(v->lowStockThreshold);
    }
    return {};
}

QStringList ProductDraft::changedFields(const ProductDraft& a, const ProductDraft& b) {
    QStringList out;
    for (const QString& key : fieldKeys(a, b)) {
        bool same = true;
        if (key == QLatin1String("tags")) {
            same = sortedTags(a.tags) == sortedTags(b.tags);
        } else if (key == QLatin1String("attributes")) {
            same = a.attributes == b.attributes;
        } else if (key.startsWith(kVariantPrefix)) {
            const QString sku = key.mid(kVariantPrefix.size());
            const ProductVariant* va = a.variant(sku);
            const ProductVariant* vb = b.variant(sku);
            same = (!va && !vb) || (va && vb && sameVariant(*va, *vb));
        } else {
            same = a.fieldText(key) == b.fieldText(key);
        }
        if (!same) {
            out << key;
        }
    }
    return out;
}

bool ProductDraft::changesPrice(const ProductDraft& base, const ProductDraft& mine) {
    for (const auto& v : mine.variants) {
        const ProductVariant* before = base.variant(v.sku);
        if (before && (before->priceMinor != v.priceMinor || before->currency != v.currency)) {
            return true;
        }
    }
    return false;
}

QJsonObject ProductDraft::patch(const ProductDraft& base, const ProductDraft& mine,
                                const QString& priceReason) {
    QJsonObject body;
    if (base.title != mine.title) {
        body.insert(QStringLiteral("title"), mine.title);
    }
    if (base.description != mine.description) {
        body.insert(QStringLiteral("description"), mine.description);
    }
    if (base.status != mine.status) {
        body.insert(QStringLiteral("status"), mine.status);
    }
    if (base.categoryId != mine.categoryId) {
        body.insert(QStringLiteral("category_id"),
                    mine.categoryId ? QJsonValue(*mine.categoryId) : QJsonValue());
    }
    if (sortedTags(base.tags) != sortedTags(mine.tags)) {
        body.insert(QStringLiteral("tags"), QJsonArray::fromStringList(mine.tags));
    }
    if (base.attributes != mine.attributes) {
        body.insert(QStringLiteral("attributes"), mine.attributes);
    }
    QJsonArray add;
    QJsonArray change;
    QJsonArray remove;
    for (const auto& v : mine.variants) {
        const ProductVariant* before = base.variant(v.sku);
        if (!before) {
            add.append(newVariant(v));
        } else if (QJsonObject c = variantChanges(*before, v); !c.isEmpty()) {
            c.insert(QStringLiteral("sku"), before->sku);
            change.append(c);
        }
    }
    for (const auto& v : base.variants) {
        if (!mine.variant(v.sku)) {
            remove.append(v.sku);
        }
    }
    if (!add.isEmpty() || !change.isEmpty() || !remove.isEmpty()) {
        QJsonObject variants;
        if (!add.isEmpty()) {
            variants.insert(QStringLiteral("add"), add);
        }
        if (!change.isEmpty()) {
            variants.insert(QStringLiteral("change"), change);
        }
        if (!remove.isEmpty()) {
            variants.insert(QStringLiteral("remove"), remove);
        }
        body.insert(QStringLiteral("variants"), variants);
    }
    if (changesPrice(base, mine) && !priceReason.trimmed().isEmpty()) {
        body.insert(QStringLiteral("price_reason"), priceReason.trimmed());
    }
    return body;
}

QJsonObject ProductDraft::createBody(const QString& priceReason) const {
    QJsonObject body{
        {QStringLiteral("title"), title},
        {QStringLiteral("description"), description},
        {QStringLiteral("status"), status.isEmpty() ? QStringLiteral("draft") : status},
        {QStringLiteral("tags"), QJsonArray::fromStringList(tags)},
        {QStringLiteral("attributes"), attributes}};
    body.insert(QStringLiteral("category_id"), categoryId ? QJsonValue(*categoryId) : QJsonValue());
    QJsonArray list;
    for (const auto& v : variants) {
        list.append(newVariant(v));
    }
    body.insert(QStringLiteral("variants"), list);
    if (!priceReason.trimmed().isEmpty()) {
        body.insert(QStringLiteral("price_reason"), priceReason.trimmed());
    }
    return body;
}

QList<ProductDraft::FieldConflict> ProductDraft::conflicts(const ProductDraft& base,
                                                           const ProductDraft& mine,
                                                           const ProductDraft& theirs) {
    const QStringList differ = changedFields(mine, theirs);
    const QStringList iChanged = changedFields(base, mine);
    const QStringList theyChanged = changedFields(base, theirs);
    QList<FieldConflict> out;
    for (const QString& key : differ) {
        FieldConflict c;
        c.key = key;
        c.bothChanged = iChanged.contains(key) && theyChanged.contains(key);
        c.proposed = iChanged.contains(key) ? Side::Mine : Side::Theirs;
        out << c;
    }
    return out;
}

ProductDraft ProductDraft::merge(const ProductDraft& mine, const ProductDraft& theirs,
                                 const QSet<QString>& keepMine) {
    ProductDraft out = theirs;
    const auto keep = [&keepMine](const char* key) {
        return keepMine.contains(QLatin1String(key));
    };
    if (keep("title")) {
        out.title = mine.title;
    }
    if (keep("description")) {
        out.description = mine.description;
    }
    if (keep("status")) {
        out.status = mine.status;
    }
    if (keep("category_id")) {
        out.categoryId = mine.categoryId;
    }
    if (keep("tags")) {
        out.tags = mine.tags;
    }
    if (keep("attributes")) {
        out.attributes = mine.attributes;
    }
    for (const QString& key : keepMine) {
        if (!key.startsWith(kVariantPrefix)) {
            continue;
        }
        const QString sku = key.mid(kVariantPrefix.size());
        const ProductVariant* m = mine.variant(sku);
        int at = -1;
        for (int i = 0; i < out.variants.size(); ++i) {
            if (out.variants.at(i).sku.compare(sku, Qt::CaseInsensitive) == 0) {
                at = i;
            }
        }
        if (m && at >= 0) {
            const int stock = out.variants.at(at).stock;  // the stock is theirs: it is live
            out.variants[at] = *m;
            out.variants[at].stock = stock;
        } else if (m) {
            out.variants.append(*m);  // I added it
        } else if (at >= 0) {
            out.variants.removeAt(at);  // I removed it
        }
    }
    return out;
}

}  // namespace opsdesk::client
