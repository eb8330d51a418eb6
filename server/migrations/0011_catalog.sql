-- Catalog: a category tree, products with their variants (SKUs), stock per SKU with every
-- adjustment (by hand or by an order), list prices with their full history, product images.

CREATE TABLE categories (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_id  bigint REFERENCES categories (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1,
    CHECK (parent_id IS DISTINCT FROM id)
);
-- One name per parent, whatever the case; the top level counts as a parent.
CREATE UNIQUE INDEX categories_name_idx ON categories (coalesce(parent_id, 0), lower(name));
CREATE INDEX categories_parent_idx ON categories (parent_id);

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
    category_id bigint REFERENCES categories (id),
    tags        text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
    attributes  jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    -- lower(title tags sku…): what the search box matches, by trigram index; kept by the server
    -- whenever the title, the tags or the SKUs change.
    search      text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1
);
-- The list's default order (last changed first) with and without a status filter; ids break
-- ties for keyset paging.
CREATE INDEX products_updated_idx ON products (updated_at DESC, id DESC);
CREATE INDEX products_status_updated_idx ON products (status, updated_at DESC, id DESC);
CREATE INDEX products_category_idx ON products (category_id);
CREATE INDEX products_tags_idx ON products USING gin (tags);
CREATE INDEX products_attributes_idx ON products USING gin (attributes jsonb_path_ops);
CREATE INDEX products_search_trgm_idx ON products USING gin (search gin_trgm_ops);

-- A product's variants. The SKU is what storefronts, orders and imports name; it is unique
-- whatever the case ("tea-001" and "TEA-001" are one SKU). No '/': a SKU is a path segment of
-- the API (/skus/{sku}/...), and the router splits paths after decoding them.
CREATE TABLE skus (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id          bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position            integer NOT NULL DEFAULT 0,
    sku                 text NOT NULL CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    title               text NOT NULL DEFAULT '' CHECK (length(title) <= 500),
    attributes          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    price_minor         bigint NOT NULL CHECK (price_minor >= 0),
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- Orders take stock without asking: below zero the SKU is oversold and shown so, never
    -- clamped. Adjustments by hand may not take it below zero (the server refuses them).
    stock               integer NOT NULL DEFAULT 0,
    low_stock_threshold integer NOT NULL DEFAULT 0 CHECK (low_stock_threshold >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX skus_sku_ci_idx ON skus (lower(sku));
CREATE INDEX skus_product_idx ON skus (product_id, position, id);
-- The low-stock and oversold views.
CREATE INDEX skus_low_stock_idx ON skus (product_id) WHERE stock <= low_stock_threshold;
CREATE INDEX skus_oversold_idx ON skus (product_id) WHERE stock < 0;

-- Every change of stock, with who or what made it: a person (actor_id), an order taking or
-- giving back stock (order_id), an import.
CREATE TABLE stock_adjustments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku_id      bigint NOT NULL REFERENCES skus (id) ON DELETE CASCADE,
    delta       integer NOT NULL CHECK (delta <> 0),
    stock_after integer NOT NULL,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    order_id    bigint REFERENCES orders (id),
    actor_id    bigint REFERENCES users (id),
    actor       text,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_adjustments_sku_idx ON stock_adjustments (sku_id, at DESC, id DESC);
CREATE INDEX stock_adjustments_order_idx ON stock_adjustments (order_id) WHERE order_id IS NOT NULL;

-- A SKU's list price over time: the first row is its creation (from_minor null); one row per
-- change after that. The list price at a moment is the last row at or before it.
CREATE TABLE price_history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku_id     bigint NOT NULL REFERENCES skus (id) ON DELETE CASCADE,
    from_minor bigint CHECK (from_minor >= 0),
    to_minor   bigint NOT NULL CHECK (to_minor >= 0),
    currency   text NOT NULL,
    reason     text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    actor_id   bigint REFERENCES users (id),
    actor      text,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX price_history_sku_idx ON price_history (sku_id, at DESC, id DESC);

-- Images are kept in the database with their thumbnails, so every server instance serves them
-- and a backup holds them; content is checked and decoded (libvips) before it is stored.
CREATE TABLE product_images (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id   bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position     integer NOT NULL DEFAULT 0,
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    width        integer NOT NULL CHECK (width > 0),
    height       integer NOT NULL CHECK (height > 0),
    bytes        bytea NOT NULL,
    -- Made once, at upload: JPEG, or PNG when the image has an alpha channel.
    thumbnail    bytea NOT NULL,
    thumbnail_type text NOT NULL CHECK (thumbnail_type IN ('image/jpeg', 'image/png')),
    sha256       text NOT NULL,
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_images_product_idx ON product_images (product_id, position, id);

-- Servers keep what storefronts ask for most (prices, membership of virtual categories) in
-- memory, and must forget it at once on every instance when the catalog changes, whoever changed
-- it (psql included): one notification per statement on channel opsdesk_catalog, payload ''.
-- Stock moves with every order (a thousand a second): it notifies apart, with payload 'stock' and
-- only when a SKU's stock really changed, so that what does not depend on stock (prices) is not
-- forgotten a thousand times a second; what does (a rule with in_stock) listens for both.
CREATE FUNCTION opsdesk_notify_catalog_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('opsdesk_catalog', coalesce(TG_ARGV[0], ''));
    RETURN NULL;
END
$$;

CREATE TRIGGER categories_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_catalog_changed();
CREATE TRIGGER products_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_catalog_changed();
CREATE TRIGGER skus_catalog_changed
    AFTER INSERT OR DELETE OR TRUNCATE
       OR UPDATE OF product_id, position, sku, title, attributes, price_minor, currency,
                    low_stock_threshold ON skus
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_catalog_changed();
-- Per row, so that an order none of whose SKUs is known (its UPDATE changes no row) says nothing;
-- PostgreSQL folds the notifications of one transaction into one.
CREATE TRIGGER skus_stock_changed
    AFTER UPDATE OF stock ON skus
    FOR EACH ROW WHEN (OLD.stock IS DISTINCT FROM NEW.stock)
    EXECUTE FUNCTION opsdesk_notify_catalog_changed('stock');
