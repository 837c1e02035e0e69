DELETE FROM entries WHERE kind = 'withdrawal';
CREATE TABLE entries_new (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('medication', 'pain', 'activity', 'dose', 'mood', 'sleep', 'relaxation')),
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
DROP TABLE contact_requests;
DROP TABLE medicine_plan_versions;
