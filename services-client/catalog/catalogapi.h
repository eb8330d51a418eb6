#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <optional>

#include "services-client/api/apirequest.h"
#include "services-client/api/pagerequest.h"
#include "services-client/catalog/product.h"
#include "services-client/catalog/productfilter.h"

class QIODevice;

namespace opsdesk::client {

class ApiClient;

// GET /products: one page of the list.
using ProductListRequest = ItemPageRequest<ProductSummary>;
// GET /skus/{sku}/stock-adjustments: one page, newest first.
using StockAdjustmentPageRequest = ItemPageRequest<StockAdjustment>;
// GET /skus/{sku}/price-history: one page, newest first.
using PriceHistoryRequest = ItemPageRequest<PriceChange>;

// Any call that answers with one product (GET, POST, PATCH /products…).
class ProductRequest : public ApiRequest {
    Q_OBJECT

public:
    using ApiRequest::ApiRequest;
    const ProductDetail& product() const { return product_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    ProductDetail product_;
};

// A list answer {"items":[…]} without paging (the category tree).
template <typename T>
class ItemListRequest : public ApiRequest {
public:
    using ApiRequest::ApiRequest;
    const QList<T>& items() const { return items_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override {
        items_.clear();
        for (const QJsonValue& v : response.object().value(QLatin1String("items")).toArray()) {
            QString why;
            auto item = T::fromJson(v.toObject(), &why);
            if (!item) {
                return ApiError::invalidResponse(0, why);
            }
            items_.append(std::move(*item));
        }
        return std::nullopt;
    }

private:
    QList<T> items_;
};
using CategoriesRequest = ItemListRequest<Category>;

// POST /products/{id}/images: the stored image.
class ImageUploadRequest : public ApiRequest {
    Q_OBJECT

public:
    using ApiRequest::ApiRequest;
    const ProductImage& image() const { return image_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    ProductImage image_;
};

// The catalog endpoints. Requests start from the event loop; connect right after making them.
class CatalogApi : public QObject {
    Q_OBJECT

public:
    explicit CatalogApi(ApiClient* client, QObject* parent = nullptr);
    ApiClient* client() const { return client_; }

    ProductListRequest* list(const ProductFilter& filter, const QByteArray& cursor = {},
                             int limit = 50);
    ProductRequest* product(qint64 id);
    // `product` as the contract's POST body (title, status, variants…).
    ProductRequest* createProduct(const QJsonObject& product);
    // Only the fields that change, with the version the user saw (412 when stale). A change of
    // price needs catalog.price; `priceReason` is kept in the price history.
    ProductRequest* updateProduct(qint64 id, int version, const QJsonObject& changes);
    // delta > 0 adds; never below zero by hand (422). The key makes a repeat after a lost
    // answer a replay instead of a second adjustment.
    ApiRequest* adjustStock(const QString& sku, int delta, const QString& reason,
                            const QString& idempotencyKey);
    StockAdjustmentPageRequest* stockAdjustments(const QString& sku, const QByteArray& cursor = {},
                                                 int limit = 50);
    PriceHistoryRequest* priceHistory(const QString& sku, const QByteArray& cursor = {},
                                      int limit = 200);
    CategoriesRequest* categories();
    ApiRequest* createCategory(const QString& name, std::optional<qint64> parentId);
    // The image's bytes as the file holds them; the server tells what it is from its content.
    ImageUploadRequest* uploadImage(qint64 productId, const QByteArray& bytes);
    // GET /products/export: the filter as CSV, one line a variant, as the server writes it,
    // into `sink` as it arrives (ProductCsvExport saves it to a file).
    ApiRequest* exportCsv(const ProductFilter& filter, QIODevice* sink);
    // The bytes of an image or its thumbnail (the detail's url / thumbnail_url).
    ApiRequest* imageBytes(const QString& url);

private:
    ApiClient* client_;
};

}  // namespace opsdesk::client
