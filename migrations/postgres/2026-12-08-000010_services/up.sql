-- The practice's directory of community services (kept by workers and admins) and the referrals a
-- worker records on a patient's plan (issue 12). times is text "weekday HH:MM-HH:MM;…" (weekday
-- 1 = Monday), written and read by the server only. A service that is taken out of the directory
-- is retired, not deleted: referrals to it keep their history.
CREATE TABLE services (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    offers TEXT NOT NULL,
    category TEXT NOT NULL,
    times TEXT NOT NULL,
    place TEXT NOT NULL,
    online BOOLEAN NOT NULL,
    contact TEXT NOT NULL,
    cost TEXT NOT NULL,
    needs_referral BOOLEAN NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    retired_at TIMESTAMP
);
CREATE INDEX services_created_by ON services(created_by);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    service_id TEXT NOT NULL REFERENCES services(id),
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    waiting_since TEXT,
    response TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX referrals_patient ON referrals(patient_id, created_at);
CREATE INDEX referrals_service ON referrals(service_id);
CREATE INDEX referrals_author ON referrals(author_id);

-- Each status a referral has had, in order.
CREATE TABLE referral_changes (
    id TEXT PRIMARY KEY NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    changed_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    waiting_since TEXT,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX referral_changes_referral ON referral_changes(referral_id, changed_at);
CREATE INDEX referral_changes_patient ON referral_changes(patient_id);
CREATE INDEX referral_changes_changed_by ON referral_changes(changed_by);
