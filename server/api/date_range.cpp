#include "api/date_range.h"

#include <algorithm>
#include <cctype>

#include "core/api_error.h"

namespace opsdesk::server::api {

namespace {

constexpr const char* kWhat = "must be a date (2026-11-22) or an RFC 3339 time";

// "2026-11-22" or an RFC 3339 timestamp; anything else is a field error.
std::optional<std::string> timeParam(const http::Request& r, const char* name) {
    auto v = r.queryParam(name);
    if (!v || v->empty()) {
        return std::nullopt;
    }
    const bool plausible =
        v->size() >= 10 && v->size() <= 40 && std::all_of(v->begin(), v->end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' ||
                   c == '.' || c == '+' || c == ' ';
        });
    if (!plausible) {
        throw validationFailed({{name, kWhat}});
    }
    return v;
}

}  // namespace

DateRange DateRange::read(const http::Request& request) {
    return {timeParam(request, "from"), timeParam(request, "to")};
}

std::string DateRange::fromCondition(std::string_view column, std::string_view placeholder) {
    return std::string(column) + " >= " + std::string(placeholder) + "::timestamptz";
}

std::string DateRange::toCondition(std::string_view column, std::string_view placeholder) {
    const std::string ph(placeholder);
    return std::string(column) + " < CASE WHEN length(" + ph + ") = 10 THEN " + ph +
           "::date + 1 ELSE " + ph + "::timestamptz END";
}

void refuseDates() {
    throw validationFailed({{"from", "must be a date or an RFC 3339 time"},
                            {"to", "must be a date or an RFC 3339 time"}});
}

}  // namespace opsdesk::server::api
