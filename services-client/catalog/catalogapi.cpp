#include "services-client/catalog/catalogapi.h"

#include <QJsonArray>
#include <QMimeDatabase>
#include <QUrl>

#include "services-client/api/apiclient.h"

namespace opsdesk::client {

namespace {

QString skuPath(const QString& sku, const QString& tail) {
    return QStringLiteral("/skus/%1%2")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(sku)), tail);
}

}  // namespace

std::optional<ApiError> ProductRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    auto product = ProductDetail::fromJson(response.object(), &why);
    if (!product) {
        return ApiError::invalidResponse(0, why);
    }
    product_ = std::move(*product);
    return std::nullopt;
}

std::optional<ApiError> ImageUploadRequest::acceptResponse(const QJsonDocument& response) {
    const QJsonObject o = response.object();
    image_ = {o.value(QLatin1String("id")).toInteger(), o.value(QLatin1String("url")).toString(),
              o.value(QLatin1String("thumbnail_url")).toString(),
              o.value(QLatin1String("width")).toInt(), o.value(QLatin1String("height")).toInt()};
    if (image_.id <= 0) {
        return ApiError::invalidResponse(0, QStringLiteral("the image answer carries no id"));
    }
    return std::nullopt;
}

CatalogApi::CatalogApi(ApiClient* client, QObject* parent) : QObject(parent), client_(client) {}

ProductListRequest* CatalogApi::list(const ProductFilter& filter, const QByteArray& cursor,
                                     int limit) {
    return client_->send(new ProductListRequest(QStringLiteral("/products"),
                                                pageQuery(filter.toQuery(), cursor, limit)));
}

ProductRequest* CatalogApi::product(qint64 id) {
    return client_->send(
        new ProductRequest(ApiRequest::Method::Get, QStringLiteral("/products/%1").arg(id)));
}

ProductRequest* CatalogApi::createProduct(const QJsonObject& product) {
    auto* r = new ProductRequest(ApiRequest::Method::Post, QStringLiteral("/products"));
    r->setJsonBody(QJsonDocument(product));
    r->setRetryPolicy(RetryPolicy::never());  // a repeat would make a second product
    return client_->send(r);
}

ProductRequest* CatalogApi::updateProduct(qint64 id, int version, const QJsonObject& changes) {
    auto* r = new ProductRequest(ApiRequest::Method::Patch, QStringLiteral("/products/%1").arg(id));
    r->setJsonBody(QJsonDocument(changes));
    r->setIfMatch(version);
    return client_->send(r);
}

ApiRequest* CatalogApi::adjustStock(const QString& sku, int delta, const QString& reason,
                                    const QString& idempotencyKey) {
    auto* r = new ApiRequest(ApiRequest::Method::Post,
                             skuPath(sku, QStringLiteral("/stock-adjustments")));
    r->setJsonBody(QJsonDocument(
        QJsonObject{{QStringLiteral("delta"), delta}, {QStringLiteral("reason"), reason}}));
    r->setIdempotencyKey(idempotencyKey);
    return client_->send(r);
}

StockAdjustmentPageRequest* CatalogApi::stockAdjustments(const QString& sku,
                                                         const QByteArray& cursor, int limit) {
    return client_->send(new StockAdjustmentPageRequest(
        skuPath(sku, QStringLiteral("/stock-adjustments")), pageQuery({}, cursor, limit)));
}

PriceHistoryRequest* CatalogApi::priceHistory(const QString& sku, const QByteArray& cursor,
                                              int limit) {
    return client_->send(new PriceHistoryRequest(skuPath(sku, QStringLiteral("/price-history")),
                                                 pageQuery({}, cursor, limit)));
}

CategoriesRequest* CatalogApi::categories() {
    return client_->send(
        new CategoriesRequest(ApiRequest::Method::Get, QStringLiteral("/categories")));
}

ApiRequest* CatalogApi::createCategory(const QString& name, std::optional<qint64> parentId) {
    QJsonObject body{{QStringLiteral("name"), name}};
    body.insert(QStringLiteral("parent_id"), parentId ? QJsonValue(*parentId) : QJsonValue());
    auto* r = new ApiRequest(ApiRequest::Method::Post, QStringLiteral("/categories"));
    r->setJsonBody(QJsonDocument(body));
    r->setRetryPolicy(RetryPolicy::never());
    return client_->send(r);
}

ImageUploadRequest* CatalogApi::uploadImage(qint64 productId, const QByteArray& bytes) {
    auto* r = new ImageUploadRequest(ApiRequest::Method::Post,
                                     QStringLiteral("/products/%1/images").arg(productId));
    // The server reads what the bytes are, whatever this says; the type names them the way the
    // contract asks (image/jpeg, image/png, image/webp), told from the content too.
    r->setRawBody(bytes, QMimeDatabase().mimeTypeForData(bytes).name().toLatin1());
    r->setRetryPolicy(RetryPolicy::never());
    r->setTimeout(std::chrono::seconds(60));
    return client_->send(r);
}

ApiRequest* CatalogApi::exportCsv(const ProductFilter& filter, QIODevice* sink) {
    auto* r = new ApiRequest(ApiRequest::Method::Get, QStringLiteral("/products/export"));
    r->setQuery(filter.toQuery());
    r->setResponseSink(sink);
    // Counted from the last piece: the server streams a page at a time.
    r->setTimeout(std::chrono::minutes(1));
    return client_->send(r);
}

ApiRequest* CatalogApi::imageBytes(const QString& url) {
    // The answers name images by their full path ("/api/v1/images/7"); requests name paths under
    // the API's root.
    QString path = QUrl(url).path();
    const QString prefix = QStringLiteral("/api/v1");
    if (path.startsWith(prefix)) {
        path = path.mid(prefix.size());
    }
    auto* r = new ApiRequest(ApiRequest::Method::Get, path);
    r->setRawResponse(true);
    return client_->send(r);
}

}  // namespace opsdesk::client
