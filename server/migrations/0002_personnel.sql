-- Personnel: two-factor sign-in, security settings, and the append-only audit trail.

ALTER TABLE users
    ADD COLUMN totp_secret         text,     -- base32; set once confirmed
    ADD COLUMN totp_pending_secret text,     -- enrolled, not yet confirmed
    ADD COLUMN totp_last_step      bigint;   -- the last accepted time step: a code works once

CREATE TABLE settings (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    version    integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO settings (key, value) VALUES ('totp_required_for_roles_write', 'false');

-- Every change anyone makes is recorded here in the same transaction as the change.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES users (id),
    actor       text NOT NULL DEFAULT '',   -- username at the time (or '' for the system)
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   text,
    before      jsonb,
    after       jsonb,
    request_id  text NOT NULL DEFAULT '',
    address     text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);
CREATE INDEX audit_log_at_idx ON audit_log (at, id);

-- Nobody rewrites history: not the server's own database role (which owns the table, so the
-- privileges alone would not be enough; an owner can grant itself back what it lost), and not
-- a mistaken script. Rows can only be added.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
DO $$ BEGIN
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', current_user);
END $$;
