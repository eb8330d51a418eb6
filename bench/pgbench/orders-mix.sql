-- pgbench script: the statements GET /api/v1/orders sends to PostgreSQL, in the request mix of
-- bench/wrk/orders-mix.lua (same weights), without any application server in between.
--
--   pgbench -n -M extended -c 64 -j 2 -T 30 -f bench/pgbench/orders-mix.sql \
--       -D tok=<sha256 hex of the bench token> -D s1=%fragment% ... -D s8=... \
--       -D b1=0|1 ... -D b8=0|1 (1 when that search fills a first page, so the server estimates)
--       -D n1=0|1 ... -D n8=0|1 (1 when the fragment could be part of an order number; then
--       -D f1=fragment ... -D f8=... (lowercased, five characters or more) find numbers by their
--       pieces, migration 0008, as the server does for such fragments)
--       -D c1ts=... -D c1id=... (four created_at cursors) -D cs1st=... -D cs1ts=... -D cs1id=...
--       (two status cursors) -D ct1tot=... -D ct1id=... (two total cursors)
-- bench/orders-list computes all of those from the dataset and passes them, and creates the
-- function bench_plan_rows(sql) in the database: the planner's row estimate of a statement (its
-- EXPLAIN (FORMAT JSON), run by EXECUTE), which pgbench cannot read from EXPLAIN's output itself.
--
-- One pgbench "transaction" is one request: the session lookup the server runs first, the list
-- query (the server's SQL: one index range scan with LIMIT per status and per way a search
-- matches, merged; the item's columns, which the server turns into JSON), and on first pages the total estimate: the
-- planner's estimate, then an exact count of up to 10,001 rows when it expects at most 100,000.
-- Differences from what the server sends, all small: the server remembers estimates of 1,000
-- and more for 3 s per filter (pgbench estimates every time); no last_seen_at touch (at most one
-- per 15 s); the session query is not a named prepared statement; a date range comes from
-- `current_date - N` (one more small statement); a status filter that matches no row still pays
-- its estimate; the EXPLAIN runs inside bench_plan_rows with the values as literals; a choice
-- among the -D values is an array subscript, which PostgreSQL folds to a constant before
-- planning (unnamed extended-protocol statements are planned with their values), so the plans
-- are the server's. Generated once from the server's SQL; keep the two in step.

\set r random(1, 100)
\set variant random(1, 10)
\set k random(1, 8)
\set j random(1, 4)
\set si random(1, 9)

SELECT s.id, u.id, u.username, u.display_name, u.must_change_password,
       s.last_seen_at < now() - make_interval(secs => 15) AS touch,
       coalesce((SELECT string_agg(DISTINCT rp.permission, ',')
                 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                 WHERE ur.user_id = u.id), '') AS permissions,
       coalesce((SELECT string_agg(r.name, ',' ORDER BY r.name)
                 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                 WHERE ur.user_id = u.id), '') AS roles,
       u.totp_secret IS NULL
         AND coalesce((SELECT value = 'true'::jsonb FROM settings
                       WHERE key = 'totp_required_for_roles_write'), false)
         AND EXISTS (SELECT 1 FROM user_roles ur
                     JOIN role_permissions rp ON rp.role_id = ur.role_id
                     WHERE ur.user_id = u.id AND rp.permission = 'roles.write')
         AS totp_enrollment_required,
       u.totp_secret IS NOT NULL AS totp_enabled
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.token_hash = :tok AND s.revoked_at IS NULL AND s.expires_at > now()
  AND s.last_seen_at > now() - make_interval(secs => 1800) AND u.active;

\if :r <= 30
  -- 30: first page, no filter, newest first (a tenth of them 100 rows)
  \set lim case when :variant = 1 then 101 else 51 end
  SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM orders o JOIN customers c ON c.id = o.customer_id WHERE TRUE ORDER BY o.created_at DESC, o.id DESC LIMIT :lim;
  SELECT bench_plan_rows(format('SELECT o.id FROM orders o WHERE TRUE')) AS planned \gset
  \if :planned <= 100000
    SELECT count(*) FROM (SELECT id FROM ((SELECT o.id FROM orders o WHERE TRUE LIMIT 10001)) u LIMIT 10001) s;
  \endif
\elif :r <= 46
  -- 16: status filter: one status (si 1-6) or two (si 7-9, one branch each)
  \if :si <= 6
    SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM orders o JOIN customers c ON c.id = o.customer_id WHERE TRUE AND o.status = (ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled'])[:si] ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
    SELECT bench_plan_rows(format('SELECT o.id FROM orders o WHERE TRUE AND o.status = %L', ((ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled'])[:si])::text)) AS planned \gset
    \if :planned <= 100000
      SELECT count(*) FROM (SELECT id FROM ((SELECT o.id FROM orders o WHERE TRUE AND o.status = (ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled'])[:si] LIMIT 10001)) u LIMIT 10001) s;
    \endif
  \else
    WITH page AS (SELECT id, k FROM ((SELECT o.id, o.created_at AS k FROM orders o WHERE TRUE AND o.status = (ARRAY['refunded','paid','shipped'])[:si - 6] ORDER BY o.created_at DESC, o.id DESC LIMIT 51) UNION ALL (SELECT o.id, o.created_at AS k FROM orders o WHERE TRUE AND o.status = (ARRAY['partially_refunded','fulfilling','delivered'])[:si - 6] ORDER BY o.created_at DESC, o.id DESC LIMIT 51)) u ORDER BY k DESC, id DESC LIMIT 51) SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM page JOIN orders o ON o.id = page.id JOIN customers c ON c.id = o.customer_id ORDER BY page.k DESC, page.id DESC;
    SELECT bench_plan_rows(format('SELECT o.id FROM orders o WHERE TRUE AND o.status IN (%L, %L)', ((ARRAY['refunded','paid','shipped'])[:si - 6])::text, ((ARRAY['partially_refunded','fulfilling','delivered'])[:si - 6])::text)) AS planned \gset
    \if :planned <= 100000
      SELECT count(*) FROM (SELECT id FROM ((SELECT o.id FROM orders o WHERE TRUE AND o.status IN ((ARRAY['refunded','paid','shipped'])[:si - 6], (ARRAY['partially_refunded','fulfilling','delivered'])[:si - 6]) LIMIT 10001)) u LIMIT 10001) s;
    \endif
  \endif
\elif :r <= 58
  -- 12: a day, a week or a month somewhere in the last year; a third of them with a status
  \set sp random(1, 3)
  \set span case when :sp = 1 then 0 when :sp = 2 then 6 else 29 end
  \set withstatus random(1, 3)
  \set dfrom random(:span + 1, 360)
  \set dto :dfrom - :span
  SELECT (current_date - :dfrom::int)::text AS dfs, (current_date - :dto::int)::text AS dts \gset
  \if :withstatus = 1
    \if :si <= 6
      SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM orders o JOIN customers c ON c.id = o.customer_id WHERE TRUE AND o.status = (ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled'])[:si] AND o.created_at >= :dfs::timestamptz AND o.created_at < CASE WHEN length(:dts) = 10 THEN :dts::date + 1 ELSE :dts::timestamptz END ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
      SELECT bench_plan_rows(format('SELECT o.id FROM orders o WHERE TRUE AND o.status = %L AND o.created_at >= %L::timestamptz AND o.created_at < CASE WHEN length(%L) = 10 THEN %L::date + 1 ELSE %L::timestamptz END', ((ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled'])[:si])::text, (:dfs)::text, (:dts)::text, (:dts)::text, (:dts)::text)) AS planned \gset
      \if :planned <= 100000
        SELECT count(*) FROM (SELECT id FROM ((SELECT o.id FROM orders o WHERE TRUE AND o.status = (ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled'])[:si] AND o.created_at >= :dfs::timestamptz AND o.created_at < CASE WHEN length(:dts) = 10 THEN :dts::date + 1 ELSE :dts::timestamptz END LIMIT 10001)) u LIMIT 10001) s;
      \endif
    \else
      WITH page AS (SELECT id, k FROM ((SELECT o.id, o.created_at AS k FROM orders o WHERE TRUE AND o.status = (ARRAY['refunded','paid','shipped'])[:si - 6] AND o.created_at >= :dfs::timestamptz AND o.created_at < CASE WHEN length(:dts) = 10 THEN :dts::date + 1 ELSE :dts::timestamptz END ORDER BY o.created_at DESC, o.id DESC LIMIT 51) UNION ALL (SELECT o.id, o.created_at AS k FROM orders o WHERE TRUE AND o.status = (ARRAY['partially_refunded','fulfilling','delivered'])[:si - 6] AND o.created_at >= :dfs::timestamptz AND o.created_at < CASE WHEN length(:dts) = 10 THEN :dts::date + 1 ELSE :dts::timestamptz END ORDER BY o.created_at DESC, o.id DESC LIMIT 51)) u ORDER BY k DESC, id DESC LIMIT 51) SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM page JOIN orders o ON o.id = page.id JOIN customers c ON c.id = o.customer_id ORDER BY page.k DESC, page.id DESC;
      SELECT bench_plan_rows(format('SELECT o.id FROM orders o WHERE TRUE AND o.status IN (%L, %L) AND o.created_at >= %L::timestamptz AND o.created_at < CASE WHEN length(%L) = 10 THEN %L::date + 1 ELSE %L::timestamptz END', ((ARRAY['refunded','paid','shipped'])[:si - 6])::text, ((ARRAY['partially_refunded','fulfilling','delivered'])[:si - 6])::text, (:dfs)::text, (:dts)::text, (:dts)::text, (:dts)::text)) AS planned \gset
      \if :planned <= 100000
        SELECT count(*) FROM (SELECT id FROM ((SELECT o.id FROM orders o WHERE TRUE AND o.status IN ((ARRAY['refunded','paid','shipped'])[:si - 6], (ARRAY['partially_refunded','fulfilling','delivered'])[:si - 6]) AND o.created_at >= :dfs::timestamptz AND o.created_at < CASE WHEN length(:dts) = 10 THEN :dts::date + 1 ELSE :dts::timestamptz END LIMIT 10001)) u LIMIT 10001) s;
      \endif
    \endif
  \else
    SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM orders o JOIN customers c ON c.id = o.customer_id WHERE TRUE AND o.created_at >= :dfs::timestamptz AND o.created_at < CASE WHEN length(:dts) = 10 THEN :dts::date + 1 ELSE :dts::timestamptz END ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
    SELECT bench_plan_rows(format('SELECT o.id FROM orders o WHERE TRUE AND o.created_at >= %L::timestamptz AND o.created_at < CASE WHEN length(%L) = 10 THEN %L::date + 1 ELSE %L::timestamptz END', (:dfs)::text, (:dts)::text, (:dts)::text, (:dts)::text)) AS planned \gset
    \if :planned <= 100000
      SELECT count(*) FROM (SELECT id FROM ((SELECT o.id FROM orders o WHERE TRUE AND o.created_at >= :dfs::timestamptz AND o.created_at < CASE WHEN length(:dts) = 10 THEN :dts::date + 1 ELSE :dts::timestamptz END LIMIT 10001)) u LIMIT 10001) s;
    \endif
  \endif
\elif :r <= 66
  -- 8: amount range, newest first (the page's ids from an index-only walk, then its rows)
  \set lo random(10, 400) * 100
  \set hi :lo + random(1, 20) * 500
  WITH page AS (SELECT id, k FROM ((SELECT o.id, o.created_at AS k FROM orders o WHERE TRUE AND o.total_minor >= :lo::bigint AND o.total_minor <= :hi::bigint ORDER BY o.created_at DESC, o.id DESC LIMIT 51)) u ORDER BY k DESC, id DESC LIMIT 51) SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM page JOIN orders o ON o.id = page.id JOIN customers c ON c.id = o.customer_id ORDER BY page.k DESC, page.id DESC;
  SELECT bench_plan_rows(format('SELECT o.id FROM orders o WHERE TRUE AND o.total_minor >= %s::bigint AND o.total_minor <= %s::bigint', (:lo)::text, (:hi)::text)) AS planned \gset
  \if :planned <= 100000
    SELECT count(*) FROM (SELECT id FROM ((SELECT o.id FROM orders o WHERE TRUE AND o.total_minor >= :lo::bigint AND o.total_minor <= :hi::bigint LIMIT 10001)) u LIMIT 10001) s;
  \endif
\elif :r <= 72
  -- 6: sort by total, desc or asc, no filter
  \if :variant <= 5
    SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM orders o JOIN customers c ON c.id = o.customer_id WHERE TRUE ORDER BY o.total_minor DESC, o.id DESC LIMIT 51;
  \else
    SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM orders o JOIN customers c ON c.id = o.customer_id WHERE TRUE ORDER BY o.total_minor ASC, o.id ASC LIMIT 51;
  \endif
  SELECT bench_plan_rows(format('SELECT o.id FROM orders o WHERE TRUE')) AS planned \gset
  \if :planned <= 100000
    SELECT count(*) FROM (SELECT id FROM ((SELECT o.id FROM orders o WHERE TRUE LIMIT 10001)) u LIMIT 10001) s;
  \endif
\elif :r <= 84
  -- 12: search: the customers' name and email, and the order number when the fragment could be
  -- part of one (n1..n8); the server estimates only when the first page is full (b1..b8)
  \set full case when :k = 1 then :b1 when :k = 2 then :b2 when :k = 3 then :b3 when :k = 4 then :b4 when :k = 5 then :b5 when :k = 6 then :b6 when :k = 7 then :b7 else :b8 end
  \set num case when :k = 1 then :n1 when :k = 2 then :n2 when :k = 3 then :n3 when :k = 4 then :n4 when :k = 5 then :n5 when :k = 6 then :n6 when :k = 7 then :n7 else :n8 end
  \if :num
    WITH page AS (SELECT id, k FROM ((SELECT o.id, o.created_at AS k FROM orders o WHERE TRUE AND o.customer_id IN (SELECT cs.id FROM customers cs WHERE lower(cs.name || ' ' || cs.email) LIKE (ARRAY[:s1, :s2, :s3, :s4, :s5, :s6, :s7, :s8])[:k]) ORDER BY o.created_at DESC, o.id DESC LIMIT 51) UNION (WITH m AS MATERIALIZED (SELECT o.id, o.created_at AS k FROM orders o WHERE TRUE AND order_number_grams(o.number) @> order_number_grams((ARRAY[:f1, :f2, :f3, :f4, :f5, :f6, :f7, :f8])[:k]) AND strpos(lower(o.number), (ARRAY[:f1, :f2, :f3, :f4, :f5, :f6, :f7, :f8])[:k]) > 0) SELECT id, k FROM m ORDER BY k DESC, id DESC LIMIT 51)) u ORDER BY k DESC, id DESC LIMIT 51) SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM page JOIN orders o ON o.id = page.id JOIN customers c ON c.id = o.customer_id ORDER BY page.k DESC, page.id DESC;
    \if :full
      SELECT bench_plan_rows(format('SELECT o.id FROM orders o WHERE TRUE AND o.customer_id IN (SELECT cs.id FROM customers cs WHERE lower(cs.name || '' '' || cs.email) LIKE %L) UNION SELECT o.id FROM orders o WHERE TRUE AND order_number_grams(o.number) @> order_number_grams(%L) AND strpos(lower(o.number), %L) > 0', ((ARRAY[:s1, :s2, :s3, :s4, :s5, :s6, :s7, :s8])[:k])::text, ((ARRAY[:f1, :f2, :f3, :f4, :f5, :f6, :f7, :f8])[:k])::text, ((ARRAY[:f1, :f2, :f3, :f4, :f5, :f6, :f7, :f8])[:k])::text)) AS planned \gset
      \if :planned <= 100000
        SELECT count(*) FROM (SELECT id FROM ((SELECT o.id FROM orders o WHERE TRUE AND o.customer_id IN (SELECT cs.id FROM customers cs WHERE lower(cs.name || ' ' || cs.email) LIKE (ARRAY[:s1, :s2, :s3, :s4, :s5, :s6, :s7, :s8])[:k]) LIMIT 10001) UNION (SELECT o.id FROM orders o WHERE TRUE AND order_number_grams(o.number) @> order_number_grams((ARRAY[:f1, :f2, :f3, :f4, :f5, :f6, :f7, :f8])[:k]) AND strpos(lower(o.number), (ARRAY[:f1, :f2, :f3, :f4, :f5, :f6, :f7, :f8])[:k]) > 0 LIMIT 10001)) u LIMIT 10001) s;
      \endif
    \endif
  \else
    WITH page AS (SELECT id, k FROM ((SELECT o.id, o.created_at AS k FROM orders o WHERE TRUE AND o.customer_id IN (SELECT cs.id FROM customers cs WHERE lower(cs.name || ' ' || cs.email) LIKE (ARRAY[:s1, :s2, :s3, :s4, :s5, :s6, :s7, :s8])[:k]) ORDER BY o.created_at DESC, o.id DESC LIMIT 51)) u ORDER BY k DESC, id DESC LIMIT 51) SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM page JOIN orders o ON o.id = page.id JOIN customers c ON c.id = o.customer_id ORDER BY page.k DESC, page.id DESC;
    \if :full
      SELECT bench_plan_rows(format('SELECT o.id FROM orders o WHERE TRUE AND o.customer_id IN (SELECT cs.id FROM customers cs WHERE lower(cs.name || '' '' || cs.email) LIKE %L)', ((ARRAY[:s1, :s2, :s3, :s4, :s5, :s6, :s7, :s8])[:k])::text)) AS planned \gset
      \if :planned <= 100000
        SELECT count(*) FROM (SELECT id FROM ((SELECT o.id FROM orders o WHERE TRUE AND o.customer_id IN (SELECT cs.id FROM customers cs WHERE lower(cs.name || ' ' || cs.email) LIKE (ARRAY[:s1, :s2, :s3, :s4, :s5, :s6, :s7, :s8])[:k]) LIMIT 10001)) u LIMIT 10001) s;
      \endif
    \endif
  \endif
\else
  -- 16: second pages (no total estimate): newest first, by status, by total
  \if :j <= 2
    \set ci random(1, 4)
    SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM orders o JOIN customers c ON c.id = o.customer_id WHERE TRUE AND (o.created_at, o.id) < ((ARRAY[:c1ts, :c2ts, :c3ts, :c4ts])[:ci]::timestamptz, (ARRAY[:c1id, :c2id, :c3id, :c4id])[:ci]::bigint) ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
  \elif :j = 3
    \set ci random(1, 2)
    SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM orders o JOIN customers c ON c.id = o.customer_id WHERE TRUE AND o.status = (ARRAY[:cs1st, :cs2st])[:ci] AND (o.created_at, o.id) < ((ARRAY[:cs1ts, :cs2ts])[:ci]::timestamptz, (ARRAY[:cs1id, :cs2id])[:ci]::bigint) ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
  \else
    \set ci random(1, 2)
    SELECT o.id, o.number, o.status, c.id, c.name, c.email, o.total_minor, o.currency, o.created_at AT TIME ZONE 'UTC', o.updated_at AT TIME ZONE 'UTC', o.version FROM orders o JOIN customers c ON c.id = o.customer_id WHERE TRUE AND (o.total_minor, o.id) < ((ARRAY[:ct1tot, :ct2tot])[:ci]::bigint, (ARRAY[:ct1id, :ct2id])[:ci]::bigint) ORDER BY o.total_minor DESC, o.id DESC LIMIT 51;
  \endif
\endif
