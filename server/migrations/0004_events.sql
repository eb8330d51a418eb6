-- The transactional outbox behind the live feed. A change that others must hear about inserts
-- its event row in the same transaction as the change. Its delivery id is NOT taken then: ids
-- taken before commit become visible out of order (a transaction holding id 10 can commit after
-- one holding id 11, and a reader that moved past 11 would never see 10). Instead one sequencer
-- (whichever server instance holds the advisory lock) numbers committed events in the order it
-- finds them, so `id` order is visibility order and a reader resuming "after id N" misses nothing.
CREATE TABLE events (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- write order (provisional)
    id             bigint UNIQUE,                                    -- delivery order, after commit
    topic          text NOT NULL,
    kind           text NOT NULL,
    entity_id      bigint,
    entity_version integer,
    actor_id       bigint,
    payload        jsonb NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    published_at   timestamptz
);
CREATE SEQUENCE events_id_seq;
CREATE INDEX events_unpublished_idx ON events (seq) WHERE id IS NULL;
CREATE INDEX events_created_idx ON events (created_at);

-- Ids at or below this were pruned by retention: a client asking to resume before it must
-- resynchronise instead.
CREATE TABLE feed_state (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    pruned_through bigint NOT NULL DEFAULT 0
);
INSERT INTO feed_state DEFAULT VALUES;
