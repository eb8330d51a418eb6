#include "services-client/orders/orderlistmodel.h"

#include "services-client/orders/ordersapi.h"

namespace opsdesk::client {

namespace {

OrderListModel::Presentation plainPresentation() {
    OrderListModel::Presentation p;
    p.header = [](int column) -> QString {
        switch (column) {
            case OrderListModel::NumberColumn:
                return QStringLiteral("number");
            case OrderListModel::CreatedColumn:
                return QStringLiteral("created_at");
            case OrderListModel::CustomerColumn:
                return QStringLiteral("customer");
            case OrderListModel::StatusColumn:
                return QStringLiteral("status");
            case OrderListModel::TotalColumn:
                return QStringLiteral("total");
        }
        return {};
    };
    p.cell = [](const OrderSummary& o, int column, int role) -> QVariant {
        if (role != Qt::DisplayRole) {
            return {};
        }
        switch (column) {
            case OrderListModel::NumberColumn:
                return o.number;
            case OrderListModel::CreatedColumn:
                return o.createdAt.toString(Qt::ISODate);
            case OrderListModel::CustomerColumn:
                return o.customer.name;
            case OrderListModel::StatusColumn:
                return o.status;
            case OrderListModel::TotalColumn:
                return QStringLiteral("%1 %2").arg(o.totalMinor).arg(o.currency);
        }
        return {};
    };
    return p;
}

}  // namespace

OrderListModel::OrderListModel(OrdersApi* api, QObject* parent)
    : PagedListModelOf(parent), api_(api), presentation_(plainPresentation()) {}

void OrderListModel::setPresentation(Presentation presentation) {
    const Presentation plain = plainPresentation();
    presentation_ = std::move(presentation);
    if (!presentation_.header) {
        presentation_.header = plain.header;
    }
    if (!presentation_.cell) {
        presentation_.cell = plain.cell;
    }
    refreshPresentation();
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
    return presentation_.cell(order, column, role);
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

QVariant OrderListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return PagedListModelOf::headerData(section, orientation, role);
    }
    if (role == Qt::DisplayRole) {
        return presentation_.header(section);
    }
    if (role == Qt::TextAlignmentRole && section == TotalColumn) {
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    }
    return {};
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
