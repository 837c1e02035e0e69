-- Every diary entry of every kind (medication, pain, activity, dose, mood, sleep) in one table: the
-- sync protocol is the same for all kinds, so upsert, last-writer-wins, tombstones and the change
-- cursor live in one place. `data` is the entry's validated JSON (checked by domain/ before it is
-- written); the columns beside it are what queries filter and add up by.
CREATE TABLE entries (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('medication', 'pain', 'activity', 'dose', 'mood', 'sleep')),
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
CREATE INDEX entries_patient_rev ON entries(patient_id, rev);
CREATE INDEX entries_patient_kind_time ON entries(patient_id, kind, recorded_at);
CREATE INDEX entries_author_id ON entries(author_id);

-- One counter per patient, bumped once per sync batch that changes something. Bumping it locks the
-- row until commit, so a patient's changes commit in counter order even with many server
-- instances, and a cursor never skips a change.
CREATE TABLE sync_counters (
    patient_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    rev BIGINT NOT NULL
);
