DROP TABLE relax_suggestions;
DROP TABLE audio_chunks;
DROP TABLE audio_tracks;

DELETE FROM entries WHERE kind = 'relaxation';
ALTER TABLE entries DROP CONSTRAINT entries_kind_check;
ALTER TABLE entries ADD CONSTRAINT entries_kind_check CHECK (kind IN ('medication', 'pain', 'activity', 'dose', 'mood', 'sleep'));
