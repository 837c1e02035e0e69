-- Relaxation practice is a diary kind of its own. SQLite cannot change a CHECK constraint, so the
-- entries table is rebuilt with the same columns and indexes (nothing refers to it by foreign key).
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


-- Relaxation audio. A track's row says what it is; its bytes are either built into the server
-- (shipped = true: the tracks Even Keel makes, the same in every instance's binary) or stored here
-- in audio_chunks, 256 KiB each in order, so every instance can read an upload and a range read
-- fetches only the chunks it needs. sha256 is the ETag. A retired track is no longer listed but
-- still plays, so minutes already logged with it keep their meaning.
CREATE TABLE audio_tracks (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    has_words BOOLEAN NOT NULL,
    transcript TEXT NOT NULL,
    media_type TEXT NOT NULL,
    duration_ms BIGINT NOT NULL,
    byte_size BIGINT NOT NULL,
    chunk_size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    shipped BOOLEAN NOT NULL,
    uploaded_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    retired_at TIMESTAMP
);
CREATE TABLE audio_chunks (
    track_id TEXT NOT NULL REFERENCES audio_tracks(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (track_id, seq)
);
-- A project worker suggests a track (or a Learn page) to a patient; it shows at the top of the
-- patient's Relax until they dismiss it.
CREATE TABLE relax_suggestions (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    worker_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    item_kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    dismissed_at TIMESTAMP
);
CREATE INDEX relax_suggestions_patient ON relax_suggestions(patient_id);
