-- Consent-based sharing. A care link joins a patient to a carer or project worker
-- (invited -> active -> revoked) with the scopes the patient chose, stored as sorted
-- comma-separated names ("doses,pain"). At most one link per pair is not revoked.
CREATE TABLE care_links (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    member_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    relation TEXT NOT NULL CHECK (relation IN ('carer', 'worker')),
    scopes TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('invited', 'active', 'revoked')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX care_links_patient_id ON care_links(patient_id);
CREATE INDEX care_links_member_id ON care_links(member_id);
CREATE UNIQUE INDEX care_links_one_open_per_pair ON care_links(patient_id, member_id) WHERE state <> 'revoked';

-- Invite codes (a patient invites a carer or worker, with scopes) and enrolment codes (a worker
-- enrols a patient, who then chooses the scopes). Only a SHA-256 of the code is stored; single use.
CREATE TABLE invites (
    id TEXT PRIMARY KEY NOT NULL,
    code_hash TEXT NOT NULL UNIQUE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'enrolment')),
    created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    relation TEXT NOT NULL CHECK (relation IN ('carer', 'worker')),
    scopes TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    used_by TEXT REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX invites_created_by ON invites(created_by);
CREATE INDEX invites_used_by ON invites(used_by);

-- Every read or write of a patient's data by someone other than the patient. No health content:
-- who, whose, which scope, what, where, when.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('read', 'write')),
    endpoint TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_patient_at ON audit_log(patient_id, at);
CREATE INDEX audit_log_actor_id ON audit_log(actor_id);

-- Observations about a patient by a carer or worker holding the `notes` scope.
CREATE TABLE care_notes (
    id TEXT PRIMARY KEY NOT NULL,
    patient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX care_notes_patient_created ON care_notes(patient_id, created_at);
CREATE INDEX care_notes_author_id ON care_notes(author_id);
