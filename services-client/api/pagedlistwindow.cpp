// PagedListModel: the page window. At most maxLoadedPages() pages keep their rows; the farthest
// from where the views look are emptied and fetched again from their cursors when looked at.

#include <algorithm>

#include "services-client/api/pagedlistmodel.h"
#include "services-client/logging.h"

namespace opsdesk::client {

namespace {

// Emptied pages are fetched again only near where the view looks: a fast drag of the
// scrollbar asks for every page it passes, but only the ones it stops at matter.
constexpr int kRefetchReach = 2;
constexpr int kMaxRefetchesInFlight = 3;

}  // namespace

void PagedListModel::evictFarPages(int keep) {
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
        if (i == keep || std::abs(i - focus) <= 1 || pages_[std::size_t(i)].count == 0) {
            continue;  // (a page whose every row left the list has nothing to fetch again)
        }
        Page& p = pages_[std::size_t(i)];
        p.rows = QList<QVariant>();  // releases the memory, not just the size
        p.state = PageState::Evicted;
        --excess;
    }
}

void PagedListModel::refetchWanted() {
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
        PageRequest* request = requestPage(p.cursor, p.count);
        if (!request) {
            continue;
        }
        ++inFlight;
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
            qCInfo(lcApi) << metaObject()->className()
                          << "could not load a page again:" << e.toString();
            emit dataChanged(index(page.start, 0),
                             index(page.start + page.count - 1, columnCount() - 1));
        });
    }
}

void PagedListModel::onPageRefetched(int i, PageRequest* request) {
    if (i >= int(pages_.size())) {
        return;
    }
    Page& p = pages_[std::size_t(i)];
    p.request = nullptr;
    p.rows = takeItems(request);
    // The page keeps its place and size: rows that left the list meanwhile leave a gap at its
    // end (shown as "no longer in this list") rather than shifting everything below.
    if (p.rows.size() > p.count) {
        p.rows.resize(p.count);
    }
    p.state = PageState::Loaded;
    if (i + 1 < int(pages_.size()) &&
        request->nextCursor().toLatin1() != pages_[std::size_t(i) + 1].cursor) {
        qCDebug(lcApi) << metaObject()->className() << "page" << i
                       << "changed since it was first loaded";
    }
    emit dataChanged(index(p.start, 0), index(p.start + p.count - 1, columnCount() - 1));
    evictFarPages(i);
    emit pageLoaded(i, int(p.rows.size()));
}

}  // namespace opsdesk::client
