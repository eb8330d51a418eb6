#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <optional>

#include "services-client/api/apirequest.h"
#include "services-client/api/pagedlistmodel.h"
#include "services-client/api/pagerequest.h"
#include "services-client/catalog/product.h"

namespace opsdesk::client {

class ApiClient;

// A virtual category's rule (docs/API.md, "Virtual category rules"): every condition is
// optional, and a product is a member when it meets every condition named. `{}` is every product.
struct VirtualCategoryRule {
    std::optional<qint64> categoryId;
    bool includeDescendants = true;  // sent only with a category
    std::optional<qint64> minPriceMinor;
    std::optional<qint64> maxPriceMinor;
    QString currency;             // needed by a price range; empty: not named
    std::optional<bool> inStock;  // true: a SKU with stock above 0; false: none
    QStringList tagsAny;          // empty: not named
    QJsonObject attributes;       // name -> text, number or bool; empty: not named
    QStringList statuses;         // draft, active, archived; empty: any status

    // The wire object, naming only the conditions that are set.
    QJsonObject toJson() const;
    // A rule as the server answers it; an unknown condition (a newer server) is refused so the
    // desk never saves a rule back without it.
    static std::optional<VirtualCategoryRule> fromJson(const QJsonObject& object,
                                                       QString* why = nullptr);
    bool isEmpty() const { return toJson().isEmpty(); }

    friend bool operator==(const VirtualCategoryRule&, const VirtualCategoryRule&) = default;
};

// One virtual category: hand-picked products ("manual") or a rule evaluated whenever membership
// is asked for ("rule"). The kind never changes once saved.
struct VirtualCategory {
    qint64 id = 0;
    QString name;
    QString kind;                             // "manual" or "rule"
    std::optional<VirtualCategoryRule> rule;  // a rule one's
    QList<qint64> productIds;                 // a manual one's
    QDateTime createdAt;
    QDateTime updatedAt;
    int version = 0;

    bool isRule() const { return kind == QLatin1String("rule"); }
    static std::optional<VirtualCategory> fromJson(const QJsonObject& object,
                                                   QString* why = nullptr);
};

// POST /virtual-categories/preview: how many products a rule names now, and some of them.
struct RulePreview {
    qint64 count = 0;
    bool countIsExact = true;  // false: more than `count`
    QList<ProductSummary> sample;

    static std::optional<RulePreview> fromJson(const QJsonObject& object, QString* why = nullptr);
};

using VirtualCategoryPageRequest = ItemPageRequest<VirtualCategory>;

// Any call that answers with one virtual category (GET, POST, PATCH).
class VirtualCategoryRequest : public ApiRequest {
    Q_OBJECT

public:
    using ApiRequest::ApiRequest;
    const VirtualCategory& virtualCategory() const { return category_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    VirtualCategory category_;
};

class RulePreviewRequest : public ApiRequest {
    Q_OBJECT

public:
    using ApiRequest::ApiRequest;
    const RulePreview& preview() const { return preview_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    RulePreview preview_;
};

// The virtual category endpoints. Requests start from the event loop; connect right after
// making them.
class VirtualCategoriesApi : public QObject {
    Q_OBJECT

public:
    explicit VirtualCategoriesApi(ApiClient* client, QObject* parent = nullptr);

    // Newest first; `search` a fragment of the name, `kind` "manual", "rule" or empty for both.
    VirtualCategoryPageRequest* list(const QString& search, const QString& kind,
                                     const QByteArray& cursor = {}, int limit = 50);
    VirtualCategoryRequest* get(qint64 id);
    VirtualCategoryRequest* createRule(const QString& name, const VirtualCategoryRule& rule);
    VirtualCategoryRequest* createManual(const QString& name, const QList<qint64>& productIds);
    // With the version the user saw (412 when stale); unset parts are left as they are.
    VirtualCategoryRequest* update(qint64 id, int version, const std::optional<QString>& name,
                                   const std::optional<VirtualCategoryRule>& rule,
                                   const std::optional<QList<qint64>>& productIds = {});
    // Saves nothing: the count and a sample of what `rule` names now.
    RulePreviewRequest* preview(const VirtualCategoryRule& rule);
    // The members now, as product list items, newest product first.
    ItemPageRequest<ProductSummary>* products(qint64 id, const QByteArray& cursor = {},
                                              int limit = 200);

private:
    ApiClient* client_;
};

// The list of virtual categories, newest first, searched by name.
class VirtualCategoryListModel : public PagedListModelOf<VirtualCategory> {
    Q_OBJECT

public:
    enum Column { NameColumn, KindColumn, UpdatedColumn, ColumnCount };

    explicit VirtualCategoryListModel(VirtualCategoriesApi* api, QObject* parent = nullptr);

    void setSearch(const QString& search);
    const QString& search() const { return search_; }
    int columnCount(const QModelIndex& parent = {}) const override;

protected:
    ItemPageRequest<VirtualCategory>* requestItems(const QByteArray& cursor, int limit) override;
    QVariant plainCell(const VirtualCategory& item, int column, int role) const override;
    QString plainHeader(int column) const override;
    bool accepts(const VirtualCategory& item) const override;
    bool sortsBefore(const VirtualCategory& a, const VirtualCategory& b) const override;
    bool newItemsGoOnTop() const override { return true; }

private:
    VirtualCategoriesApi* api_;
    QString search_;
};

}  // namespace opsdesk::client

Q_DECLARE_METATYPE(opsdesk::client::VirtualCategory)
