#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <functional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "api/call.h"
#include "db/sql_params.h"
#include "http/message.h"

namespace opsdesk::server::catalog {

// Products.
http::Response listProducts(api::Call& call);    // GET /products
http::Response exportProducts(api::Call& call);  // GET /products/export
http::Response createProduct(api::Call& call);   // POST /products
http::Response getProduct(api::Call& call);      // GET /products/{id}
http::Response updateProduct(api::Call& call);   // PATCH /products/{id}

// Stock and prices, by SKU.
http::Response adjustStock(api::Call& call);           // POST /skus/{sku}/stock-adjustments
http::Response listStockAdjustments(api::Call& call);  // GET /skus/{sku}/stock-adjustments
http::Response priceHistory(api::Call& call);          // GET /skus/{sku}/price-history

// The category tree.
http::Response listCategories(api::Call& call);  // GET /categories
http::Response createCategory(api::Call& call);  // POST /categories
http::Response updateCategory(api::Call& call);  // PATCH /categories/{id}

// Images.
http::Response uploadImage(api::Call& call);   // POST /products/{id}/images
http::Response getImage(api::Call& call);      // GET /images/{id}
http::Response getThumbnail(api::Call& call);  // GET /images/{id}/thumbnail

// --- for other modules ---

// Publishes product.updated for each of these products, with its list item as it is in `tx`
// and `changed_by` (the actor's username; left out without one), in one statement.
void publishProducts(pqxx::transaction_base& tx, const std::vector<std::int64_t>& productIds,
                     const api::Principal* actor);

// Gives back the stock an order took (a cancellation), in `tx`, once: what the order's stock
// adjustments took and nothing gave back yet. Each SKU gets an adjustment with the order's id
// and `reason`, each product whose stock moved a product.updated. Returns the moves,
// [{"sku","delta","stock_after"}], for the caller's audit row (empty when nothing moved). The
// caller holds the order's row lock.
boost::json::array restockOrder(pqxx::transaction_base& tx, std::int64_t orderId,
                                const std::string& reason, const api::Principal* actor);

// Filters other modules add to the products list and its export (promotions:
// `virtual_category_id`): for the query parameter `parameter`, `condition(value, params, tx)`
// returns an SQL condition on the product row `p`, its values added through `params` (it may read
// what it needs through `tx`, the list's own), or throws ApiError (422 naming the parameter) for
// a bad value. Registered once, before the server serves (from a
// static initialiser in a source the route table reaches, as storefront.cpp registers its
// statement); a registered parameter replaces the catalog's own answer for it.
using ListCondition = std::function<std::string(const std::string& value, db::SqlParams& params,
                                                pqxx::transaction_base& tx)>;
void addListCondition(std::string parameter, ListCondition condition);

}  // namespace opsdesk::server::catalog
