-- A search's customer branch (issue 4): the orders of the matching customers in the sort's order
-- straight from the index (an index-only scan; the filters and both sort keys are in it), so a
-- common name with tens of thousands of orders reads the index, not tens of thousands of rows,
-- before the page's own rows are fetched.
CREATE INDEX IF NOT EXISTS orders_customer_created_idx ON orders (customer_id, created_at DESC, id DESC)
    INCLUDE (total_minor, status);
