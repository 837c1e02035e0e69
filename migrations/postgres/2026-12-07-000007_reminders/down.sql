DROP TABLE reminder_settings;
DROP TABLE reminders;
DROP TABLE push_subscriptions;
DROP TABLE push_vapid_keys;
