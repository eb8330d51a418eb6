#pragma once

// The contract's time ("2026-11-22T12:59:10Z": RFC 3339, UTC, whole seconds), once: as SQL for
// PostgreSQL to write it, and in C++ for rows read as PostgreSQL's own text.

#include <string>
#include <string_view>

// to_char() patterns. Macros, because they are spliced into string literals at compile time.
#define OPSDESK_SQL_UTC_SECONDS "YYYY-MM-DD\"T\"HH24:MI:SS"
#define OPSDESK_SQL_UTC_FORMAT OPSDESK_SQL_UTC_SECONDS "\"Z\""
// The same with milliseconds ("2026-11-22T12:59:10.211Z"): the audit trail, where what
// happened within one second keeps its order for a reader.
#define OPSDESK_SQL_UTC_FORMAT_MS OPSDESK_SQL_UTC_SECONDS ".MS\"Z\""

// A timestamptz expression as the contract's UTC time.
#define OPSDESK_SQL_TS(col) "to_char(" col " AT TIME ZONE 'UTC', '" OPSDESK_SQL_UTC_FORMAT "')"
#define OPSDESK_SQL_TS_MS(col) \
    "to_char(" col " AT TIME ZONE 'UTC', '" OPSDESK_SQL_UTC_FORMAT_MS "')"

namespace opsdesk::server::db {

// A timestamp without time zone (a timestamptz `AT TIME ZONE 'UTC'`) as PostgreSQL writes it
// in the ISO DateStyle, "2026-11-22 12:59:10[.211642]": the contract's time, quoted for JSON
// ("\"2026-11-22T12:59:10Z\""), appended to `out`. Throws std::runtime_error on other text.
void appendUtcTimeJson(std::string& out, std::string_view isoTimestamp);
// The same to the microsecond, for a keyset cursor, where paging must be exact:
// "2026-11-22T12:59:10.211642Z".
std::string utcTimeMicros(std::string_view isoTimestamp);

}  // namespace opsdesk::server::db
