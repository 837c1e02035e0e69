-- Web push reminders (issue 11). The VAPID key pair every instance signs with: one row, made by
-- whichever instance starts first (the others' inserts meet the primary key; all read it back).
CREATE TABLE push_vapid_keys (
    id INTEGER PRIMARY KEY NOT NULL,
    private_key TEXT NOT NULL,
    public_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
-- One row per device a person turned notifications on with. The endpoint is unique: a phone
-- that subscribes again (or for someone else after a sign-out) replaces its row.
CREATE TABLE push_subscriptions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions(user_id);
-- A patient's own reminder: a kind, a local time and weekdays (bit 0 = Monday) in the patient's
-- time zone. next_fire_at (UTC) is what the scheduler claims; last_due_at is the last time it
-- came due, sent or not, for the app's "You had a reminder at …" line.
CREATE TABLE reminders (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    local_time TEXT NOT NULL,
    weekdays INTEGER NOT NULL,
    medication_id TEXT,
    paused BOOLEAN NOT NULL,
    next_fire_at TIMESTAMP,
    last_due_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX reminders_user ON reminders(user_id);
CREATE INDEX reminders_next_fire ON reminders(next_fire_at);
-- Quiet hours; no row means the default 22:00–07:00.
CREATE TABLE reminder_settings (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    quiet_start TEXT NOT NULL,
    quiet_end TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
