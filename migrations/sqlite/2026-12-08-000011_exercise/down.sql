DROP TABLE exercise_days;
DROP TABLE exercise_plans;
