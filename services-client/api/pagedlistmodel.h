#pragma once

#include <QAbstractTableModel>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QTimer>
#include <QVariant>
#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <vector>

#include "services-client/api/apierror.h"
#include "services-client/api/pagerequest.h"

namespace opsdesk::client {

// A table over one of the server's keyset-paged lists, in bounded memory: the model every
// module's list derives from (through PagedListModelOf<T> below). QtCore only.
//
// Rows arrive page by page as the view scrolls (canFetchMore/fetchMore over next_cursor, one
// fetch at a time). Every page remembers the cursor it was fetched with, so its rows can be
// dropped and fetched again later: at most maxLoadedPages() pages keep their rows, those
// farthest from where the view last looked are emptied, and an emptied page is fetched anew
// from its cursor when a view asks for one of its rows again. What grows with the scroll
// distance is one cursor per page and the row count, never the items themselves.
//
// After the rows, one status row may follow: "loading" once a fetch has taken longer than the
// loading-row delay, or an error that retry() (or activating the row) clears.
//
// Live: items the feed announces are put where they belong when that place is loaded (briefly
// highlighted), changed items are replaced in place unless the row shows a newer version, and
// removed ones leave; nothing is ever reset for a live change.
class PagedListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Role {
        ItemIdRole = Qt::UserRole + 1,  // qint64, 0 when the row holds no item now
        RowKindRole,                    // RowKind as int
        ItemRole,                       // the item, a QVariant of the module's type
        HighlightRole,                  // bool: arrived live moments ago
        FirstModuleRole = Qt::UserRole + 32,
    };
    // Item: a row with its item; Pending: a row whose page was emptied (fetched again when
    // looked at); Loading and Error: the status row, or an emptied page that failed to come back.
    enum class RowKind { Item, Pending, Loading, Error };
    Q_ENUM(RowKind)
    enum class State { Idle, Loading, Failed, Complete };
    Q_ENUM(State)

    // The texts and colours of what is not an item, in the user's language and palette; the
    // widgets' kit sets them (widgets/common/listpresentation.h). The defaults are plain.
    struct Presentation {
        std::function<QString()> loadingText;
        std::function<QString(const ApiError& error)> errorText;
        // Qt::ForegroundRole of the status row (Loading or Error).
        std::function<QVariant(RowKind kind)> statusForeground;
        // Qt::BackgroundRole of a row that arrived live moments ago (unset: none).
        std::function<QVariant()> highlight;
    };

    static constexpr std::chrono::milliseconds kLoadingRowDelay{250};
    static constexpr std::chrono::milliseconds kHighlightDuration{3000};

    explicit PagedListModel(QObject* parent = nullptr);
    ~PagedListModel() override;

    void setStatusPresentation(Presentation presentation);
    // The language, locale or palette changed: every row and header is announced as changed.
    void refreshPresentation();

    void setPageSize(int rows) { pageSize_ = qBound(1, rows, 500); }
    int pageSize() const { return pageSize_; }
    void setMaxLoadedPages(int pages) { maxLoadedPages_ = qMax(3, pages); }
    int maxLoadedPages() const { return maxLoadedPages_; }
    // Zero shows the loading row at once.
    void setLoadingRowDelay(std::chrono::milliseconds delay);
    void setHighlightDuration(std::chrono::milliseconds duration);

    // Forgets every row and loads the first page anew (a new filter or sort): the one reset.
    void reload();
    // After a failed fetch: try again (the error row turns into a loading row at once).
    void retry();

    // Live: the row of this id leaves the list (where it is loaded); true when it was there.
    bool removeItem(qint64 id);
    bool isHighlighted(qint64 id) const { return highlighted_.contains(id); }
    // The loaded row showing this id, or -1.
    int rowOfId(qint64 id) const;

    RowKind rowKind(int row) const;
    // The loading or error row after the items.
    bool isStatusRow(const QModelIndex& index) const;
    bool hasStatusRow() const { return statusRow_ != StatusRow::None; }
    State state() const;
    int itemRowCount() const { return rowsTotal_; }
    int loadedPageCount() const;
    int loadedItemCount() const;
    int pageCount() const { return int(pages_.size()); }
    bool isStarted() const { return started_; }
    bool isLoading() const { return bool(tailRequest_); }
    bool atEnd() const { return atEnd_; }
    bool hasError() const { return tailFailed_; }
    const ApiError& lastError() const { return lastError_; }
    // From the first page, where the server says: how many match, exact or estimated.
    std::optional<qint64> totalEstimate() const { return totalEstimate_; }
    bool totalIsExact() const { return totalIsExact_; }

    int rowCount(const QModelIndex& parent = {}) const final;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const final;
    Qt::ItemFlags flags(const QModelIndex& index) const final;
    bool canFetchMore(const QModelIndex& parent) const final;
    void fetchMore(const QModelIndex& parent) final;

signals:
    void loadingChanged(bool loading);
    void firstPageLoaded();
    void pageLoaded(int page, int rows);
    void loadFailed(const opsdesk::client::ApiError& error);
    void totalEstimateChanged();
    // A live item was inserted at `row` (views keep what the user looks at in place).
    void liveItemInserted(int row, qint64 id);

protected:
    // What a module says, through PagedListModelOf<T>: the items are QVariants of its type.
    virtual PageRequest* requestPage(const QByteArray& cursor, int limit) = 0;
    virtual QList<QVariant> takeItems(PageRequest* request) const = 0;
    virtual qint64 idOf(const QVariant& item) const = 0;
    virtual qint64 versionOf(const QVariant& item) const = 0;
    virtual QVariant dataOf(const QVariant& item, int column, int role) const = 0;
    virtual Qt::ItemFlags flagsOf(const QVariant& item, int column) const = 0;
    // Live placement: whether an item belongs in this list (its filter), the list's order, and
    // whether a new item belongs above every row (a list of the newest first).
    virtual bool acceptsVariant(const QVariant& item) const = 0;
    virtual bool sortsBeforeVariant(const QVariant& a, const QVariant& b) const = 0;
    virtual bool newItemsGoOnTop() const { return false; }

    // What a row with an item allows unless the module says otherwise.
    static constexpr Qt::ItemFlags kItemFlags =
        Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;

    const QVariant* variantAt(int row) const;
    bool updateVariant(const QVariant& item);
    bool insertLiveVariant(const QVariant& item);
    bool insertOnTopVariant(const QVariant& item);

private:
    enum class PageState { Loaded, Evicted, Refetching, Failed };
    struct Page {
        QByteArray cursor;     // what it was fetched with; empty for the first page
        int start = 0;         // first row
        int count = 0;         // rows it stands for, loaded or not
        QList<QVariant> rows;  // empty unless Loaded; fewer than count when rows left meanwhile
        PageState state = PageState::Loaded;
        QPointer<PageRequest> request;
    };
    enum class StatusRow { None, Loading, Error };

    void startTail();
    void onTailLoaded(PageRequest* request, bool first, const QByteArray& cursor);
    void onTailFailed(const ApiError& error);
    void showStatusRow(StatusRow kind);
    void removeStatusRow();
    void refetchWanted();
    void onPageRefetched(int page, PageRequest* request);
    void evictFarPages(int keep);
    void abortAll();
    int pageOfRow(int row) const;
    void insertAt(int page, int offset, const QVariant& item);
    void countInserted(int row, qint64 id);
    void highlight(qint64 id);
    void expireHighlights();
    void emitRowChanged(int row);
    QVariant statusData(StatusRow kind, int column, int role) const;

    Presentation presentation_;
    int pageSize_ = 200;
    int maxLoadedPages_ = 10;
    std::vector<Page> pages_;
    int rowsTotal_ = 0;
    QByteArray nextCursor_;
    bool started_ = false;
    bool atEnd_ = false;
    bool tailFailed_ = false;
    ApiError lastError_;
    QPointer<PageRequest> tailRequest_;
    StatusRow statusRow_ = StatusRow::None;
    QTimer loadingDelay_;
    std::optional<qint64> totalEstimate_;
    bool totalIsExact_ = false;
    quint64 generation_ = 0;

    // Live changes: held while the first page loads; highlighted ids and when they fade.
    QList<QVariant> pendingLive_;
    QHash<qint64, qint64> highlighted_;  // id -> expiry on clock_
    QElapsedTimer clock_;
    QTimer highlightTimer_;
    std::chrono::milliseconds highlightDuration_ = kHighlightDuration;

    // Where the views last looked, and the emptied pages they asked for meanwhile.
    mutable int focusPage_ = 0;
    mutable std::set<int> wantedPages_;
    mutable bool refetchScheduled_ = false;
};

// The typed face of PagedListModel for items of type T (with `qint64 id` and, where items
// change, `int version`; Q_DECLARE_METATYPE'd). A module's list derives from it and says how to
// ask for a page, how a cell reads, and (for live placement) its filter and order.
template <typename T>
class PagedListModelOf : public PagedListModel {
public:
    using PagedListModel::PagedListModel;
    using Item = T;

    // How headers and cells read in the user's language and formats; the widgets set it. Unset
    // parts read as the module's plain texts (wire values, ISO times), which tests without a
    // screen compare.
    struct Texts {
        std::function<QString(int column)> header;
        std::function<QVariant(const T& item, int column, int role)> cell;
    };
    void setTexts(Texts texts) {
        texts_ = std::move(texts);
        refreshPresentation();
    }

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override {
        if (orientation == Qt::Horizontal && section >= 0 && section < columnCount()) {
            if (role == Qt::DisplayRole) {
                return texts_.header ? texts_.header(section) : plainHeader(section);
            }
            return headerExtra(section, role);
        }
        return PagedListModel::headerData(section, orientation, role);
    }

    std::optional<T> itemAt(int row) const {
        const QVariant* v = variantAt(row);
        return v ? std::optional<T>(get(*v)) : std::nullopt;
    }
    // Replaces the loaded row of this item in place (dataChanged, no reset) unless the row
    // shows a newer version; true when the item was loaded.
    bool updateItem(const T& item) { return updateVariant(QVariant::fromValue(item)); }
    // A new or newly matching item: inserted where it belongs when it passes the filter and
    // that place is loaded; true when inserted. While the first page loads it is kept and
    // placed once that page is in.
    bool insertLive(const T& item) { return insertLiveVariant(QVariant::fromValue(item)); }
    // Updated where loaded, otherwise placed.
    bool upsert(const T& item) { return updateItem(item) || insertLive(item); }
    // Above every row, whatever the order: where the person who just made it looks.
    bool insertOnTop(const T& item) { return insertOnTopVariant(QVariant::fromValue(item)); }

protected:
    virtual ItemPageRequest<T>* requestItems(const QByteArray& cursor, int limit) = 0;
    // A cell: the widgets' texts where set, else plainCell. A module overrides it for roles of
    // its own (and then calls it for the rest).
    virtual QVariant itemData(const T& item, int column, int role) const {
        return texts_.cell ? texts_.cell(item, column, role) : plainCell(item, column, role);
    }
    virtual QVariant plainCell(const T& item, int column, int role) const = 0;
    virtual QString plainHeader(int column) const = 0;
    // Header roles beside the title (alignment, tooltips).
    virtual QVariant headerExtra(int column, int role) const {
        Q_UNUSED(column);
        Q_UNUSED(role);
        return {};
    }
    virtual Qt::ItemFlags itemFlags(const T& item, int column) const {
        Q_UNUSED(item);
        Q_UNUSED(column);
        return kItemFlags;
    }
    virtual bool accepts(const T& item) const {
        Q_UNUSED(item);
        return true;
    }
    // The list's order; a list that does not know it places live items only at its end.
    virtual bool sortsBefore(const T& a, const T& b) const {
        Q_UNUSED(a);
        Q_UNUSED(b);
        return false;
    }

private:
    static const T& get(const QVariant& v) { return *static_cast<const T*>(v.constData()); }

    Texts texts_;

    PageRequest* requestPage(const QByteArray& cursor, int limit) final {
        return requestItems(cursor, limit);
    }
    QList<QVariant> takeItems(PageRequest* request) const final {
        const auto& items = static_cast<ItemPageRequest<T>*>(request)->items();
        QList<QVariant> out;
        out.reserve(items.size());
        for (const T& item : items) {
            out.append(QVariant::fromValue(item));
        }
        return out;
    }
    qint64 idOf(const QVariant& item) const final { return get(item).id; }
    qint64 versionOf(const QVariant& item) const final {
        if constexpr (requires(const T& t) { t.version; }) {
            return get(item).version;
        } else {
            return 0;
        }
    }
    QVariant dataOf(const QVariant& item, int column, int role) const final {
        return itemData(get(item), column, role);
    }
    Qt::ItemFlags flagsOf(const QVariant& item, int column) const final {
        return itemFlags(get(item), column);
    }
    bool acceptsVariant(const QVariant& item) const final { return accepts(get(item)); }
    bool sortsBeforeVariant(const QVariant& a, const QVariant& b) const final {
        return sortsBefore(get(a), get(b));
    }
};

}  // namespace opsdesk::client
