#pragma once

// SQL fragments the orders domain shares between its sources (list, detail, events, storefront).
// Macros, because they are spliced into string literals at compile time.

#include "db/sql_time.h"

// The list item of the contract (also the payload of order events), built by PostgreSQL straight
// from an order row `o` and its customer row `c`.
#define OPSDESK_SQL_ORDER_ITEM_JSON \
    "json_build_object('id', o.id, 'number', o.number, 'status', o.status, "                    \
    "'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), "              \
    "'total_minor', o.total_minor, 'currency', o.currency, "                                     \
    "'created_at', " OPSDESK_SQL_TS("o.created_at") ", 'updated_at', " OPSDESK_SQL_TS(         \
        "o.updated_at") ", "                                                                     \
                        "'version', o.version)"
