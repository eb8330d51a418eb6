#pragma once

#include <QMetaType>

#include "services-client/api/pagedlistmodel.h"
#include "services-client/orders/order.h"
#include "services-client/orders/orderfilter.h"

namespace opsdesk::client {

class OrdersApi;

// The orders list over millions of rows, on the kit's paged list (bounded memory, status row,
// live placement): what is here is only about orders — the filter and sort the server applies,
// the same filter applied to a live order, and how the columns read.
class OrderListModel : public PagedListModelOf<OrderSummary> {
    Q_OBJECT

public:
    enum Column {
        NumberColumn,
        CreatedColumn,
        CustomerColumn,
        StatusColumn,
        TotalColumn,
        ColumnCount
    };
    enum Role {
        StatusRole = FirstModuleRole,  // the wire status name
    };

    explicit OrderListModel(OrdersApi* api, QObject* parent = nullptr);

    // A new filter (or sort) starts over: the one full reset the model makes.
    void setFilter(const OrderFilter& filter);
    const OrderFilter& filter() const { return filter_; }

    // The server's GET /orders filter, applied to one order (q: number, name or email).
    static bool matchesFilter(const OrderFilter& filter, const OrderSummary& order);

    int columnCount(const QModelIndex& parent = {}) const override;
    // Created and Total sort on the server; other columns are not sortable.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    static bool isSortable(int column);

signals:
    void filterChanged();

protected:
    ItemPageRequest<OrderSummary>* requestItems(const QByteArray& cursor, int limit) override;
    QVariant itemData(const OrderSummary& order, int column, int role) const override;
    // Wire names, ISO times and minor units; the widgets set texts in the user's language.
    QVariant plainCell(const OrderSummary& order, int column, int role) const override;
    QString plainHeader(int column) const override;
    QVariant headerExtra(int column, int role) const override;
    bool accepts(const OrderSummary& order) const override { return matchesFilter(filter_, order); }
    // The server's keyset order: the sort key, then the id, both in the chosen direction.
    bool sortsBefore(const OrderSummary& a, const OrderSummary& b) const override;
    // Newest first: a new order belongs above every row.
    bool newItemsGoOnTop() const override;

private:
    OrdersApi* api_;
    OrderFilter filter_;
};

}  // namespace opsdesk::client
