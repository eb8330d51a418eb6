-- CSV imports of the catalog (POST /catalog/imports, then .../commit). The dry run writes only
-- here, never the catalog: the import and, when the file has no errors, the change each row will
-- make (with the version of its product the dry run saw). The commit applies those rows in one
-- transaction, or none of them when any product's version moved since (409).

CREATE TABLE catalog_imports (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_by   bigint NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- dry_run: waiting for its commit; committed; expired: its dry run is too old (24 hours) to
    -- commit. Rows of expired imports, and of imports committed more than a day ago, are deleted.
    status       text NOT NULL DEFAULT 'dry_run'
                 CHECK (status IN ('dry_run', 'committed', 'expired')),
    -- The size cap, as the transport's body limit and the reader's row limit say.
    byte_size    integer NOT NULL CHECK (byte_size BETWEEN 0 AND 20 * 1024 * 1024),
    row_count    integer NOT NULL CHECK (row_count BETWEEN 0 AND 100000),
    creates      integer NOT NULL DEFAULT 0,
    updates      integer NOT NULL DEFAULT 0,
    unchanged    integer NOT NULL DEFAULT 0,
    error_count  integer NOT NULL DEFAULT 0,
    -- A list price or currency of an existing SKU changes: the commit needs catalog.price.
    changes_price boolean NOT NULL DEFAULT false,
    committed_at timestamptz,
    committed_by bigint REFERENCES users (id),
    -- The commit's answer, given again to a second commit of the same import.
    result       jsonb
);
CREATE INDEX catalog_imports_open_idx ON catalog_imports (created_at) WHERE status = 'dry_run';

-- One row per line of the file that names a SKU. kind: create (a new SKU, and a new product for
-- the first row of each group), update (something changes), unchanged. The value columns hold
-- what the commit writes: for an update only what changes (null: as it is), for a create every
-- field. Product fields (product_title, status, category_id, tags) sit on the first row of each
-- product in the file.
CREATE TABLE catalog_import_rows (
    import_id           bigint NOT NULL REFERENCES catalog_imports (id) ON DELETE CASCADE,
    line                integer NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('create', 'update', 'unchanged')),
    sku                 text NOT NULL,
    sku_id              bigint,            -- the existing SKU (update, unchanged)
    product_id          bigint,            -- its product; for creates, given at commit
    product_version     integer,           -- the product's version the dry run saw
    group_line          integer,           -- creates: the line of the new product's first row
    product_title       text,
    variant_title       text,
    price_minor         bigint,
    currency            text,
    stock               integer,
    low_stock_threshold integer,
    status              text,
    category_id         bigint,
    tags                text[],
    PRIMARY KEY (import_id, line)
);
