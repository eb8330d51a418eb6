-- Searching orders by a piece of their number (issue 4). Numbers are "OD" and digits, and the
-- trigram index of 0005 is weak for them: ten digits make only a thousand trigrams, each in
-- tens of thousands of numbers at 10 million orders, so a seven-digit fragment costs ~10 ms of
-- intersecting long lists. Every five-character piece of a number (100,000 possible, each in a
-- few hundred numbers) is indexed here instead: a fragment of five or more characters finds its
-- numbers through the pieces it consists of (order_number_grams(number) @> the fragment's
-- pieces) in well under a millisecond, and a plain substring test confirms them. Shorter
-- fragments still use the trigram index.

CREATE OR REPLACE FUNCTION order_number_grams(number text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(lower(number), i, 5)), '{}')
    FROM generate_series(1, length(number) - 4) AS i
$$;

CREATE INDEX IF NOT EXISTS orders_number_grams_idx ON orders USING gin (order_number_grams(number));

-- The planner's statistics of the new expression: without them it guesses a fragment matches
-- many orders and walks the newest-first index instead.
ANALYZE orders;
