// The products list and its CSV export: the same filters, the same order (last changed first),
// keyset pages over the indexes of migration 0011.

#include <algorithm>
#include <boost/json/array.hpp>
#include <charconv>
#include <map>
#include <memory>
#include <pqxx/pqxx>

#include "api/database_work.h"
#include "app/server_app.h"
#include "cache/list_estimate.h"
#include "catalog/catalog_internal.h"
#include "core/api_error.h"
#include "core/csv.h"
#include "db/like_pattern.h"
#include "db/sql_time.h"

namespace opsdesk::server::catalog {

namespace {

std::map<std::string, ListCondition, std::less<>>& listConditions() {
    static std::map<std::string, ListCondition, std::less<>> conditions;
    return conditions;
}

std::optional<std::int64_t> idParam(const http::Request& r, const char* name) {
    const auto v = r.queryParam(name);
    if (!v || v->empty()) {
        return std::nullopt;
    }
    std::int64_t id = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), id);
    if (ec != std::errc{} || ptr != v->data() + v->size() || id <= 0) {
        throw validationFailed({{name, "must be an id"}});
    }
    return id;
}

bool flagParam(const http::Request& r, const char* name) {
    const auto v = r.queryParam(name);
    if (!v || v->empty() || *v == "false") {
        return false;
    }
    if (*v != "true") {
        throw validationFailed({{name, "must be true or false"}});
    }
    return true;
}

// Products per page of the export: each is one query on a database thread, which is given back
// between pages.
constexpr int kExportPage = 500;

}  // namespace

void addListCondition(std::string parameter, ListCondition condition) {
    listConditions().insert_or_assign(std::move(parameter), std::move(condition));
}

ProductFilter readFilter(const http::Request& r, pqxx::transaction_base& tx) {
    ProductFilter f;
    f.where = " WHERE TRUE";
    auto add = [&](const std::string& clause) { f.where += " AND " + clause; };
    if (const auto q = r.queryParam("q"); q && !q->empty()) {
        if (q->size() > 200) {
            throw validationFailed({{"q", "at most 200 characters"}});
        }
        // products.search is lowercased by PostgreSQL; so is the fragment, the same way.
        add("p.search LIKE lower(" + f.params.add(db::likePattern(*q)) + ")");
    }
    if (const auto status = r.queryParam("status"); status && !status->empty()) {
        std::vector<std::string> placeholders;
        std::size_t start = 0;
        while (start <= status->size()) {
            auto comma = status->find(',', start);
            comma = comma == std::string::npos ? status->size() : comma;
            const auto s = status->substr(start, comma - start);
            if (s != "draft" && s != "active" && s != "archived") {
                throw validationFailed({{"status", "unknown status: " + s}});
            }
            placeholders.push_back(f.params.add(s));
            start = comma + 1;
        }
        // One status compares plainly, so the planner sees the value and walks
        // products_status_updated_idx.
        if (placeholders.size() == 1) {
            add("p.status = " + placeholders.front());
        } else {
            std::string list;
            for (const auto& ph : placeholders) {
                list += (list.empty() ? "" : ", ") + ph;
            }
            add("p.status IN (" + list + ")");
        }
    }
    if (const auto category = idParam(r, "category_id")) {
        add("p.category_id IN (WITH RECURSIVE tree AS (SELECT id FROM categories WHERE id = " +
            f.params.add(std::to_string(*category)) +
            "::bigint UNION ALL SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id) "
            "SELECT id FROM tree)");
    }
    // The SKUs that qualify are few and found by the partial indexes of 0011; the page then
    // walks the list's order and keeps the products among them.
    if (flagParam(r, "low_stock")) {
        add("p.id IN (SELECT s.product_id FROM skus s WHERE s.stock <= s.low_stock_threshold)");
    }
    if (flagParam(r, "oversold")) {
        add("p.id IN (SELECT s.product_id FROM skus s WHERE s.stock < 0)");
    }
    for (const auto& [parameter, condition] : listConditions()) {
        if (const auto v = r.queryParam(parameter); v && !v->empty()) {
            add("(" + condition(*v, f.params, tx) + ")");
        }
    }
    if (const auto v = r.queryParam("virtual_category_id");
        v && !v->empty() && !listConditions().contains("virtual_category_id")) {
        throw validationFailed(
            {{"virtual_category_id", "virtual categories are not available yet"}},
            "This server cannot filter by virtual category yet");
    }
    return f;
}

void appendKeyset(ProductFilter& f, const boost::json::array& k) {
    if (k.size() != 2 || !k[0].is_string() || !k[1].is_int64()) {
        throw validationFailed({{"cursor", "is not a cursor of this list"}});
    }
    f.where += " AND (p.updated_at, p.id) < (" + f.params.add(std::string(k[0].as_string())) +
               "::timestamptz, " + f.params.add(std::to_string(k[1].as_int64())) + "::bigint)";
}

boost::json::array productCursor(std::string_view updatedAtUtc, std::int64_t id) {
    // To the microsecond: keyset paging must be exact.
    return {boost::json::value(db::utcTimeMicros(updatedAtUtc)), boost::json::value(id)};
}

http::Response listProducts(api::Call& call) {
    const auto page = api::readPage(call.request);
    // One statement at a time, each its own snapshot: no BEGIN/COMMIT round trips for a read.
    pqxx::nontransaction tx(call.db);
    auto filter = readFilter(call.request, tx);
    const std::string matching = "SELECT p.id FROM products p" + filter.where;
    const auto values = filter.params.values;  // a first page's, for the estimate
    if (page.after) {
        appendKeyset(filter, *page.after);
    }
    // The page's ids first (an index walk with LIMIT), then only those rows are rendered.
    const std::string sql =
        "WITH page AS (SELECT p.id, p.updated_at FROM products p" + filter.where + kProductOrder +
        " LIMIT " + std::to_string(page.limit + 1) +
        ") SELECT " PRODUCT_ITEM_JSON
        "::text, page.updated_at AT TIME ZONE 'UTC', page.id FROM page "
        "JOIN products p ON p.id = page.id ORDER BY page.updated_at DESC, page.id DESC";
    const auto rows = filter.params.exec(tx, sql);
    const auto shown = api::shownRows(page, static_cast<std::size_t>(rows.size()));
    std::string estimate;
    if (!page.after) {
        cache::EstimateCache::Estimate total{static_cast<std::int64_t>(shown), true};
        if (shown == static_cast<std::size_t>(page.limit)) {
            total = cache::estimateMatches(tx, call.app.estimateCache(), call.app.changes(),
                                           {matching}, values);
        }
        estimate = api::totalEstimateJson(total.total, total.exact);
    }
    return http::Response::json(200, api::writePage(
                                         page, rows, api::appendJsonColumn,
                                         [](const pqxx::row& last) {
                                             return productCursor(last[1].c_str(),
                                                                  last[2].as<std::int64_t>());
                                         },
                                         estimate, 512));
}

http::Response exportProducts(api::Call& call) {
    // Read before the answer starts: a bad filter is a 422, not a cut-off file.
    auto first = [&] {
        pqxx::nontransaction tx(call.db);
        return std::make_shared<ProductFilter>(readFilter(call.request, tx));
    }();
    // The pieces come one after the other (streamFromDatabase): each continues after the last
    // product of the one before.
    auto after = std::make_shared<std::optional<boost::json::array>>();
    auto header = std::make_shared<bool>(true);
    http::Response r;
    r.headers.set("Content-Type", "text/csv; charset=utf-8");
    r.headers.set("Content-Disposition", "attachment; filename=\"products.csv\"");
    r.headers.set("Cache-Control", "no-store");
    r.stream = api::streamFromDatabase(
        call.app.db(), call.request,
        [first, after, header](pqxx::connection& db) -> std::optional<std::string> {
            if (!*header && !*after) {
                return std::nullopt;  // the last page was the last
            }
            ProductFilter f = *first;
            if (*after) {
                appendKeyset(f, **after);
            }
            // One line per variant (a product without any: one line with its own fields).
            const std::string sql =
                "WITH page AS (SELECT p.id, p.updated_at FROM products p" + f.where +
                kProductOrder + " LIMIT " + std::to_string(kExportPage) +
                ") SELECT p.id, p.title, p.status, p.category_id, c.name, "
                "array_to_string(p.tags, ' '), s.sku, s.title, s.price_minor, s.currency, "
                "s.stock, s.low_stock_threshold, " TS("p.updated_at") ", p.version, "
                "page.updated_at AT TIME ZONE 'UTC' FROM page JOIN products p ON p.id = page.id "
                "LEFT JOIN categories c ON c.id = p.category_id "
                "LEFT JOIN skus s ON s.product_id = p.id "
                "ORDER BY page.updated_at DESC, page.id DESC, s.position, s.id";
            pqxx::nontransaction tx(db);
            const auto rows = f.params.exec(tx, sql);
            std::string out;
            if (*header) {
                // What the list shows, a variant a line.
                out +=
                    "product_id,title,status,category_id,category,tags,sku,variant_title,"
                    "price_minor,currency,stock,low_stock_threshold,updated_at,version\r\n";
                *header = false;
            }
            out.reserve(out.size() + rows.size() * 160);
            int products = 0;
            std::int64_t lastId = 0;
            for (const auto& row : rows) {
                for (int i = 0; i < 14; ++i) {
                    if (i > 0) {
                        csv::nextCell(out);
                    }
                    const bool number = i == 0 || i == 3 || (i >= 8 && i <= 11) || i == 13;
                    if (row[i].is_null()) {
                        continue;
                    }
                    const std::string_view v(row[i].c_str(), row[i].size());
                    if (number) {
                        csv::appendNumber(out, v);
                    } else {
                        csv::appendText(out, v);
                    }
                }
                csv::endLine(out);
                const auto id = row[0].as<std::int64_t>();
                if (id != lastId) {
                    ++products;
                    lastId = id;
                    *after = productCursor(row[14].c_str(), id);
                }
            }
            if (products < kExportPage) {
                after->reset();  // no page after this one
            }
            return out;
        });
    return r;
}

}  // namespace opsdesk::server::catalog
