#pragma once

// SQL fragments every part of the catalog shares (products, virtual categories, promotions,
// imports, events): one spelling of the contract's product list item. Macros, because they are
// spliced into string literals at compile time.

#include "db/sql_time.h"

// A variant's fields in the list item, from a SKU row `s`: "sku","title","price_minor",
// "currency","stock","low_stock_threshold" (the detail adds its "attributes").
#define OPSDESK_SQL_VARIANT_FIELDS                                               \
    "'sku', s.sku, 'title', s.title, 'price_minor', s.price_minor, 'currency', " \
    "s.currency, 'stock', s.stock, 'low_stock_threshold', s.low_stock_threshold"

// The list item of the contract (also the payload of product.updated), built by PostgreSQL
// straight from a product row `p` and its SKUs, read from `skus` (a table or a subquery with
// the skus table's columns: the storefront's ingest passes the SKUs as its order leaves them):
// {"id","title","status","category_id","variants":[{"sku","title","price_minor","currency",
//  "stock","low_stock_threshold"}],"tags":[…],"updated_at","version"}
#define OPSDESK_SQL_PRODUCT_ITEM_JSON_FROM(skus) \
    "json_build_object('id', p.id, 'title', p.title, 'status', p.status, "                     \
    "'category_id', p.category_id, "                                                           \
    "'variants', coalesce((SELECT json_agg(json_build_object(" OPSDESK_SQL_VARIANT_FIELDS      \
    ") ORDER BY s.position, s.id) FROM " skus " s WHERE s.product_id = p.id), '[]'), "          \
    "'tags', to_json(p.tags), 'updated_at', " OPSDESK_SQL_TS("p.updated_at") ", "               \
    "'version', p.version)"

// The list item from the SKUs as they are.
#define OPSDESK_SQL_PRODUCT_ITEM_JSON OPSDESK_SQL_PRODUCT_ITEM_JSON_FROM("skus")

// What the search box matches (products.search, trigram-indexed): a product's title, tags (text[])
// and SKUs (text, space-separated, in their order), lowercased, from any three SQL expressions
// (an import computes them from its own rows).
#define OPSDESK_SQL_SEARCH_TEXT(title, tags, skus) \
    "lower(" title " || ' ' || array_to_string(" tags ", ' ') || ' ' || " skus ")"

// The same for a product row `p` as it is. Whoever changes a title, the tags or the SKUs sets it
// again: UPDATE products p SET search = OPSDESK_SQL_PRODUCT_SEARCH WHERE p.id = …
#define OPSDESK_SQL_PRODUCT_SEARCH                                                               \
    OPSDESK_SQL_SEARCH_TEXT("p.title", "p.tags",                                                 \
                            "coalesce((SELECT string_agg(s.sku, ' ' ORDER BY s.position, s.id) " \
                            "FROM skus s WHERE s.product_id = p.id), '')")
