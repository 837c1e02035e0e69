DROP TABLE contact_requests;
DROP TABLE medicine_plan_versions;
