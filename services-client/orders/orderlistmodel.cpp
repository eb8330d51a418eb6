#include "services-client/orders/orderlistmodel.h"

#include <QLocale>
#include <algorithm>

#include "services-client/orders/logging.h"
#include "services-client/orders/ordersapi.h"

namespace opsdesk::client {

namespace {

// Emptied pages are fetched again only near where the view looks: a fast drag of the
// scrollbar asks for every page it passes, but only the ones it stops at matter.
constexpr int kRefetchReach = 2;
constexpr int kMaxRefetchesInFlight = 3;

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
    p.loadingText = [] { return QStringLiteral("Loading…"); };
    p.errorText = [](const ApiError& e) { return e.toString(); };
    return p;
}

}  // namespace

OrderListModel::OrderListModel(OrdersApi* api, QObject* parent)
    : QAbstractTableModel(parent), api_(api), presentation_(plainPresentation()) {
    loadingDelay_.setSingleShot(true);
    loadingDelay_.setInterval(std::chrono::milliseconds(250));
    connect(&loadingDelay_, &QTimer::timeout, this, [this] {
        if (tailRequest_ && statusRow_ == StatusRow::None) {
            showStatusRow(StatusRow::Loading);
        }
    });
    clock_.start();
    highlightTimer_.setSingleShot(true);
    connect(&highlightTimer_, &QTimer::timeout, this, &OrderListModel::expireHighlights);
}

OrderListModel::~OrderListModel() {
    abortAll();
}

void OrderListModel::setPresentation(Presentation presentation) {
    const Presentation plain = plainPresentation();
    presentation_ = std::move(presentation);
    if (!presentation_.header) {
        presentation_.header = plain.header;
    }
    if (!presentation_.cell) {
        presentation_.cell = plain.cell;
    }
    if (!presentation_.loadingText) {
        presentation_.loadingText = plain.loadingText;
    }
    if (!presentation_.errorText) {
        presentation_.errorText = plain.errorText;
    }
    refreshPresentation();
}

void OrderListModel::refreshPresentation() {
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
}

void OrderListModel::setLoadingRowDelay(std::chrono::milliseconds delay) {
    loadingDelay_.setInterval(delay);
}

void OrderListModel::setFilter(const OrderFilter& filter) {
    filter_ = filter;
    emit filterChanged();
    reload();
}

void OrderListModel::abortAll() {
    auto drop = [this](OrderListRequest* r) {
        if (r) {
            r->disconnect(this);
            r->abort();
        }
    };
    drop(tailRequest_);
    tailRequest_ = nullptr;
    for (auto& p : pages_) {
        drop(p.request);
        p.request = nullptr;
    }
}

void OrderListModel::reload() {
    ++generation_;
    const bool wasLoading = isLoading();
    abortAll();
    loadingDelay_.stop();
    beginResetModel();
    pages_.clear();
    pages_.shrink_to_fit();
    rowsTotal_ = 0;
    nextCursor_.clear();
    atEnd_ = false;
    tailFailed_ = false;
    lastError_ = {};
    statusRow_ = StatusRow::None;
    totalEstimate_.reset();
    totalIsExact_ = false;
    focusPage_ = 0;
    wantedPages_.clear();
    started_ = true;
    pendingLive_.clear();
    highlighted_.clear();
    highlightTimer_.stop();
    endResetModel();
    emit totalEstimateChanged();
    if (wasLoading) {
        emit loadingChanged(false);
    }
    startTail();
}

void OrderListModel::retry() {
    for (auto& p : pages_) {
        if (p.state == PageState::Failed) {
            p.state = PageState::Evicted;
        }
    }
    if (!tailFailed_) {
        return;
    }
    tailFailed_ = false;
    if (statusRow_ == StatusRow::Error) {
        statusRow_ = StatusRow::Loading;
        const QModelIndex row = index(rowsTotal_, 0);
        emit dataChanged(row, index(rowsTotal_, ColumnCount - 1));
    }
    startTail();
}

void OrderListModel::startTail() {
    if (tailRequest_ || atEnd_ || tailFailed_ || !api_) {
        return;
    }
    const bool first = pages_.empty();
    const QByteArray cursor = nextCursor_;
    OrderListRequest* request = api_->list(filter_, cursor, pageSize_);
    tailRequest_ = request;
    const quint64 generation = generation_;
    connect(request, &ApiRequest::succeeded, this, [this, request, generation, first, cursor] {
        if (generation == generation_) {
            onTailLoaded(request, first, cursor);
        }
    });
    connect(request, &ApiRequest::failed, this, [this, generation](const ApiError& error) {
        if (generation == generation_) {
            onTailFailed(error);
        }
    });
    if (statusRow_ == StatusRow::None) {
        loadingDelay_.start();
    }
    emit loadingChanged(true);
}

void OrderListModel::onTailLoaded(OrderListRequest* request, bool first, const QByteArray& cursor) {
    // tailRequest_ stays set until the rows are in: views call fetchMore from inside the
    // insertion signals, and the re-entry guard must hold until the cursor has moved on.
    loadingDelay_.stop();
    const QList<OrderSummary>& items = request->items();
    nextCursor_ = request->nextCursor().toLatin1();
    atEnd_ = nextCursor_.isEmpty() || items.isEmpty();
    removeStatusRow();
    if (!items.isEmpty()) {
        Page page;
        page.cursor = cursor;
        page.start = rowsTotal_;
        page.count = int(items.size());
        page.rows = items;
        beginInsertRows({}, rowsTotal_, rowsTotal_ + page.count - 1);
        pages_.push_back(std::move(page));
        rowsTotal_ += int(items.size());
        endInsertRows();
    }
    tailRequest_ = nullptr;
    if (first || request->totalEstimate()) {
        totalEstimate_ = request->totalEstimate();
        totalIsExact_ = request->totalIsExact();
        emit totalEstimateChanged();
    }
    if (!items.isEmpty()) {
        evictFarPages(int(pages_.size()) - 1);
    }
    emit loadingChanged(false);
    if (!items.isEmpty()) {
        emit pageLoaded(int(pages_.size()) - 1, int(items.size()));
    }
    if (first) {
        emit firstPageLoaded();
        // What the feed announced while the first page was on its way (it may be in it).
        for (const OrderSummary& o : std::exchange(pendingLive_, {})) {
            insertLiveOrder(o);
        }
    }
}

void OrderListModel::onTailFailed(const ApiError& error) {
    tailRequest_ = nullptr;
    loadingDelay_.stop();
    tailFailed_ = true;
    lastError_ = error;
    qCInfo(lcOrders) << "loading orders failed:" << error.toString();
    showStatusRow(StatusRow::Error);
    emit loadingChanged(false);
    emit loadFailed(error);
}

void OrderListModel::showStatusRow(StatusRow kind) {
    if (statusRow_ == kind) {
        return;
    }
    if (statusRow_ == StatusRow::None) {
        beginInsertRows({}, rowsTotal_, rowsTotal_);
        statusRow_ = kind;
        endInsertRows();
        return;
    }
    statusRow_ = kind;
    emit dataChanged(index(rowsTotal_, 0), index(rowsTotal_, ColumnCount - 1));
}

void OrderListModel::removeStatusRow() {
    if (statusRow_ == StatusRow::None) {
        return;
    }
    beginRemoveRows({}, rowsTotal_, rowsTotal_);
    statusRow_ = StatusRow::None;
    endRemoveRows();
}

int OrderListModel::pageOfRow(int row) const {
    if (row < 0 || row >= rowsTotal_ || pages_.empty()) {
        return -1;
    }
    // Pages are full except perhaps the last, but a refetch may be short: search the starts.
    auto it = std::upper_bound(pages_.begin(), pages_.end(), row,
                               [](int r, const Page& p) { return r < p.start; });
    return int(std::distance(pages_.begin(), it)) - 1;
}

void OrderListModel::touch(int page) const {
    focusPage_ = page;
}

void OrderListModel::evictFarPages(int keep) {
    std::vector<int> loaded;
    for (int i = 0; i < int(pages_.size()); ++i) {
        if (pages_[std::size_t(i)].state == PageState::Loaded) {
            loaded.push_back(i);
        }
    }
    if (int(loaded.size()) <= maxLoadedPages_) {
        return;
    }
    const int focus = focusPage_;
    std::sort(loaded.begin(), loaded.end(),
              [focus](int a, int b) { return std::abs(a - focus) > std::abs(b - focus); });
    int excess = int(loaded.size()) - maxLoadedPages_;
    for (int i : loaded) {
        if (excess <= 0) {
            break;
        }
        if (i == keep || std::abs(i - focus) <= 1) {
            continue;
        }
        Page& p = pages_[std::size_t(i)];
        p.rows = QList<OrderSummary>();  // releases the memory, not just the size
        p.state = PageState::Evicted;
        --excess;
    }
}

void OrderListModel::refetchWanted() {
    refetchScheduled_ = false;
    int inFlight = 0;
    for (const auto& p : pages_) {
        inFlight += p.state == PageState::Refetching ? 1 : 0;
    }
    const std::set<int> wanted = std::exchange(wantedPages_, {});
    // Nearest to the focus first.
    std::vector<int> order(wanted.begin(), wanted.end());
    const int focus = focusPage_;
    std::sort(order.begin(), order.end(),
              [focus](int a, int b) { return std::abs(a - focus) < std::abs(b - focus); });
    for (int i : order) {
        if (i < 0 || i >= int(pages_.size()) || std::abs(i - focus) > kRefetchReach) {
            continue;
        }
        Page& p = pages_[std::size_t(i)];
        if (p.state != PageState::Evicted) {
            continue;
        }
        if (inFlight >= kMaxRefetchesInFlight) {
            wantedPages_.insert(i);  // asked again when the view paints next
            continue;
        }
        ++inFlight;
        OrderListRequest* request = api_->list(filter_, p.cursor, p.count);
        p.state = PageState::Refetching;
        p.request = request;
        const quint64 generation = generation_;
        connect(request, &ApiRequest::succeeded, this, [this, i, request, generation] {
            if (generation == generation_) {
                onPageRefetched(i, request);
            }
        });
        connect(request, &ApiRequest::failed, this, [this, i, generation](const ApiError& e) {
            if (generation != generation_ || i >= int(pages_.size())) {
                return;
            }
            Page& page = pages_[std::size_t(i)];
            page.state = PageState::Failed;
            page.request = nullptr;
            lastError_ = e;
            qCInfo(lcOrders) << "loading orders again failed:" << e.toString();
            emit dataChanged(index(page.start, 0),
                             index(page.start + page.count - 1, ColumnCount - 1));
        });
    }
}

void OrderListModel::onPageRefetched(int i, OrderListRequest* request) {
    if (i >= int(pages_.size())) {
        return;
    }
    Page& p = pages_[std::size_t(i)];
    p.request = nullptr;
    p.rows = request->items();
    // The page keeps its place and size: rows that left the list meanwhile leave a gap at its
    // end (shown as "no longer in this list") rather than shifting everything below.
    if (p.rows.size() > p.count) {
        p.rows.resize(p.count);
    }
    p.state = PageState::Loaded;
    if (i + 1 < int(pages_.size()) &&
        request->nextCursor().toLatin1() != pages_[std::size_t(i) + 1].cursor) {
        qCDebug(lcOrders) << "page" << i << "changed since it was first loaded";
    }
    emit dataChanged(index(p.start, 0), index(p.start + p.count - 1, ColumnCount - 1));
    evictFarPages(i);
    emit pageLoaded(i, int(p.rows.size()));
}

void OrderListModel::updateOrder(const OrderSummary& order) {
    applyLiveUpdate(order);
}

bool OrderListModel::applyLiveUpdate(const OrderSummary& order) {
    bool found = false;
    for (auto& p : pages_) {
        for (int r = 0; r < int(p.rows.size()); ++r) {
            if (p.rows[r].id == order.id) {
                found = true;
                if (order.version < p.rows[r].version) {
                    continue;  // an older picture than the one shown (a late replay)
                }
                p.rows[r] = order;
                emit dataChanged(index(p.start + r, 0), index(p.start + r, ColumnCount - 1));
            }
        }
    }
    return found;
}

int OrderListModel::rowOfOrder(qint64 orderId) const {
    for (const auto& p : pages_) {
        for (int r = 0; r < int(p.rows.size()); ++r) {
            if (p.rows[r].id == orderId) {
                return p.start + r;
            }
        }
    }
    return -1;
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
    // The server's keyset order: the sort key, then the id, both in the chosen direction.
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

void OrderListModel::insertAt(int page, int offset, const OrderSummary& order) {
    Page& p = pages_[std::size_t(page)];
    const int row = p.start + offset;
    beginInsertRows({}, row, row);
    p.rows.insert(offset, order);
    ++p.count;
    for (std::size_t i = std::size_t(page) + 1; i < pages_.size(); ++i) {
        ++pages_[i].start;
    }
    ++rowsTotal_;
    endInsertRows();
    highlighted_.insert(order.id, clock_.elapsed() + highlightDuration_.count());
    if (!highlightTimer_.isActive()) {
        highlightTimer_.start(highlightDuration_);
    }
    if (totalEstimate_) {
        ++*totalEstimate_;
        emit totalEstimateChanged();
    }
    emit liveOrderInserted(row, order.id);
}

bool OrderListModel::insertLiveOrder(const OrderSummary& order) {
    if (!started_ || !matchesFilter(filter_, order)) {
        return false;
    }
    if (pages_.empty() && tailRequest_) {
        pendingLive_.append(order);
        return false;
    }
    if (rowOfOrder(order.id) >= 0) {
        applyLiveUpdate(order);
        return false;
    }
    if (pages_.empty()) {
        if (!atEnd_) {
            return false;  // failed first page: the retry brings it
        }
        // The list was empty: the order is all of it.
        beginInsertRows({}, 0, 0);
        Page page;
        page.count = 1;
        page.rows = {order};
        pages_.push_back(std::move(page));
        rowsTotal_ = 1;
        endInsertRows();
        highlighted_.insert(order.id, clock_.elapsed() + highlightDuration_.count());
        highlightTimer_.start(highlightDuration_);
        if (totalEstimate_) {
            ++*totalEstimate_;
            emit totalEstimateChanged();
        }
        emit liveOrderInserted(0, order.id);
        return true;
    }
    if (pages_.front().state != PageState::Loaded && filter_.sort == OrderFilter::Sort::CreatedAt &&
        filter_.descending) {
        // The top page was emptied (the user is far down): a new order still belongs at the top
        // when it is newer than every loaded row. The page grows by one, so fetching it again
        // brings the order and keeps every row below in its place.
        for (const Page& p : pages_) {
            if (p.state == PageState::Loaded && !p.rows.isEmpty()) {
                if (!sortsBefore(order, p.rows.front())) {
                    return false;
                }
                beginInsertRows({}, 0, 0);
                ++pages_.front().count;
                for (std::size_t i = 1; i < pages_.size(); ++i) {
                    ++pages_[i].start;
                }
                ++rowsTotal_;
                endInsertRows();
                if (totalEstimate_) {
                    ++*totalEstimate_;
                    emit totalEstimateChanged();
                }
                emit liveOrderInserted(0, order.id);
                return true;
            }
        }
        return false;
    }
    // Its place: before the first loaded row it sorts before, when the row above that place is
    // loaded too (or it is the very top). Rows past the loaded tail come with the next page.
    const OrderSummary* previous = nullptr;
    bool previousKnown = true;  // the top of the list
    for (int i = 0; i < int(pages_.size()); ++i) {
        const Page& p = pages_[std::size_t(i)];
        if (p.state != PageState::Loaded) {
            previousKnown = false;
            continue;
        }
        for (int r = 0; r < int(p.rows.size()); ++r) {
            if (sortsBefore(order, p.rows[r])) {
                if (!previousKnown || (previous && !sortsBefore(*previous, order))) {
                    return false;
                }
                insertAt(i, r, order);
                return true;
            }
            previous = &p.rows[r];
            previousKnown = true;
        }
        if (p.rows.size() < p.count) {
            previousKnown = false;  // a gap: rows that left the list
        }
    }
    const Page& last = pages_.back();
    if (atEnd_ && last.state == PageState::Loaded && previousKnown &&
        last.rows.size() == last.count) {
        insertAt(int(pages_.size()) - 1, int(last.rows.size()), order);
        return true;
    }
    return false;
}

void OrderListModel::setHighlightDuration(std::chrono::milliseconds duration) {
    highlightDuration_ = duration;
}

void OrderListModel::expireHighlights() {
    const qint64 now = clock_.elapsed();
    qint64 next = -1;
    for (auto it = highlighted_.begin(); it != highlighted_.end();) {
        if (it.value() <= now) {
            const int row = rowOfOrder(it.key());
            it = highlighted_.erase(it);
            if (row >= 0) {
                emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
        } else {
            next = next < 0 ? it.value() : std::min(next, it.value());
            ++it;
        }
    }
    if (next >= 0) {
        highlightTimer_.start(std::chrono::milliseconds(std::max<qint64>(1, next - now)));
    }
}

std::optional<OrderSummary> OrderListModel::orderAt(int row) const {
    const int page = pageOfRow(row);
    if (page < 0) {
        return std::nullopt;
    }
    const Page& p = pages_[std::size_t(page)];
    const int offset = row - p.start;
    if (p.state != PageState::Loaded || offset >= int(p.rows.size())) {
        return std::nullopt;
    }
    return p.rows[offset];
}

OrderListModel::RowKind OrderListModel::rowKind(int row) const {
    if (row >= rowsTotal_) {
        return statusRow_ == StatusRow::Error ? RowKind::Error : RowKind::Loading;
    }
    const int page = pageOfRow(row);
    if (page >= 0 && pages_[std::size_t(page)].state == PageState::Failed) {
        return RowKind::Error;
    }
    return orderAt(row) ? RowKind::Order : RowKind::Pending;
}

int OrderListModel::loadedPageCount() const {
    return int(std::count_if(pages_.begin(), pages_.end(),
                             [](const Page& p) { return p.state == PageState::Loaded; }));
}

int OrderListModel::loadedOrderCount() const {
    int n = 0;
    for (const auto& p : pages_) {
        n += int(p.rows.size());
    }
    return n;
}

int OrderListModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) {
        return 0;
    }
    return rowsTotal_ + (statusRow_ == StatusRow::None ? 0 : 1);
}

int OrderListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const int row = index.row();
    if (row >= rowsTotal_) {
        const bool error = statusRow_ == StatusRow::Error;
        switch (role) {
            case RowKindRole:
                return int(error ? RowKind::Error : RowKind::Loading);
            case OrderIdRole:
                return qint64(0);
            case Qt::DisplayRole:
                if (index.column() != 0) {
                    return {};
                }
                return error ? presentation_.errorText(lastError_) : presentation_.loadingText();
            default:
                return {};
        }
    }
    const int page = pageOfRow(row);
    touch(page);
    const Page& p = pages_[std::size_t(page)];
    const int offset = row - p.start;
    if (p.state != PageState::Loaded || offset >= int(p.rows.size())) {
        const bool failed = p.state == PageState::Failed;
        if (p.state == PageState::Evicted) {
            wantedPages_.insert(page);
            if (!refetchScheduled_) {
                refetchScheduled_ = true;
                // Never start requests (or emit) from inside data(): next event-loop turn.
                QMetaObject::invokeMethod(const_cast<OrderListModel*>(this),
                                          &OrderListModel::refetchWanted, Qt::QueuedConnection);
            }
        }
        switch (role) {
            case RowKindRole:
                return int(failed ? RowKind::Error : RowKind::Pending);
            case OrderIdRole:
                return qint64(0);
            case Qt::DisplayRole:
                if (index.column() != 0) {
                    return {};
                }
                if (failed) {
                    return presentation_.errorText(lastError_);
                }
                return p.state == PageState::Loaded ? QStringLiteral("—")
                                                    : presentation_.loadingText();
            default:
                return {};
        }
    }
    const OrderSummary& order = p.rows[offset];
    switch (role) {
        case OrderIdRole:
            return order.id;
        case RowKindRole:
            return int(RowKind::Order);
        case StatusRole:
            return order.status;
        case OrderRole:
            return QVariant::fromValue(order);
        case HighlightRole:
            return highlighted_.contains(order.id);
        case Qt::BackgroundRole:
            if (presentation_.highlight && highlighted_.contains(order.id)) {
                return presentation_.highlight();
            }
            return presentation_.cell(order, index.column(), role);
        default:
            return presentation_.cell(order, index.column(), role);
    }
}

QVariant OrderListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (role == Qt::DisplayRole) {
        return presentation_.header(section);
    }
    if (role == Qt::TextAlignmentRole && section == TotalColumn) {
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    }
    return {};
}

Qt::ItemFlags OrderListModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    if (index.row() >= rowsTotal_) {
        return Qt::ItemIsEnabled;
    }
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

bool OrderListModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && started_ && !pages_.empty() && !atEnd_ && !tailRequest_ &&
           !tailFailed_;
}

void OrderListModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent)) {  // the re-entry guard: one tail fetch at a time
        startTail();
    }
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
    if (f == filter_ && started_) {
        return;
    }
    setFilter(f);
}

}  // namespace opsdesk::client
