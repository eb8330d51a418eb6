#include "widgets/common/pagedtablemodel.h"

#include <QBrush>
#include <QColor>

#include "services-client/api/pagerequest.h"
#include "widgets/common/errortext.h"

namespace opsdesk::widgets {

PagedTableModel::PagedTableModel(QObject* parent) : QAbstractTableModel(parent) {
    loadingTimer_.setSingleShot(true);
    connect(&loadingTimer_, &QTimer::timeout, this, [this] {
        if (state_ == State::Loading) {
            setStatusRow(StatusRow::Loading);
        }
    });
}

PagedTableModel::~PagedTableModel() {
    cancelPending();
}

void PagedTableModel::cancelPending() {
    if (pending_) {
        pending_->disconnect(this);
        pending_->abort();
    }
    pending_ = nullptr;
}

bool PagedTableModel::isStatusRow(const QModelIndex& index) const {
    return index.isValid() && hasStatusRow() && index.row() == itemCount();
}

void PagedTableModel::reload() {
    cancelPending();
    loadingTimer_.stop();
    beginResetModel();
    clearItems();
    cursor_.clear();
    statusRow_ = StatusRow::None;
    errorText_.clear();
    state_ = State::Idle;
    started_ = true;
    endResetModel();
    load();
}

void PagedTableModel::retry() {
    if (state_ == State::Failed) {
        load();
    }
}

void PagedTableModel::load() {
    if (pending_) {
        return;  // one page at a time
    }
    state_ = State::Loading;
    if (statusRow_ == StatusRow::Error) {
        setStatusRow(StatusRow::Loading);  // the retry is visible at once
    } else if (loadingDelay_.count() == 0) {
        setStatusRow(StatusRow::Loading);
    } else {
        loadingTimer_.start(loadingDelay_);
    }
    pending_ = requestPage(cursor_);
    connect(pending_, &client::ApiRequest::finished, this, &PagedTableModel::onFinished);
}

void PagedTableModel::onFinished() {
    auto* request = pending_.data();
    pending_ = nullptr;
    loadingTimer_.stop();
    if (!request) {
        return;
    }
    if (!request->succeededOutcome()) {
        const client::ApiError error = request->error();
        state_ = State::Failed;
        errorText_ =
            tr("Could not load: %1 Click here to try again.").arg(ErrorText::describe(error));
        setStatusRow(StatusRow::Error);
        emit loadFailed(error);
        return;
    }
    // The new rows go in before the status row, which then goes away.
    const int n = pageItemCount(request);
    if (n > 0) {
        beginInsertRows({}, itemCount(), itemCount() + n - 1);
        appendPage(request);
        endInsertRows();
    }
    cursor_ = request->nextCursor();
    state_ = cursor_.isEmpty() ? State::Complete : State::Idle;
    setStatusRow(StatusRow::None);
    emit pageLoaded();
}

void PagedTableModel::setStatusRow(StatusRow row) {
    if (row == statusRow_) {
        return;
    }
    const int at = itemCount();
    if (statusRow_ == StatusRow::None) {
        beginInsertRows({}, at, at);
        statusRow_ = row;
        endInsertRows();
    } else if (row == StatusRow::None) {
        beginRemoveRows({}, at, at);
        statusRow_ = row;
        endRemoveRows();
    } else {
        statusRow_ = row;
        emit dataChanged(index(at, 0), index(at, columnCount() - 1));
    }
}

int PagedTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) {
        return 0;
    }
    return itemCount() + (hasStatusRow() ? 1 : 0);
}

QVariant PagedTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    if (!isStatusRow(index)) {
        return itemData(index.row(), index.column(), role);
    }
    switch (role) {
        case StatusRowRole:
            return true;
        case Qt::DisplayRole:
            if (index.column() != 0) {
                return {};
            }
            return statusRow_ == StatusRow::Error ? errorText_ : tr("Loading…");
        case Qt::ForegroundRole:
            return QBrush(statusRow_ == StatusRow::Error ? QColor(0xb91c1c) : QColor(0x64748b));
        default:
            return {};
    }
}

Qt::ItemFlags PagedTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    if (isStatusRow(index)) {
        return Qt::ItemIsEnabled;
    }
    return itemFlags(index.row(), index.column());
}

Qt::ItemFlags PagedTableModel::itemFlags(int, int) const {
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

bool PagedTableModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && started_ && state_ == State::Idle && !cursor_.isEmpty() &&
           !pending_;
}

void PagedTableModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent)) {
        load();
    }
}

}  // namespace opsdesk::widgets
