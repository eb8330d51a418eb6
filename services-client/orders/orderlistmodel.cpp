#include "services-client/orders/orderlistmodel.h"

#include "services-client/orders/ordersapi.h"

namespace opsdesk::client {

OrderListModel::OrderListModel(OrdersApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api) {}

QString OrderListModel::plainHeader(int column) const {
    switch (column) {
        case NumberColumn:
            return QStringLiteral("number");
        case CreatedColumn:
            return QStringLiteral("created_at");
        case CustomerColumn:
            return QStringLiteral("customer");
        case StatusColumn:
            return QStringLiteral("status");
        case TotalColumn:
            return QStringLiteral("total");
    }
    return {};
}

QVariant OrderListModel::plainCell(const OrderSummary& o, int column, int role) const {
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
        case NumberColumn:
            return o.number;
        case CreatedColumn:
            return o.createdAt.toString(Qt::ISODate);
        case CustomerColumn:
            return o.customer.name;
        case StatusColumn:
            return o.status;
        case TotalColumn:
            return QStringLiteral("%1 %2").arg(o.totalMinor).arg(o.currency);
    }
    return {};
}

QVariant OrderListModel::headerExtra(int column, int role) const {
    if (role == Qt::TextAlignmentRole && column == TotalColumn) {
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    }
    return {};
}

void OrderListModel::setFilter(const OrderFilter& filter) {
    filter_ = filter;
    emit filterChanged();
    reload();
}

ItemPageRequest<OrderSummary>* OrderListModel::requestItems(const QByteArray& cursor, int limit) {
    return api_ ? api_->list(filter_, cursor, limit) : nullptr;
}

QVariant OrderListModel::itemData(const OrderSummary& order, int column, int role) const {
    if (role == StatusRole) {
        return order.status;
    }
    return PagedListModelOf::itemData(order, column, role);
}

bool OrderListModel::matchesFilter(const OrderFilter& f, const OrderSummary& o) {
    if (!f.statuses.isEmpty() && !f.statuses.contains(o.status)) {
        return false;
    }
    const QString q = f.search.trimmed();
    if (!q.isEmpty() && !o.number.contains(q, Qt::CaseInsensitive) &&
        !o.customer.name.contains(q, Qt::CaseInsensitive) &&
        !o.customer.email.contains(q, Qt::CaseInsensitive)) {
        return false;
    }
    const QDate day = o.createdAt.toUTC().date();
    if ((f.from.isValid() && day < f.from) || (f.to.isValid() && day > f.to)) {
        return false;
    }
    if ((f.minTotalMinor && o.totalMinor < *f.minTotalMinor) ||
        (f.maxTotalMinor && o.totalMinor > *f.maxTotalMinor)) {
        return false;
    }
    return true;
}

bool OrderListModel::sortsBefore(const OrderSummary& a, const OrderSummary& b) const {
    int c = 0;
    if (filter_.sort == OrderFilter::Sort::Total) {
        c = a.totalMinor < b.totalMinor ? -1 : (a.totalMinor > b.totalMinor ? 1 : 0);
    } else {
        c = a.createdAt < b.createdAt ? -1 : (a.createdAt > b.createdAt ? 1 : 0);
    }
    if (c == 0) {
        c = a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
    }
    return filter_.descending ? c > 0 : c < 0;
}

bool OrderListModel::newItemsGoOnTop() const {
    return filter_.sort == OrderFilter::Sort::CreatedAt && filter_.descending;
}

int OrderListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

bool OrderListModel::isSortable(int column) {
    return column == CreatedColumn || column == TotalColumn;
}

void OrderListModel::sort(int column, Qt::SortOrder order) {
    if (!isSortable(column)) {
        return;
    }
    OrderFilter f = filter_;
    f.sort = column == TotalColumn ? OrderFilter::Sort::Total : OrderFilter::Sort::CreatedAt;
    f.descending = order == Qt::DescendingOrder;
    if (f == filter_ && isStarted()) {
        return;
    }
    setFilter(f);
}

}  // namespace opsdesk::client
