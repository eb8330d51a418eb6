-- Finance reconciliation: bank statements and provider settlements imported line by line, the
-- shop's captured payments and refunds as one ledger to match them against, matches (one line to
-- many payments, many lines to one payment, with a write-off and its reason), the matcher's
-- suggestions, its editable rules and what it learned from people, and the sign-off that freezes a
-- statement.

-- A refund leaves through the provider that took the payment, under a reference of the
-- provider's: what the bank or settlement line names. Refunds made before this migration get
-- their order's provider and a reference made from their id.
ALTER TABLE refunds ADD COLUMN provider text;
ALTER TABLE refunds ADD COLUMN provider_ref text;
UPDATE refunds r SET provider = p.provider, provider_ref = 'RF-' || lpad(r.id::text, 10, '0')
FROM (SELECT DISTINCT ON (order_id) order_id, provider FROM payments ORDER BY order_id, id) p
WHERE p.order_id = r.order_id;

-- The ledger the matcher works on: one row per captured payment (positive) and per refund
-- (negative), kept by triggers as payments and refunds are written, so matching never joins the
-- orders' own tables and the orders' hot path pays one index insert.
CREATE TABLE finance_payments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('payment', 'refund')),
    payment_id   bigint UNIQUE REFERENCES payments (id),
    refund_id    bigint UNIQUE REFERENCES refunds (id),
    order_id     bigint NOT NULL REFERENCES orders (id),
    provider     text NOT NULL DEFAULT '',
    provider_ref text NOT NULL DEFAULT '',
    amount_minor bigint NOT NULL CHECK (amount_minor <> 0),  -- signed: refunds negative
    currency     text NOT NULL,
    captured_at  timestamptz NOT NULL,
    -- What of it statement lines account for (matched lines' shares plus write-offs); the
    -- payment is reconciled when this equals amount_minor.
    matched_minor bigint NOT NULL DEFAULT 0,
    -- Lines never account for more than the payment, nor for the other direction.
    CHECK (abs(matched_minor) <= abs(amount_minor)),
    CHECK (matched_minor = 0 OR (matched_minor > 0) = (amount_minor > 0)),
    CHECK ((kind = 'payment') = (payment_id IS NOT NULL)),
    CHECK ((kind = 'refund') = (refund_id IS NOT NULL))
);
CREATE INDEX finance_payments_ref_idx ON finance_payments (provider_ref);
CREATE INDEX finance_payments_captured_idx ON finance_payments (captured_at, id);
CREATE INDEX finance_payments_open_idx ON finance_payments (captured_at, id)
    WHERE matched_minor <> amount_minor;
CREATE INDEX finance_payments_open_id_idx ON finance_payments (id)
    WHERE matched_minor <> amount_minor;

INSERT INTO finance_payments (kind, payment_id, order_id, provider, provider_ref, amount_minor,
                              currency, captured_at)
SELECT 'payment', id, order_id, provider, provider_ref, amount_minor, currency, captured_at
FROM payments WHERE status = 'captured' ORDER BY id;
INSERT INTO finance_payments (kind, refund_id, order_id, provider, provider_ref, amount_minor,
                              currency, captured_at)
SELECT 'refund', r.id, r.order_id, coalesce(r.provider, ''), coalesce(r.provider_ref, ''),
       -r.amount_minor, o.currency, r.created_at
FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.status = 'succeeded' ORDER BY r.id;

CREATE FUNCTION finance_payment_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'captured' THEN
        INSERT INTO finance_payments (kind, payment_id, order_id, provider, provider_ref,
                                      amount_minor, currency, captured_at)
        VALUES ('payment', NEW.id, NEW.order_id, NEW.provider, NEW.provider_ref,
                NEW.amount_minor, NEW.currency, NEW.captured_at);
    END IF;
    RETURN NEW;
END $$;
CREATE FUNCTION finance_refund_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.provider IS NULL THEN
        SELECT p.provider INTO NEW.provider FROM payments p
        WHERE p.order_id = NEW.order_id ORDER BY p.id LIMIT 1;
    END IF;
    IF NEW.provider_ref IS NULL THEN
        NEW.provider_ref := 'RF-' || lpad(NEW.id::text, 10, '0');
    END IF;
    RETURN NEW;
END $$;
CREATE FUNCTION finance_refund_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'succeeded' THEN
        INSERT INTO finance_payments (kind, refund_id, order_id, provider, provider_ref,
                                      amount_minor, currency, captured_at)
        SELECT 'refund', NEW.id, NEW.order_id, coalesce(NEW.provider, ''),
               coalesce(NEW.provider_ref, ''), -NEW.amount_minor, o.currency, NEW.created_at
        FROM orders o WHERE o.id = NEW.order_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER payments_finance_ledger AFTER INSERT ON payments
    FOR EACH ROW EXECUTE FUNCTION finance_payment_ledger();
CREATE TRIGGER refunds_finance_provider BEFORE INSERT ON refunds
    FOR EACH ROW EXECUTE FUNCTION finance_refund_defaults();
CREATE TRIGGER refunds_finance_ledger AFTER INSERT ON refunds
    FOR EACH ROW EXECUTE FUNCTION finance_refund_ledger();

-- Saved column mappings for provider settlement CSVs (GET/POST /finance/mappings).
CREATE TABLE finance_mappings (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    definition jsonb NOT NULL,
    created_by bigint REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX finance_mappings_name_idx ON finance_mappings (lower(name));

CREATE TABLE finance_statements (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    format         text NOT NULL CHECK (format IN ('camt053', 'mt940', 'ofx', 'csv')),
    message_kind   text NOT NULL DEFAULT '',
    account        text NOT NULL,
    currency       text NOT NULL,
    statement_ref  text NOT NULL DEFAULT '',
    from_date      date NOT NULL,
    to_date        date NOT NULL,
    opening_minor  bigint,
    closing_minor  bigint,
    line_count     integer NOT NULL DEFAULT 0,
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    version        integer NOT NULL DEFAULT 1,
    file_name      text NOT NULL DEFAULT '',
    file_sha256    text NOT NULL,
    file_index     integer NOT NULL DEFAULT 0,  -- which statement of the file (0, 1, ...)
    mapping_id     bigint REFERENCES finance_mappings (id),
    imported_by    bigint REFERENCES users (id),
    imported_at    timestamptz NOT NULL DEFAULT now(),
    signed_off_by  bigint REFERENCES users (id),
    signed_off_at  timestamptz,
    -- What the sign-off froze: counts and sums as they were (the dialog's summary).
    sign_off_summary jsonb,
    -- The same file imported again names the same statements.
    UNIQUE (file_sha256, file_index)
);
CREATE INDEX finance_statements_list_idx ON finance_statements (imported_at DESC, id DESC);
CREATE INDEX finance_statements_account_idx ON finance_statements (account, from_date);

CREATE TABLE finance_lines (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    statement_id  bigint NOT NULL REFERENCES finance_statements (id),
    position      integer NOT NULL,  -- the line's place in its statement, from 1
    source_line   integer NOT NULL,  -- where it starts in the file
    booked_at     date NOT NULL,
    value_date    date,
    amount_minor  bigint NOT NULL,
    currency      text NOT NULL,
    fee_minor     bigint,
    gross_minor   bigint,
    counterparty  text NOT NULL DEFAULT '',
    reference     text NOT NULL DEFAULT '',
    bank_reference text NOT NULL DEFAULT '',
    remittance    text NOT NULL DEFAULT '',
    kind          text NOT NULL DEFAULT '',
    -- The same line in an overlapping statement of the same account has the same fingerprint
    -- and occurrence (the n-th identical line of its day): refused, never doubled.
    account       text NOT NULL,
    fingerprint   text NOT NULL,
    occurrence    integer NOT NULL DEFAULT 1,
    status        text NOT NULL DEFAULT 'unmatched'
                  CHECK (status IN ('unmatched', 'suggested', 'matched', 'excluded')),
    matched_by    bigint REFERENCES users (id),  -- null when matched by the engine
    matched_at    timestamptz,
    match_rule    text,
    match_reasons jsonb,
    write_off_minor bigint NOT NULL DEFAULT 0,
    write_off_reason text,
    note          text,
    UNIQUE (statement_id, position),
    UNIQUE (account, fingerprint, occurrence)
);
CREATE INDEX finance_lines_status_idx ON finance_lines (statement_id, status, position);
CREATE INDEX finance_lines_open_idx ON finance_lines (booked_at, id) WHERE status <> 'matched';

-- A match: which payments a line accounts for, and how much of each (a payout line accounts for
-- many payments; a payment paid in parts is accounted for by many lines).
CREATE TABLE finance_matches (
    line_id      bigint NOT NULL REFERENCES finance_lines (id),
    payment_id   bigint NOT NULL REFERENCES finance_payments (id),
    amount_minor bigint NOT NULL,
    PRIMARY KEY (line_id, payment_id)
);
CREATE INDEX finance_matches_payment_idx ON finance_matches (payment_id);

-- The engine's proposals for a line not yet matched, best first.
CREATE TABLE finance_suggestions (
    line_id     bigint NOT NULL REFERENCES finance_lines (id) ON DELETE CASCADE,
    rank        integer NOT NULL,
    payment_ids bigint[] NOT NULL,
    score       integer NOT NULL CHECK (score BETWEEN 0 AND 100),
    rule        text NOT NULL,
    reasons     jsonb NOT NULL,
    -- What would be left to write off (with a reason) if it were accepted.
    write_off_minor bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (line_id, rank)
);

-- The matching rules in the order they run; each can be switched off or tuned (params).
CREATE TABLE finance_rules (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind     text NOT NULL UNIQUE CHECK (kind IN ('fees', 'learned', 'exact_reference',
                                                   'amount_date', 'fee_aware', 'payout', 'split',
                                                   'partial')),
    position integer NOT NULL,
    enabled  boolean NOT NULL DEFAULT true,
    -- Auto-accept above this score; below it the rule only suggests.
    auto_accept_score integer NOT NULL DEFAULT 90 CHECK (auto_accept_score BETWEEN 0 AND 101),
    params   jsonb NOT NULL DEFAULT '{}',
    version  integer NOT NULL DEFAULT 1
);
INSERT INTO finance_rules (kind, position, auto_accept_score, params) VALUES
    -- A provider's own fee lines (money out of these kinds) are set aside as fees.
    ('fees', 0, 101, '{"kinds": ["收费", "扣除交易手续费", "手续费", "fee", "stripe_fee"]}'),
    ('exact_reference', 1, 90, '{}'),
    ('learned', 2, 101, '{}'),
    ('amount_date', 3, 101, '{"window_days": 3}'),
    ('fee_aware', 4, 101, '{"window_days": 5, "max_fee_permille": 50}'),
    ('payout', 5, 93, '{"window_days": 3, "max_payments": 500}'),
    ('split', 6, 101, '{"window_days": 5, "max_lines": 5}'),
    ('partial', 7, 101, '{"window_days": 3, "max_difference_permille": 20}');

-- What people taught the engine: a counterparty and a shape of reference whose lines belong to
-- payments of a provider, and how the line's reference relates to the payment's.
CREATE TABLE finance_learned (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    counterparty_key text NOT NULL,   -- the counterparty, lower case, spaces collapsed
    reference_shape  text NOT NULL,   -- the line's reference with digits as 9 and letters as A
    provider         text NOT NULL,
    relation         text NOT NULL,   -- how the payment's reference is found in the line's
    taught_by        bigint REFERENCES users (id),
    taught_at        timestamptz NOT NULL DEFAULT now(),
    times            integer NOT NULL DEFAULT 1,
    UNIQUE (counterparty_key, reference_shape, provider, relation)
);

-- A signed-off statement is frozen: its lines' matches, write-offs and statuses, and the
-- matches themselves, can no longer change (until a finance.approve holder reopens it, with a
-- reason). The database refuses, whatever the application does.
CREATE FUNCTION finance_refuse_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sid bigint;
BEGIN
    IF TG_TABLE_NAME = 'finance_lines' THEN
        sid := CASE WHEN TG_OP = 'DELETE' THEN OLD.statement_id ELSE NEW.statement_id END;
    ELSE
        SELECT statement_id INTO sid FROM finance_lines
        WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.line_id ELSE NEW.line_id END;
    END IF;
    IF EXISTS (SELECT 1 FROM finance_statements WHERE id = sid AND status = 'closed') THEN
        RAISE EXCEPTION 'statement % is signed off: its matches are frozen', sid
            USING ERRCODE = 'OD001';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER finance_lines_frozen BEFORE UPDATE OR DELETE ON finance_lines
    FOR EACH ROW EXECUTE FUNCTION finance_refuse_frozen();
CREATE TRIGGER finance_matches_frozen BEFORE INSERT OR UPDATE OR DELETE ON finance_matches
    FOR EACH ROW EXECUTE FUNCTION finance_refuse_frozen();
