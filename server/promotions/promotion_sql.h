#pragma once

// SQL fragments the promotions sources share: one spelling of a promotion and of a virtual
// category as the API answers them, built by PostgreSQL. Macros, because they are spliced into
// string literals at compile time.

#include "db/sql_time.h"

// When a promotion `pr` stops being in force: the earlier of its end and the moment it was ended.
#define OPSDESK_SQL_PROMOTION_END "least(pr.ends_at, coalesce(pr.ended_at, pr.ends_at))"

// The promotion `pr` (GET /promotions/{id} without its overlaps; also promotion.updated's data):
// {"id","name","kind","status","starts_at","ends_at","ended_at","targets":{"skus":[…],
//  "category_ids":[…],"virtual_category_ids":[…]},"priority","exclusive","created_at",
//  "updated_at","version"} plus the kind's parameters: "percent"; "amount_minor"; "buy","get";
// "price_minor","stock_cap","per_customer_limit","claimed","remaining","sold_out_at".
#define OPSDESK_SQL_PROMOTION_JSON \
    "(jsonb_build_object('id', pr.id, 'name', pr.name, 'kind', pr.kind, "                        \
    "'status', CASE WHEN now() >= " OPSDESK_SQL_PROMOTION_END " THEN 'ended' "                  \
    "WHEN now() < pr.starts_at THEN 'scheduled' "                                                \
    "WHEN EXISTS (SELECT 1 FROM flash_sale_stock fs WHERE fs.promotion_id = pr.id "              \
    "AND fs.sold_out_at IS NOT NULL) THEN 'sold_out' ELSE 'active' END, "                        \
    "'starts_at', " OPSDESK_SQL_TS("pr.starts_at") ", 'ends_at', " OPSDESK_SQL_TS(             \
        "pr.ends_at") ", 'ended_at', " OPSDESK_SQL_TS("pr.ended_at") ", "                        \
    "'targets', jsonb_build_object("                                                             \
    "'skus', coalesce((SELECT jsonb_agg(s.sku ORDER BY s.sku) FROM promotion_targets t "        \
    "JOIN skus s ON s.id = t.sku_id WHERE t.promotion_id = pr.id), '[]'), "                      \
    "'category_ids', coalesce((SELECT jsonb_agg(t.category_id ORDER BY t.category_id) "          \
    "FROM promotion_targets t WHERE t.promotion_id = pr.id AND t.category_id IS NOT NULL), "     \
    "'[]'), 'virtual_category_ids', coalesce((SELECT jsonb_agg(t.virtual_category_id "           \
    "ORDER BY t.virtual_category_id) FROM promotion_targets t WHERE t.promotion_id = pr.id "     \
    "AND t.virtual_category_id IS NOT NULL), '[]')), "                                           \
    "'priority', pr.priority, 'exclusive', pr.exclusive, "                                       \
    "'created_at', " OPSDESK_SQL_TS("pr.created_at") ", 'updated_at', " OPSDESK_SQL_TS(         \
        "pr.updated_at") ", 'version', pr.version) || CASE pr.kind "                             \
    "WHEN 'percent' THEN jsonb_build_object('percent', pr.percent) "                             \
    "WHEN 'amount' THEN jsonb_build_object('amount_minor', pr.amount_minor) "                    \
    "WHEN 'buy_x_get_y' THEN jsonb_build_object('buy', pr.buy, 'get', pr.get) "                  \
    "ELSE (SELECT jsonb_build_object('price_minor', pr.price_minor, 'stock_cap', fs.stock_cap, " \
    "'per_customer_limit', pr.per_customer_limit, 'claimed', fs.claimed, "                       \
    "'remaining', fs.stock_cap - fs.claimed, 'sold_out_at', " OPSDESK_SQL_TS(                   \
        "fs.sold_out_at") ") FROM flash_sale_stock fs WHERE fs.promotion_id = pr.id) END)"

// The virtual category `v`: {"id","name","kind","rule","product_ids","created_at","updated_at",
// "version"}; a manual one has product_ids (and rule null), a rule one the reverse.
#define OPSDESK_SQL_VIRTUAL_CATEGORY_JSON                                                     \
    "json_build_object('id', v.id, 'name', v.name, 'kind', v.kind, 'rule', v.rule, "          \
    "'product_ids', CASE WHEN v.kind = 'manual' THEN coalesce((SELECT json_agg(m.product_id " \
    "ORDER BY m.product_id) FROM virtual_category_products m "                                \
    "WHERE m.virtual_category_id = v.id), '[]') END, "                                        \
    "'created_at', " OPSDESK_SQL_TS("v.created_at") ", 'updated_at', " OPSDESK_SQL_TS(        \
        "v.updated_at") ", 'version', v.version)"
