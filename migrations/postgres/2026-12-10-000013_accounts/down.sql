DROP TABLE account_tokens;
ALTER TABLE refresh_tokens DROP COLUMN revoked_reason;
ALTER TABLE refresh_tokens DROP COLUMN device;
ALTER TABLE users DROP COLUMN theme;
ALTER TABLE users DROP COLUMN text_size;
