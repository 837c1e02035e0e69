-- Pacing plans (issue 12): for an activity the patient chooses, three tries on different days make
-- the baseline (80% of their mean), and the plan steps up by an agreed increase when the patient or
-- their worker chooses. tries is text "YYYY-MM-DD=amount;…" (three, read and written by the
-- server only); level is how many steps up from the baseline the plan is now.
CREATE TABLE pacing_plans (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    activity TEXT NOT NULL,
    unit TEXT NOT NULL,
    tries TEXT NOT NULL,
    increase_pct INTEGER NOT NULL,
    level INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX pacing_plans_patient ON pacing_plans(patient_id, created_at);
CREATE INDEX pacing_plans_author ON pacing_plans(author_id);

-- Each choice made on a plan: how it started, each step up, hold and step back, in order.
CREATE TABLE pacing_changes (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES pacing_plans(id) ON DELETE CASCADE,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    changed_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    level INTEGER NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX pacing_changes_plan ON pacing_changes(plan_id, changed_at);
CREATE INDEX pacing_changes_patient ON pacing_changes(patient_id);
CREATE INDEX pacing_changes_changed_by ON pacing_changes(changed_by);
