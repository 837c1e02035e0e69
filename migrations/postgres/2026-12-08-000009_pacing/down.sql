DROP TABLE pacing_changes;
DROP TABLE pacing_plans;
