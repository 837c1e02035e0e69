-- The medicine plan (issue 13): the prescriber's reduction steps as a worker entered them. Each
-- save is a new row with the next version number, so no change rewrites history. steps and
-- review_dates are JSON text, read and written whole (a plan is small and never queried inside).
CREATE TABLE medicine_plan_versions (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    prescriber TEXT NOT NULL,
    agreed_on TEXT NOT NULL,
    steps TEXT NOT NULL,
    review_dates TEXT NOT NULL,
    reason TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (patient_id, version)
);
CREATE INDEX medicine_plan_versions_author ON medicine_plan_versions(author_id);

-- "I'd like to talk": the phone makes the id, so a request sent twice is stored once.
CREATE TABLE contact_requests (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    good_times TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    received_at TIMESTAMP NOT NULL,
    seen_at TIMESTAMP,
    reply TEXT,
    worker_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    closed_at TIMESTAMP
);
CREATE INDEX contact_requests_patient ON contact_requests(patient_id, sent_at);
CREATE INDEX contact_requests_worker ON contact_requests(worker_id);


-- "How reducing feels" check-ins are a diary kind of their own (shared with `plan`). SQLite cannot
-- change a CHECK constraint, so the entries table is rebuilt as in the relaxation migration.
CREATE TABLE entries_new (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('medication', 'pain', 'activity', 'dose', 'mood', 'sleep', 'relaxation', 'withdrawal')),
    -- When it happened, in UTC, with the patient's UTC offset at that moment.
    recorded_at TIMESTAMP NOT NULL,
    tz_offset_min INTEGER NOT NULL,
    data TEXT,
    -- Oral morphine equivalent of a dose, and the conversion table version that produced it.
    ome_mg DOUBLE PRECISION,
    ome_table_version TEXT,
    client_updated_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    -- The patient's change counter when this row last changed (see sync_counters).
    rev BIGINT NOT NULL
);
INSERT INTO entries_new SELECT * FROM entries;
DROP TABLE entries;
ALTER TABLE entries_new RENAME TO entries;
CREATE INDEX entries_patient_rev ON entries(patient_id, rev);
CREATE INDEX entries_patient_kind_time ON entries(patient_id, kind, recorded_at);
CREATE INDEX entries_author_id ON entries(author_id);
