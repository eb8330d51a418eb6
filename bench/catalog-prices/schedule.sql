-- The schedule bench/catalog-prices checks every answer against (psql -v flash_price=P):
-- "sku before after" for the 10,000 hot SKUs (every k-th SKU), the price before the run's flash
-- sale starts and from its start second on, worked out from seed.sql's definition by the rules
-- of docs/API.md ("Which promotion sets the price"), not by either implementation.
WITH hot AS (
  SELECT s.sku, s.price_minor AS list, (p.attributes->>'dept')::int AS dept,
         (p.attributes->>'picked')::boolean AS picked,
         row_number() OVER (ORDER BY s.id) AS rn, count(*) OVER () AS total
  FROM skus s JOIN products p ON p.id = s.product_id
  WHERE s.sku LIKE 'CP-%'),
priced AS (
  SELECT sku, list, dept,
         CASE WHEN picked THEN list - (list * 15 + 50) / 100      -- exclusive, priority 5
              WHEN dept = 1 THEN list - (list * 5 + 50) / 100     -- 5 %
              WHEN dept = 2 THEN greatest(0, list - 300)          -- 3 yuan off
              ELSE list END AS before
  FROM hot WHERE rn % (total / 10000) = 0 ORDER BY rn LIMIT 10000)
SELECT sku, before,
       CASE WHEN dept = 4 THEN least(list, :flash_price) ELSE before END  -- flash sale, priority 100
FROM priced;
