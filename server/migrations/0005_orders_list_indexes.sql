-- The orders list at ten million orders (issue 4): every page an index range scan with LIMIT.
--
-- Newest first with a filter on the amount (or a status and an amount): the rows are found in
-- created_at order and the filter is decided from the index entry itself (an index-only scan),
-- so only the page's rows are read from the table, however many orders the filter skips.
CREATE INDEX IF NOT EXISTS orders_created_cover_idx ON orders (created_at DESC, id DESC)
    INCLUDE (total_minor, status);

-- The search box matches the customer's name and email through this index (1 customer for 8
-- orders, so its posting lists are an eighth of those over orders.search), then takes the
-- customers' orders through orders_customer_idx ...
CREATE INDEX IF NOT EXISTS customers_search_trgm_idx ON customers
    USING gin (lower(name || ' ' || email) gin_trgm_ops);
-- ... and order numbers through this one (only the number's trigrams: a fragment of digits no
-- longer wades through the digits of every email in orders.search).
CREATE INDEX IF NOT EXISTS orders_number_trgm_idx ON orders USING gin (lower(number) gin_trgm_ops);
