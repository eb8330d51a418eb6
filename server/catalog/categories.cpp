// The category tree: every category with its parent, created, renamed and moved; never a
// cycle, never deeper than kMaxDepth.

#include <boost/json/parse.hpp>
#include <pqxx/pqxx>

#include "audit/audit.h"
#include "catalog/catalog_internal.h"
#include "core/api_error.h"

namespace opsdesk::server::catalog {

namespace {

constexpr int kMaxDepth = 8;  // levels from the top, the top included
constexpr int kMaxCategories = 5000;

#define CATEGORY_JSON                                                                \
    "json_build_object('id', c.id, 'name', c.name, 'parent_id', c.parent_id, "       \
    "'version', c.version, 'created_at', " TS("c.created_at") ", 'updated_at', " TS( \
        "c.updated_at") ")"

// The level of a category (1 at the top), or 0 for none.
int depthOf(pqxx::transaction_base& tx, const std::optional<std::int64_t>& id) {
    if (!id) {
        return 0;
    }
    return tx
        .exec_params1(
            "WITH RECURSIVE up AS (SELECT id, parent_id, 1 AS depth FROM categories WHERE id = $1 "
            "UNION ALL SELECT c.id, c.parent_id, up.depth + 1 FROM categories c "
            "JOIN up ON c.id = up.parent_id WHERE up.depth <= 64) SELECT coalesce(max(depth), 0) "
            "FROM up",
            *id)[0]
        .as<int>();
}

std::optional<std::int64_t> readParent(const boost::json::object& body, FieldErrors& f,
                                       bool* given) {
    const auto* v = body.if_contains("parent_id");
    *given = v != nullptr;
    if (!v || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_int64() || v->as_int64() <= 0) {
        f.add("parent_id", "must be a category's id or null");
        return std::nullopt;
    }
    return v->as_int64();
}

void requireParent(pqxx::transaction_base& tx, const std::optional<std::int64_t>& parent) {
    if (parent && tx.exec_params("SELECT 1 FROM categories WHERE id = $1", *parent).empty()) {
        throw validationFailed({{"parent_id", "no such category"}});
    }
}

void refuseTakenName(pqxx::transaction_base& tx, const std::string& name,
                     const std::optional<std::int64_t>& parent, std::int64_t except = 0) {
    const auto taken = tx.exec_params(
        "SELECT id FROM categories WHERE coalesce(parent_id, 0) = coalesce($1, 0) "
        "AND lower(name) = lower($2) AND id <> $3",
        parent, name, except);
    if (!taken.empty()) {
        throw ApiError(protocol::ErrorCode::Conflict, "A category of that name is there already",
                       {}, {{"category_id", taken[0][0].as<std::int64_t>()}});
    }
}

http::Response answer(pqxx::work& tx, std::int64_t id, int status) {
    const auto r = tx.exec_params1(
        "SELECT " CATEGORY_JSON "::text, c.version FROM categories c WHERE c.id = $1", id);
    tx.commit();
    return api::withVersion(http::Response::json(status, r[0].as<std::string>()), r[1].as<int>());
}

boost::json::object snapshot(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params1(
        "SELECT json_build_object('name', name, 'parent_id', parent_id, 'version', version)::text "
        "FROM categories WHERE id = $1",
        id);
    return boost::json::parse(r[0].c_str()).as_object();
}

}  // namespace

http::Response listCategories(api::Call& call) {
    // The whole tree at once (a few thousand at most), parents before their children.
    pqxx::read_transaction tx(call.db);
    const auto r = tx.exec(
        "SELECT coalesce(json_agg(" CATEGORY_JSON
        " ORDER BY c.parent_id NULLS FIRST, lower(c.name), c.id), '[]')::text FROM categories c");
    return http::Response::json(200, R"({"items":)" + r[0][0].as<std::string>() + "}");
}

http::Response createCategory(api::Call& call) {
    const auto body = call.jsonBody();
    FieldErrors f;
    const auto name = f.text(body, "name", "name", 200);
    if (!name && !f.errors.contains("name")) {
        f.add("name", "required");
    }
    bool parentGiven = false;
    const auto parent = readParent(body, f, &parentGiven);
    f.throwIfAny("The category is not valid");
    pqxx::work tx(call.db);
    // One change of the tree at a time: two moves at once could make a cycle neither sees.
    tx.exec("LOCK TABLE categories IN SHARE ROW EXCLUSIVE MODE");
    requireParent(tx, parent);
    if (depthOf(tx, parent) + 1 > kMaxDepth) {
        throw validationFailed({{"parent_id", "the tree is at most 8 levels deep"}});
    }
    if (tx.exec1("SELECT count(*) FROM categories")[0].as<int>() >= kMaxCategories) {
        throw validationFailed({{"name", "there are 5000 categories already"}});
    }
    refuseTakenName(tx, *name, parent);
    const auto id = tx.exec_params1(
                          "INSERT INTO categories (name, parent_id) VALUES ($1, $2) "
                          "RETURNING id",
                          *name, parent)[0]
                        .as<std::int64_t>();
    audit::record(tx, call,
                  {"category.create", "category", std::to_string(id), nullptr, snapshot(tx, id)});
    return answer(tx, id, 201);
}

http::Response updateCategory(api::Call& call) {
    const auto id = call.idParam("id");
    const int expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    FieldErrors f;
    const auto name = f.text(body, "name", "name", 200);
    bool moving = false;
    const auto parent = readParent(body, f, &moving);
    f.throwIfAny("The change is not valid");
    pqxx::work tx(call.db);
    tx.exec("LOCK TABLE categories IN SHARE ROW EXCLUSIVE MODE");
    const auto row =
        tx.exec_params("SELECT version, name, parent_id FROM categories WHERE id = $1", id);
    if (row.empty()) {
        throw notFound("No such category");
    }
    api::requireVersion(expected, row[0][0].as<int>());
    const auto before = snapshot(tx, id);
    const auto newParent =
        moving ? parent
               : (row[0][2].is_null() ? std::nullopt : std::optional(row[0][2].as<std::int64_t>()));
    if (moving) {
        requireParent(tx, parent);
        // The new parent may be neither the category nor anything below it.
        const auto below = tx.exec_params1(
            "WITH RECURSIVE sub AS (SELECT id, 1 AS depth FROM categories WHERE id = $1 "
            "UNION ALL SELECT c.id, sub.depth + 1 FROM categories c JOIN sub "
            "ON c.parent_id = sub.id WHERE sub.depth <= 64) "
            "SELECT coalesce(bool_or(id = $2), false), max(depth) FROM sub",
            id, parent);
        if (below[0].as<bool>()) {
            throw validationFailed({{"parent_id", "would put the category inside itself"}},
                                   "A category cannot be moved below itself");
        }
        if (depthOf(tx, parent) + below[1].as<int>() > kMaxDepth) {
            throw validationFailed({{"parent_id", "the tree is at most 8 levels deep"}});
        }
    }
    refuseTakenName(tx, name.value_or(row[0][1].as<std::string>()), newParent, id);
    tx.exec_params(
        "UPDATE categories SET name = coalesce($2, name), "
        "parent_id = CASE WHEN $3 THEN $4 ELSE parent_id END, version = version + 1, "
        "updated_at = now() WHERE id = $1",
        id, name, moving, parent);
    audit::record(tx, call,
                  {"category.update", "category", std::to_string(id), before, snapshot(tx, id)});
    return answer(tx, id, 200);
}

}  // namespace opsdesk::server::catalog
