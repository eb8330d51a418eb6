#pragma once

// What the catalog's sources share among themselves; not for other modules.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>

#include "api/call.h"
#include "api/paging.h"
#include "catalog/catalog.h"
#include "catalog/product_sql.h"
#include "db/sql_params.h"

#define TS(col) OPSDESK_SQL_TS(col)
#define PRODUCT_ITEM_JSON OPSDESK_SQL_PRODUCT_ITEM_JSON

#include "opsdesk/protocol/sku.h"

namespace opsdesk::server::catalog {

// --- the list's filters (products_list.cpp), shared by the list and its export ---

// The conditions of GET /products (and its export) on the product row `p`, and their values;
// 422 naming the parameter for a bad one. Other modules' filters (addListCondition) read what they
// need through `tx`.
struct ProductFilter {
    db::SqlParams params;
    std::string where;  // " WHERE TRUE AND …", without the page's cursor
};
ProductFilter readFilter(const http::Request& request, pqxx::transaction_base& tx);

// The keyset of the product list (newest change first): the condition that starts after the
// cursor (appended to `filter`), and the cursor of a row from its updated_at (UTC, as
// PostgreSQL writes a timestamp) and id.
void appendKeyset(ProductFilter& filter, const boost::json::array& after);
boost::json::array productCursor(std::string_view updatedAtUtc, std::int64_t id);
inline constexpr const char* kProductOrder = " ORDER BY p.updated_at DESC, p.id DESC";

// --- products (products_edit.cpp) ---

// The product as GET /products/{id} answers it, and its version; nullopt when there is none.
struct ProductDetail {
    std::string json;
    int version = 0;
};
std::optional<ProductDetail> readDetail(pqxx::transaction_base& tx, std::int64_t id);
ProductDetail requireDetail(pqxx::transaction_base& tx, std::int64_t id);  // 404 when none

// --- SKUs (stock.cpp) ---

// The {sku} of a path, as it may be spelled (any case); 404 when it cannot be a SKU.
std::string skuParam(const api::Call& call);
using protocol::isSku;  // the rule shared with imports and the desktop (protocol/sku.h)

struct SkuRow {
    std::int64_t id = 0;
    std::int64_t productId = 0;
    std::string sku;  // as stored
    int stock = 0;
};
// The SKU of that name whatever its case, locked for update when `lock`; 404 when unknown.
SkuRow findSku(pqxx::transaction_base& tx, const std::string& sku, bool lock);

// --- request bodies ---

// Field errors collected while a body is read, reported all at once (422 with `fields`).
struct FieldErrors {
    std::map<std::string, std::string> errors;

    void add(const std::string& field, std::string why) { errors.emplace(field, std::move(why)); }
    bool empty() const { return errors.empty(); }
    void throwIfAny(std::string message = "Some fields are not valid");

    // A member read as text of at most `max` bytes (at least 1 unless `allowEmpty`);
    // nullopt when absent or in error.
    std::optional<std::string> text(const boost::json::object& o, std::string_view key,
                                    const std::string& path, std::size_t max,
                                    bool allowEmpty = false);
    // A whole number from `min` to `max`; nullopt when absent or in error.
    std::optional<std::int64_t> number(const boost::json::object& o, std::string_view key,
                                       const std::string& path, std::int64_t min, std::int64_t max);
    // An object of attributes: at most 50 names of 1 to 100 bytes, each a string (at most 1000
    // bytes), a number or a boolean.
    std::optional<boost::json::object> attributes(const boost::json::object& o,
                                                  std::string_view key, const std::string& path);
};

}  // namespace opsdesk::server::catalog
