// Virtual categories: a hand-picked set of products, or a saved rule PostgreSQL evaluates each
// time membership is asked for. Nothing is materialised, so membership follows every product
// change at once and there is nothing to rebuild.

#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "api/paging.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "catalog/product_sql.h"
#include "core/api_error.h"
#include "db/like_pattern.h"
#include "promotions/fields.h"
#include "promotions/promotion_sql.h"
#include "promotions/promotions.h"
#include "promotions/promotions_internal.h"
#include "promotions/virtual_category_sql.h"

namespace opsdesk::server::promotions {

namespace {

using protocol::ErrorCode;

constexpr std::size_t kMaxManualProducts = 10'000;
// A preview or a members page is one query whatever the rule; it may take at most this long.
constexpr const char* kRuleStatementTimeout = "SET LOCAL statement_timeout = '3s'";
constexpr int kPreviewSample = 20;
constexpr int kPreviewCountCap = 100'000;

std::optional<std::pair<std::string, int>> readVirtualCategory(pqxx::transaction_base& tx,
                                                               std::int64_t id) {
    const auto r = tx.exec_params("SELECT " OPSDESK_SQL_VIRTUAL_CATEGORY_JSON
                                  "::text, v.version "
                                  "FROM virtual_categories v WHERE v.id = $1",
                                  id);
    if (r.empty()) {
        return std::nullopt;
    }
    return std::pair{r[0][0].as<std::string>(), r[0][1].as<int>()};
}

http::Response answer(pqxx::transaction_base& tx, std::int64_t id, int status) {
    const auto vc = readVirtualCategory(tx, id);
    return api::withVersion(http::Response::json(status, vc->first), vc->second);
}

// The end of a write: the virtual category as it is now (the answer, and the audit's after),
// committed, and forgotten by this instance's price book at once.
http::Response commitChange(pqxx::work& tx, api::Call& call, const char* action, std::int64_t id,
                            boost::json::value before, int status) {
    auto response = answer(tx, id, status);
    audit::record(tx, call,
                  {action, "virtual_category", std::to_string(id), std::move(before),
                   boost::json::parse(response.body)});
    tx.commit();
    catalogChanged(call);
    return response;
}

// 422 naming the ids that are not products.
void requireProducts(pqxx::transaction_base& tx, const std::vector<std::int64_t>& ids) {
    if (ids.empty()) {
        return;
    }
    const auto missing = tx.exec_params1(
                               "SELECT coalesce(string_agg(x::text, ', ' ORDER BY x), '') FROM "
                               "unnest($1::bigint[]) x "
                               "WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = x)",
                               idArray(ids))[0]
                             .as<std::string>();
    if (!missing.empty()) {
        throw validationFailed({{"product_ids", "no such products: " + missing}});
    }
}

void requireCategory(pqxx::transaction_base& tx, const Rule& rule) {
    if (rule.categoryId &&
        tx.exec_params("SELECT 1 FROM categories WHERE id = $1", *rule.categoryId).empty()) {
        throw validationFailed({{"rule.category_id", "no such category"}});
    }
}

void requireFreeName(pqxx::transaction_base& tx, const std::string& name, std::int64_t self) {
    if (!tx.exec_params(
               "SELECT 1 FROM virtual_categories WHERE lower(name) = lower($1) AND id <> $2", name,
               self)
             .empty()) {
        throw ApiError(ErrorCode::Conflict, "A virtual category with this name exists already",
                       {{"name", "taken"}});
    }
}

void setProducts(pqxx::transaction_base& tx, std::int64_t id,
                 const std::vector<std::int64_t>& productIds) {
    tx.exec_params("DELETE FROM virtual_category_products WHERE virtual_category_id = $1", id);
    tx.exec_params(
        "INSERT INTO virtual_category_products (virtual_category_id, product_id) "
        "SELECT $1, unnest($2::bigint[])",
        id, idArray(productIds));
}

// Runs a query that evaluates a rule: bounded in time; a rule too costly to answer is the
// caller's to narrow, not a server error.
template <class Query>
auto boundedRuleQuery(pqxx::transaction_base& tx, Query&& query) -> decltype(query()) {
    tx.exec(kRuleStatementTimeout);
    try {
        return query();
    } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() != "57014") {  // query_canceled: the statement timeout
            throw;
        }
        throw ApiError(ErrorCode::ValidationFailed,
                       "This rule takes too long to evaluate; narrow it (a category, a status, "
                       "tags)",
                       {{"rule", "too costly to evaluate"}});
    }
}

// For a rule's members or its preview: the product list item of each product `condition` names.
constexpr const char* kItemSelect = "SELECT " OPSDESK_SQL_PRODUCT_ITEM_JSON "::text, p.id ";

// The product list's and its export's `virtual_category_id` (GET /products): the members now,
// by the same condition the members list uses, read in the list's own statement snapshot.
const bool kListFilterRegistered = [] {
    catalog::addListCondition("virtual_category_id", [](const std::string& value, db::SqlParams&,
                                                        pqxx::transaction_base& tx) {
        std::int64_t id = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
        if (ec != std::errc() || end != value.data() + value.size() || id <= 0) {
            throw validationFailed({{"virtual_category_id", "must be an id"}});
        }
        if (auto member = virtualCategoryCondition(tx, id, "p")) {
            return std::move(*member);
        }
        throw validationFailed({{"virtual_category_id", "no such virtual category"}});
    });
    return true;
}();

}  // namespace

http::Response listVirtualCategories(api::Call& call) {
    const auto page = api::readPage(call.request);
    const auto q = call.request.queryParam("q");
    const auto kind = call.request.queryParam("kind");
    if (q && q->size() > 200) {
        throw validationFailed({{"q", "at most 200 characters"}});
    }
    if (kind && *kind != "manual" && *kind != "rule") {
        throw validationFailed({{"kind", "must be manual or rule"}});
    }
    const auto after = api::idCursor(page);
    pqxx::read_transaction tx(call.db);
    const auto rows = tx.exec_params(
        "SELECT " OPSDESK_SQL_VIRTUAL_CATEGORY_JSON
        "::text, v.id FROM virtual_categories v "
        "WHERE ($1::text IS NULL OR lower(v.name) LIKE lower($1)) "
        "AND ($2::text IS NULL OR v.kind = $2) AND ($3::bigint IS NULL OR v.id < $3) "
        "ORDER BY v.id DESC LIMIT $4",
        q && !q->empty() ? std::optional(db::likePattern(*q)) : std::nullopt, kind, after,
        page.limit + 1);
    return http::Response::json(
        200, api::writePage(page, rows, api::appendJsonColumn, [](const auto& row) {
            return boost::json::array{row[1].template as<std::int64_t>()};
        }));
}

http::Response getVirtualCategory(api::Call& call) {
    const auto id = call.idParam("id");
    pqxx::read_transaction tx(call.db);
    if (!readVirtualCategory(tx, id)) {
        throw notFound("No such virtual category");
    }
    return answer(tx, id, 200);
}

http::Response createVirtualCategory(api::Call& call) {
    const auto body = call.jsonBody();
    Fields f;
    f.onlyKnown(body, {"name", "kind", "product_ids", "rule"});
    const auto name = f.text(body, "name", "name", 200, true);
    const auto kind = f.text(body, "kind", "kind", 10, true);
    if (kind && *kind != "manual" && *kind != "rule") {
        f.fail("kind", "must be manual or rule");
    }
    const auto productIds = f.ids(body, "product_ids", "product_ids", kMaxManualProducts);
    const auto* ruleValue = body.if_contains("rule");
    const bool hasRule = ruleValue && !ruleValue->is_null();
    Rule rule;
    if (kind == "manual" && hasRule) {
        f.fail("rule", "a manual virtual category has product_ids, not a rule");
    } else if (kind == "rule" && productIds) {
        f.fail("product_ids", "a rule's members follow from its rule; leave product_ids out");
    } else if (kind == "rule") {
        if (!hasRule) {
            f.fail("rule", "required");
        } else {
            rule = readRule(*ruleValue, f);
        }
    }
    f.throwIfAny("The virtual category is not valid");

    pqxx::work tx(call.db);
    requireFreeName(tx, *name, 0);
    requireCategory(tx, rule);
    if (productIds) {
        requireProducts(tx, *productIds);
    }
    const auto id =
        tx.exec_params1(
              "INSERT INTO virtual_categories (name, kind, rule) VALUES ($1, $2, $3::jsonb) "
              "RETURNING id",
              *name, *kind,
              *kind == "rule" ? std::optional(boost::json::serialize(rule.toJson()))
                              : std::nullopt)[0]
            .as<std::int64_t>();
    if (productIds) {
        setProducts(tx, id, *productIds);
    }
    return commitChange(tx, call, "virtual_category.create", id, nullptr, 201);
}

http::Response updateVirtualCategory(api::Call& call) {
    const auto id = call.idParam("id");
    const auto expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    pqxx::work tx(call.db);
    const auto row =
        tx.exec_params("SELECT version, kind FROM virtual_categories WHERE id = $1 FOR UPDATE", id);
    if (row.empty()) {
        throw notFound("No such virtual category");
    }
    api::requireVersion(expected, row[0][0].as<int>());
    const auto kind = row[0][1].as<std::string>();
    Fields f;
    f.onlyKnown(body, {"name", "product_ids", "rule"});
    const auto name = f.text(body, "name", "name", 200);
    const auto productIds = f.ids(body, "product_ids", "product_ids", kMaxManualProducts);
    const auto* ruleValue = body.if_contains("rule");
    std::optional<Rule> rule;
    if (productIds && kind != "manual") {
        f.fail("product_ids", "a rule's members follow from its rule; change the rule");
    }
    if (ruleValue && !ruleValue->is_null()) {
        if (kind != "rule") {
            f.fail("rule", "a manual virtual category has no rule; change its product_ids");
        } else {
            rule = readRule(*ruleValue, f);
        }
    }
    f.throwIfAny("The change is not valid");

    const auto before = boost::json::parse(readVirtualCategory(tx, id)->first);
    if (name) {
        requireFreeName(tx, *name, id);
    }
    if (rule) {
        requireCategory(tx, *rule);
    }
    if (productIds) {
        requireProducts(tx, *productIds);
        setProducts(tx, id, *productIds);
    }
    tx.exec_params(
        "UPDATE virtual_categories SET name = coalesce($2, name), "
        "rule = coalesce($3::jsonb, rule), version = version + 1, updated_at = now() "
        "WHERE id = $1",
        id, name, rule ? std::optional(boost::json::serialize(rule->toJson())) : std::nullopt);
    return commitChange(tx, call, "virtual_category.update", id, before, 200);
}

http::Response previewVirtualCategory(api::Call& call) {
    const auto body = call.jsonBody();
    Fields f;
    f.onlyKnown(body, {"rule"});
    const auto* ruleValue = body.if_contains("rule");
    Rule rule;
    if (!ruleValue || ruleValue->is_null()) {
        f.fail("rule", "required");
    } else {
        rule = readRule(*ruleValue, f);
    }
    f.throwIfAny("The rule is not valid");
    pqxx::read_transaction tx(call.db);
    requireCategory(tx, rule);
    const auto condition = ruleCondition(rule, call.db, "p");
    return boundedRuleQuery(tx, [&] {
        // Counted up to a cap: a rule that matches most of a million products is answered as
        // "more than 100,000" in the time it takes to find that many, not to count them all.
        const auto count =
            tx.exec("SELECT count(*) FROM (SELECT 1 FROM products p WHERE " + condition +
                    " LIMIT " + std::to_string(kPreviewCountCap + 1) + ") m")[0][0]
                .as<int>();
        const auto sample = tx.exec(std::string(kItemSelect) + "FROM products p WHERE " +
                                    condition + " ORDER BY p.updated_at DESC, p.id DESC LIMIT " +
                                    std::to_string(kPreviewSample));
        std::string out = "{\"count\":" + std::to_string(std::min(count, kPreviewCountCap)) +
                          ",\"count_is_exact\":" + (count > kPreviewCountCap ? "false" : "true") +
                          ",\"sample\":[";
        for (std::size_t i = 0; i < sample.size(); ++i) {
            out += i ? "," : "";
            out += sample[i][0].c_str();
        }
        return http::Response::json(200, out + "]}");
    });
}

http::Response virtualCategoryProducts(api::Call& call) {
    const auto id = call.idParam("id");
    const auto page = api::readPage(call.request);
    const auto after = api::idCursor(page);
    pqxx::read_transaction tx(call.db);
    const auto condition = virtualCategoryCondition(tx, id, "p");
    if (!condition) {
        throw notFound("No such virtual category");
    }
    // Newest product first, by id: a key that never changes, so paging never repeats or skips a
    // product that was a member when paging began.
    // Appended piece by piece: GCC 12 at -O2 misreads a chain of temporaries here
    // (-Warray-bounds), and the CI build treats warnings as errors.
    std::string sql(kItemSelect);
    sql += "FROM products p WHERE ";
    sql += *condition;
    if (after) {
        sql += " AND p.id < " + std::to_string(*after);
    }
    sql += " ORDER BY p.id DESC LIMIT " + std::to_string(page.limit + 1);
    const auto rows = boundedRuleQuery(tx, [&] { return tx.exec(sql); });
    return http::Response::json(
        200, api::writePage(page, rows, api::appendJsonColumn, [](const auto& row) {
            return boost::json::array{row[1].template as<std::int64_t>()};
        }));
}

}  // namespace opsdesk::server::promotions
