#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

#include "services-client/api/apirequest.h"

namespace opsdesk::client {

// A GET of one keyset page, {"items":[…],"next_cursor":"…"|null}, and on a first page perhaps
// how many items match ("total_estimate", "total_is_exact"). Subclasses turn the items into
// their own types in readItems(); ItemPageRequest<T> does it for any T with T::fromJson.
class PageRequest : public ApiRequest {
    Q_OBJECT

public:
    PageRequest(QString path, const QUrlQuery& query);

    // Empty on the last page.
    const QString& nextCursor() const { return nextCursor_; }
    // Where the server says it (a first page): how many match, exactly or estimated.
    std::optional<qint64> totalEstimate() const { return totalEstimate_; }
    bool totalIsExact() const { return totalIsExact_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) final;
    // Returns an error text when an item is not what the contract says.
    virtual QString readItems(const QJsonArray& items) = 0;

private:
    QString nextCursor_;
    std::optional<qint64> totalEstimate_;
    bool totalIsExact_ = false;
};

// A page of items of one type, each read by `static std::optional<T> T::fromJson(const
// QJsonObject&, QString* why)`.
template <typename T>
class ItemPageRequest : public PageRequest {
public:
    using PageRequest::PageRequest;
    using Item = T;
    const QList<T>& items() const { return items_; }

protected:
    QString readItems(const QJsonArray& items) override {
        items_.clear();
        items_.reserve(items.size());
        for (const QJsonValue& value : items) {
            QString why;
            auto item = T::fromJson(value.toObject(), &why);
            if (!item) {
                return why;
            }
            items_.append(std::move(*item));
        }
        return {};
    }

private:
    QList<T> items_;
};

// The query of one page: `base` plus limit and, after the first page, the cursor.
QUrlQuery pageQuery(QUrlQuery base, const QByteArray& cursor, int limit);

}  // namespace opsdesk::client
