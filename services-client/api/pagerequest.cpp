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
    QString why = readItems(items.toArray());
    if (why.isEmpty()) {
        why = readPageFields(object);
    }
    if (!why.isEmpty()) {
        return ApiError::invalidResponse(0, why);
    }
    return std::nullopt;
}

}  // namespace opsdesk::client
