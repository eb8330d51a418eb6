-- Two-factor secrets are no longer kept as base32 (0002's comment): the server seals them with
-- AES-256-GCM under the key of --totp-key-file (server/auth/secret_box.h), and seals any it finds
-- in plain text when it starts with a key. The columns keep their type; this says what they hold.
COMMENT ON COLUMN users.totp_secret IS
    'v1:<key id>:<base64 nonce|ciphertext|tag>, sealed with --totp-key-file; plain base32 only from before there was a key';
COMMENT ON COLUMN users.totp_pending_secret IS
    'as totp_secret: enrolled, not yet confirmed';
