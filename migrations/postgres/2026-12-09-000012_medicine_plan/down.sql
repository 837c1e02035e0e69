DELETE FROM entries WHERE kind = 'withdrawal';
ALTER TABLE entries DROP CONSTRAINT entries_kind_check;
ALTER TABLE entries ADD CONSTRAINT entries_kind_check CHECK (kind IN ('medication', 'pain', 'activity', 'dose', 'mood', 'sleep', 'relaxation'));
DROP TABLE contact_requests;
DROP TABLE medicine_plan_versions;
