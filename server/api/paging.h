#pragma once

#include <algorithm>
#include <boost/json/array.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace opsdesk::server::api {

// Keyset pagination of the contract: ?limit=N&cursor=C. A cursor is the sort key of the last row
// a page showed, as an opaque base64url JSON array; the next page starts strictly after it, so
// rows inserted meanwhile never make a page repeat or skip one that existed when paging began.
struct PageRequest {
    int limit = 50;
    std::optional<boost::json::array> after;  // the decoded cursor
};

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// Reads limit (default 50, at most 500) and cursor; 422 for bad values.
PageRequest readPage(const http::Request& request);
std::string encodeCursor(const boost::json::array& key);
// The last id of the page before, for lists ordered by one id column; 422 for a cursor of
// another shape.
std::optional<std::int64_t> idCursor(const PageRequest& page);

// How many of the rows fetched for a page (LIMIT limit + 1) it shows.
inline std::size_t shownRows(const PageRequest& page, std::size_t fetched) {
    return std::min(fetched, static_cast<std::size_t>(page.limit));
}

// Ends a page's items: ],"next_cursor":"…" (null without a next page), `more`, and the brace.
void closePage(std::string& out, const std::optional<boost::json::array>& nextKey,
               std::string_view more);

// The first page's estimate of how many rows the filter matches, for writePage's `more`:
// ,"total_estimate":N,"total_is_exact":true|false
std::string totalEstimateJson(std::int64_t total, bool exact);

// Writes the page the contract answers, {"items":[…],"next_cursor":…}, from the rows a query
// read with LIMIT page.limit + 1 (a row beyond the page says there is a next one):
// appendItem(out, row) appends one row's item as JSON text (PostgreSQL's own, or written straight
// from the row: nothing is parsed again), cursorKey(row) gives the sort key of the page's last
// row when there is a next page. `more` is written before the closing brace (",\"total\":3").
template <class Rows, class AppendItem, class CursorKey>
std::string writePage(const PageRequest& page, const Rows& rows, AppendItem&& appendItem,
                      CursorKey&& cursorKey, std::string_view more = {},
                      std::size_t bytesPerItem = 0) {
    const auto fetched = static_cast<std::size_t>(rows.size());
    const std::size_t shown = shownRows(page, fetched);
    std::string out;
    out.reserve(bytesPerItem * shown + more.size() + 128);
    out += R"({"items":[)";
    std::optional<boost::json::array> next;
    std::size_t i = 0;
    for (auto row = rows.begin(); i < shown; ++row, ++i) {
        if (i > 0) {
            out += ',';
        }
        appendItem(out, *row);
        if (i + 1 == shown && fetched > shown) {
            next = cursorKey(*row);
        }
    }
    closePage(out, next, more);
    return out;
}

// For writePage: appends a row's first column, the item's JSON as PostgreSQL built it.
inline constexpr auto appendJsonColumn = [](std::string& out, const auto& row) {
    const auto& field = row[0];
    out.append(field.c_str(), field.size());
};

}  // namespace opsdesk::server::api
