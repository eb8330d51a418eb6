// The orders list over millions of rows: filters, sorts, search, keyset pages and the estimated
// total of the first page.

#include <algorithm>
#include <boost/json/parse.hpp>
#include <charconv>
#include <cstdio>
#include <functional>
#include <pqxx/pqxx>
#include <string_view>

#include "api/date_range.h"
#include "api/paging.h"
#include "app/server_app.h"
#include "cache/list_estimate.h"
#include "core/api_error.h"
#include "db/like_pattern.h"
#include "db/sql_params.h"
#include "db/sql_time.h"
#include "opsdesk/protocol/order_state.h"
#include "orders/orders.h"

namespace opsdesk::server::orders {

namespace {

std::optional<std::int64_t> int64Param(const http::Request& r, const char* name) {
    const auto v = r.queryParam(name);
    if (!v || v->empty()) {
        return std::nullopt;
    }
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc{} || ptr != v->data() + v->size() || out < 0) {
        throw validationFailed({{name, "must be a whole number of minor units"}});
    }
    return out;
}

std::string lowerAscii(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

// A search fragment (lowercased) can occur in an order number ("OD" and digits) only when it
// is made of those characters; other fragments need not look at numbers at all.
// The length of the pieces order_number_grams() cuts numbers into (migration 0008).
constexpr std::size_t kNumberGram = 5;

bool couldBeInNumber(const std::string& lowered) {
    for (const char c : lowered) {
        if (c != 'o' && c != 'd' && (c < '0' || c > '9')) {
            return false;
        }
    }
    return true;
}

// The list's columns, in the order appendItem() reads them. Times come as UTC timestamps in
// PostgreSQL's ISO text ("2026-11-22 12:59:10.211642"); the JSON is written here, straight from
// the row (cheaper than json_build_object and to_char in PostgreSQL, which the two cores share).
#define LIST_COLUMNS                                                               \
    "o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, " \
    "o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version"

void appendJsonString(std::string& out, const pqxx::field& f) {
    out += '"';
    const char* s = f.c_str();
    const std::size_t n = f.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

std::string_view text(const pqxx::field& f) {
    return {f.c_str(), f.size()};
}

void appendTime(std::string& out, const pqxx::field& f) {
    db::appendUtcTimeJson(out, text(f));
}

// The cursor's key: microseconds, so that keyset paging is exact.
std::string cursorTime(const pqxx::field& f) {
    return db::utcTimeMicros(text(f));
}

// What one item takes, about, to reserve a page's text at once.
constexpr std::size_t kItemBytes = 256;

void appendItem(std::string& out, const pqxx::row& row) {
    out += R"({"id":)";
    out.append(row[0].c_str(), row[0].size());
    out += R"(,"number":)";
    appendJsonString(out, row[1]);
    out += R"(,"status":)";
    appendJsonString(out, row[2]);
    out += R"(,"customer":{"id":)";
    out.append(row[3].c_str(), row[3].size());
    out += R"(,"name":)";
    appendJsonString(out, row[4]);
    out += R"(,"email":)";
    appendJsonString(out, row[5]);
    out += R"(},"total_minor":)";
    out.append(row[6].c_str(), row[6].size());
    out += R"(,"currency":)";
    appendJsonString(out, row[7]);
    out += R"(,"created_at":)";
    appendTime(out, row[8]);
    out += R"(,"updated_at":)";
    appendTime(out, row[9]);
    out += R"(,"version":)";
    out.append(row[10].c_str(), row[10].size());
    out += '}';
}

}  // namespace

http::Response list(api::Call& call) {
    const auto& r = call.request;
    const auto page = api::readPage(r);
    const std::string sort = r.queryParam("sort").value_or("created_at");
    const std::string order = r.queryParam("order").value_or("desc");
    if (sort != "created_at" && sort != "total") {
        throw validationFailed({{"sort", "must be created_at or total"}});
    }
    if (order != "asc" && order != "desc") {
        throw validationFailed({{"order", "must be asc or desc"}});
    }
    // Every page is one or more index range scans with LIMIT ("branches"): one per status asked
    // for and per way a search can match, merged; the estimate uses the same conditions.
    db::SqlParams p;
    std::string common;  // the filters every branch has (dates, amounts)
    auto andCommon = [&](const std::string& clause) {
        common += " AND ";
        common += clause;
    };
    std::vector<std::string> statusClauses;  // one per status
    std::string statusAny;                   // all of them in one clause, for the estimate
    if (const auto status = r.queryParam("status"); status && !status->empty()) {
        std::vector<std::string> statuses;
        std::size_t start = 0;
        while (start <= status->size()) {
            auto comma = status->find(',', start);
            if (comma == std::string::npos) {
                comma = status->size();
            }
            const auto s = status->substr(start, comma - start);
            if (!protocol::orderStatusFromString(s)) {
                throw validationFailed({{"status", "unknown status: " + s}});
            }
            if (std::find(statuses.begin(), statuses.end(), s) == statuses.end()) {
                statuses.push_back(s);
            }
            start = comma + 1;
        }
        // One status compares plainly, so the planner sees the value and walks its index;
        // several become one branch each (PostgreSQL cannot walk (status, created_at) for
        // several statuses at once in created_at order).
        std::string placeholders;
        for (const auto& s : statuses) {
            const auto ph = p.add(s);
            placeholders += (placeholders.empty() ? "" : ", ") + ph;
            statusClauses.push_back("o.status = " + ph);
        }
        statusAny =
            statuses.size() == 1 ? statusClauses.front() : "o.status IN (" + placeholders + ")";
    }
    // A search matches the order number, or the customer's name or email. Customers are
    // searched first (their trigram index is an eighth of the orders'), then their orders;
    // numbers only when the fragment could be part of one: by its five-character pieces when it
    // has five characters or more, else by the numbers' trigram index.
    std::vector<std::string> searchClauses;
    std::optional<std::size_t> numberByGrams;  // that search clause finds numbers by their pieces
    if (const auto q = r.queryParam("q"); q && !q->empty()) {
        if (q->size() > 200) {
            throw validationFailed({{"q", "at most 200 characters"}});
        }
        const std::string lowered = lowerAscii(*q);
        const auto ph = p.add(db::likePattern(lowered));
        searchClauses.push_back(
            "o.customer_id IN (SELECT cs.id FROM customers cs WHERE "
            "lower(cs.name || ' ' || cs.email) LIKE " +
            ph + ")");
        if (couldBeInNumber(lowered) && lowered.size() >= kNumberGram) {
            // Through its five-character pieces (migration 0008), confirmed by the substring.
            const auto fragment = p.add(lowered);
            searchClauses.push_back("order_number_grams(o.number) @> order_number_grams(" +
                                    fragment + ") AND strpos(lower(o.number), " + fragment +
                                    ") > 0");
            numberByGrams = searchClauses.size() - 1;
        } else if (couldBeInNumber(lowered)) {
            searchClauses.push_back("lower(o.number) LIKE " + ph);
        }
    }
    const auto dates = api::DateRange::read(r);
    if (dates.from) {
        andCommon(api::DateRange::fromCondition("o.created_at", p.add(*dates.from)));
    }
    if (dates.to) {
        andCommon(api::DateRange::toCondition("o.created_at", p.add(*dates.to)));
    }
    bool amountFilter = false;
    if (const auto min = int64Param(r, "min_total_minor")) {
        andCommon("o.total_minor >= " + p.add(std::to_string(*min)) + "::bigint");
        amountFilter = true;
    }
    if (const auto max = int64Param(r, "max_total_minor")) {
        andCommon("o.total_minor <= " + p.add(std::to_string(*max)) + "::bigint");
        amountFilter = true;
    }
    const bool desc = order == "desc";
    const std::string keyColumn = sort == "total" ? "o.total_minor" : "o.created_at";
    std::string keyset;
    if (page.after) {
        const auto& k = *page.after;
        const bool ok = k.size() == 2 && k[1].is_int64() &&
                        (sort == "total" ? k[0].is_int64() : k[0].is_string());
        if (!ok) {
            throw validationFailed({{"cursor", "is not a cursor for this sort"}});
        }
        const std::string value =
            sort == "total" ? std::to_string(k[0].as_int64()) : std::string(k[0].as_string());
        const std::string cast = sort == "total" ? "::bigint" : "::timestamptz";
        keyset = " AND (" + keyColumn + ", o.id) " + (desc ? "<" : ">") + " (" + p.add(value) +
                 cast + ", " + p.add(std::to_string(k[1].as_int64())) + "::bigint)";
    }
    const std::string dir = desc ? " DESC" : " ASC";
    const std::string orderBy = " ORDER BY " + keyColumn + dir + ", o.id" + dir;
    const std::string limit = std::to_string(page.limit + 1);
    // "WHERE TRUE AND ..." keeps the clause building simple; the planner drops the TRUE.
    auto whereOf = [&](const std::string& status, const std::string& search) {
        std::string w = " WHERE TRUE";
        if (!status.empty()) {
            w += " AND " + status;
        }
        if (!search.empty()) {
            w += " AND " + search;
        }
        return w + common;
    };
    std::vector<std::string> branches;  // WHERE clauses, without the cursor
    std::vector<bool> byGrams;          // that branch finds order numbers by their pieces
    const std::vector<std::string> noClause{""};
    for (const auto& s : statusClauses.empty() ? noClause : statusClauses) {
        for (std::size_t q = 0; q < std::max<std::size_t>(1, searchClauses.size()); ++q) {
            branches.push_back(whereOf(s, searchClauses.empty() ? "" : searchClauses[q]));
            byGrams.push_back(numberByGrams == q);
        }
    }
    std::string sql;
    if (branches.size() == 1 && searchClauses.empty() && !(amountFilter && sort == "created_at")) {
        sql = "SELECT " LIST_COLUMNS " FROM orders o JOIN customers c ON c.id = o.customer_id" +
              branches.front() + keyset + orderBy + " LIMIT " + limit;
    } else {
        // First the page's ids and keys, each branch an index walk with LIMIT (an index-only
        // one when the filter is in the index: a search's customers' orders come from
        // orders_customer_created_idx, however many they have), then only those rows are read
        // and rendered.
        // A search's branches can find the same order twice (number and email both match):
        // UNION keeps it once.
        const std::string key = sort == "total" ? "o.total_minor" : "o.created_at";
        std::string merged;
        for (std::size_t i = 0; i < branches.size(); ++i) {
            const auto& b = branches[i];
            merged += merged.empty() ? "" : (searchClauses.size() > 1 ? " UNION " : " UNION ALL ");
            if (byGrams[i]) {
                // The matching numbers are few (a fragment of five or more characters), but the
                // planner may not know it and walk the sort's index hoping to meet them early:
                // they are found first, then sorted.
                merged += "(WITH m AS MATERIALIZED (SELECT o.id, " + key + " AS k FROM orders o" +
                          b + keyset + ") SELECT id, k FROM m ORDER BY k" + dir + ", id" + dir +
                          " LIMIT " + limit + ")";
            } else {
                merged += "(SELECT o.id, " + key + " AS k FROM orders o" + b + keyset + orderBy +
                          " LIMIT " + limit + ")";
            }
        }
        sql = "WITH page AS (SELECT id, k FROM (" + merged + ") u ORDER BY k" + dir + ", id" + dir +
              " LIMIT " + limit +
              ") SELECT " LIST_COLUMNS
              " FROM page JOIN orders o ON o.id = page.id "
              "JOIN customers c ON c.id = o.customer_id ORDER BY page.k" +
              dir + ", page.id" + dir;
    }

    // One statement at a time, each its own snapshot: no BEGIN/COMMIT round trips for a read.
    // The page is one statement; the estimate is an estimate.
    pqxx::nontransaction tx(call.db);
    // The shapes that need no values to be planned well (no search, dates or amounts: every
    // branch walks an index in the sort's order) run as prepared statements, parsed and planned
    // once per connection. Their number is bounded: statuses 0-9, sort, order, cursor, and the
    // page sizes clients use.
    const bool preparable =
        searchClauses.empty() && common.empty() &&
        (statusClauses.empty() || sort == "created_at") &&
        (page.limit == 50 || page.limit == 100 || page.limit == 200 || page.limit == 500);
    const pqxx::result rows = api::queryDates([&] {
        if (preparable) {
            char name[32];
            std::snprintf(name, sizeof name, "orders_list_%016zx", std::hash<std::string>{}(sql));
            call.db.prepare(name, sql);  // registers once; prepared on first use
            return tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(p.values));
        }
        return p.exec(tx, sql);
    });
    const auto shown = api::shownRows(page, static_cast<std::size_t>(rows.size()));
    std::string estimate;
    // The first page says roughly how many match ("about 1.2 million"): counted (or estimated)
    // unless the page holds them all. The conditions are one clause for all statuses and a
    // branch per way a search matches, with the page's parameters (a first page has no cursor).
    if (!page.after) {
        cache::EstimateCache::Estimate total{static_cast<std::int64_t>(shown), true};
        if (shown == static_cast<std::size_t>(page.limit)) {
            std::vector<std::string> matching;
            for (const auto& q : searchClauses.empty() ? noClause : searchClauses) {
                matching.push_back("SELECT o.id FROM orders o" + whereOf(statusAny, q));
            }
            total = cache::estimateMatches(tx, call.app.estimateCache(), call.app.changes(),
                                           matching, p.values);
        }
        estimate = api::totalEstimateJson(total.total, total.exact);
    }
    auto cursorKey = [&](const pqxx::row& last) {
        boost::json::array key;
        if (sort == "total") {
            key.emplace_back(last[6].as<std::int64_t>());
        } else {
            key.emplace_back(cursorTime(last[8]));
        }
        key.emplace_back(last[0].as<std::int64_t>());
        return key;
    };
    return http::Response::json(
        200, api::writePage(page, rows, appendItem, cursorKey, estimate, kItemBytes));
}

}  // namespace opsdesk::server::orders
