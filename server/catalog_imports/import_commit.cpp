// The commit of a catalog import: every row its dry run stored, applied in one transaction, or
// none of them. Set-based SQL over the stored rows, so 50,000 rows take a few statements,
// not 50,000 round trips: SKUs and products, price history and stock adjustments with the
// reason "import <id>", one audit row and one product.updated event per product.

#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "audit/audit.h"
#include "catalog/product_sql.h"
#include "catalog_imports/imports.h"
#include "catalog_imports/imports_internal.h"
#include "core/api_error.h"
#include "feed/outbox.h"
#include "opsdesk/protocol/events.h"
#include "opsdesk/protocol/permissions.h"

namespace opsdesk::server::catalog_imports {

namespace {

using protocol::ErrorCode;

struct Head {
    std::string status;
    std::int64_t createdBy = 0;
    std::int64_t errorCount = 0;
    bool changesPrice = false;
    bool expired = false;  // older than its lifetime
    std::optional<std::string> result;
    std::int64_t creates = 0;
    std::int64_t updates = 0;
};

std::optional<Head> lockImport(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params(
        "SELECT status, created_by, error_count, changes_price, "
        "created_at < now() - " OPSDESK_SQL_IMPORT_LIFETIME
        ", result::text, creates, updates "
        "FROM catalog_imports WHERE id = $1 FOR UPDATE",
        id);
    if (r.empty()) {
        return std::nullopt;
    }
    Head h;
    h.status = r[0][0].as<std::string>();
    h.createdBy = r[0][1].as<std::int64_t>();
    h.errorCount = r[0][2].as<std::int64_t>();
    h.changesPrice = r[0][3].as<bool>();
    h.expired = r[0][4].as<bool>();
    if (!r[0][5].is_null()) {
        h.result = r[0][5].as<std::string>();
    }
    h.creates = r[0][6].as<std::int64_t>();
    h.updates = r[0][7].as<std::int64_t>();
    return h;
}

// The import's stored rows, copied into a temporary table (import_rows) with statistics of their
// own: the statements below then join them with the catalog by plans made for this import's
// rows (catalog_import_rows holds every recent import's, and has seldom been analyzed since
// the dry run wrote them).
void copyRows(pqxx::transaction_base& tx, std::int64_t id) {
    tx.exec("CREATE TEMP TABLE import_rows (LIKE catalog_import_rows) ON COMMIT DROP");
    tx.exec_params("INSERT INTO import_rows SELECT * FROM catalog_import_rows WHERE import_id = $1",
                   id);
    tx.exec("ANALYZE import_rows");
}

// 409 when anything the dry run compared with has moved: a product's version, a SKU gone or
// moved, a new SKU taken meanwhile, a category removed. The products are locked first (in id
// order, as every catalog write should), so nothing moves between this check and the writes.
void requireUnchangedSince(pqxx::transaction_base& tx, std::int64_t id) {
    tx.exec_params(
        "SELECT p.id FROM products p WHERE p.id IN (SELECT product_id FROM import_rows "
        "WHERE import_id = $1 AND product_id IS NOT NULL) ORDER BY p.id FOR UPDATE",
        id);
    const auto moved = tx.exec_params(
        "SELECT sku, count(*) OVER () FROM ("
        " SELECT r.line, r.sku FROM import_rows r"
        " LEFT JOIN products p ON p.id = r.product_id LEFT JOIN skus s ON s.id = r.sku_id"
        " WHERE r.import_id = $1 AND r.kind <> 'create' AND (p.id IS NULL"
        "  OR p.version <> r.product_version OR s.id IS NULL OR s.product_id <> r.product_id)"
        " UNION ALL"
        " SELECT r.line, r.sku FROM import_rows r JOIN skus s ON lower(s.sku) = "
        "lower(r.sku)"
        " WHERE r.import_id = $1 AND r.kind = 'create'"
        " UNION ALL"
        " SELECT r.line, r.sku FROM import_rows r"
        " LEFT JOIN categories c ON c.id = r.category_id"
        " WHERE r.import_id = $1 AND r.category_id IS NOT NULL AND c.id IS NULL"
        ") changed ORDER BY line LIMIT 20",
        id);
    if (moved.empty()) {
        return;
    }
    boost::json::array skus;
    for (const auto& r : moved) {
        skus.emplace_back(r[0].as<std::string>());
    }
    const auto count = moved[0][1].as<std::int64_t>();
    throw ApiError(ErrorCode::Conflict,
                   "The catalog changed since the dry run (" + std::to_string(count) +
                       (count == 1 ? " row" : " rows") +
                       " affected): run the import again to see what it would change now",
                   {}, {{"reason", "changed_since_dry_run"}, {"count", count}, {"skus", skus}});
}

// The SKUs and products the dry run said would change; `touched` gets every product changed or
// made, with its list item as it was before (null for a new one).
void applyUpdates(pqxx::transaction_base& tx, std::int64_t id, const std::string& reason,
                  const api::Principal& by) {
    tx.exec(
        "CREATE TEMP TABLE import_touched (id bigint PRIMARY KEY, before jsonb) "
        "ON COMMIT DROP");
    tx.exec_params(
        "INSERT INTO import_touched (id, before) SELECT p.id, " OPSDESK_SQL_PRODUCT_ITEM_JSON
        "::jsonb FROM products p WHERE p.id IN (SELECT product_id FROM import_rows "
        "WHERE import_id = $1 AND kind = 'update')",
        id);
    // History first, while the SKUs still hold what they held.
    tx.exec_params(
        "INSERT INTO price_history (sku_id, from_minor, to_minor, currency, reason, actor_id, "
        "actor) SELECT s.id, s.price_minor, coalesce(r.price_minor, s.price_minor), "
        "coalesce(r.currency, s.currency), $2, $3, $4 "
        "FROM import_rows r JOIN skus s ON s.id = r.sku_id WHERE r.import_id = $1 "
        "AND r.kind = 'update' AND (r.price_minor IS NOT NULL OR r.currency IS NOT NULL)",
        id, reason, by.userId, by.username);
    // The file sets the stock a count found; orders since the dry run make the delta, not a
    // conflict.
    tx.exec_params(
        "INSERT INTO stock_adjustments (sku_id, delta, stock_after, reason, actor_id, actor) "
        "SELECT s.id, r.stock - s.stock, r.stock, $2, $3, $4 "
        "FROM import_rows r JOIN skus s ON s.id = r.sku_id WHERE r.import_id = $1 "
        "AND r.kind = 'update' AND r.stock IS NOT NULL AND r.stock <> s.stock",
        id, reason, by.userId, by.username);
    tx.exec_params(
        "UPDATE skus s SET title = coalesce(r.variant_title, s.title), "
        "price_minor = coalesce(r.price_minor, s.price_minor), "
        "currency = coalesce(r.currency, s.currency), stock = coalesce(r.stock, s.stock), "
        "low_stock_threshold = coalesce(r.low_stock_threshold, s.low_stock_threshold), "
        "updated_at = now() "
        "FROM import_rows r WHERE r.import_id = $1 AND r.kind = 'update' "
        "AND s.id = r.sku_id AND (r.variant_title IS NOT NULL OR r.price_minor IS NOT NULL "
        "OR r.currency IS NOT NULL OR r.stock IS NOT NULL OR r.low_stock_threshold IS NOT NULL)",
        id);
    // A product's fields are on its first row in the file.
    tx.exec_params(
        "UPDATE products p SET title = coalesce(x.product_title, p.title), "
        "status = coalesce(x.status, p.status), "
        "category_id = coalesce(x.category_id, p.category_id), tags = coalesce(x.tags, p.tags), "
        "search = CASE WHEN x.product_title IS NULL AND x.tags IS NULL THEN p.search ELSE "
        OPSDESK_SQL_SEARCH_TEXT("coalesce(x.product_title, p.title)", "coalesce(x.tags, p.tags)",
                                  "coalesce((SELECT string_agg(s.sku, ' ' ORDER BY s.position, "
                                  "s.id) FROM skus s WHERE s.product_id = p.id), '')")
        " END, version = p.version + 1, updated_at = now() "
        "FROM (SELECT DISTINCT ON (product_id) product_id, product_title, status, category_id, "
        "tags FROM import_rows WHERE import_id = $1 "
        "AND product_id IN (SELECT id FROM import_touched) ORDER BY product_id, line) x "
        "WHERE p.id = x.product_id",
        id);
}

// New products (one per group of rows sharing a product_title) and their SKUs.
void applyCreates(pqxx::transaction_base& tx, std::int64_t id, const std::string& reason,
                  const api::Principal& by) {
    // One id per group, drawn once (materialized: a join may scan a subquery again, and each
    // scan would draw new ids).
    tx.exec_params(
        "WITH g AS MATERIALIZED ("
        " SELECT group_line, nextval(pg_get_serial_sequence('products', 'id')) AS id FROM ("
        "  SELECT DISTINCT group_line FROM import_rows"
        "  WHERE import_id = $1 AND kind = 'create') d) "
        "UPDATE import_rows r SET product_id = g.id FROM g "
        "WHERE r.import_id = $1 AND r.kind = 'create' AND r.group_line = g.group_line",
        id);
    // Its search text from its rows' SKUs in line order, the order of their positions.
    tx.exec_params(
        "INSERT INTO products (id, title, status, category_id, tags, search) "
        "OVERRIDING SYSTEM VALUE "
        "SELECT DISTINCT ON (r.product_id) r.product_id, r.product_title, r.status, "
        "r.category_id, r.tags, " OPSDESK_SQL_SEARCH_TEXT("r.product_title", "r.tags", "g.skus")
        " FROM import_rows r JOIN (SELECT product_id, string_agg(sku, ' ' ORDER BY line) AS skus "
        "FROM import_rows WHERE kind = 'create' GROUP BY product_id) g USING (product_id) "
        "WHERE r.import_id = $1 AND r.kind = 'create' ORDER BY r.product_id, r.line",
        id);
    tx.exec_params(
        "INSERT INTO skus (product_id, position, sku, title, price_minor, currency, stock, "
        "low_stock_threshold) SELECT product_id, "
        "(row_number() OVER (PARTITION BY product_id ORDER BY line) - 1)::integer, sku, "
        "variant_title, price_minor, currency, stock, low_stock_threshold "
        "FROM import_rows WHERE import_id = $1 AND kind = 'create'",
        id);
    // A SKU's first price row is its creation (from_minor null); its first stock, an
    // adjustment from nothing.
    tx.exec_params(
        "INSERT INTO price_history (sku_id, from_minor, to_minor, currency, reason, actor_id, "
        "actor) SELECT s.id, NULL, s.price_minor, s.currency, $2, $3, $4 "
        "FROM import_rows r JOIN skus s ON s.product_id = r.product_id AND s.sku = r.sku "
        "WHERE r.import_id = $1 AND r.kind = 'create'",
        id, reason, by.userId, by.username);
    tx.exec_params(
        "INSERT INTO stock_adjustments (sku_id, delta, stock_after, reason, actor_id, actor) "
        "SELECT s.id, s.stock, s.stock, $2, $3, $4 "
        "FROM import_rows r JOIN skus s ON s.product_id = r.product_id AND s.sku = r.sku "
        "WHERE r.import_id = $1 AND r.kind = 'create' AND s.stock <> 0",
        id, reason, by.userId, by.username);
    tx.exec_params(
        "INSERT INTO import_touched (id) SELECT DISTINCT product_id FROM import_rows "
        "WHERE import_id = $1 AND kind = 'create'",
        id);
}

// Each product changed or made: its audit row and its product.updated event,
// from its list item as it is now. Set-based, with the columns audit::record and feed::publish
// write one row at a time.
std::int64_t recordTouched(pqxx::transaction_base& tx, const api::Call& call, std::int64_t id) {
    // The list items after, made once for the audit rows and the events alike.
    const auto& by = call.user();
    const auto& event = protocol::info(protocol::EventKind::ProductUpdated);
    const auto touched = tx.exec_params(
        "WITH t AS MATERIALIZED (SELECT t.id, t.before, " OPSDESK_SQL_PRODUCT_ITEM_JSON
        "::jsonb AS after FROM import_touched t JOIN products p ON p.id = t.id), "
        "audited AS (INSERT INTO audit_log (actor_id, actor, action, entity, entity_id, before, "
        "after, request_id, address) SELECT $3, $4, "
        "CASE WHEN before IS NULL THEN 'product.create' ELSE 'product.update' END, 'product', "
        "id::text, before, after || jsonb_build_object('import_id', $5::bigint), $6, $7 "
        "FROM t ORDER BY id) "
        "INSERT INTO events (topic, kind, entity_id, entity_version, actor_id, payload) "
        "SELECT $1, $2, id, (after->>'version')::integer, $3, "
        "after || jsonb_build_object('changed_by', $4::text) FROM t ORDER BY id",
        std::string(protocol::toString(event.topic)), std::string(event.name), by.userId,
        by.username, id, call.request.requestId, call.request.remoteAddress);
    tx.exec_params("SELECT pg_notify($1, '')", feed::kOutboxChannel);
    return static_cast<std::int64_t>(touched.affected_rows());
}

}  // namespace

http::Response commit(api::Call& call) {
    const auto id = call.idParam("id");
    pqxx::work tx(call.db);
    const auto head = lockImport(tx, id);
    // Someone else's import is not there for this caller.
    if (!head || head->createdBy != call.user().userId) {
        throw notFound("No such import");
    }
    if (head->status == "committed" && head->result) {
        // A second commit (a retry after a lost answer) gets the first one's answer.
        return http::Response::json(200, *head->result);
    }
    if (head->status == "expired" || head->expired) {
        if (head->status != "expired") {
            tx.exec_params("UPDATE catalog_imports SET status = 'expired' WHERE id = $1", id);
            tx.exec_params("DELETE FROM catalog_import_rows WHERE import_id = $1", id);
            tx.commit();
        }
        throw ApiError(ErrorCode::Conflict,
                       "This dry run is more than a day old: run the import again", {},
                       {{"reason", "expired"}});
    }
    if (head->errorCount > 0) {
        throw ApiError(ErrorCode::ValidationFailed,
                       "The dry run found " + std::to_string(head->errorCount) +
                           " errors: correct the file and run the import again",
                       {{"file", "has errors"}}, {{"error_count", head->errorCount}});
    }
    if (head->changesPrice && !call.user().has(protocol::Permission::CatalogPrice)) {
        throw ApiError(
            ErrorCode::Forbidden,
            "This import changes prices: that needs the catalog.price permission", {},
            {{"required_permission", protocol::toString(protocol::Permission::CatalogPrice)}});
    }
    copyRows(tx, id);
    requireUnchangedSince(tx, id);
    const auto reason = importReason(id);
    applyUpdates(tx, id, reason, call.user());
    applyCreates(tx, id, reason, call.user());
    const auto products = recordTouched(tx, call, id);
    const boost::json::object result{{"id", id},
                                     {"status", "committed"},
                                     {"creates", head->creates},
                                     {"updates", head->updates},
                                     {"products", products}};
    const auto body = boost::json::serialize(result);
    tx.exec_params(
        "UPDATE catalog_imports SET status = 'committed', committed_at = now(), "
        "committed_by = $2, result = $3::jsonb WHERE id = $1",
        id, call.user().userId, body);
    audit::record(tx, call,
                  {"catalog_import.commit", "catalog_import", std::to_string(id), nullptr, result});
    tx.commit();
    return http::Response::json(200, body);
}

}  // namespace opsdesk::server::catalog_imports
