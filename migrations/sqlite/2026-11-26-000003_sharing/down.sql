DROP TABLE care_notes;
DROP TABLE audit_log;
DROP TABLE invites;
DROP TABLE care_links;
