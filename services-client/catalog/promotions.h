#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrlQuery>
#include <optional>

#include "services-client/api/apirequest.h"
#include "services-client/api/pagedlistmodel.h"
#include "services-client/api/pagerequest.h"

namespace opsdesk::client {

class ApiClient;

// What a promotion applies to; categories include their subcategories, and all are resolved
// by the server as the catalog is at the moment of the question.
struct PromotionTargets {
    QStringList skus;
    QList<qint64> categoryIds;
    QList<qint64> virtualCategoryIds;

    bool isEmpty() const {
        return skus.isEmpty() && categoryIds.isEmpty() && virtualCategoryIds.isEmpty();
    }
    QJsonObject toJson() const;
    static PromotionTargets fromJson(const QJsonObject& object);
    friend bool operator==(const PromotionTargets&, const PromotionTargets&) = default;
};

// Another promotion in force at some same moment on at least one same SKU (the answer of a
// create, a change and GET /promotions/{id}).
struct PromotionOverlap {
    qint64 id = 0;
    QString name;
    QString kind;
    QDateTime startsAt;
    QDateTime endsAt;
    int priority = 0;
    bool exclusive = false;
    int sharedSkuCount = 0;
    QStringList skus;  // up to five of the shared SKUs

    static std::optional<PromotionOverlap> fromJson(const QJsonObject& object,
                                                    QString* why = nullptr);
};

// One promotion as GET /promotions/{id} answers it (docs/API.md, "A promotion").
struct Promotion {
    qint64 id = 0;
    QString name;
    QString kind;    // percent, amount, buy_x_get_y, flash_sale
    QString status;  // scheduled, active, sold_out, ended
    QDateTime startsAt;
    QDateTime endsAt;
    QDateTime endedAt;  // invalid unless ended early by hand
    PromotionTargets targets;
    int priority = 0;
    bool exclusive = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    int version = 0;

    // The kind's parameters; only those of its kind are set.
    std::optional<int> percent;
    std::optional<qint64> amountMinor;
    std::optional<int> buy;
    std::optional<int> get;
    std::optional<qint64> priceMinor;  // a flash sale's price
    std::optional<int> stockCap;
    std::optional<int> perCustomerLimit;
    // A flash sale's stock, read only.
    std::optional<int> claimed;
    std::optional<int> remaining;
    QDateTime soldOutAt;

    // Only in the answers that carry them; null (unknown) when the server took too long.
    bool hasOverlaps = false;
    std::optional<QList<PromotionOverlap>> overlaps;

    static inline const QString kPercent = QStringLiteral("percent");
    static inline const QString kAmount = QStringLiteral("amount");
    static inline const QString kBuyXGetY = QStringLiteral("buy_x_get_y");
    static inline const QString kFlashSale = QStringLiteral("flash_sale");
    static QStringList kinds();     // the wire names, in the order people meet them
    static QStringList statuses();  // scheduled, active, sold_out, ended

    bool isFlashSale() const { return kind == kFlashSale; }
    bool isEnded() const { return status == QLatin1String("ended"); }
    // When it stops being in force: the earlier of its end and the moment it was ended.
    QDateTime effectiveEnd() const;
    // In force at `at` (to the second; a sold-out flash sale still counts as in force here,
    // the server knows when its stock ran out).
    bool isInForceAt(const QDateTime& at) const;

    // The members a create sends (and a PATCH compares): everything but id, status, times of
    // record and the read-only stock.
    QJsonObject toBody() const;

    static std::optional<Promotion> fromJson(const QJsonObject& object, QString* why = nullptr);
};

// A virtual category as a target: its id and name (the rule stays with its own editor).
struct VirtualCategorySummary {
    qint64 id = 0;
    QString name;
    QString kind;  // manual, rule

    static std::optional<VirtualCategorySummary> fromJson(const QJsonObject& object,
                                                          QString* why = nullptr);
};

// The list's filters (GET /promotions).
struct PromotionFilter {
    QStringList statuses;  // empty: any; the server takes one
    QStringList kinds;     // empty: any
    QString search;
    QString sku;
    QDateTime from;  // with `to`: in force at some moment between them
    QDateTime to;
    QDateTime activeAt;  // in force at that second

    QUrlQuery toQuery() const;
    // What the desk can tell about one promotion (a live one): status, kind and search only.
    bool matches(const Promotion& promotion) const;
    friend bool operator==(const PromotionFilter&, const PromotionFilter&) = default;
};

// A time as the contract writes it: UTC, whole seconds ("2026-11-22T20:00:00Z").
QString promotionTime(const QDateTime& time);

using PromotionPageRequest = ItemPageRequest<Promotion>;

// Any call that answers with one promotion (GET, POST, PATCH, end).
class PromotionRequest : public ApiRequest {
    Q_OBJECT

public:
    using ApiRequest::ApiRequest;
    const Promotion& promotion() const { return promotion_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    Promotion promotion_;
};

class VirtualCategoriesRequest : public ItemPageRequest<VirtualCategorySummary> {
public:
    using ItemPageRequest::ItemPageRequest;
};

// The promotions endpoints (docs/API.md "Virtual categories and promotions").
class PromotionsApi : public QObject {
    Q_OBJECT

public:
    explicit PromotionsApi(ApiClient* client, QObject* parent = nullptr);

    PromotionPageRequest* list(const PromotionFilter& filter, const QByteArray& cursor = {},
                               int limit = 50);
    PromotionRequest* promotion(qint64 id);
    // `body` as Promotion::toBody writes it.
    PromotionRequest* create(const QJsonObject& body);
    // Only what changes, with the version the person saw (412 when stale).
    PromotionRequest* update(qint64 id, int version, const QJsonObject& changes);
    // Ends it from the current second on (409 when it is over already).
    PromotionRequest* end(qint64 id, int version);
    // One page of the virtual categories, newest first (the targets' choice).
    VirtualCategoriesRequest* virtualCategories(const QByteArray& cursor = {}, int limit = 500);

private:
    ApiClient* client_;
};

// The promotions list, latest start first, on the kit's paged list.
class PromotionListModel : public PagedListModelOf<Promotion> {
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        KindColumn,
        StatusColumn,
        StartsColumn,
        EndsColumn,
        PriorityColumn,
        ColumnCount
    };

    explicit PromotionListModel(PromotionsApi* api, QObject* parent = nullptr);

    void setFilter(const PromotionFilter& filter);
    const PromotionFilter& filter() const { return filter_; }
    int columnCount(const QModelIndex& parent = {}) const override;

protected:
    ItemPageRequest<Promotion>* requestItems(const QByteArray& cursor, int limit) override;
    QVariant plainCell(const Promotion& promotion, int column, int role) const override;
    QString plainHeader(int column) const override;
    bool accepts(const Promotion& promotion) const override;
    bool sortsBefore(const Promotion& a, const Promotion& b) const override;

private:
    PromotionsApi* api_;
    PromotionFilter filter_;
};

}  // namespace opsdesk::client

Q_DECLARE_METATYPE(opsdesk::client::Promotion)
