-- bench/finance: the reference a team would write first, in plain SQL: the engine's
-- exact-reference and amount-and-window rules as joins over the same tables, writing matches as
-- the server does (lines' status and rule, finance_matches, the payments' matched_minor), in one
-- transaction. psql -v statement=ID -v window=3.
--
-- 1. Exact reference: the payment's provider reference is the line's reference (case aside), same
--    currency and amount, the payment still open: an UPDATE ... FROM join.
-- 2. Amount and window: lines still unmatched against open payments of the same currency and
--    amount captured within `window` days of the value date; a pair is taken when it is the line's
--    only candidate and the payment's only candidate line (window counts), so no payment is
--    claimed twice.

\set ON_ERROR_STOP 1
BEGIN;
SELECT pg_advisory_xact_lock(15836366);  -- the server's ledger lock (kLedgerLock)

CREATE TEMP TABLE peer_matches (line_id bigint, payment_id bigint, amount_minor bigint,
                                rule text) ON COMMIT DROP;

WITH m AS (
    UPDATE finance_lines l
    SET status = 'matched', matched_at = now(), match_rule = 'sql:exact_reference'
    FROM finance_payments p
    WHERE l.statement_id = :statement AND l.status IN ('unmatched', 'suggested')
      AND l.reference <> '' AND lower(p.provider_ref) = lower(btrim(l.reference))
      AND p.currency = l.currency AND p.amount_minor = l.amount_minor AND p.matched_minor = 0
    RETURNING l.id, p.id AS payment_id, l.amount_minor)
INSERT INTO peer_matches SELECT id, payment_id, amount_minor, 'exact_reference' FROM m;

UPDATE finance_payments p SET matched_minor = p.matched_minor + m.amount_minor
FROM peer_matches m WHERE p.id = m.payment_id;

WITH candidates AS (
    SELECT l.id AS line_id, p.id AS payment_id, l.amount_minor,
           count(*) OVER (PARTITION BY l.id) AS per_line,
           count(*) OVER (PARTITION BY p.id) AS per_payment
    FROM finance_lines l
    JOIN finance_payments p
      ON p.currency = l.currency AND p.amount_minor = l.amount_minor AND p.matched_minor = 0
     AND abs((p.captured_at AT TIME ZONE 'UTC')::date - coalesce(l.value_date, l.booked_at))
         <= :window
    WHERE l.statement_id = :statement AND l.status IN ('unmatched', 'suggested')),
picked AS (SELECT line_id, payment_id, amount_minor FROM candidates
           WHERE per_line = 1 AND per_payment = 1),
m AS (
    UPDATE finance_lines l
    SET status = 'matched', matched_at = now(), match_rule = 'sql:amount_date'
    FROM picked WHERE l.id = picked.line_id
    RETURNING l.id, picked.payment_id, picked.amount_minor)
INSERT INTO peer_matches SELECT id, payment_id, amount_minor, 'amount_date' FROM m;

UPDATE finance_payments p SET matched_minor = p.matched_minor + m.amount_minor
FROM peer_matches m WHERE p.id = m.payment_id AND m.rule = 'amount_date';

INSERT INTO finance_matches (line_id, payment_id, amount_minor)
SELECT line_id, payment_id, amount_minor FROM peer_matches;

SELECT rule, count(*) FROM peer_matches GROUP BY rule ORDER BY rule;
COMMIT;
