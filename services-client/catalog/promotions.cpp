#include "services-client/catalog/promotions.h"

#include <QJsonArray>
#include <algorithm>

#include "services-client/api/apiclient.h"
#include "services-client/api/wiretime.h"

namespace opsdesk::client {

namespace {

void fail(QString* why, const QString& text) {
    if (why) {
        *why = text;
    }
}

QList<qint64> idList(const QJsonValue& v) {
    QList<qint64> out;
    for (const QJsonValue& x : v.toArray()) {
        out.append(x.toInteger());
    }
    return out;
}

QJsonArray idArray(const QList<qint64>& ids) {
    QJsonArray out;
    for (qint64 id : ids) {
        out.append(id);
    }
    return out;
}

template <typename T>
std::optional<T> optionalNumber(const QJsonObject& o, const char* key) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble()) {
        return std::nullopt;
    }
    return static_cast<T>(v.toInteger());
}

}  // namespace

QJsonObject PromotionTargets::toJson() const {
    return {{QStringLiteral("skus"), QJsonArray::fromStringList(skus)},
            {QStringLiteral("category_ids"), idArray(categoryIds)},
            {QStringLiteral("virtual_category_ids"), idArray(virtualCategoryIds)}};
}

PromotionTargets PromotionTargets::fromJson(const QJsonObject& o) {
    PromotionTargets t;
    for (const QJsonValue& s : o.value(QLatin1String("skus")).toArray()) {
        t.skus.append(s.toString());
    }
    t.categoryIds = idList(o.value(QLatin1String("category_ids")));
    t.virtualCategoryIds = idList(o.value(QLatin1String("virtual_category_ids")));
    return t;
}

std::optional<PromotionOverlap> PromotionOverlap::fromJson(const QJsonObject& o, QString* why) {
    PromotionOverlap x;
    x.id = o.value(QLatin1String("id")).toInteger();
    x.name = o.value(QLatin1String("name")).toString();
    if (x.id <= 0 || x.name.isEmpty()) {
        fail(why, QStringLiteral("an overlap lacks id or name"));
        return std::nullopt;
    }
    x.kind = o.value(QLatin1String("kind")).toString();
    x.startsAt = parseTimestamp(o.value(QLatin1String("starts_at")));
    x.endsAt = parseTimestamp(o.value(QLatin1String("ends_at")));
    x.priority = o.value(QLatin1String("priority")).toInt();
    x.exclusive = o.value(QLatin1String("exclusive")).toBool();
    x.sharedSkuCount = o.value(QLatin1String("shared_sku_count")).toInt();
    for (const QJsonValue& s : o.value(QLatin1String("skus")).toArray()) {
        x.skus.append(s.toString());
    }
    return x;
}

QStringList Promotion::kinds() {
    return {kPercent, kAmount, kBuyXGetY, kFlashSale};
}

QStringList Promotion::statuses() {
    return {QStringLiteral("scheduled"), QStringLiteral("active"), QStringLiteral("sold_out"),
            QStringLiteral("ended")};
}

QDateTime Promotion::effectiveEnd() const {
    return endedAt.isValid() && endedAt < endsAt ? endedAt : endsAt;
}

bool Promotion::isInForceAt(const QDateTime& at) const {
    return startsAt <= at && at < effectiveEnd();
}

QJsonObject Promotion::toBody() const {
    QJsonObject o{{QStringLiteral("name"), name},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("starts_at"), promotionTime(startsAt)},
                  {QStringLiteral("ends_at"), promotionTime(endsAt)},
                  {QStringLiteral("targets"), targets.toJson()},
                  {QStringLiteral("priority"), priority},
                  {QStringLiteral("exclusive"), exclusive}};
    const auto put = [&o](const char* key, const auto& value) {
        if (value) {
            o.insert(QLatin1String(key), static_cast<qint64>(*value));
        }
    };
    if (kind == kPercent) {
        put("percent", percent);
    } else if (kind == kAmount) {
        put("amount_minor", amountMinor);
    } else if (kind == kBuyXGetY) {
        put("buy", buy);
        put("get", get);
    } else if (kind == kFlashSale) {
        put("price_minor", priceMinor);
        put("stock_cap", stockCap);
        put("per_customer_limit", perCustomerLimit);
    }
    return o;
}

std::optional<Promotion> Promotion::fromJson(const QJsonObject& o, QString* why) {
    Promotion p;
    p.id = o.value(QLatin1String("id")).toInteger();
    p.name = o.value(QLatin1String("name")).toString();
    p.kind = o.value(QLatin1String("kind")).toString();
    p.startsAt = parseTimestamp(o.value(QLatin1String("starts_at")));
    p.endsAt = parseTimestamp(o.value(QLatin1String("ends_at")));
    if (p.id <= 0 || p.name.isEmpty() || p.kind.isEmpty()) {
        fail(why, QStringLiteral("a promotion lacks id, name or kind"));
        return std::nullopt;
    }
    if (!p.startsAt.isValid() || !p.endsAt.isValid()) {
        fail(why, QStringLiteral("promotion %1 lacks starts_at or ends_at").arg(p.id));
        return std::nullopt;
    }
    p.status = o.value(QLatin1String("status")).toString();
    p.endedAt = parseTimestamp(o.value(QLatin1String("ended_at")));
    p.targets = PromotionTargets::fromJson(o.value(QLatin1String("targets")).toObject());
    p.priority = o.value(QLatin1String("priority")).toInt();
    p.exclusive = o.value(QLatin1String("exclusive")).toBool();
    p.createdAt = parseTimestamp(o.value(QLatin1String("created_at")));
    p.updatedAt = parseTimestamp(o.value(QLatin1String("updated_at")));
    p.version = o.value(QLatin1String("version")).toInt();
    p.percent = optionalNumber<int>(o, "percent");
    p.amountMinor = optionalNumber<qint64>(o, "amount_minor");
    p.buy = optionalNumber<int>(o, "buy");
    p.get = optionalNumber<int>(o, "get");
    p.priceMinor = optionalNumber<qint64>(o, "price_minor");
    p.stockCap = optionalNumber<int>(o, "stock_cap");
    p.perCustomerLimit = optionalNumber<int>(o, "per_customer_limit");
    p.claimed = optionalNumber<int>(o, "claimed");
    p.remaining = optionalNumber<int>(o, "remaining");
    p.soldOutAt = parseTimestamp(o.value(QLatin1String("sold_out_at")));
    if (o.contains(QLatin1String("overlaps"))) {
        p.hasOverlaps = true;
        const QJsonValue overlaps = o.value(QLatin1String("overlaps"));
        if (overlaps.isArray()) {
            QList<PromotionOverlap> list;
            for (const QJsonValue& v : overlaps.toArray()) {
                auto overlap = PromotionOverlap::fromJson(v.toObject(), why);
                if (!overlap) {
                    return std::nullopt;
                }
                list.append(std::move(*overlap));
            }
            p.overlaps = std::move(list);
        }
    }
    return p;
}

std::optional<VirtualCategorySummary> VirtualCategorySummary::fromJson(const QJsonObject& o,
                                                                       QString* why) {
    VirtualCategorySummary v;
    v.id = o.value(QLatin1String("id")).toInteger();
    v.name = o.value(QLatin1String("name")).toString();
    v.kind = o.value(QLatin1String("kind")).toString();
    if (v.id <= 0 || v.name.isEmpty()) {
        fail(why, QStringLiteral("a virtual category lacks id or name"));
        return std::nullopt;
    }
    return v;
}

QString promotionTime(const QDateTime& time) {
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
}

QUrlQuery PromotionFilter::toQuery() const {
    QUrlQuery q;
    if (!statuses.isEmpty()) {
        q.addQueryItem(QStringLiteral("status"), statuses.join(QLatin1Char(',')));
    }
    if (!kinds.isEmpty()) {
        q.addQueryItem(QStringLiteral("kind"), kinds.join(QLatin1Char(',')));
    }
    if (!search.trimmed().isEmpty()) {
        q.addQueryItem(QStringLiteral("q"), search.trimmed());
    }
    if (!sku.trimmed().isEmpty()) {
        q.addQueryItem(QStringLiteral("sku"), sku.trimmed());
    }
    if (from.isValid()) {
        q.addQueryItem(QStringLiteral("from"), promotionTime(from));
    }
    if (to.isValid()) {
        q.addQueryItem(QStringLiteral("to"), promotionTime(to));
    }
    if (activeAt.isValid()) {
        q.addQueryItem(QStringLiteral("active_at"), promotionTime(activeAt));
    }
    return q;
}

bool PromotionFilter::matches(const Promotion& p) const {
    if (!statuses.isEmpty() && !statuses.contains(p.status)) {
        return false;
    }
    if (!kinds.isEmpty() && !kinds.contains(p.kind)) {
        return false;
    }
    if (!sku.isEmpty() || from.isValid() || to.isValid() || activeAt.isValid()) {
        return false;  // targets and times resolved by the server
    }
    const QString q = search.trimmed();
    return q.isEmpty() || p.name.contains(q, Qt::CaseInsensitive);
}

std::optional<ApiError> PromotionRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    auto p = Promotion::fromJson(response.object(), &why);
    if (!p) {
        return ApiError::invalidResponse(0, why);
    }
    promotion_ = std::move(*p);
    return std::nullopt;
}

PromotionsApi::PromotionsApi(ApiClient* client, QObject* parent)
    : QObject(parent), client_(client) {}

PromotionPageRequest* PromotionsApi::list(const PromotionFilter& filter, const QByteArray& cursor,
                                          int limit) {
    return client_->send(new PromotionPageRequest(QStringLiteral("/promotions"),
                                                  pageQuery(filter.toQuery(), cursor, limit)));
}

PromotionRequest* PromotionsApi::promotion(qint64 id) {
    return client_->send(
        new PromotionRequest(ApiRequest::Method::Get, QStringLiteral("/promotions/%1").arg(id)));
}

PromotionRequest* PromotionsApi::create(const QJsonObject& body) {
    auto* r = new PromotionRequest(ApiRequest::Method::Post, QStringLiteral("/promotions"));
    r->setJsonBody(QJsonDocument(body));
    r->setRetryPolicy(RetryPolicy::never());  // a repeat would make a second promotion
    return client_->send(r);
}

PromotionRequest* PromotionsApi::update(qint64 id, int version, const QJsonObject& changes) {
    auto* r =
        new PromotionRequest(ApiRequest::Method::Patch, QStringLiteral("/promotions/%1").arg(id));
    r->setJsonBody(QJsonDocument(changes));
    r->setIfMatch(version);
    return client_->send(r);
}

PromotionRequest* PromotionsApi::end(qint64 id, int version) {
    auto* r = new PromotionRequest(ApiRequest::Method::Post,
                                   QStringLiteral("/promotions/%1/end").arg(id));
    r->setIfMatch(version);
    r->setRetryPolicy(RetryPolicy::never());
    return client_->send(r);
}

VirtualCategoriesRequest* PromotionsApi::virtualCategories(const QByteArray& cursor, int limit) {
    return client_->send(new VirtualCategoriesRequest(QStringLiteral("/virtual-categories"),
                                                      pageQuery({}, cursor, limit)));
}

PromotionListModel::PromotionListModel(PromotionsApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api) {
    setPageSize(100);
}

void PromotionListModel::setFilter(const PromotionFilter& filter) {
    filter_ = filter;
    reload();
}

int PromotionListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

ItemPageRequest<Promotion>* PromotionListModel::requestItems(const QByteArray& cursor, int limit) {
    return api_ ? api_->list(filter_, cursor, limit) : nullptr;
}

QString PromotionListModel::plainHeader(int column) const {
    switch (column) {
        case NameColumn:
            return QStringLiteral("name");
        case KindColumn:
            return QStringLiteral("kind");
        case StatusColumn:
            return QStringLiteral("status");
        case StartsColumn:
            return QStringLiteral("starts_at");
        case EndsColumn:
            return QStringLiteral("ends_at");
        case PriorityColumn:
            return QStringLiteral("priority");
    }
    return {};
}

QVariant PromotionListModel::plainCell(const Promotion& p, int column, int role) const {
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case NameColumn:
            return p.name;
        case KindColumn:
            return p.kind;
        case StatusColumn:
            return p.status;
        case StartsColumn:
            return promotionTime(p.startsAt);
        case EndsColumn:
            return promotionTime(p.effectiveEnd());
        case PriorityColumn:
            return p.priority;
    }
    return {};
}

bool PromotionListModel::accepts(const Promotion& p) const {
    return filter_.matches(p);
}

bool PromotionListModel::sortsBefore(const Promotion& a, const Promotion& b) const {
    if (a.startsAt != b.startsAt) {
        return a.startsAt > b.startsAt;
    }
    return a.id > b.id;
}

}  // namespace opsdesk::client
