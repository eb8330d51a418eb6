#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include "services-client/api/apirequest.h"

namespace opsdesk::client {

// A GET of one keyset page, {"items":[…],"next_cursor":"…"|null}. Subclasses turn the items
// into their own types in readItems().
class PageRequest : public ApiRequest {
    Q_OBJECT

public:
    PageRequest(QString path, const QUrlQuery& query);

    // Empty on the last page.
    const QString& nextCursor() const { return nextCursor_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) final;
    // Returns an error text when an item is not what the contract says.
    virtual QString readItems(const QJsonArray& items) = 0;
    // Fields of the page beside items and next_cursor (e.g. the orders list's total estimate);
    // returns an error text when one is not what the contract says.
    virtual QString readPageFields(const QJsonObject& page) {
        Q_UNUSED(page);
        return {};
    }

private:
    QString nextCursor_;
};

}  // namespace opsdesk::client
