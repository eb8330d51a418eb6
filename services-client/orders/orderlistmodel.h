#pragma once

#include <QAbstractTableModel>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QTimer>
#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <vector>

#include "services-client/api/apierror.h"
#include "services-client/orders/order.h"
#include "services-client/orders/orderfilter.h"
#include "services-client/orders/ordersapi.h"

namespace opsdesk::client {

class OrderListRequest;
class OrdersApi;

// The orders list over millions of rows, in bounded memory.
//
// Rows arrive page by page as the view scrolls (canFetchMore/fetchMore over the keyset
// next_cursor). Every page remembers the cursor it was fetched with, so its rows can be dropped
// and fetched again later: at most maxLoadedPages() pages keep their rows, those farthest from
// where the view last looked are emptied, and an emptied page is fetched anew from its cursor
// when a view asks for one of its rows again. What grows with the scroll distance is one cursor
// (a few dozen bytes) per page and the view's row count, never the orders themselves.
//
// Live: orders the feed announces are put where they belong when that place is loaded (a new
// order at the top, briefly highlighted), and changed orders are replaced in place; nothing is
// ever reset for a live change.
//
// After the loaded rows, one status row may follow: "loading" once a fetch has taken longer
// than loadingRowDelay(), or an error that retry() (or activating the row) clears.
class OrderListModel : public QAbstractTableModel {
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
        OrderIdRole = Qt::UserRole + 1,  // qint64, 0 when the row holds no order now
        RowKindRole,                     // RowKind as int
        StatusRole,                      // the wire status name
        OrderRole,                       // OrderSummary
        HighlightRole,                   // bool: arrived live moments ago
    };
    enum class RowKind { Order, Pending, Loading, Error };
    Q_ENUM(RowKind)

    // How cells read in the user's language; the widgets set it, the defaults are plain.
    struct Presentation {
        std::function<QString(int column)> header;
        std::function<QVariant(const OrderSummary& order, int column, int role)> cell;
        std::function<QString()> loadingText;
        std::function<QString(const ApiError& error)> errorText;
        // Qt::BackgroundRole of a row that arrived live moments ago (unset: none).
        std::function<QVariant()> highlight;
    };

    explicit OrderListModel(OrdersApi* api, QObject* parent = nullptr);
    ~OrderListModel() override;

    void setPresentation(Presentation presentation);
    // The cells' language or locale changed: every row and header is announced as changed.
    void refreshPresentation();

    void setPageSize(int rows) { pageSize_ = qBound(1, rows, 500); }
    int pageSize() const { return pageSize_; }
    void setMaxLoadedPages(int pages) { maxLoadedPages_ = qMax(3, pages); }
    int maxLoadedPages() const { return maxLoadedPages_; }
    void setLoadingRowDelay(std::chrono::milliseconds delay);

    // A new filter (or sort) starts over: the one full reset the model makes.
    void setFilter(const OrderFilter& filter);
    const OrderFilter& filter() const { return filter_; }
    void reload();
    // After a failed fetch: try again (the error row turns into a loading row).
    void retry();

    // Replaces an order the user changed, where it is loaded (dataChanged, no reset); an
    // older version than the row's is ignored.
    void updateOrder(const OrderSummary& order);

    // order.created from the feed: inserted where it belongs when it matches the filter and
    // that place is loaded (the top, for a new order in the default sort); true when inserted.
    // While the first page is loading it is kept and applied once that page is in.
    bool insertLiveOrder(const OrderSummary& order);
    // order.updated from the feed: replaces the loaded row in place; true when one was there.
    bool applyLiveUpdate(const OrderSummary& order);
    void setHighlightDuration(std::chrono::milliseconds duration);
    bool isHighlighted(qint64 orderId) const { return highlighted_.contains(orderId); }
    // The loaded row showing this order, or -1.
    int rowOfOrder(qint64 orderId) const;
    // The server's GET /orders filter, applied to one order (q: number, name or email).
    static bool matchesFilter(const OrderFilter& filter, const OrderSummary& order);

    std::optional<OrderSummary> orderAt(int row) const;
    RowKind rowKind(int row) const;
    int orderRowCount() const { return rowsTotal_; }
    int loadedPageCount() const;
    int loadedOrderCount() const;
    int pageCount() const { return int(pages_.size()); }
    bool isLoading() const { return bool(tailRequest_); }
    bool atEnd() const { return atEnd_; }
    bool hasError() const { return tailFailed_; }
    const ApiError& lastError() const { return lastError_; }
    // From the first page: how many orders match, and whether that is exact or estimated.
    std::optional<qint64> totalEstimate() const { return totalEstimate_; }
    bool totalIsExact() const { return totalIsExact_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    // Created and Total sort on the server; other columns are not sortable.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    static bool isSortable(int column);

signals:
    void filterChanged();
    void totalEstimateChanged();
    void loadingChanged(bool loading);
    void firstPageLoaded();
    void pageLoaded(int page, int rows);
    void loadFailed(const opsdesk::client::ApiError& error);
    // A live order was inserted at `row` (views keep what the user looks at in place).
    void liveOrderInserted(int row, qint64 orderId);

private:
    enum class PageState { Loaded, Evicted, Refetching, Failed };
    struct Page {
        QByteArray cursor;  // what it was fetched with; empty for the first page
        int start = 0;      // first row
        int count = 0;
        QList<OrderSummary> rows;  // empty unless Loaded
        PageState state = PageState::Loaded;
        QPointer<OrderListRequest> request;
    };
    enum class StatusRow { None, Loading, Error };

    void startTail();
    void onTailLoaded(OrderListRequest* request, bool first, const QByteArray& cursor);
    void onTailFailed(const ApiError& error);
    void showStatusRow(StatusRow kind);
    void removeStatusRow();
    void refetchWanted();
    void onPageRefetched(int page, OrderListRequest* request);
    void evictFarPages(int keep);
    void abortAll();
    int pageOfRow(int row) const;
    void touch(int page) const;
    bool sortsBefore(const OrderSummary& a, const OrderSummary& b) const;
    void insertAt(int page, int offset, const OrderSummary& order);
    void expireHighlights();

    OrdersApi* api_;
    Presentation presentation_;
    OrderFilter filter_;
    int pageSize_ = 200;
    int maxLoadedPages_ = 10;
    std::vector<Page> pages_;
    int rowsTotal_ = 0;
    QByteArray nextCursor_;
    bool started_ = false;
    bool atEnd_ = false;
    bool tailFailed_ = false;
    ApiError lastError_;
    QPointer<OrderListRequest> tailRequest_;
    StatusRow statusRow_ = StatusRow::None;
    QTimer loadingDelay_;
    std::optional<qint64> totalEstimate_;
    bool totalIsExact_ = false;
    quint64 generation_ = 0;

    // Live changes: held while the first page loads; highlighted ids and when they fade.
    QList<OrderSummary> pendingLive_;
    QHash<qint64, qint64> highlighted_;  // id -> expiry on clock_
    QElapsedTimer clock_;
    QTimer highlightTimer_;
    std::chrono::milliseconds highlightDuration_{3000};

    // Where the views last looked, and the emptied pages they asked for meanwhile.
    mutable int focusPage_ = 0;
    mutable std::set<int> wantedPages_;
    mutable bool refetchScheduled_ = false;
};

}  // namespace opsdesk::client
