-- Servers remember signed-in sessions for a few seconds (server/cache/session_cache.h) and must
-- forget them at once when anything that decides who may do what changes, on every instance:
-- whichever instance (or person at psql) makes the change, its commit tells every listener on
-- channel opsdesk_auth. Statement-level triggers: one notification per statement, and
-- PostgreSQL folds identical notifications of one transaction into one. Columns a sign-in
-- updates on its own (failed_logins, locked_until, last_seen_at, totp_last_step) do not notify.

CREATE FUNCTION opsdesk_notify_auth_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('opsdesk_auth', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_auth_changed
    AFTER UPDATE OF revoked_at, expires_at, user_id, token_hash OR DELETE OR TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_auth_changed();

CREATE TRIGGER users_auth_changed
    AFTER UPDATE OF username, display_name, active, must_change_password, totp_secret
        OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_auth_changed();

CREATE TRIGGER user_roles_auth_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_auth_changed();

CREATE TRIGGER roles_auth_changed
    AFTER UPDATE OR DELETE OR TRUNCATE ON roles
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_auth_changed();

CREATE TRIGGER role_permissions_auth_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_permissions
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_auth_changed();

CREATE TRIGGER settings_auth_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_notify_auth_changed();
