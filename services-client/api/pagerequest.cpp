#include "services-client/api/pagerequest.h"

#include <QJsonObject>

namespace opsdesk::client {

PageRequest::PageRequest(QString path, const QUrlQuery& query)
    : ApiRequest(Method::Get, std::move(path)) {
    setQuery(query);
}

std::optional<ApiError> PageRequest::acceptResponse(const QJsonDocument& response) {
    const QJsonObject object = response.object();
    const QJsonValue items = object.value(QLatin1String("items"));
    if (!items.isArray()) {
        return ApiError::invalidResponse(0, QStringLiteral("The list answer carries no items"));
    }
    const QJsonValue cursor = object.value(QLatin1String("next_cursor"));
    nextCursor_ = cursor.isString() ? cursor.toString() : QString();
    const QJsonValue total = object.value(QLatin1String("total_estimate"));
    if (total.isDouble()) {
        totalEstimate_ = total.toInteger();
        totalIsExact_ = object.value(QLatin1String("total_is_exact")).toBool();
    }
    if (const QString why = readItems(items.toArray()); !why.isEmpty()) {
        return ApiError::invalidResponse(0, why);
    }
    return std::nullopt;
}

QUrlQuery pageQuery(QUrlQuery base, const QByteArray& cursor, int limit) {
    base.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!cursor.isEmpty()) {
        base.addQueryItem(QStringLiteral("cursor"), QString::fromLatin1(cursor));
    }
    return base;
}

}  // namespace opsdesk::client
