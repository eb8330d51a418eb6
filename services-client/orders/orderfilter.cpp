#include "services-client/orders/orderfilter.h"

#include <QSettings>

#include "opsdesk/protocol/order_state.h"

namespace opsdesk::client {

namespace {

const QString kStatuses = QStringLiteral("statuses");
const QString kSearch = QStringLiteral("search");
const QString kFrom = QStringLiteral("from");
const QString kTo = QStringLiteral("to");
const QString kMin = QStringLiteral("minTotalMinor");
const QString kMax = QStringLiteral("maxTotalMinor");
const QString kSort = QStringLiteral("sort");
const QString kDescending = QStringLiteral("descending");

bool isKnownStatus(const QString& name) {
    const QByteArray latin = name.toLatin1();
    return protocol::orderStatusFromString(std::string_view(latin.constData(), latin.size()))
        .has_value();
}

std::optional<qint64> readAmount(QSettings& s, const QString& key) {
    if (!s.contains(key)) {
        return std::nullopt;
    }
    bool ok = false;
    const qint64 v = s.value(key).toString().toLongLong(&ok);
    return ok && v >= 0 ? std::optional(v) : std::nullopt;
}

}  // namespace

QString toString(OrderFilter::Sort sort) {
    return sort == OrderFilter::Sort::Total ? QStringLiteral("total")
                                            : QStringLiteral("created_at");
}

QUrlQuery OrderFilter::toQuery() const {
    QUrlQuery q;
    if (!statuses.isEmpty()) {
        q.addQueryItem(QStringLiteral("status"), statuses.join(QLatin1Char(',')));
    }
    const QString text = search.trimmed();
    if (!text.isEmpty()) {
        // QUrlQuery leaves '+' and '&' alone in values; encode them so the server reads them.
        QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(text));
        q.addQueryItem(QStringLiteral("q"), encoded);
    }
    if (from.isValid()) {
        q.addQueryItem(QStringLiteral("from"), from.toString(Qt::ISODate));
    }
    if (to.isValid()) {
        q.addQueryItem(QStringLiteral("to"), to.toString(Qt::ISODate));
    }
    if (minTotalMinor) {
        q.addQueryItem(QStringLiteral("min_total_minor"), QString::number(*minTotalMinor));
    }
    if (maxTotalMinor) {
        q.addQueryItem(QStringLiteral("max_total_minor"), QString::number(*maxTotalMinor));
    }
    q.addQueryItem(QStringLiteral("sort"), toString(sort));
    q.addQueryItem(QStringLiteral("order"),
                   descending ? QStringLiteral("desc") : QStringLiteral("asc"));
    return q;
}

void OrderFilter::save(QSettings& s, const QString& group) const {
    s.beginGroup(group);
    s.setValue(kStatuses, statuses);
    s.setValue(kSearch, search);
    s.setValue(kFrom, from.isValid() ? from.toString(Qt::ISODate) : QString());
    s.setValue(kTo, to.isValid() ? to.toString(Qt::ISODate) : QString());
    // Minor units as text: an int64 survives every QSettings backend that way.
    if (minTotalMinor) {
        s.setValue(kMin, QString::number(*minTotalMinor));
    } else {
        s.remove(kMin);
    }
    if (maxTotalMinor) {
        s.setValue(kMax, QString::number(*maxTotalMinor));
    } else {
        s.remove(kMax);
    }
    s.setValue(kSort, toString(sort));
    s.setValue(kDescending, descending);
    s.endGroup();
}

OrderFilter OrderFilter::load(QSettings& s, const QString& group) {
    OrderFilter f;
    s.beginGroup(group);
    for (const QString& status : s.value(kStatuses).toStringList()) {
        if (isKnownStatus(status) && !f.statuses.contains(status)) {
            f.statuses.append(status);
        }
    }
    f.search = s.value(kSearch).toString();
    f.from = QDate::fromString(s.value(kFrom).toString(), Qt::ISODate);
    f.to = QDate::fromString(s.value(kTo).toString(), Qt::ISODate);
    f.minTotalMinor = readAmount(s, kMin);
    f.maxTotalMinor = readAmount(s, kMax);
    f.sort = s.value(kSort).toString() == QLatin1String("total") ? Sort::Total : Sort::CreatedAt;
    f.descending = s.value(kDescending, true).toBool();
    s.endGroup();
    return f;
}

}  // namespace opsdesk::client
