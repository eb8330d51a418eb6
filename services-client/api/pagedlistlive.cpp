// PagedListModel: live changes. Items the feed (or the user's own edit) brings are placed where
// they belong when that place is loaded, replaced in place, or removed, and briefly highlighted.

#include "services-client/api/pagedlistmodel.h"

namespace opsdesk::client {

bool PagedListModel::updateVariant(const QVariant& item) {
    const qint64 id = idOf(item);
    bool found = false;
    for (auto& p : pages_) {
        for (int r = 0; r < int(p.rows.size()); ++r) {
            if (idOf(p.rows[r]) != id) {
                continue;
            }
            found = true;
            if (versionOf(item) < versionOf(p.rows[r])) {
                continue;  // an older picture than the one shown (a late replay)
            }
            p.rows[r] = item;
            emitRowChanged(p.start + r);
        }
    }
    return found;
}

int PagedListModel::rowOfId(qint64 id) const {
    for (const auto& p : pages_) {
        for (int r = 0; r < int(p.rows.size()); ++r) {
            if (idOf(p.rows[r]) == id) {
                return p.start + r;
            }
        }
    }
    return -1;
}

bool PagedListModel::removeItem(qint64 id) {
    for (std::size_t i = 0; i < pages_.size(); ++i) {
        Page& p = pages_[i];
        for (int r = 0; r < int(p.rows.size()); ++r) {
            if (idOf(p.rows[r]) != id) {
                continue;
            }
            const int row = p.start + r;
            beginRemoveRows({}, row, row);
            p.rows.removeAt(r);
            --p.count;
            for (std::size_t j = i + 1; j < pages_.size(); ++j) {
                --pages_[j].start;
            }
            --rowsTotal_;
            endRemoveRows();
            highlighted_.remove(id);
            if (totalEstimate_ && *totalEstimate_ > 0) {
                --*totalEstimate_;
                emit totalEstimateChanged();
            }
            return true;
        }
    }
    return false;
}

void PagedListModel::highlight(qint64 id) {
    highlighted_.insert(id, clock_.elapsed() + highlightDuration_.count());
    if (!highlightTimer_.isActive()) {
        highlightTimer_.start(highlightDuration_);
    }
}

void PagedListModel::countInserted(int row, qint64 id) {
    if (totalEstimate_) {
        ++*totalEstimate_;
        emit totalEstimateChanged();
    }
    emit liveItemInserted(row, id);
}

void PagedListModel::insertAt(int page, int offset, const QVariant& item) {
    Page& p = pages_[std::size_t(page)];
    const int row = p.start + offset;
    beginInsertRows({}, row, row);
    p.rows.insert(offset, item);
    ++p.count;
    for (std::size_t i = std::size_t(page) + 1; i < pages_.size(); ++i) {
        ++pages_[i].start;
    }
    ++rowsTotal_;
    endInsertRows();
    const qint64 id = idOf(item);
    highlight(id);
    countInserted(row, id);
}

bool PagedListModel::insertOnTopVariant(const QVariant& item) {
    if (rowOfId(idOf(item)) >= 0) {
        updateVariant(item);
        return false;
    }
    if (pages_.empty()) {
        if (!started_ || !atEnd_) {
            return false;  // the first page is on its way (and may bring it), or failed
        }
        beginInsertRows({}, 0, 0);
        Page page;
        page.count = 1;
        page.rows = {item};
        pages_.push_back(std::move(page));
        rowsTotal_ = 1;
        endInsertRows();
        highlight(idOf(item));
        countInserted(0, idOf(item));
        return true;
    }
    Page& top = pages_.front();
    if (top.state == PageState::Loaded) {
        insertAt(0, 0, item);
        return true;
    }
    // The top page was emptied: it grows by one, so fetching it again brings the item and keeps
    // every row below in its place.
    beginInsertRows({}, 0, 0);
    ++top.count;
    for (std::size_t i = 1; i < pages_.size(); ++i) {
        ++pages_[i].start;
    }
    ++rowsTotal_;
    endInsertRows();
    countInserted(0, idOf(item));
    return true;
}

bool PagedListModel::insertLiveVariant(const QVariant& item) {
    if (!started_ || !acceptsVariant(item)) {
        return false;
    }
    if (pages_.empty() && tailRequest_) {
        pendingLive_.append(item);
        return false;
    }
    if (rowOfId(idOf(item)) >= 0) {
        updateVariant(item);
        return false;
    }
    if (pages_.empty()) {
        // The list was empty (or its first page failed: the retry brings it).
        return insertOnTopVariant(item);
    }
    if (pages_.front().state != PageState::Loaded && newItemsGoOnTop()) {
        // The top page was emptied (the user is far down): a new item still belongs at the top
        // when it sorts before every loaded row.
        for (const Page& p : pages_) {
            if (p.state == PageState::Loaded && !p.rows.isEmpty()) {
                return sortsBeforeVariant(item, p.rows.front()) && insertOnTopVariant(item);
            }
        }
        return false;
    }
    // Its place: before the first loaded row it sorts before, when the row above that place is
    // loaded too (or it is the very top). Rows past the loaded tail come with the next page.
    const QVariant* previous = nullptr;
    bool previousKnown = true;  // the top of the list
    for (int i = 0; i < int(pages_.size()); ++i) {
        const Page& p = pages_[std::size_t(i)];
        if (p.state != PageState::Loaded) {
            previousKnown = false;
            continue;
        }
        for (int r = 0; r < int(p.rows.size()); ++r) {
            if (sortsBeforeVariant(item, p.rows[r])) {
                if (!previousKnown || (previous && !sortsBeforeVariant(*previous, item))) {
                    return false;
                }
                insertAt(i, r, item);
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
        insertAt(int(pages_.size()) - 1, int(last.rows.size()), item);
        return true;
    }
    return false;
}

void PagedListModel::setHighlightDuration(std::chrono::milliseconds duration) {
    highlightDuration_ = duration;
}

void PagedListModel::expireHighlights() {
    const qint64 now = clock_.elapsed();
    qint64 next = -1;
    for (auto it = highlighted_.begin(); it != highlighted_.end();) {
        if (it.value() <= now) {
            const int row = rowOfId(it.key());
            it = highlighted_.erase(it);
            if (row >= 0) {
                emitRowChanged(row);
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

}  // namespace opsdesk::client
