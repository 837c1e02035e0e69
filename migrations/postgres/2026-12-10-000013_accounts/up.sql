-- Accounts for real life (issue 15): settings applied on every device, a label for each signed-in
-- device, and the single-use secrets that get a person back in (an emailed link, a code from the
-- practice) or confirm a new email address. Secrets are stored only as SHA-256 hashes.
ALTER TABLE users ADD COLUMN text_size TEXT NOT NULL DEFAULT 'normal' CHECK (text_size IN ('normal', 'large', 'larger'));
ALTER TABLE users ADD COLUMN theme TEXT NOT NULL DEFAULT 'system' CHECK (theme IN ('system', 'light', 'dark'));
-- "Chrome on Android": set at sign-in and carried through every refresh of that sign-in.
ALTER TABLE refresh_tokens ADD COLUMN device TEXT NOT NULL DEFAULT '';
-- 'signed_out_remotely' when the person signed this device out from another: at its next refresh
-- the device is told so, and removes the diary from the phone as at a sign-out.
ALTER TABLE refresh_tokens ADD COLUMN revoked_reason TEXT;

CREATE TABLE account_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('reset_link', 'reset_code', 'email_change')),
    secret_hash TEXT NOT NULL UNIQUE,
    -- The address an email change goes to, once confirmed.
    new_email TEXT,
    -- Who at the practice issued a reset code (NULL for an emailed link).
    issued_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_tokens_user ON account_tokens(user_id, purpose);
