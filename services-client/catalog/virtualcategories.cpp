#include "services-client/catalog/virtualcategories.h"

#include <QJsonArray>
#include <QUrl>
#include <QUrlQuery>

#include "services-client/api/apiclient.h"
#include "services-client/api/wiretime.h"

namespace opsdesk::client {

namespace {

const QString kCategoryId = QStringLiteral("category_id");
const QString kIncludeDescendants = QStringLiteral("include_descendants");
const QString kMinPrice = QStringLiteral("min_price_minor");
const QString kMaxPrice = QStringLiteral("max_price_minor");
const QString kCurrency = QStringLiteral("currency");
const QString kInStock = QStringLiteral("in_stock");
const QString kTagsAny = QStringLiteral("tags_any");
const QString kAttributes = QStringLiteral("attributes");
const QString kStatus = QStringLiteral("status");

bool fail(QString* why, const QString& text) {
    if (why) {
        *why = text;
    }
    return false;
}

// A whole non-negative number of JSON, or nullopt (and `ok` false) when it is something else.
std::optional<qint64> readCount(const QJsonObject& o, const QString& key, bool* ok) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        return std::nullopt;
    }
    if (!v.isDouble() || v.toDouble() != double(v.toInteger()) || v.toInteger() < 0) {
        *ok = false;
        return std::nullopt;
    }
    return v.toInteger();
}

std::optional<QStringList> readTexts(const QJsonObject& o, const QString& key) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        return QStringList();
    }
    if (!v.isArray()) {
        return std::nullopt;
    }
    QStringList out;
    for (const QJsonValue& item : v.toArray()) {
        if (!item.isString()) {
            return std::nullopt;
        }
        out << item.toString();
    }
    return out;
}

QJsonArray idArray(const QList<qint64>& ids) {
    QJsonArray a;
    for (qint64 id : ids) {
        a.append(id);
    }
    return a;
}

}  // namespace

QJsonObject VirtualCategoryRule::toJson() const {
    QJsonObject o;
    if (categoryId) {
        o.insert(kCategoryId, *categoryId);
        o.insert(kIncludeDescendants, includeDescendants);
    }
    if (minPriceMinor) {
        o.insert(kMinPrice, *minPriceMinor);
    }
    if (maxPriceMinor) {
        o.insert(kMaxPrice, *maxPriceMinor);
    }
    if (!currency.isEmpty()) {
        o.insert(kCurrency, currency);
    }
    if (inStock) {
        o.insert(kInStock, *inStock);
    }
    if (!tagsAny.isEmpty()) {
        o.insert(kTagsAny, QJsonArray::fromStringList(tagsAny));
    }
    if (!attributes.isEmpty()) {
        o.insert(kAttributes, attributes);
    }
    if (!statuses.isEmpty()) {
        o.insert(kStatus, QJsonArray::fromStringList(statuses));
    }
    return o;
}

std::optional<VirtualCategoryRule> VirtualCategoryRule::fromJson(const QJsonObject& o,
                                                                 QString* why) {
    static const QStringList known{kCategoryId, kIncludeDescendants, kMinPrice,
                                   kMaxPrice,   kCurrency,           kInStock,
                                   kTagsAny,    kAttributes,         kStatus};
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key())) {
            fail(why, QStringLiteral("the rule names an unknown condition: %1").arg(it.key()));
            return std::nullopt;
        }
    }
    VirtualCategoryRule r;
    bool ok = true;
    r.categoryId = readCount(o, kCategoryId, &ok);
    r.minPriceMinor = readCount(o, kMinPrice, &ok);
    r.maxPriceMinor = readCount(o, kMaxPrice, &ok);
    if (!ok || (r.categoryId && *r.categoryId == 0)) {
        fail(why, QStringLiteral("a rule's category or price is not a whole number"));
        return std::nullopt;
    }
    const QJsonValue descendants = o.value(kIncludeDescendants);
    if (descendants.isBool()) {
        r.includeDescendants = !r.categoryId || descendants.toBool();
    } else if (!descendants.isUndefined() && !descendants.isNull()) {
        fail(why, QStringLiteral("include_descendants is not true or false"));
        return std::nullopt;
    }
    const QJsonValue currency = o.value(kCurrency);
    const QJsonValue inStock = o.value(kInStock);
    const QJsonValue attributes = o.value(kAttributes);
    if ((!currency.isString() && !currency.isUndefined() && !currency.isNull()) ||
        (!inStock.isBool() && !inStock.isUndefined() && !inStock.isNull()) ||
        (!attributes.isObject() && !attributes.isUndefined() && !attributes.isNull())) {
        fail(why, QStringLiteral("a rule's currency, in_stock or attributes has the wrong type"));
        return std::nullopt;
    }
    r.currency = currency.toString();
    if (inStock.isBool()) {
        r.inStock = inStock.toBool();
    }
    r.attributes = attributes.toObject();
    const auto tags = readTexts(o, kTagsAny);
    const auto statuses = readTexts(o, kStatus);
    if (!tags || !statuses) {
        fail(why, QStringLiteral("a rule's tags_any or status is not a list of texts"));
        return std::nullopt;
    }
    r.tagsAny = *tags;
    r.statuses = *statuses;
    return r;
}

std::optional<VirtualCategory> VirtualCategory::fromJson(const QJsonObject& o, QString* why) {
    VirtualCategory c;
    c.id = o.value(QLatin1String("id")).toInteger();
    c.name = o.value(QLatin1String("name")).toString();
    c.kind = o.value(QLatin1String("kind")).toString();
    if (c.id <= 0 || c.name.isEmpty() ||
        (c.kind != QLatin1String("manual") && c.kind != QLatin1String("rule"))) {
        fail(why, QStringLiteral("a virtual category lacks its id, name or kind"));
        return std::nullopt;
    }
    if (c.isRule()) {
        c.rule = VirtualCategoryRule::fromJson(o.value(QLatin1String("rule")).toObject(), why);
        if (!c.rule) {
            return std::nullopt;
        }
    } else {
        for (const QJsonValue& v : o.value(QLatin1String("product_ids")).toArray()) {
            c.productIds.append(v.toInteger());
        }
    }
    c.createdAt = parseTimestamp(o.value(QLatin1String("created_at")));
    c.updatedAt = parseTimestamp(o.value(QLatin1String("updated_at")));
    c.version = o.value(QLatin1String("version")).toInt();
    return c;
}

std::optional<RulePreview> RulePreview::fromJson(const QJsonObject& o, QString* why) {
    if (!o.value(QLatin1String("count")).isDouble()) {
        fail(why, QStringLiteral("the preview carries no count"));
        return std::nullopt;
    }
    RulePreview p;
    p.count = o.value(QLatin1String("count")).toInteger();
    p.countIsExact = o.value(QLatin1String("count_is_exact")).toBool(true);
    for (const QJsonValue& v : o.value(QLatin1String("sample")).toArray()) {
        auto product = ProductSummary::fromJson(v.toObject(), why);
        if (!product) {
            return std::nullopt;
        }
        p.sample.append(std::move(*product));
    }
    return p;
}

std::optional<ApiError> VirtualCategoryRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    auto c = VirtualCategory::fromJson(response.object(), &why);
    if (!c) {
        return ApiError::invalidResponse(0, why);
    }
    category_ = std::move(*c);
    return std::nullopt;
}

std::optional<ApiError> RulePreviewRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    auto p = RulePreview::fromJson(response.object(), &why);
    if (!p) {
        return ApiError::invalidResponse(0, why);
    }
    preview_ = std::move(*p);
    return std::nullopt;
}

VirtualCategoriesApi::VirtualCategoriesApi(ApiClient* client, QObject* parent)
    : QObject(parent), client_(client) {}

VirtualCategoryPageRequest* VirtualCategoriesApi::list(const QString& search, const QString& kind,
                                                       const QByteArray& cursor, int limit) {
    QUrlQuery q;
    if (const QString text = search.trimmed(); !text.isEmpty()) {
        q.addQueryItem(QStringLiteral("q"), QString::fromLatin1(QUrl::toPercentEncoding(text)));
    }
    if (!kind.isEmpty()) {
        q.addQueryItem(QStringLiteral("kind"), kind);
    }
    return client_->send(new VirtualCategoryPageRequest(QStringLiteral("/virtual-categories"),
                                                        pageQuery(q, cursor, limit)));
}

VirtualCategoryRequest* VirtualCategoriesApi::get(qint64 id) {
    return client_->send(new VirtualCategoryRequest(
        ApiRequest::Method::Get, QStringLiteral("/virtual-categories/%1").arg(id)));
}

VirtualCategoryRequest* VirtualCategoriesApi::createRule(const QString& name,
                                                         const VirtualCategoryRule& rule) {
    auto* r =
        new VirtualCategoryRequest(ApiRequest::Method::Post, QStringLiteral("/virtual-categories"));
    r->setJsonBody(QJsonDocument(QJsonObject{{QStringLiteral("name"), name},
                                             {QStringLiteral("kind"), QStringLiteral("rule")},
                                             {QStringLiteral("rule"), rule.toJson()}}));
    r->setRetryPolicy(RetryPolicy::never());  // a repeat would be refused as a taken name
    return client_->send(r);
}

VirtualCategoryRequest* VirtualCategoriesApi::createManual(const QString& name,
                                                           const QList<qint64>& productIds) {
    auto* r =
        new VirtualCategoryRequest(ApiRequest::Method::Post, QStringLiteral("/virtual-categories"));
    r->setJsonBody(
        QJsonDocument(QJsonObject{{QStringLiteral("name"), name},
                                  {QStringLiteral("kind"), QStringLiteral("manual")},
                                  {QStringLiteral("product_ids"), idArray(productIds)}}));
    r->setRetryPolicy(RetryPolicy::never());
    return client_->send(r);
}

VirtualCategoryRequest* VirtualCategoriesApi::update(
    qint64 id, int version, const std::optional<QString>& name,
    const std::optional<VirtualCategoryRule>& rule,
    const std::optional<QList<qint64>>& productIds) {
    QJsonObject body;
    if (name) {
        body.insert(QStringLiteral("name"), *name);
    }
    if (rule) {
        body.insert(QStringLiteral("rule"), rule->toJson());
    }
    if (productIds) {
        body.insert(QStringLiteral("product_ids"), idArray(*productIds));
    }
    auto* r = new VirtualCategoryRequest(ApiRequest::Method::Patch,
                                         QStringLiteral("/virtual-categories/%1").arg(id));
    r->setJsonBody(QJsonDocument(body));
    r->setIfMatch(version);
    return client_->send(r);
}

RulePreviewRequest* VirtualCategoriesApi::preview(const VirtualCategoryRule& rule) {
    auto* r = new RulePreviewRequest(ApiRequest::Method::Post,
                                     QStringLiteral("/virtual-categories/preview"));
    r->setJsonBody(QJsonDocument(QJsonObject{{QStringLiteral("rule"), rule.toJson()}}));
    return client_->send(r);
}

ItemPageRequest<ProductSummary>* VirtualCategoriesApi::products(qint64 id, const QByteArray& cursor,
                                                                int limit) {
    return client_->send(new ItemPageRequest<ProductSummary>(
        QStringLiteral("/virtual-categories/%1/products").arg(id), pageQuery({}, cursor, limit)));
}

VirtualCategoryListModel::VirtualCategoryListModel(VirtualCategoriesApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api) {
    setPageSize(100);
}

void VirtualCategoryListModel::setSearch(const QString& search) {
    if (search.trimmed() == search_) {
        return;
    }
    search_ = search.trimmed();
    reload();
}

int VirtualCategoryListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

ItemPageRequest<VirtualCategory>* VirtualCategoryListModel::requestItems(const QByteArray& cursor,
                                                                         int limit) {
    return api_ ? api_->list(search_, {}, cursor, limit) : nullptr;
}

QVariant VirtualCategoryListModel::plainCell(const VirtualCategory& c, int column, int role) const {
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case NameColumn:
            return c.name;
        case KindColumn:
            return c.kind;
        case UpdatedColumn:
            return c.updatedAt.toString(Qt::ISODate);
    }
    return {};
}

QString VirtualCategoryListModel::plainHeader(int column) const {
    switch (column) {
        case NameColumn:
            return QStringLiteral("name");
        case KindColumn:
            return QStringLiteral("kind");
        case UpdatedColumn:
            return QStringLiteral("updated_at");
    }
    return {};
}

bool VirtualCategoryListModel::accepts(const VirtualCategory& c) const {
    return search_.isEmpty() || c.name.contains(search_, Qt::CaseInsensitive);
}

bool VirtualCategoryListModel::sortsBefore(const VirtualCategory& a,
                                           const VirtualCategory& b) const {
    return a.id > b.id;  // newest first, as the server lists them
}

}  // namespace opsdesk::client
