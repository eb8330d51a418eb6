-- A storefront hands an order in again when it retries: the same external_id with the same body
-- is answered as the first time, but the same external_id with another body (a different total,
-- other items, another customer) is a conflict, not the same order. Each order remembers the
-- SHA-256 of the order as it was handed in (its fields as validated, in a fixed form; see
-- server/orders/storefront.cpp). Orders from before this migration have none and are answered as
-- before, whatever the body.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS ingest_digest text;
