#include "db/sql_time.h"

#include <algorithm>
#include <stdexcept>

namespace opsdesk::server::db {

namespace {

// "YYYY-MM-DD HH:MM:SS[.ffffff]" (ISO DateStyle, a timestamp without time zone), checked.
std::string_view checked(std::string_view v) {
    const bool ok = v.size() >= 19 && v[4] == '-' && v[7] == '-' && v[10] == ' ' && v[13] == ':' &&
                    v[16] == ':' && (v.size() == 19 || v[19] == '.');
    if (!ok) {
        throw std::runtime_error("unexpected timestamp text from PostgreSQL (DateStyle?): " +
                                 std::string(v));
    }
    return v;
}

}  // namespace

void appendUtcTimeJson(std::string& out, std::string_view isoTimestamp) {
    const auto v = checked(isoTimestamp);
    out += '"';
    out.append(v.data(), 10);
    out += 'T';
    out.append(v.data() + 11, 8);
    out += "Z\"";
}

std::string utcTimeMicros(std::string_view isoTimestamp) {
    const auto v = checked(isoTimestamp);
    std::string out(v.substr(0, 10));
    out += 'T';
    out += v.substr(11, 8);
    out += '.';
    const auto fraction = v.size() > 20 ? v.substr(20) : std::string_view();
    out += fraction;
    out.append(6 - std::min<std::size_t>(6, fraction.size()), '0');
    out += 'Z';
    return out;
}

}  // namespace opsdesk::server::db
