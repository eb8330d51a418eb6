#pragma once

// SQL fragments every part of the catalog shares (products, virtual categories, promotions,
// imports, events): one spelling of the contract's product list item. Macros, because they are
// spliced into string literals at compile time.

#include "db/sql_time.h"

// The list item of the contract (also the payload of product.updated), built by PostgreSQL
// straight from a product row `p` and its SKUs:
// {"id","title","status","category_id","variants":[{"sku","title","price_minor","currency",
//  "stock","low_stock_threshold"}],"tags":[…],"updated_at","version"}
#define OPSDESK_SQL_PRODUCT_ITEM_JSON \
    "json_build_object('id', p.id, 'title', p.title, 'status', p.status, "                     \
    "'category_id', p.category_id, "                                                           \
    "'variants', coalesce((SELECT json_agg(json_build_object('sku', s.sku, 'title', s.title, " \
    "'price_minor', s.price_minor, 'currency', s.currency, 'stock', s.stock, "                  \
    "'low_stock_threshold', s.low_stock_threshold) ORDER BY s.position, s.id) "                 \
    "FROM skus s WHERE s.product_id = p.id), '[]'), "                                          \
    "'tags', to_json(p.tags), 'updated_at', " OPSDESK_SQL_TS("p.updated_at") ", "               \
    "'version', p.version)"
