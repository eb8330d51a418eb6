#pragma once

#include <optional>
#include <pqxx/except>
#include <string>
#include <string_view>

#include "http/message.h"

namespace opsdesk::server::api {

// The ?from=&to= filter of a list on one of its times: each a date ("2026-11-22", which in `to`
// means the whole of that day) or an RFC 3339 time. A value that cannot be either is a 422
// naming its field, when it is read or, at the latest, when PostgreSQL reads it (queryDates).
struct DateRange {
    std::optional<std::string> from;
    std::optional<std::string> to;

    static DateRange read(const http::Request& request);

    // The SQL conditions on `column` (a timestamptz), the value given as the parameter
    // `placeholder` ("$7", text): on or after `from`, and before `to` (the day after a date).
    static std::string fromCondition(std::string_view column, std::string_view placeholder);
    static std::string toCondition(std::string_view column, std::string_view placeholder);
};

// The 422 of a range PostgreSQL could not read.
[[noreturn]] void refuseDates();

// Runs the query that reads the range's values: a value PostgreSQL cannot read as a time is a
// 422 naming both fields.
template <class Query>
auto queryDates(Query&& query) -> decltype(query()) {
    try {
        return query();
    } catch (const pqxx::data_exception&) {
        refuseDates();
    }
}

}  // namespace opsdesk::server::api
