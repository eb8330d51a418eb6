#pragma once

#include <boost/json/array.hpp>
#include <optional>
#include <string>

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

}  // namespace opsdesk::server::api
