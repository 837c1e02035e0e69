-- My plan (issue 12): a patient's goals with their weekly check-ins and every earlier version, and
-- the summaries a project worker writes for the patient after a session. Dates are text
-- YYYY-MM-DD (like session_notes.session_date).

-- A goal in the patient's own words. author_id is who wrote it (the patient, or the worker who
-- suggested it: status 'proposed' until the patient accepts). client_updated_at is when the last
-- accepted change was made on the patient's phone: an older change arriving later loses.
CREATE TABLE goals (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    what TEXT NOT NULL,
    why TEXT NOT NULL,
    first_step TEXT NOT NULL,
    days_per_week INTEGER NOT NULL,
    review_on TEXT,
    client_updated_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX goals_patient ON goals(patient_id, created_at);
CREATE INDEX goals_author ON goals(author_id);

-- Each version of a goal as it was saved (the first row is how it began), so a change never
-- rewrites what came before.
CREATE TABLE goal_history (
    id TEXT PRIMARY KEY NOT NULL,
    goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    changed_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    what TEXT NOT NULL,
    why TEXT NOT NULL,
    first_step TEXT NOT NULL,
    days_per_week INTEGER NOT NULL,
    review_on TEXT,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX goal_history_goal ON goal_history(goal_id, changed_at);
CREATE INDEX goal_history_patient ON goal_history(patient_id);
CREATE INDEX goal_history_changed_by ON goal_history(changed_by);

-- One check-in per goal and week (week_start: that week's Monday in the patient's time zone).
CREATE TABLE goal_checkins (
    goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    week_start TEXT NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    outcome TEXT NOT NULL,
    note TEXT NOT NULL,
    client_updated_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (goal_id, week_start)
);
CREATE INDEX goal_checkins_patient ON goal_checkins(patient_id);

-- "What we agreed": a worker's summary of a session, for the patient (and a carer with `notes`).
CREATE TABLE plan_summaries (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    session_date TEXT NOT NULL,
    talked_about TEXT NOT NULL,
    agreed TEXT NOT NULL,
    next_session TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_summaries_patient ON plan_summaries(patient_id, session_date);
CREATE INDEX plan_summaries_author ON plan_summaries(author_id);
