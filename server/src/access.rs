//! The one gate for patient data. Every handler that reads or writes a patient's data calls
//! [`require`] (inside its database work, on every request: no grant is cached) and receives a
//! [`Grant`]; the services that touch diary entries, notes or the export take a `&Grant`, and the
//! `db` functions that read or write one patient's health data take a [`Granted`] patient, which
//! only a grant (or a caseload grant) gives. Neither can be made outside this module. So an
//! endpoint cannot reach patient data without passing the gate: the compiler says so.
//!
//! `require` checks, in order:
//! 1. the caller's account exists and is not deactivated (a deactivated worker's still-valid access
//!    token is refused with 401 at once);
//! 2. the caller is the patient (then nothing is audited), or
//! 3. the caller has a care link to the patient: none at all → 404 with the same body as an unknown
//!    patient, so existence does not leak; a link that is revoked or still waiting for the patient's
//!    confirmation → 403; active but without the scope → 403; otherwise a grant, and one row in the
//!    audit log for this request (who, whose, the scopes read, read/write, endpoint, when), written
//!    before the grant is returned (see [`with_grant`]).
//!
//! Session notes are the exception to scopes: they are a project worker's own working record, not
//! something the patient shares. `Need::ReadSessionNotes` / `WriteSessionNotes` need an active link
//! whose relation is `worker` (whatever its scopes); a carer, or the patient themself, gets 403.
//! They are audited like any other access, with `session_notes` in place of a scope.

use evenkeel_domain::api::Role;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::sharing::{AuditSubject, LinkState, Relation, Scope, scopes_from_text};

use crate::auth::caller::Caller;
use crate::db::audit_log::{self, AuditRow};
use crate::db::users::{self, User};
use crate::db::{self, DbConn, care_links};
use crate::error::{AppError, AppResult};

/// What the caller wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Read(Scope),
    /// Carers and workers may write only notes; everything else is the patient's own.
    Write(Scope),
    /// The whole diary at once (sync, export, deletion): the patient only.
    OwnDiary,
    /// Whatever diary kinds the caller may see (patterns, summary, CSV and FHIR exports): the patient
    /// sees everything; a carer or worker the kinds whose scopes they hold (at least one of
    /// [`DIARY_SCOPES`], else 403), with one audit row listing the scopes read. `x-scope: any-diary-scope`.
    ReadShared,
    /// The caller's own session notes about the patient: an active worker link, any scopes.
    /// `x-scope: own-session-notes`.
    ReadSessionNotes,
    WriteSessionNotes,
    /// A project worker suggests something for the patient to take up (relaxation practice, a
    /// goal): an active worker link holding that scope; audited as a write of it. The patient and
    /// carers get 403. `x-scope: worker-suggestion`.
    Suggest(Scope),
    /// Something the patient and their project worker agree together (a pacing plan): the patient,
    /// or a worker on an active link holding that scope; carers get 403. Audited as a write of
    /// the scope when the worker does it. `x-scope: patient-or-worker`.
    Agree(Scope),
}

impl Need {
    fn is_session_notes(self) -> bool {
        matches!(self, Need::ReadSessionNotes | Need::WriteSessionNotes)
    }
}

/// The scopes that cover diary entry kinds (`Scope::for_kind`).
pub const DIARY_SCOPES: [Scope; 6] =
    [Scope::Pain, Scope::Activity, Scope::Doses, Scope::Mood, Scope::Sleep, Scope::Relaxation];

/// Proof that `require` allowed `actor` to do `need` on `patient`'s data, in this request.
#[derive(Debug)]
pub struct Grant {
    patient_id: String,
    actor_id: String,
    need: Need,
    relation: Option<Relation>,
    /// The diary scopes this grant may read (all of them for the patient).
    scopes: Vec<Scope>,
    /// Only this module can build a `Grant`.
    _sealed: (),
}

/// A patient whose data the gate opened to this request. The `db` functions that read or write one
/// patient's health data take one instead of a bare id, and only this module makes them: from a
/// [`Grant`], a [`CaseloadGrant`], or for the server's own work that no person asked for
/// ([`Granted::unattended`]). So a handler that skipped the gate has no way to name a patient to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Granted<'a>(&'a str);

impl<'a> Granted<'a> {
    pub fn id(self) -> &'a str {
        self.0
    }

    /// For work the server does on its own, for no caller: seeding the demo, the reminder
    /// scheduler. Nothing it reads leaves the server, so there is nobody to check or audit. Each
    /// use says why in a comment.
    pub fn unattended(patient_id: &'a str) -> Self {
        Self(patient_id)
    }
}

impl Grant {
    pub fn patient_id(&self) -> &str {
        &self.patient_id
    }

    /// The patient, for the `db` functions that touch their health data.
    pub fn patient(&self) -> Granted<'_> {
        Granted(&self.patient_id)
    }

    pub fn actor_id(&self) -> &str {
        &self.actor_id
    }

    /// `None` when the patient acts on their own diary.
    pub fn relation(&self) -> Option<Relation> {
        self.relation
    }

    /// The diary scopes the grant reads: every one for the patient, the granted one(s) for others.
    pub fn diary_scopes(&self) -> &[Scope] {
        &self.scopes
    }

    /// The entry kinds the grant may read.
    pub fn kinds(&self) -> Vec<evenkeel_domain::EntryKind> {
        evenkeel_domain::EntryKind::ALL.into_iter().filter(|k| self.scopes.contains(&Scope::for_kind(*k))).collect()
    }

    /// Services check that the grant covers what they are about to touch (defence in depth).
    pub fn covers(&self, need: Need) -> AppResult<()> {
        let covered = self.relation.is_none() || self.need == need;
        if covered {
            Ok(())
        } else {
            Err(AppError::internal(anyhow::anyhow!("grant for {:?} used for {need:?}", self.need)))
        }
    }
}

/// The caller's account, if it is still active. Every service acting for a signed-in person starts
/// here, so a deactivated account stops working on its very next request.
pub fn active_user(conn: &mut DbConn, caller: &Caller) -> AppResult<User> {
    users::by_id(conn, &caller.user_id)?.filter(|u| u.deactivated_at.is_none()).ok_or_else(AppError::session_expired)
}

/// The answer for a patient the caller has no link to, identical to one for a patient who does not
/// exist.
pub fn no_such_patient() -> AppError {
    AppError::new(ErrorCode::NotFound, "We couldn't find that person, or they haven't shared anything with you.")
}

/// The gate: see the module documentation. `endpoint` names the route for the audit log, e.g.
/// `"GET /api/patients/{patient_id}/entries"`.
pub fn require(conn: &mut DbConn, caller: &Caller, patient_id: &str, need: Need, endpoint: &str) -> AppResult<Grant> {
    let actor = active_user(conn, caller)?;
    if actor.id == patient_id {
        if actor.role != Role::Patient.as_str() {
            return Err(match need {
                Need::OwnDiary | Need::Write(_) | Need::Agree(_) => AppError::new(
                    ErrorCode::Forbidden,
                    "Only the patient can add to their own diary. Carers and workers see what the patient shares.",
                ),
                Need::Read(_)
                | Need::ReadShared
                | Need::ReadSessionNotes
                | Need::WriteSessionNotes
                | Need::Suggest(_) => no_such_patient(),
            });
        }
        if let Need::Suggest(scope) = need {
            return Err(AppError::new(ErrorCode::Forbidden, suggestion_refused(scope, "your project worker")));
        }
        if need.is_session_notes() {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "Session notes are your project worker's own record of your sessions, so they are not shown in the app. You can get a copy from My data.",
            ));
        }
        return Ok(Grant {
            patient_id: actor.id,
            actor_id: caller.user_id.clone(),
            need,
            relation: None,
            scopes: DIARY_SCOPES.to_vec(),
            _sealed: (),
        });
    }
    let Some(link) = care_links::between(conn, patient_id, &actor.id)? else {
        return Err(no_such_patient());
    };
    let patient = users::by_id(conn, patient_id)?.ok_or_else(no_such_patient)?;
    let name = &patient.display_name;
    let state = LinkState::parse(&link.state).unwrap_or(LinkState::Revoked);
    match state {
        LinkState::Revoked => {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!("{name} has stopped sharing their diary with you."),
            ));
        }
        LinkState::Invited => {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!("{name} hasn't chosen what to share with you yet. You'll see it once they confirm."),
            ));
        }
        LinkState::Active => {}
    }
    if need.is_session_notes() {
        return session_notes_grant(conn, &actor, &patient, &link, need, endpoint);
    }
    let by_worker = Relation::parse(&link.relation) == Some(Relation::Worker) && actor.role == Role::Worker.as_str();
    if let Need::Suggest(scope) = need
        && !by_worker
    {
        return Err(AppError::new(ErrorCode::Forbidden, suggestion_refused(scope, "project workers")));
    }
    if matches!(need, Need::Agree(_)) && !by_worker {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            format!("Only {name} and their project worker can change their plan."),
        ));
    }
    let held = scopes_from_text(&link.scopes);
    let scopes: Vec<Scope> = match need {
        Need::Read(scope) | Need::Write(scope @ Scope::Notes) | Need::Suggest(scope) | Need::Agree(scope) => {
            vec![scope]
        }
        Need::Write(Scope::Goals) => {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!("Only {name} can change their goals. A project worker can suggest one for them to accept."),
            ));
        }
        Need::Write(Scope::Plan) => {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!("Only {name} can tick off their exercises, say how a referral went, or ask to talk."),
            ));
        }
        Need::ReadShared => DIARY_SCOPES.into_iter().filter(|s| held.contains(s)).collect(),
        Need::Write(_) | Need::OwnDiary | Need::ReadSessionNotes | Need::WriteSessionNotes => {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!("Only {name} can change their diary. You can add a note if they share notes with you."),
            ));
        }
    };
    if patient.deactivated_at.is_some() || scopes.is_empty() || !scopes.iter().all(|s| held.contains(s)) {
        let what = match (need, scopes.first()) {
            (Need::ReadShared, _) | (_, None) => "diary".to_owned(),
            (_, Some(scope)) => scope.label().to_owned(),
        };
        return Err(AppError::new(ErrorCode::Forbidden, format!("{name} hasn't shared their {what} with you.")));
    }
    // One row for this request, listing every scope it reads.
    audit_log::insert(
        conn,
        &AuditRow {
            id: db::new_id(),
            actor_id: actor.id.clone(),
            patient_id: patient.id.clone(),
            scope: audit_subjects(&scopes),
            action: if matches!(need, Need::Write(_) | Need::Suggest(_) | Need::Agree(_)) { "write" } else { "read" }
                .to_owned(),
            endpoint: endpoint.to_owned(),
            at: db::now(),
        },
    )?;
    Ok(Grant {
        patient_id: patient.id,
        actor_id: actor.id,
        need,
        relation: Relation::parse(&link.relation),
        scopes: scopes.into_iter().filter(|s| DIARY_SCOPES.contains(s)).collect(),
        _sealed: (),
    })
}

/// The audit row's subjects: the scopes' names, joined by commas.
fn audit_subjects(scopes: &[Scope]) -> String {
    scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
}

/// "Suggested goals come from your project worker."
fn suggestion_refused(scope: Scope, from: &str) -> String {
    let what = match scope {
        Scope::Goals => "Suggested goals",
        Scope::Plan => "Referrals to services",
        _ => "Suggestions of relaxation practice",
    };
    format!("{what} come from {from}.")
}

/// The rest of the gate for session notes, once the link is known to be active: the caller must be
/// a project worker linked as one, and the patient's account open. One audit row.
fn session_notes_grant(
    conn: &mut DbConn,
    actor: &User,
    patient: &User,
    link: &care_links::CareLink,
    need: Need,
    endpoint: &str,
) -> AppResult<Grant> {
    let relation = Relation::parse(&link.relation);
    if relation != Some(Relation::Worker) || actor.role != Role::Worker.as_str() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Session notes are kept by project workers, for their own sessions.",
        ));
    }
    if patient.deactivated_at.is_some() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            format!("{} has closed their account, so their session notes are no longer here.", patient.display_name),
        ));
    }
    audit_log::insert(
        conn,
        &AuditRow {
            id: db::new_id(),
            actor_id: actor.id.clone(),
            patient_id: patient.id.clone(),
            scope: AuditSubject::SessionNotes.as_str().to_owned(),
            action: if need == Need::WriteSessionNotes { "write" } else { "read" }.to_owned(),
            endpoint: endpoint.to_owned(),
            at: db::now(),
        },
    )?;
    Ok(Grant {
        patient_id: patient.id.clone(),
        actor_id: actor.id.clone(),
        need,
        relation,
        scopes: Vec::new(),
        _sealed: (),
    })
}

/// One patient on a worker's caseload, with the scopes they share.
#[derive(Debug)]
///
/// Only `caseload` makes one, as only `require` makes a [`Grant`]: its fields are private, so code
/// elsewhere cannot write one for a patient of its choosing and reach their data.
///
/// ```compile_fail
/// let forged = evenkeel_server::access::CaseloadGrant {
///     patient_id: "someone".into(),
///     patient_name: String::new(),
///     patient_time_zone: String::new(),
///     scopes: Vec::new(),
/// };
/// ```
pub struct CaseloadGrant {
    patient_id: String,
    patient_name: String,
    /// The patient's IANA time zone, for their "today".
    patient_time_zone: String,
    scopes: Vec<Scope>,
}

impl CaseloadGrant {
    /// The patient, for the `db` functions that touch their health data.
    pub fn patient(&self) -> Granted<'_> {
        Granted(&self.patient_id)
    }

    pub fn patient_id(&self) -> &str {
        &self.patient_id
    }

    pub fn patient_name(&self) -> &str {
        &self.patient_name
    }

    pub fn patient_time_zone(&self) -> &str {
        &self.patient_time_zone
    }

    /// What this patient shares, of what the caseload view reads.
    pub fn scopes(&self) -> &[Scope] {
        &self.scopes
    }
}

/// The caseload gate: a signed-in, active project worker's patients with an active link (patients
/// whose account is closed are left out), and one audit row per patient listing the scopes the
/// caseload reads (`caseload_scopes`, intersected with what each patient shares), written in one
/// statement. Anyone else gets 403.
pub fn caseload(
    conn: &mut DbConn,
    caller: &Caller,
    caseload_scopes: &[Scope],
    endpoint: &str,
) -> AppResult<Vec<CaseloadGrant>> {
    let actor = active_user(conn, caller)?;
    if actor.role != Role::Worker.as_str() {
        return Err(AppError::new(ErrorCode::Forbidden, "The caseload is for project workers."));
    }
    let links = care_links::active_for_member(conn, &actor.id)?;
    let ids: Vec<String> = links.iter().map(|l| l.patient_id.clone()).collect();
    let patients = users::by_ids(conn, &ids)?;
    let mut out = Vec::new();
    let mut rows = Vec::new();
    let at = db::now();
    for link in links {
        let Some(patient) = patients.iter().find(|p| p.id == link.patient_id && p.deactivated_at.is_none()) else {
            continue;
        };
        let held = scopes_from_text(&link.scopes);
        let scopes: Vec<Scope> = caseload_scopes.iter().copied().filter(|s| held.contains(s)).collect();
        // One row per patient for this view of the caseload, with the scopes it read.
        if !scopes.is_empty() {
            rows.push(AuditRow {
                id: db::new_id(),
                actor_id: actor.id.clone(),
                patient_id: patient.id.clone(),
                scope: audit_subjects(&scopes),
                action: "read".to_owned(),
                endpoint: endpoint.to_owned(),
                at,
            });
        }
        out.push(CaseloadGrant {
            patient_id: patient.id.clone(),
            patient_name: patient.display_name.clone(),
            patient_time_zone: patient.time_zone.clone(),
            scopes,
        });
    }
    audit_log::insert_all(conn, &rows)?;
    Ok(out)
}

/// The caller's own id, once the gate agrees they are a patient acting on their own diary (their
/// reminders and devices are theirs alone, like the diary itself).
pub fn own_patient_id(conn: &mut DbConn, caller: &Caller, endpoint: &str) -> AppResult<String> {
    Ok(own_patient(conn, caller, endpoint)?.patient_id().to_owned())
}

/// The gate's grant for a patient acting on their own record.
pub fn own_patient(conn: &mut DbConn, caller: &Caller, endpoint: &str) -> AppResult<Grant> {
    require(conn, caller, &caller.user_id, Need::OwnDiary, endpoint)
}

/// Runs the gate, then `work` with the grant. No transaction is opened here: the audit row is
/// written (autocommit) when access is granted, so it records every granted access even if the
/// work then fails, and `work` may open its own transaction with a write first (SQLite upgrades a
/// read transaction to a write one only without waiting).
pub fn with_grant<T>(
    conn: &mut DbConn,
    caller: &Caller,
    patient_id: &str,
    need: Need,
    endpoint: &str,
    work: impl FnOnce(&mut DbConn, &Grant) -> AppResult<T>,
) -> AppResult<T> {
    let grant = crate::timing::phase("gate", || require(conn, caller, patient_id, need, endpoint))?;
    work(conn, &grant)
}
