// PagedListModel: the model face (rows, status row, data, fetching the tail). The page window
// (eviction and refetch) is in pagedlistwindow.cpp, live placement in pagedlistlive.cpp.

#include "services-client/api/pagedlistmodel.h"

#include "services-client/logging.h"

namespace opsdesk::client {

namespace {

PagedListModel::Presentation plainPresentation() {
    PagedListModel::Presentation p;
    p.loadingText = [] { return QStringLiteral("Loading…"); };
    p.errorText = [](const ApiError& e) { return e.toString(); };
    p.statusForeground = [](PagedListModel::RowKind) { return QVariant(); };
    return p;
}

}  // namespace

PagedListModel::PagedListModel(QObject* parent)
    : QAbstractTableModel(parent), presentation_(plainPresentation()) {
    loadingDelay_.setSingleShot(true);
    loadingDelay_.setInterval(kLoadingRowDelay);
    connect(&loadingDelay_, &QTimer::timeout, this, [this] {
        if (tailRequest_ && statusRow_ == StatusRow::None) {
            showStatusRow(StatusRow::Loading);
        }
    });
    clock_.start();
    highlightTimer_.setSingleShot(true);
    connect(&highlightTimer_, &QTimer::timeout, this, &PagedListModel::expireHighlights);
}

PagedListModel::~PagedListModel() {
    abortAll();
}

void PagedListModel::setStatusPresentation(Presentation presentation) {
    const Presentation plain = plainPresentation();
    presentation_ = std::move(presentation);
    if (!presentation_.loadingText) {
        presentation_.loadingText = plain.loadingText;
    }
    if (!presentation_.errorText) {
        presentation_.errorText = plain.errorText;
    }
    if (!presentation_.statusForeground) {
        presentation_.statusForeground = plain.statusForeground;
    }
    refreshPresentation();
}

void PagedListModel::refreshPresentation() {
    const int columns = columnCount();
    if (columns <= 0) {
        return;
    }
    emit headerDataChanged(Qt::Horizontal, 0, columns - 1);
    if (rowCount() > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, columns - 1));
    }
}

void PagedListModel::setLoadingRowDelay(std::chrono::milliseconds delay) {
    loadingDelay_.setInterval(delay);
}

void PagedListModel::abortAll() {
    auto drop = [this](PageRequest* r) {
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

void PagedListModel::reload() {
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

void PagedListModel::retry() {
    for (auto& p : pages_) {
        if (p.state == PageState::Failed) {
            p.state = PageState::Evicted;  // fetched again as soon as a view looks at it
            emit dataChanged(index(p.start, 0), index(p.start + p.count - 1, columnCount() - 1));
        }
    }
    if (!tailFailed_) {
        return;
    }
    tailFailed_ = false;
    startTail();
}

void PagedListModel::startTail() {
    if (tailRequest_ || atEnd_ || tailFailed_) {
        return;
    }
    const bool first = pages_.empty();
    const QByteArray cursor = nextCursor_;
    PageRequest* request = requestPage(cursor, pageSize_);
    if (!request) {
        return;
    }
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
    if (statusRow_ == StatusRow::Error || loadingDelay_.interval() == 0) {
        showStatusRow(StatusRow::Loading);  // a retry, or no delay wanted: visible at once
    } else if (statusRow_ == StatusRow::None) {
        loadingDelay_.start();
    }
    emit loadingChanged(true);
}

void PagedListModel::onTailLoaded(PageRequest* request, bool first, const QByteArray& cursor) {
    // tailRequest_ stays set until the rows are in: views call fetchMore from inside the
    // insertion signals, and the re-entry guard must hold until the cursor has moved on.
    loadingDelay_.stop();
    QList<QVariant> items = takeItems(request);
    nextCursor_ = request->nextCursor().toLatin1();
    atEnd_ = nextCursor_.isEmpty() || items.isEmpty();
    removeStatusRow();
    const int added = int(items.size());
    if (added > 0) {
        Page page;
        page.cursor = cursor;
        page.start = rowsTotal_;
        page.count = added;
        page.rows = std::move(items);
        beginInsertRows({}, rowsTotal_, rowsTotal_ + added - 1);
        pages_.push_back(std::move(page));
        rowsTotal_ += added;
        endInsertRows();
    }
    tailRequest_ = nullptr;
    if (first || request->totalEstimate()) {
        totalEstimate_ = request->totalEstimate();
        totalIsExact_ = request->totalIsExact();
        emit totalEstimateChanged();
    }
    if (added > 0) {
        evictFarPages(int(pages_.size()) - 1);
    }
    emit loadingChanged(false);
    if (added > 0) {
        emit pageLoaded(int(pages_.size()) - 1, added);
    }
    if (first) {
        emit firstPageLoaded();
        // What the feed announced while the first page was on its way (it may be in it).
        for (const QVariant& item : std::exchange(pendingLive_, {})) {
            insertLiveVariant(item);
        }
    }
}

void PagedListModel::onTailFailed(const ApiError& error) {
    tailRequest_ = nullptr;
    loadingDelay_.stop();
    tailFailed_ = true;
    lastError_ = error;
    qCInfo(lcApi) << metaObject()->className() << "could not load a page:" << error.toString();
    showStatusRow(StatusRow::Error);
    emit loadingChanged(false);
    emit loadFailed(error);
}

void PagedListModel::showStatusRow(StatusRow kind) {
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
    emitRowChanged(rowsTotal_);
}

void PagedListModel::removeStatusRow() {
    if (statusRow_ == StatusRow::None) {
        return;
    }
    beginRemoveRows({}, rowsTotal_, rowsTotal_);
    statusRow_ = StatusRow::None;
    endRemoveRows();
}

void PagedListModel::emitRowChanged(int row) {
    const int columns = columnCount();
    if (columns > 0) {
        emit dataChanged(index(row, 0), index(row, columns - 1));
    }
}

int PagedListModel::pageOfRow(int row) const {
    if (row < 0 || row >= rowsTotal_ || pages_.empty()) {
        return -1;
    }
    // Pages are full except perhaps the last, but live changes move the starts: search them.
    auto it = std::upper_bound(pages_.begin(), pages_.end(), row,
                               [](int r, const Page& p) { return r < p.start; });
    return int(std::distance(pages_.begin(), it)) - 1;
}

const QVariant* PagedListModel::variantAt(int row) const {
    const int page = pageOfRow(row);
    if (page < 0) {
        return nullptr;
    }
    const Page& p = pages_[std::size_t(page)];
    const int offset = row - p.start;
    if (p.state != PageState::Loaded || offset >= int(p.rows.size())) {
        return nullptr;
    }
    return &p.rows[offset];
}

PagedListModel::RowKind PagedListModel::rowKind(int row) const {
    if (row >= rowsTotal_) {
        return statusRow_ == StatusRow::Error ? RowKind::Error : RowKind::Loading;
    }
    const int page = pageOfRow(row);
    if (page >= 0 && pages_[std::size_t(page)].state == PageState::Failed) {
        return RowKind::Error;
    }
    return variantAt(row) ? RowKind::Item : RowKind::Pending;
}

bool PagedListModel::isStatusRow(const QModelIndex& index) const {
    return index.isValid() && !index.parent().isValid() && hasStatusRow() &&
           index.row() == rowsTotal_;
}

PagedListModel::State PagedListModel::state() const {
    if (tailRequest_) {
        return State::Loading;
    }
    if (tailFailed_) {
        return State::Failed;
    }
    return atEnd_ ? State::Complete : State::Idle;
}

int PagedListModel::loadedPageCount() const {
    return int(std::count_if(pages_.begin(), pages_.end(),
                             [](const Page& p) { return p.state == PageState::Loaded; }));
}

int PagedListModel::loadedItemCount() const {
    int n = 0;
    for (const auto& p : pages_) {
        n += int(p.rows.size());
    }
    return n;
}

int PagedListModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) {
        return 0;
    }
    return rowsTotal_ + (statusRow_ == StatusRow::None ? 0 : 1);
}

QVariant PagedListModel::statusData(StatusRow kind, int column, int role) const {
    const bool error = kind == StatusRow::Error;
    switch (role) {
        case RowKindRole:
            return int(error ? RowKind::Error : RowKind::Loading);
        case ItemIdRole:
            return qint64(0);
        case Qt::DisplayRole:
            if (column != 0) {
                return {};
            }
            return error ? presentation_.errorText(lastError_) : presentation_.loadingText();
        case Qt::ForegroundRole:
            return presentation_.statusForeground(error ? RowKind::Error : RowKind::Loading);
        default:
            return {};
    }
}

QVariant PagedListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const int row = index.row();
    if (row >= rowsTotal_) {
        return statusData(statusRow_, index.column(), role);
    }
    const int page = pageOfRow(row);
    focusPage_ = page;
    const Page& p = pages_[std::size_t(page)];
    const int offset = row - p.start;
    if (p.state != PageState::Loaded || offset >= int(p.rows.size())) {
        if (p.state == PageState::Evicted) {
            wantedPages_.insert(page);
            if (!refetchScheduled_) {
                refetchScheduled_ = true;
                // Never start requests (or emit) from inside data(): next event-loop turn.
                QMetaObject::invokeMethod(const_cast<PagedListModel*>(this),
                                          &PagedListModel::refetchWanted, Qt::QueuedConnection);
            }
        }
        if (p.state == PageState::Failed) {
            return statusData(StatusRow::Error, index.column(), role);
        }
        if (p.state != PageState::Loaded) {
            if (role == RowKindRole) {
                return int(RowKind::Pending);
            }
            return statusData(StatusRow::Loading, index.column(), role);
        }
        // A row that left the list since its page was loaded.
        switch (role) {
            case RowKindRole:
                return int(RowKind::Pending);
            case ItemIdRole:
                return qint64(0);
            case Qt::DisplayRole:
                return index.column() == 0 ? QStringLiteral("—") : QVariant();
            default:
                return {};
        }
    }
    const QVariant& item = p.rows[offset];
    switch (role) {
        case ItemIdRole:
            return idOf(item);
        case RowKindRole:
            return int(RowKind::Item);
        case ItemRole:
            return item;
        case HighlightRole:
            return highlighted_.contains(idOf(item));
        case Qt::BackgroundRole:
            if (presentation_.highlight && highlighted_.contains(idOf(item))) {
                return presentation_.highlight();
            }
            return dataOf(item, index.column(), role);
        default:
            return dataOf(item, index.column(), role);
    }
}

Qt::ItemFlags PagedListModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    if (index.row() >= rowsTotal_) {
        return Qt::ItemIsEnabled;  // the status row
    }
    if (const QVariant* item = variantAt(index.row())) {
        return flagsOf(*item, index.column());
    }
    return kItemFlags;  // a row whose item is on its way: the current row may rest on it
}

bool PagedListModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && started_ && !pages_.empty() && !atEnd_ && !tailRequest_ &&
           !tailFailed_;
}

void PagedListModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent)) {  // the re-entry guard: one tail fetch at a time
        startTail();
    }
}

}  // namespace opsdesk::client
