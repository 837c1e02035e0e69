-- A project worker's private record of each one-to-one session with a patient. Only the author sees
-- a note (while their care link is active); the patient's "My data" download includes them.
-- session_date is the day of the session, as text YYYY-MM-DD (like daily_rollups.day).
CREATE TABLE session_notes (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    session_date TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX session_notes_patient_author_date ON session_notes(patient_id, author_id, session_date);
CREATE INDEX session_notes_author_id ON session_notes(author_id);
