-- The catalog of bench/catalog-prices (psql -v products=N -f seed.sql), over the schema of
-- migrations 0011 and 0012: 10 departments of 10 aisles, N products with one SKU each
-- (CP-0000001…), priced 5 to 500 yuan, a tenth of them with a price change ten days ago in their
-- history, and the standing promotions a shop would have on a sale day. What decides each SKU's
-- promotions is kept in the product's attributes ({"n","dept","picked"}), so that schedule.sql
-- can write down the expected prices from this definition and not from either implementation.
\set ON_ERROR_STOP on
BEGIN;

CREATE FUNCTION pg_temp.h(n bigint, k int, m int) RETURNS int LANGUAGE sql IMMUTABLE AS
  $$ SELECT (abs(hashint8extended(n, k)) % m)::int $$;

INSERT INTO categories (name) SELECT 'Department ' || d FROM generate_series(1, 10) d;
INSERT INTO categories (name, parent_id)
SELECT 'Aisle ' || d || '.' || a, c.id
FROM generate_series(1, 10) d JOIN categories c ON c.name = 'Department ' || d AND c.parent_id IS NULL,
     generate_series(1, 10) a;

INSERT INTO products (title, status, category_id, tags, attributes, search, created_at, updated_at)
SELECT 'Bench product ' || n, 'active', c.id, '{bench}',
       jsonb_build_object('n', n, 'dept', x.dept, 'picked', pg_temp.h(n, 5, 100) = 0),
       'bench product ' || n || ' cp-' || lpad(n::text, 7, '0'),
       now() - interval '40 days', now() - interval '40 days'
FROM generate_series(1, :products) n,
     LATERAL (SELECT 1 + pg_temp.h(n, 1, 10) AS dept, 1 + pg_temp.h(n, 2, 10) AS aisle) x
JOIN categories c ON c.name = 'Aisle ' || x.dept || '.' || x.aisle;

INSERT INTO skus (product_id, sku, title, price_minor, currency, stock, created_at, updated_at)
SELECT p.id, 'CP-' || lpad(p.attributes->>'n', 7, '0'), '',
       500 + pg_temp.h((p.attributes->>'n')::bigint, 3, 49500), 'CNY', 1000,
       now() - interval '40 days', now() - interval '40 days'
FROM products p;

-- Every SKU's first price 40 days ago; a tenth changed theirs ten days ago (they cost a fifth
-- more before).
INSERT INTO price_history (sku_id, from_minor, to_minor, currency, reason, actor, at)
SELECT s.id, NULL,
       CASE WHEN pg_temp.h((p.attributes->>'n')::bigint, 4, 10) = 0 THEN s.price_minor * 6 / 5
            ELSE s.price_minor END,
       'CNY', 'created', 'bench', now() - interval '40 days'
FROM skus s JOIN products p ON p.id = s.product_id;
INSERT INTO price_history (sku_id, from_minor, to_minor, currency, reason, actor, at)
SELECT s.id, s.price_minor * 6 / 5, s.price_minor, 'CNY', 'price change', 'bench',
       now() - interval '10 days'
FROM skus s JOIN products p ON p.id = s.product_id
WHERE pg_temp.h((p.attributes->>'n')::bigint, 4, 10) = 0;

-- Standing promotions: 5 % on department 1, 3 yuan off department 2, buy 2 get 1 on department
-- 3, an exclusive 15 % (priority 5) on the hand-picked 1 %, one that ended last month and one
-- that starts next month. The flash sale on department 4 is made by each run.
CREATE TEMP TABLE dept AS
SELECT substr(name, 12)::int AS d, id FROM categories WHERE parent_id IS NULL AND name LIKE 'Department %';
WITH p AS (
  INSERT INTO promotions (name, kind, percent, amount_minor, buy, get, starts_at, ends_at, priority,
                          exclusive)
  VALUES ('Everyday 5 %', 'percent', 5, NULL, NULL, NULL, date_trunc('day', now()) - interval '1 day',
          date_trunc('day', now()) + interval '60 days', 0, false),
         ('3 yuan off', 'amount', NULL, 300, NULL, NULL, date_trunc('day', now()) - interval '1 day',
          date_trunc('day', now()) + interval '60 days', 0, false),
         ('Buy 2 get 1', 'buy_x_get_y', NULL, NULL, 2, 1, date_trunc('day', now()) - interval '1 day',
          date_trunc('day', now()) + interval '60 days', 0, false),
         ('Hand-picked 15 %', 'percent', 15, NULL, NULL, NULL,
          date_trunc('day', now()) - interval '1 day', date_trunc('day', now()) + interval '60 days',
          5, true),
         ('Last month 50 %', 'percent', 50, NULL, NULL, NULL,
          date_trunc('day', now()) - interval '40 days', date_trunc('day', now()) - interval '35 days',
          0, false),
         ('Next month 20 %', 'percent', 20, NULL, NULL, NULL,
          date_trunc('day', now()) + interval '30 days', date_trunc('day', now()) + interval '37 days',
          0, false)
  RETURNING id, name)
INSERT INTO promotion_targets (promotion_id, category_id)
SELECT p.id, dept.id FROM p JOIN dept ON dept.d = CASE p.name
  WHEN 'Everyday 5 %' THEN 1 WHEN '3 yuan off' THEN 2 WHEN 'Buy 2 get 1' THEN 3
  WHEN 'Last month 50 %' THEN 1 WHEN 'Next month 20 %' THEN 5 END;
INSERT INTO promotion_targets (promotion_id, sku_id)
SELECT pr.id, s.id FROM promotions pr, skus s JOIN products p ON p.id = s.product_id
WHERE pr.name = 'Hand-picked 15 %' AND (p.attributes->>'picked')::boolean;

COMMIT;
