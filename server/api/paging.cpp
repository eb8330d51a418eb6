#include "api/paging.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "core/api_error.h"
#include "core/base64.h"

namespace opsdesk::server::api {

std::optional<std::int64_t> idCursor(const PageRequest& page) {
    if (!page.after) {
        return std::nullopt;
    }
    if (page.after->size() != 1 || !page.after->at(0).is_int64()) {
        throw validationFailed({{"cursor", "is not a cursor this list handed out"}});
    }
    return page.after->at(0).as_int64();
}

PageRequest readPage(const http::Request& request) {
    PageRequest page;
    if (const auto limit = request.queryParam("limit"); limit && !limit->empty()) {
        int n = 0;
        auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
        if (ec != std::errc{} || ptr != limit->data() + limit->size() || n < 1 ||
            n > kMaxPageSize) {
            throw validationFailed(
                {{"limit", "must be a whole number from 1 to " + std::to_string(kMaxPageSize)}});
        }
        page.limit = n;
    }
    if (const auto cursor = request.queryParam("cursor"); cursor && !cursor->empty()) {
        std::string json;
        boost::system::error_code ec;
        boost::json::value v;
        if (cursor->size() < 1024 && base64UrlDecode(*cursor, &json)) {
            v = boost::json::parse(json, ec);
        }
        if (ec || !v.is_array() || v.as_array().empty()) {
            throw validationFailed({{"cursor", "is not a cursor this server handed out"}});
        }
        page.after = std::move(v.as_array());
    }
    return page;
}

std::string encodeCursor(const boost::json::array& key) {
    return base64UrlEncode(boost::json::serialize(key));
}

std::string totalEstimateJson(std::int64_t total, bool exact) {
    return R"(,"total_estimate":)" + std::to_string(total) + R"(,"total_is_exact":)" +
           (exact ? "true" : "false");
}

void closePage(std::string& out, const std::optional<boost::json::array>& nextKey,
               std::string_view more) {
    out += R"(],"next_cursor":)";
    if (nextKey) {
        out += '"';
        out += encodeCursor(*nextKey);
        out += '"';
    } else {
        out += "null";
    }
    out += more;
    out += '}';
}

}  // namespace opsdesk::server::api
