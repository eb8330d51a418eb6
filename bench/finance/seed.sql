-- bench/finance: the ledger and one statement derived from it, written with plain SQL.
--
-- psql -v payments=N -v lines=N: N orders, each with one captured payment (the trigger of
-- migration 0014 fills finance_payments as it would in the shop), spread over 365 days of 2025,
-- with references as providers write them; then one open statement of `lines` lines derived from
-- the payments in order (line n from payment n):
--   n % 100 <  70  the provider's reference exactly, the same amount, value date +0..1 day
--   n % 100 <  90  no reference, the same amount, value date +0..2 days (a bank that drops it)
--   n % 100 <  95  the reference, the amount less a provider fee of 0.6% (fee-deducted)
--   otherwise      a stray: an amount and a reference no payment has
-- Amounts are spread pseudo-randomly from 1.00 to 50,000.00 CNY, so some amount-only lines find
-- several payments of their amount in the window (and must not be matched on amount alone).

\set ON_ERROR_STOP 1
SET synchronous_commit = off;

INSERT INTO customers (external_id, name, email)
SELECT 'bench-' || c, 'Customer ' || c, 'customer' || c || '@example.com'
FROM generate_series(1, 1000) c;

CREATE TEMP TABLE bench_pay AS
SELECT n,
       (ARRAY['alipay', 'wechatpay', 'stripe', 'paypal'])[1 + n % 4] AS provider,
       CASE n % 4
           WHEN 0 THEN '2025' || lpad((n * 7919 % 100000000)::text, 8, '0') || lpad(n::text, 10, '0')
           WHEN 1 THEN '4200' || lpad(n::text, 12, '0') || lpad((n * 31 % 10000)::text, 4, '0')
           WHEN 2 THEN 'ch_3Q' || upper(to_hex(n * 2654435761 % 4294967296)) || lpad(n::text, 9, '0')
           ELSE lpad(upper(to_hex(n * 40503 % 65536)), 4, '0') || 'PP' || lpad(n::text, 11, '0')
       END AS ref,
       100 + (n::bigint * 2654435761 % 4999901) AS amount,
       timestamptz '2025-01-01 00:00:00+00' + ((n - 1) % 365) * interval '1 day'
           + (n * 37 % 86400) * interval '1 second' AS captured_at
FROM generate_series(1::bigint, :payments) n;

INSERT INTO orders (id, number, external_id, customer_id, status, currency, subtotal_minor,
                    total_minor, captured_minor, search, created_at, updated_at)
SELECT n, 'B' || n, 'bench-order-' || n, 1 + n % 1000, 'paid', 'CNY', amount, amount, amount,
       'b' || n, captured_at - interval '5 minutes', captured_at
FROM bench_pay;
SELECT setval('orders_id_seq', (SELECT max(id) FROM orders));

INSERT INTO payments (order_id, provider, provider_ref, amount_minor, currency, status, captured_at)
SELECT n, provider, ref, amount, 'CNY', 'captured', captured_at FROM bench_pay ORDER BY n;

INSERT INTO finance_statements (format, account, currency, statement_ref, from_date, to_date,
                                line_count, file_name, file_sha256)
VALUES ('camt053', 'CN0000BENCH0000000001', 'CNY', 'BENCH-1M', DATE '2025-01-01',
        DATE '2026-01-03', :lines, 'bench.xml', 'bench-' || :lines);

INSERT INTO finance_lines (statement_id, position, source_line, booked_at, value_date,
                           amount_minor, currency, counterparty, reference, remittance, kind,
                           account, fingerprint)
SELECT (SELECT max(id) FROM finance_statements), n, 10 + n * 30, d, d,
       CASE WHEN n % 100 < 90 THEN amount
            WHEN n % 100 < 95 THEN amount - amount * 6 / 1000
            ELSE 100 + (n::bigint * 40503 % 3999983) END,
       'CNY', 'Customer ' || (1 + n % 1000),
       CASE WHEN n % 100 < 70 OR (n % 100 >= 90 AND n % 100 < 95) THEN ref
            WHEN n % 100 < 90 THEN ''
            ELSE 'NOTOURS' || lpad(n::text, 10, '0') END,
       'Payment order B' || n, 'PMNT-RCDT-ESCT', 'CN0000BENCH0000000001', 'bench:' || n
FROM (SELECT order_id AS n, provider_ref AS ref, amount_minor AS amount,
             (captured_at AT TIME ZONE 'UTC')::date
                 + (CASE WHEN order_id % 100 < 70 THEN order_id % 2
                         WHEN order_id % 100 < 90 THEN order_id % 3
                         ELSE order_id % 2 END)::integer AS d
      FROM payments WHERE order_id <= :lines) s;

ANALYZE;
