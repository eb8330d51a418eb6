#pragma once

#include <QDate>
#include <QString>
#include <QStringList>
#include <QUrlQuery>
#include <optional>

class QSettings;

namespace opsdesk::client {

// What the orders list asks GET /orders for: the filters, the sort and its direction.
struct OrderFilter {
    enum class Sort { CreatedAt, Total };

    QStringList statuses;  // wire names; empty: every status
    QString search;        // order number, customer name or email fragment
    QDate from;            // whole days, inclusive; null: open
    QDate to;
    std::optional<qint64> minTotalMinor;
    std::optional<qint64> maxTotalMinor;
    Sort sort = Sort::CreatedAt;
    bool descending = true;

    // The query of GET /orders without limit and cursor.
    QUrlQuery toQuery() const;

    // Remembered between runs under `group` (ClientSettings' file or any other QSettings).
    void save(QSettings& settings, const QString& group) const;
    static OrderFilter load(QSettings& settings, const QString& group);

    friend bool operator==(const OrderFilter&, const OrderFilter&) = default;
};

QString toString(OrderFilter::Sort sort);

}  // namespace opsdesk::client
