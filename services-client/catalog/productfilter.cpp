#include "services-client/catalog/productfilter.h"

#include <QSettings>
#include <QUrl>

namespace opsdesk::client {

namespace {

const QStringList kStatuses{QStringLiteral("draft"), QStringLiteral("active"),
                            QStringLiteral("archived")};

std::optional<qint64> readId(QSettings& s, const QString& key) {
    bool ok = false;
    const qint64 v = s.value(key).toString().toLongLong(&ok);
    return ok && v > 0 ? std::optional(v) : std::nullopt;
}

}  // namespace

QUrlQuery ProductFilter::toQuery() const {
    QUrlQuery q;
    if (const QString text = search.trimmed(); !text.isEmpty()) {
        // QUrlQuery leaves '+' and '&' alone in values; encode them so the server reads them.
        q.addQueryItem(QStringLiteral("q"), QString::fromLatin1(QUrl::toPercentEncoding(text)));
    }
    if (!statuses.isEmpty()) {
        q.addQueryItem(QStringLiteral("status"), statuses.join(QLatin1Char(',')));
    }
    if (categoryId) {
        q.addQueryItem(QStringLiteral("category_id"), QString::number(*categoryId));
    }
    if (virtualCategoryId) {
        q.addQueryItem(QStringLiteral("virtual_category_id"), QString::number(*virtualCategoryId));
    }
    if (lowStock) {
        q.addQueryItem(QStringLiteral("low_stock"), QStringLiteral("true"));
    }
    if (oversold) {
        q.addQueryItem(QStringLiteral("oversold"), QStringLiteral("true"));
    }
    return q;
}

void ProductFilter::save(QSettings& s, const QString& group) const {
    s.beginGroup(group);
    s.remove(QString());
    s.setValue(QStringLiteral("search"), search);
    s.setValue(QStringLiteral("statuses"), statuses);
    if (categoryId) {
        s.setValue(QStringLiteral("categoryId"), QString::number(*categoryId));
    }
    if (virtualCategoryId) {
        s.setValue(QStringLiteral("virtualCategoryId"), QString::number(*virtualCategoryId));
    }
    s.setValue(QStringLiteral("lowStock"), lowStock);
    s.setValue(QStringLiteral("oversold"), oversold);
    s.endGroup();
}

ProductFilter ProductFilter::load(QSettings& s, const QString& group) {
    ProductFilter f;
    s.beginGroup(group);
    f.search = s.value(QStringLiteral("search")).toString().left(200);
    for (const QString& status : s.value(QStringLiteral("statuses")).toStringList()) {
        if (kStatuses.contains(status) && !f.statuses.contains(status)) {
            f.statuses.append(status);  // a hand-edited file names nothing else
        }
    }
    f.categoryId = readId(s, QStringLiteral("categoryId"));
    f.virtualCategoryId = readId(s, QStringLiteral("virtualCategoryId"));
    f.lowStock = s.value(QStringLiteral("lowStock")).toBool();
    f.oversold = s.value(QStringLiteral("oversold")).toBool();
    s.endGroup();
    return f;
}

}  // namespace opsdesk::client
