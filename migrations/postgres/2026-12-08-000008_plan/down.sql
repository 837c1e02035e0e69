DROP TABLE plan_summaries;
DROP TABLE goal_checkins;
DROP TABLE goal_history;
DROP TABLE goals;
