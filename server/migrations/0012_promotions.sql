-- Virtual categories (hand-picked products, or a saved rule PostgreSQL evaluates when asked),
-- promotions with their targets, and flash sales: the stock each may still sell, what each
-- customer claimed, and every claim.

CREATE TABLE virtual_categories (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind       text NOT NULL CHECK (kind IN ('manual', 'rule')),
    -- The conditions of a rule, as the API takes them (validated by the server): membership is
    -- this condition evaluated at query time, so it follows every product change at once.
    rule       jsonb CHECK (jsonb_typeof(rule) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1,
    CHECK ((kind = 'rule') = (rule IS NOT NULL))
);
CREATE UNIQUE INDEX virtual_categories_name_idx ON virtual_categories (lower(name));

-- The members of a manual virtual category.
CREATE TABLE virtual_category_products (
    virtual_category_id bigint NOT NULL REFERENCES virtual_categories (id) ON DELETE CASCADE,
    product_id          bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    PRIMARY KEY (virtual_category_id, product_id)
);
CREATE INDEX virtual_category_products_product_idx ON virtual_category_products (product_id);

-- A promotion is in force from starts_at (included) to the earlier of ends_at and ended_at
-- (excluded), to the second: both are whole seconds. Its kind says which parameters it has.
CREATE TABLE promotions (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind               text NOT NULL
                       CHECK (kind IN ('percent', 'amount', 'buy_x_get_y', 'flash_sale')),
    percent            integer CHECK (percent BETWEEN 1 AND 99),
    amount_minor       bigint CHECK (amount_minor > 0),
    buy                integer CHECK (buy >= 1),
    get                integer CHECK (get >= 1),
    price_minor        bigint CHECK (price_minor >= 0),
    per_customer_limit integer CHECK (per_customer_limit >= 1),
    starts_at          timestamptz NOT NULL CHECK (starts_at = date_trunc('second', starts_at)),
    ends_at            timestamptz NOT NULL CHECK (ends_at = date_trunc('second', ends_at)),
    ended_at           timestamptz CHECK (ended_at = date_trunc('second', ended_at)),
    priority           integer NOT NULL DEFAULT 0 CHECK (priority BETWEEN -1000 AND 1000),
    exclusive          boolean NOT NULL DEFAULT false,
    created_by         bigint REFERENCES users (id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at),
    CHECK ((kind = 'percent') = (percent IS NOT NULL)),
    CHECK ((kind = 'amount') = (amount_minor IS NOT NULL)),
    CHECK ((kind = 'buy_x_get_y') = (buy IS NOT NULL AND get IS NOT NULL)),
    CHECK ((kind = 'flash_sale') = (price_minor IS NOT NULL AND per_customer_limit IS NOT NULL))
);
-- The list by time (newest start first) and the overlap search by window.
CREATE INDEX promotions_starts_idx ON promotions (starts_at DESC, id DESC);
CREATE INDEX promotions_window_idx ON promotions USING gist (tstzrange(starts_at, ends_at));

-- What a promotion applies to: SKUs, categories (with their descendants) and virtual categories,
-- one row each. A deleted SKU or category simply stops being a target.
CREATE TABLE promotion_targets (
    promotion_id        bigint NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
    sku_id              bigint REFERENCES skus (id) ON DELETE CASCADE,
    category_id         bigint REFERENCES categories (id) ON DELETE CASCADE,
    virtual_category_id bigint REFERENCES virtual_categories (id) ON DELETE CASCADE,
    CHECK (num_nonnulls(sku_id, category_id, virtual_category_id) = 1)
);
CREATE UNIQUE INDEX promotion_targets_sku_idx ON promotion_targets (promotion_id, sku_id)
    WHERE sku_id IS NOT NULL;
CREATE UNIQUE INDEX promotion_targets_category_idx
    ON promotion_targets (promotion_id, category_id) WHERE category_id IS NOT NULL;
CREATE UNIQUE INDEX promotion_targets_virtual_idx
    ON promotion_targets (promotion_id, virtual_category_id) WHERE virtual_category_id IS NOT NULL;
CREATE INDEX promotion_targets_by_sku_idx ON promotion_targets (sku_id) WHERE sku_id IS NOT NULL;
CREATE INDEX promotion_targets_by_category_idx ON promotion_targets (category_id)
    WHERE category_id IS NOT NULL;
CREATE INDEX promotion_targets_by_virtual_idx ON promotion_targets (virtual_category_id)
    WHERE virtual_category_id IS NOT NULL;

-- A flash sale's stock: one row per flash sale, the one row every claim updates with
-- `claimed = claimed + q WHERE claimed + q <= stock_cap`. That single statement decides: a row
-- lock orders concurrent claims, and the CHECK makes a sale past the cap impossible whatever
-- the code above it does. sold_out_at is when the cap was reached: from that second on the
-- sale no longer sets the price. last_claim_at and last_event_at let claims publish
-- promotion.updated about once a second instead of once per claim.
CREATE TABLE flash_sale_stock (
    promotion_id  bigint PRIMARY KEY REFERENCES promotions (id) ON DELETE CASCADE,
    stock_cap     integer NOT NULL CHECK (stock_cap >= 1),
    claimed       integer NOT NULL DEFAULT 0 CHECK (claimed >= 0),
    sold_out_at   timestamptz,
    last_claim_at timestamptz,
    last_event_at timestamptz,
    CHECK (claimed <= stock_cap),
    CHECK ((sold_out_at IS NOT NULL) = (claimed = stock_cap))
);

-- What each customer claimed of a flash sale, against its per-customer limit (the limit is
-- checked by the same kind of conditional update).
CREATE TABLE flash_sale_customers (
    promotion_id         bigint NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
    customer_external_id text NOT NULL CHECK (length(customer_external_id) BETWEEN 1 AND 100),
    claimed              integer NOT NULL CHECK (claimed >= 0),
    PRIMARY KEY (promotion_id, customer_external_id)
);

-- Every successful claim, once per Idempotency-Key: a retry finds its claim and gets the same
-- answer (claim id, price, what remained right after it).
CREATE TABLE flash_sale_claims (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    promotion_id         bigint NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
    sku_id               bigint NOT NULL REFERENCES skus (id),
    customer_external_id text NOT NULL,
    quantity             integer NOT NULL CHECK (quantity >= 1),
    price_minor          bigint NOT NULL CHECK (price_minor >= 0),
    currency             text NOT NULL,
    remaining_after      integer NOT NULL CHECK (remaining_after >= 0),
    idempotency_key      text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_hash         text NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX flash_sale_claims_key_idx ON flash_sale_claims (idempotency_key);
CREATE INDEX flash_sale_claims_promotion_idx ON flash_sale_claims (promotion_id, id);

-- The storefront's price book (server/promotions/price_book.h) keeps what it read of all this in
-- memory and must forget it at once on every instance when any of it changes, whoever changed it:
-- the notification of migration 0011 on channel opsdesk_catalog, statement by statement.
CREATE TRIGGER virtual_categories_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON virtual_categories
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_catalog_changed();
CREATE TRIGGER virtual_category_products_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON virtual_category_products
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_catalog_changed();
CREATE TRIGGER promotions_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON promotions
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_catalog_changed();
CREATE TRIGGER promotion_targets_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON promotion_targets
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_catalog_changed();
-- A past price is part of the book too (answers for `at` in the past).
CREATE TRIGGER price_history_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON price_history
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_catalog_changed();
-- Claims update a flash sale's row all the time, but the price changes only when it sells out
-- (or its cap is changed): only those updates notify.
CREATE TRIGGER flash_sale_stock_catalog_changed
    AFTER INSERT OR DELETE OR TRUNCATE ON flash_sale_stock
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_catalog_changed();
CREATE TRIGGER flash_sale_stock_sold_out_changed
    AFTER UPDATE ON flash_sale_stock
    FOR EACH ROW WHEN (OLD.sold_out_at IS DISTINCT FROM NEW.sold_out_at
                       OR OLD.stock_cap IS DISTINCT FROM NEW.stock_cap)
    EXECUTE FUNCTION opsdesk_notify_catalog_changed();
