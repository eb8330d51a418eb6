-- pgbench script: the statements GET /api/v1/orders sends to PostgreSQL, in the request mix of
-- bench/wrk/orders-mix.lua (same weights), without any application server in between.
--
--   pgbench -n -M extended -c 64 -j 2 -T 30 -f bench/pgbench/orders-mix.sql \
--       -D tok=<sha256 hex of the bench token> -D s1=%fragment% ... -D s8=... \
--       -D b1=0|1 ... -D b8=0|1 (1 when that search fills a first page, so the server counts)
--       -D c1ts=... -D c1id=... (four created_at cursors) -D cs1st=... -D cs1ts=... -D cs1id=...
--       (two status cursors) -D ct1tot=... -D ct1id=... (two total cursors)
-- bench/orders-list computes all of those from the dataset and passes them.
--
-- One pgbench "transaction" is one request: the session lookup the server runs first, the list
-- query (the server's SQL, JSON built by PostgreSQL), and on first pages the total estimate: a
-- count of up to 10,001 rows, then EXPLAIN when there are more than 10,000. Differences from
-- what the server sends, all small: no BEGIN/COMMIT around the two halves (the server sends two
-- transactions per request), no last_seen_at touch (at most one per 15 s), the session query is
-- not a named prepared statement, a date range comes as `current_date - N` instead of a
-- 'YYYY-MM-DD' string, a status filter that matches no row still pays its (empty) count, and a
-- choice among the -D values is an array subscript, which PostgreSQL folds to a constant
-- before planning (unnamed extended-protocol statements are planned with their values), so
-- the plans are the server's. Colons inside to_char formats are written ":" so that pgbench
-- does not read them as variables.

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

\set count 0
\if :r <= 30
  -- 30: first page, no filter, newest first (a tenth of them 100 rows)
  \set lim case when :variant = 1 then 101 else 51 end
  SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.US"Z"'), o.id FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.created_at DESC, o.id DESC LIMIT :lim;
  SELECT count(*) FROM (SELECT 1 FROM orders o LIMIT 10001) s \gset
  \if :count > 10000
    EXPLAIN (FORMAT JSON) SELECT 1 FROM orders o;
  \endif
\elif :r <= 46
  -- 16: status filter
  SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.US"Z"'), o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = ANY(string_to_array((ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled','refunded,partially_refunded','paid,fulfilling','shipped,delivered'])[:si], ',')) ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
  SELECT count(*) FROM (SELECT 1 FROM orders o WHERE o.status = ANY(string_to_array((ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled','refunded,partially_refunded','paid,fulfilling','shipped,delivered'])[:si], ',')) LIMIT 10001) s \gset
  \if :count > 10000
    EXPLAIN (FORMAT JSON) SELECT 1 FROM orders o WHERE o.status = ANY(string_to_array((ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled','refunded,partially_refunded','paid,fulfilling','shipped,delivered'])[:si], ','));
  \endif
\elif :r <= 58
  -- 12: a day, a week or a month somewhere in the last year; a third of them with a status
  \set sp random(1, 3)
  \set span case when :sp = 1 then 0 when :sp = 2 then 6 else 29 end
  \set withstatus random(1, 3)
  \set dfrom random(:span + 1, 360)
  \set dto :dfrom - :span
  \if :withstatus = 1
    SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.US"Z"'), o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = ANY(string_to_array((ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled','refunded,partially_refunded','paid,fulfilling','shipped,delivered'])[:si], ',')) AND o.created_at >= (current_date - :dfrom::int)::timestamptz AND o.created_at < (current_date - :dto::int) + 1 ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
    SELECT count(*) FROM (SELECT 1 FROM orders o WHERE o.status = ANY(string_to_array((ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled','refunded,partially_refunded','paid,fulfilling','shipped,delivered'])[:si], ',')) AND o.created_at >= (current_date - :dfrom::int)::timestamptz AND o.created_at < (current_date - :dto::int) + 1 LIMIT 10001) s \gset
    \if :count > 10000
      EXPLAIN (FORMAT JSON) SELECT 1 FROM orders o WHERE o.status = ANY(string_to_array((ARRAY['pending_payment','paid','fulfilling','shipped','delivered','cancelled','refunded,partially_refunded','paid,fulfilling','shipped,delivered'])[:si], ',')) AND o.created_at >= (current_date - :dfrom::int)::timestamptz AND o.created_at < (current_date - :dto::int) + 1;
    \endif
  \else
    SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.US"Z"'), o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.created_at >= (current_date - :dfrom::int)::timestamptz AND o.created_at < (current_date - :dto::int) + 1 ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
    SELECT count(*) FROM (SELECT 1 FROM orders o WHERE o.created_at >= (current_date - :dfrom::int)::timestamptz AND o.created_at < (current_date - :dto::int) + 1 LIMIT 10001) s \gset
    \if :count > 10000
      EXPLAIN (FORMAT JSON) SELECT 1 FROM orders o WHERE o.created_at >= (current_date - :dfrom::int)::timestamptz AND o.created_at < (current_date - :dto::int) + 1;
    \endif
  \endif
\elif :r <= 66
  -- 8: amount range, newest first
  \set lo random(10, 400) * 100
  \set hi :lo + random(1, 20) * 500
  SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.US"Z"'), o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.total_minor >= :lo::bigint AND o.total_minor <= :hi::bigint ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
  SELECT count(*) FROM (SELECT 1 FROM orders o WHERE o.total_minor >= :lo::bigint AND o.total_minor <= :hi::bigint LIMIT 10001) s \gset
  \if :count > 10000
    EXPLAIN (FORMAT JSON) SELECT 1 FROM orders o WHERE o.total_minor >= :lo::bigint AND o.total_minor <= :hi::bigint;
  \endif
\elif :r <= 72
  -- 6: sort by total, desc or asc, no filter
  \if :variant <= 5
    SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, o.total_minor::text, o.id FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.total_minor DESC, o.id DESC LIMIT 51;
  \else
    SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, o.total_minor::text, o.id FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.total_minor ASC, o.id ASC LIMIT 51;
  \endif
  SELECT count(*) FROM (SELECT 1 FROM orders o LIMIT 10001) s \gset
  \if :count > 10000
    EXPLAIN (FORMAT JSON) SELECT 1 FROM orders o;
  \endif
\elif :r <= 84
  -- 12: search: a fragment of an order number or an email (the server counts only when the
  -- first page is full, which bench/orders-list found out for each fragment: b1..b8)
  \set full case when :k = 1 then :b1 when :k = 2 then :b2 when :k = 3 then :b3 when :k = 4 then :b4 when :k = 5 then :b5 when :k = 6 then :b6 when :k = 7 then :b7 else :b8 end
  SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.US"Z"'), o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.search LIKE (ARRAY[:s1, :s2, :s3, :s4, :s5, :s6, :s7, :s8])[:k] ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
  \if :full
    SELECT count(*) FROM (SELECT 1 FROM orders o WHERE o.search LIKE (ARRAY[:s1, :s2, :s3, :s4, :s5, :s6, :s7, :s8])[:k] LIMIT 10001) s \gset
    \if :count > 10000
      EXPLAIN (FORMAT JSON) SELECT 1 FROM orders o WHERE o.search LIKE (ARRAY[:s1, :s2, :s3, :s4, :s5, :s6, :s7, :s8])[:k];
    \endif
  \endif
\else
  -- 16: second pages (no total estimate): newest first, by status, by total
  \if :j <= 2
    \set ci random(1, 4)
    SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.US"Z"'), o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE (o.created_at, o.id) < ((ARRAY[:c1ts, :c2ts, :c3ts, :c4ts])[:ci]::timestamptz, (ARRAY[:c1id, :c2id, :c3id, :c4id])[:ci]::bigint) ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
  \elif :j = 3
    \set ci random(1, 2)
    SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.US"Z"'), o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = ANY(string_to_array((ARRAY[:cs1st, :cs2st])[:ci], ',')) AND (o.created_at, o.id) < ((ARRAY[:cs1ts, :cs2ts])[:ci]::timestamptz, (ARRAY[:cs1id, :cs2id])[:ci]::bigint) ORDER BY o.created_at DESC, o.id DESC LIMIT 51;
  \else
    \set ci random(1, 2)
    SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'customer', json_build_object('id', c.id, 'name', c.name, 'email', c.email), 'total_minor', o.total_minor, 'currency', o.currency, 'created_at', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"'), 'version', o.version)::text, o.total_minor::text, o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE (o.total_minor, o.id) < ((ARRAY[:ct1tot, :ct2tot])[:ci]::bigint, (ARRAY[:ct1id, :ct2id])[:ci]::bigint) ORDER BY o.total_minor DESC, o.id DESC LIMIT 51;
  \endif
\endif
