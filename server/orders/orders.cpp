// Orders as agents and finance staff see them: the list over millions of rows, the detail, and
// the moves an order makes through its life (state machine of protocol/order_state).

#include "orders/orders.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "api/paging.h"
#include "audit/audit.h"
#include "core/api_error.h"
#include "core/idempotency.h"
#include "feed/outbox.h"
#include "opsdesk/protocol/order_state.h"
#include "orders/order_sql.h"

namespace opsdesk::server::orders {

namespace {

using protocol::ErrorCode;
using protocol::OrderStatus;

#define TS(col) OPSDESK_SQL_TS(col)
#define ORDER_ITEM_JSON OPSDESK_SQL_ORDER_ITEM_JSON

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

// Appends "$n" for a new parameter.
struct Params {
    std::vector<std::optional<std::string>> values;
    std::string add(std::optional<std::string> v) {
        values.push_back(std::move(v));
        return "$" + std::to_string(values.size());
    }
};

pqxx::result execDynamic(pqxx::transaction_base& tx, const std::string& sql, const Params& p) {
    return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(p.values));
}

std::string lowerAscii(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

// Recent first-page counts by filter: big counts are costly and change slowly.
class EstimateCache {
public:
    using Value = std::pair<std::int64_t, bool>;  // total, exact
    std::optional<Value> get(const std::string& key) {
        const std::lock_guard lock(mutex_);
        const auto it = entries_.find(key);
        if (it == entries_.end() || std::chrono::steady_clock::now() > it->second.expires) {
            return std::nullopt;
        }
        return it->second.value;
    }
    void put(const std::string& key, Value value) {
        const std::lock_guard lock(mutex_);
        if (entries_.size() > 2000) {
            entries_.clear();  // crude, bounded; a cache miss only costs a count
        }
        entries_[key] = {value, std::chrono::steady_clock::now() + std::chrono::seconds(3)};
    }

private:
    struct Entry {
        Value value;
        std::chrono::steady_clock::time_point expires;
    };
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

EstimateCache& estimateCache() {
    static EstimateCache cache;
    return cache;
}

struct LockedOrder {
    std::string status;
    int version;
    std::int64_t captured;
    std::int64_t refunded;
    std::int64_t total;
    std::string currency;
    std::string number;
};

LockedOrder lockOrder(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params(
        "SELECT status, version, captured_minor, refunded_minor, total_minor, currency, number "
        "FROM orders WHERE id = $1 FOR UPDATE",
        id);
    if (r.empty()) {
        throw notFound("No such order");
    }
    return {r[0][0].as<std::string>(),  r[0][1].as<int>(),          r[0][2].as<std::int64_t>(),
            r[0][3].as<std::int64_t>(), r[0][4].as<std::int64_t>(), r[0][5].as<std::string>(),
            r[0][6].as<std::string>()};
}

boost::json::object orderSnapshot(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params1(
        "SELECT json_build_object('status', status, 'captured_minor', captured_minor, "
        "'refunded_minor', refunded_minor, 'version', version)::text FROM orders WHERE id = $1",
        id);
    return boost::json::parse(r[0].as<std::string>()).as_object();
}

void touchOrder(pqxx::transaction_base& tx, std::int64_t id, const std::string& status) {
    tx.exec_params(
        "UPDATE orders SET status = $2, version = version + 1, updated_at = now() "
        "WHERE id = $1",
        id, status);
}

boost::json::array allowedFrom(OrderStatus from) {
    boost::json::array out;
    for (const auto& t : protocol::orderTransitions()) {
        if (t.from == from && t.trigger == protocol::TransitionTrigger::Manual) {
            out.emplace_back(protocol::toString(t.to));
        }
    }
    return out;
}

}  // namespace

void publishOrder(pqxx::transaction_base& tx, std::int64_t orderId, bool created,
                  const api::Principal* actor) {
    const auto r = tx.exec_params1("SELECT " ORDER_ITEM_JSON
                                   "::text, o.version "
                                   "FROM orders o JOIN customers c ON c.id = o.customer_id "
                                   "WHERE o.id = $1",
                                   orderId);
    auto payload = boost::json::parse(r[0].as<std::string>()).as_object();
    if (actor) {
        payload["changed_by"] = actor->username;
    }
    feed::publish(
        tx, created ? protocol::EventKind::OrderCreated : protocol::EventKind::OrderUpdated,
        orderId, r[1].as<int>(), payload, actor ? std::optional(actor->userId) : std::nullopt);
}

void recordHistory(pqxx::transaction_base& tx, std::int64_t orderId, const std::string& from,
                   const std::string& to, const api::Principal* actor, const std::string& reason) {
    tx.exec_params(
        "INSERT INTO order_history (order_id, from_status, to_status, actor_id, actor, reason) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        orderId, from.empty() ? std::optional<std::string>() : std::optional(from), to,
        actor ? std::optional(actor->userId) : std::nullopt, actor ? actor->username : "", reason);
}

namespace {

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
    Params p;
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
        std::string pattern = "%";
        for (char c : lowered) {
            if (c == '%' || c == '_' || c == '\\') {
                pattern.push_back('\\');
            }
            pattern.push_back(c);
        }
        pattern.push_back('%');
        const auto ph = p.add(pattern);
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
    if (const auto from = r.queryParam("from"); from && !from->empty()) {
        andCommon("o.created_at >= " + p.add(*from) + "::timestamptz");
    }
    if (const auto to = r.queryParam("to"); to && !to->empty()) {
        // A bare date means the whole of that day.
        const auto ph = p.add(*to);
        andCommon("o.created_at < CASE WHEN length(" + ph + ") = 10 THEN " + ph +
                  "::date + 1 ELSE " + ph + "::timestamptz END");
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
    pqxx::result rows;
    // The shapes that need no values to be planned well (no search, dates or amounts: every
    // branch walks an index in the sort's order) run as prepared statements, parsed and planned
    // once per connection. Their number is bounded: statuses 0-9, sort, order, cursor, and the
    // page sizes clients use.
    const bool preparable =
        searchClauses.empty() && common.empty() &&
        (statusClauses.empty() || sort == "created_at") &&
        (page.limit == 50 || page.limit == 100 || page.limit == 200 || page.limit == 500);
    try {
        if (preparable) {
            char name[32];
            std::snprintf(name, sizeof name, "orders_list_%016zx", std::hash<std::string>{}(sql));
            call.db.prepare(name, sql);  // registers once; prepared on first use
            rows = tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(p.values));
        } else {
            rows = execDynamic(tx, sql, p);
        }
    } catch (const pqxx::data_exception&) {
        throw validationFailed({{"from", "must be a date or an RFC 3339 time"},
                                {"to", "must be a date or an RFC 3339 time"}});
    }
    std::string body;
    body.reserve(256 * rows.size() + 128);
    body += R"({"items":[)";
    const auto shown = std::min<std::size_t>(rows.size(), static_cast<std::size_t>(page.limit));
    for (std::size_t i = 0; i < shown; ++i) {
        if (i) {
            body += ',';
        }
        appendItem(body, rows[static_cast<int>(i)]);
    }
    body += R"(],"next_cursor":)";
    if (rows.size() > shown) {
        const auto& last = rows[static_cast<int>(shown - 1)];
        boost::json::array key;
        if (sort == "total") {
            key.emplace_back(last[6].as<std::int64_t>());
        } else {
            key.emplace_back(cursorTime(last[8]));
        }
        key.emplace_back(last[0].as<std::int64_t>());
        body += '"' + api::encodeCursor(key) + '"';
    } else {
        body += "null";
    }
    // The first page says roughly how many match ("about 1.2 million"). The planner's estimate
    // costs a plan, not a scan, and is good enough when it expects a great many rows; below
    // that, count exactly up to 10,000 — and remember big counts for a few seconds, since the
    // same filter is asked for again and again while people page and refresh.
    if (!page.after) {
        std::int64_t total = 0;
        bool exact = true;
        if (shown < static_cast<std::size_t>(page.limit)) {
            total = static_cast<std::int64_t>(shown);
        } else {
            // The conditions of the estimate: one clause for all statuses, a branch per way a
            // search matches; the same parameters as the page (a first page has no cursor).
            std::vector<std::string> estimateBranches;
            for (const auto& q : searchClauses.empty() ? noClause : searchClauses) {
                estimateBranches.push_back(whereOf(statusAny, q));
            }
            std::string key;
            for (const auto& b : estimateBranches) {
                key += b;
                key += '\x1d';
            }
            for (const auto& v : p.values) {
                key += '\x1f';
                key += v.value_or("\x1e");
            }
            if (const auto cached = estimateCache().get(key)) {
                total = cached->first;
                exact = cached->second;
            } else {
                std::string matching;  // the ids of every match, once each
                std::string capped;    // the same, each branch stopping after 10,001
                for (const auto& b : estimateBranches) {
                    matching += matching.empty() ? "" : " UNION ";
                    matching += "SELECT o.id FROM orders o" + b;
                    capped += capped.empty() ? "" : " UNION ";
                    capped += "(SELECT o.id FROM orders o" + b + " LIMIT 10001)";
                }
                const auto plan = execDynamic(tx, "EXPLAIN (FORMAT JSON) " + matching, p);
                const auto planned = boost::json::parse(plan[0][0].c_str())
                                         .at(0)
                                         .at("Plan")
                                         .at("Plan Rows")
                                         .to_number<std::int64_t>();
                if (planned > 100'000) {
                    total = planned;
                    exact = false;
                } else {
                    total = execDynamic(tx,
                                        "SELECT count(*) FROM (SELECT id FROM (" + capped +
                                            ") u LIMIT 10001) s",
                                        p)[0][0]
                                .as<std::int64_t>();
                    if (total > 10000) {
                        exact = false;
                        total = std::max<std::int64_t>(planned, 10001);
                    }
                }
                if (total >= 1000) {
                    estimateCache().put(key, {total, exact});
                }
            }
        }
        body += R"(,"total_estimate":)" + std::to_string(total) + R"(,"total_is_exact":)" +
                (exact ? "true" : "false");
    }
    body += '}';
    return http::Response::json(200, std::move(body));
}

http::Response detail(api::Call& call) {
    const auto id = call.idParam("id");
    pqxx::read_transaction tx(call.db);
    const auto r = tx.exec_params(
        "SELECT (" ORDER_ITEM_JSON "::jsonb || jsonb_build_object("
        "'subtotal_minor', o.subtotal_minor, 'discount_minor', o.discount_minor, "
        "'shipping_minor', o.shipping_minor, 'tax_minor', o.tax_minor, "
        "'captured_minor', o.captured_minor, 'refunded_minor', o.refunded_minor, "
        "'external_id', o.external_id, "
        "'items', coalesce((SELECT jsonb_agg(jsonb_build_object('line', i.line, 'sku', i.sku, "
        "  'title', i.title, 'unit_price_minor', i.unit_price_minor, 'quantity', i.quantity) "
        "  ORDER BY i.line) FROM order_items i WHERE i.order_id = o.id), '[]'), "
        "'payments', coalesce((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'provider', "
        "  p.provider, 'provider_ref', p.provider_ref, 'amount_minor', p.amount_minor, "
        "  'currency', p.currency, 'status', p.status, 'captured_at', " TS("p.captured_at") ") "
        "  ORDER BY p.id) FROM payments p WHERE p.order_id = o.id), '[]'), "
        "'refunds', coalesce((SELECT jsonb_agg(jsonb_build_object('id', f.id, 'amount_minor', "
        "  f.amount_minor, 'currency', o.currency, 'reason', f.reason, 'status', f.status, "
        "  'created_at', "
        "  " TS("f.created_at") ", 'created_by', (SELECT username FROM users WHERE id = f.created_by)) "
        "  ORDER BY f.id) FROM refunds f WHERE f.order_id = o.id), '[]'), "
        "'shipments', coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'carrier', "
        "  s.carrier, 'tracking', s.tracking, 'shipped_at', " TS("s.shipped_at") ") ORDER BY s.id) "
        "  FROM shipments s WHERE s.order_id = o.id), '[]'), "
        "'notes', coalesce((SELECT jsonb_agg(jsonb_build_object('id', n.id, 'author', n.author, "
        "  'body', n.body, 'created_at', " TS("n.created_at") ") ORDER BY n.id) "
        "  FROM order_notes n WHERE n.order_id = o.id), '[]'), "
        "'history', coalesce((SELECT jsonb_agg(jsonb_build_object('from', h.from_status, 'to', "
        "  h.to_status, 'actor', h.actor, 'reason', h.reason, 'at', " TS("h.at") ") "
        "  ORDER BY h.id) FROM order_history h WHERE h.order_id = o.id), '[]')"
        "))::text, o.version FROM orders o JOIN customers c ON c.id = o.customer_id "
        "WHERE o.id = $1",
        id);
    if (r.empty()) {
        throw notFound("No such order");
    }
    return api::withVersion(http::Response::json(200, r[0][0].as<std::string>()),
                            r[0][1].as<int>());
}

namespace {

// Pays back `amount` of what was captured: the refund row and the order's counter, with the
// refund's audit row and feed event, whatever asked for it (a refund, or a transition that pays
// back, protocol::paysOut). The caller holds the order's row lock and moves its status.
boost::json::object applyRefund(pqxx::transaction_base& tx, const api::Call& call,
                                std::int64_t orderId, const LockedOrder& o, std::int64_t amount,
                                const std::string& reason) {
    const auto row = tx.exec_params1(
        "INSERT INTO refunds (order_id, amount_minor, reason, created_by) VALUES ($1, $2, $3, $4) "
        "RETURNING json_build_object('id', id, 'amount_minor', amount_minor, 'reason', reason, "
        "'status', status, 'currency', $5::text, 'created_at', " TS("created_at") ")::text",
        orderId, amount, reason, call.user().userId, o.currency);
    tx.exec_params("UPDATE orders SET refunded_minor = refunded_minor + $2 WHERE id = $1", orderId,
                   amount);
    auto created = boost::json::parse(row[0].as<std::string>()).as_object();
    const auto refundId = created.at("id").as_int64();
    audit::record(tx, call,
                  {"refund.create", "refund", std::to_string(refundId), nullptr, created});
    // Whoever shows it (a desk that may not read orders) needs no other event to say which
    // order and who.
    auto event = created;
    event["order_id"] = orderId;
    event["order_number"] = o.number;
    event["changed_by"] = call.user().username;
    feed::publish(tx, protocol::EventKind::RefundCreated, refundId, std::nullopt, event,
                  call.user().userId);
    return created;
}

}  // namespace

http::Response transition(api::Call& call) {
    const auto id = call.idParam("id");
    const int expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    const auto to = api::optionalString(body, "to").value_or("");
    const auto carrier = api::optionalString(body, "carrier").value_or("");
    const auto tracking = api::optionalString(body, "tracking").value_or("");
    const auto reason = api::optionalString(body, "reason").value_or("");
    const auto target = protocol::orderStatusFromString(to);
    if (!target) {
        throw validationFailed({{"to", "unknown status"}});
    }
    pqxx::work tx(call.db);
    const auto o = lockOrder(tx, id);
    api::requireVersion(expected, o.version);
    const auto from = *protocol::orderStatusFromString(o.status);
    const auto* t = protocol::findTransition(from, *target);
    if (!t || t->trigger != protocol::TransitionTrigger::Manual) {
        throw ApiError(ErrorCode::InvalidTransition,
                       "An order that is " + o.status + " cannot become " + to, {},
                       {{"from", o.status}, {"to", to}, {"allowed", allowedFrom(from)}});
    }
    // A move that pays money back (a cancel of anything captured) is a refund as well.
    const std::int64_t refundable = o.captured - o.refunded;
    for (const auto permission : protocol::requiredPermissions(*t, refundable)) {
        if (!call.user().has(permission)) {
            throw ApiError(ErrorCode::Forbidden,
                           protocol::paysOut(*t, refundable) &&
                                   permission == protocol::Permission::OrdersRefund
                               ? "This pays the customer back what was captured: that needs "
                                 "the refund permission"
                               : "You do not have permission to do this",
                           {}, {{"required_permission", protocol::toString(permission)}});
        }
    }
    std::map<std::string, std::string> fields;
    if (t->requiresReason && reason.empty()) {
        fields["reason"] = "required";
    }
    if (t->requiresTracking && carrier.empty()) {
        fields["carrier"] = "required";
    }
    if (t->requiresTracking && tracking.empty()) {
        fields["tracking"] = "required";
    }
    if (reason.size() > 1000 || carrier.size() > 100 || tracking.size() > 100) {
        fields["reason"] = "too long";
    }
    if (!fields.empty()) {
        throw validationFailed(std::move(fields));
    }
    const auto before = orderSnapshot(tx, id);
    if (*target == OrderStatus::Shipped) {
        tx.exec_params("INSERT INTO shipments (order_id, carrier, tracking) VALUES ($1, $2, $3)",
                       id, carrier, tracking);
    }
    if (protocol::paysOut(*t, refundable)) {
        applyRefund(tx, call, id, o, refundable, "Order cancelled: " + reason);
    }
    touchOrder(tx, id, to);
    recordHistory(tx, id, o.status, to, &call.user(), reason);
    audit::record(tx, call,
                  {"order.transition", "order", std::to_string(id), before, orderSnapshot(tx, id)});
    publishOrder(tx, id, false, &call.user());
    tx.commit();
    return detail(call);
}

http::Response refund(api::Call& call) {
    const auto id = call.idParam("id");
    const auto body = call.jsonBody();
    std::optional<int> expected;
    if (call.request.headers.contains("If-Match")) {
        expected = call.ifMatchVersion();
    }
    const auto* amountValue = body.if_contains("amount_minor");
    const auto reason = api::optionalString(body, "reason").value_or("");
    std::map<std::string, std::string> fields;
    std::int64_t amount = 0;
    if (!amountValue || !amountValue->is_int64() || amountValue->as_int64() <= 0) {
        fields["amount_minor"] = "must be a positive whole number of minor units";
    } else {
        amount = amountValue->as_int64();
    }
    if (reason.empty()) {
        fields["reason"] = "required";
    } else if (reason.size() > 1000) {
        fields["reason"] = "at most 1000 characters";
    }
    if (!fields.empty()) {
        throw validationFailed(std::move(fields));
    }
    pqxx::work tx(call.db);
    auto response = idempotency::once(call, tx, [&](pqxx::dbtransaction& work) {
        // The row lock makes concurrent refunds of one order take turns, so the check below
        // sees every refund committed before it; the table's CHECK is the last line.
        const auto o = lockOrder(work, id);
        if (expected) {
            api::requireVersion(*expected, o.version);
        }
        const auto status = *protocol::orderStatusFromString(o.status);
        if (!protocol::refundAllowedFrom(status)) {
            throw ApiError(ErrorCode::InvalidTransition,
                           "An order that is " + o.status + " cannot be refunded", {},
                           {{"from", o.status}});
        }
        const std::int64_t remaining = o.captured - o.refunded;
        if (amount > remaining) {
            throw ApiError(ErrorCode::ValidationFailed, "That is more than is left to refund",
                           {{"amount_minor", "at most " + std::to_string(remaining)}},
                           {{"refundable_minor", remaining}, {"currency", o.currency}});
        }
        const auto before = orderSnapshot(work, id);
        auto created = applyRefund(work, call, id, o, amount, reason);
        const std::string next =
            o.refunded + amount >= o.captured ? "refunded" : "partially_refunded";
        touchOrder(work, id, next);
        recordHistory(work, id, o.status, next, &call.user(), reason);
        audit::record(
            work, call,
            {"order.refund", "order", std::to_string(id), before, orderSnapshot(work, id)});
        publishOrder(work, id, false, &call.user());
        return http::Response::json(201, boost::json::serialize(created));
    });
    tx.commit();
    return response;
}

http::Response addNote(api::Call& call) {
    const auto id = call.idParam("id");
    const auto body = call.jsonBody();
    const auto text = api::optionalString(body, "body").value_or("");
    if (text.empty() || text.size() > 5000) {
        throw validationFailed({{"body", "1 to 5000 characters"}});
    }
    pqxx::work tx(call.db);
    lockOrder(tx, id);
    const auto row = tx.exec_params1(
        "INSERT INTO order_notes (order_id, author_id, author, body) VALUES ($1, $2, $3, $4) "
        "RETURNING json_build_object('id', id, 'author', author, 'body', body, "
        "'created_at', " TS("created_at") ")::text",
        id, call.user().userId, call.user().username, text);
    tx.exec_params("UPDATE orders SET version = version + 1, updated_at = now() WHERE id = $1", id);
    const auto note = boost::json::parse(row[0].as<std::string>());
    audit::record(tx, call, {"order.note", "order", std::to_string(id), nullptr, note});
    publishOrder(tx, id, false, &call.user());
    tx.commit();
    return http::Response::json(201, row[0].as<std::string>());
}

}  // namespace opsdesk::server::orders
