-- Exercise plans (issue 12): a short list of exercises written by the patient or their worker, and
-- what the patient ticked off each day with pain before and after. exercises is the list as JSON
-- text, read and written whole by the server (a plan is small and read with its patient's page,
-- never queried inside); done is the ticked exercise ids, comma-separated.
CREATE TABLE exercise_plans (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    exercises TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX exercise_plans_patient ON exercise_plans(patient_id, created_at);
CREATE INDEX exercise_plans_author ON exercise_plans(author_id);

CREATE TABLE exercise_days (
    plan_id TEXT NOT NULL REFERENCES exercise_plans(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    done TEXT NOT NULL,
    pain_before INTEGER,
    pain_after INTEGER,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (plan_id, day)
);
CREATE INDEX exercise_days_patient ON exercise_days(patient_id, day);
