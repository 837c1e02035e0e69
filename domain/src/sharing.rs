//! Consent-based sharing (`design.md`, "Roles and consent"): what a patient can share (scopes), with
//! whom (carer or project worker), the invite and enrolment codes that make a care link, and the
//! request and response bodies of the sharing, audit, notes and "my data" endpoints.
//!
//! A care link moves `invited → active → revoked`:
//! - `invited`: a worker's enrolment code was used by the patient; nothing is shared until the patient
//!   confirms which scopes to share (`PATCH /api/links/{id}`);
//! - `active`: the member sees exactly the link's scopes;
//! - `revoked`: the patient (or the deletion of either account) ended it. It is never reactivated;
//!   a new invite makes a new link.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::diary::{EntryKind, OmeFigure};

/// One part of a patient's diary that can be shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Pain,
    Activity,
    /// Medicines and doses (with their oral morphine equivalent).
    Doses,
    Mood,
    Sleep,
    Relaxation,
    Goals,
    Plan,
    /// Notes: read notes about the patient, and add an observation.
    Notes,
}

impl Scope {
    pub const ALL: [Scope; 9] = [
        Self::Pain,
        Self::Activity,
        Self::Doses,
        Self::Mood,
        Self::Sleep,
        Self::Relaxation,
        Self::Goals,
        Self::Plan,
        Self::Notes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pain => "pain",
            Self::Activity => "activity",
            Self::Doses => "doses",
            Self::Mood => "mood",
            Self::Sleep => "sleep",
            Self::Relaxation => "relaxation",
            Self::Goals => "goals",
            Self::Plan => "plan",
            Self::Notes => "notes",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The scope that covers diary entries of `kind`.
    pub fn for_kind(kind: EntryKind) -> Self {
        match kind {
            EntryKind::Medication | EntryKind::Dose => Self::Doses,
            EntryKind::Pain => Self::Pain,
            EntryKind::Activity => Self::Activity,
            EntryKind::Mood => Self::Mood,
            EntryKind::Sleep => Self::Sleep,
            EntryKind::Relaxation => Self::Relaxation,
            EntryKind::Withdrawal => Self::Plan,
        }
    }

    /// Words for a person: "Alex hasn't shared their {label} with you."
    pub fn label(self) -> &'static str {
        match self {
            Self::Pain => "pain diary",
            Self::Activity => "activity diary",
            Self::Doses => "medicines and doses",
            Self::Mood => "mood diary",
            Self::Sleep => "sleep diary",
            Self::Relaxation => "relaxation practice",
            Self::Goals => "goals",
            Self::Plan => "plan",
            Self::Notes => "notes",
        }
    }
}

/// Scopes as stored in one text column: sorted, unique, comma-separated (`"doses,pain"`).
pub fn scopes_to_text(scopes: &[Scope]) -> String {
    let mut sorted = scopes.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
}

/// The inverse of [`scopes_to_text`]; unknown names are skipped.
pub fn scopes_from_text(text: &str) -> Vec<Scope> {
    let mut scopes: Vec<Scope> = text.split(',').filter_map(|s| Scope::parse(s.trim())).collect();
    scopes.sort();
    scopes.dedup();
    scopes
}

/// How the other person is related to the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Carer,
    /// A project worker at the GP practice.
    Worker,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Carer => "carer",
            Self::Worker => "worker",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "carer" => Some(Self::Carer),
            "worker" => Some(Self::Worker),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    /// Made from a worker's enrolment code; waits for the patient to choose what to share.
    Invited,
    Active,
    Revoked,
}

impl LinkState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Active => "active",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "invited" => Some(Self::Invited),
            "active" => Some(Self::Active),
            "revoked" => Some(Self::Revoked),
            _ => None,
        }
    }
}

/// Invite and enrolment codes: 8 characters from an alphabet without look-alikes (no I, L, O, 0, 1),
/// shown as `ABCD-EFGH`. About 8.5 × 10¹¹ codes, single use, valid for 7 days.
pub mod code {
    pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    pub const LEN: usize = 8;
    pub const VALID_DAYS: i64 = 7;

    /// A code as a person may type it (`abcd efgh`, `ABCD-EFGH`) in canonical form (`ABCDEFGH`),
    /// or `None` when it cannot be a code.
    pub fn normalize(typed: &str) -> Option<String> {
        let code: String =
            typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        let valid = code.len() == LEN && code.bytes().all(|b| ALPHABET.contains(&b));
        valid.then_some(code)
    }

    /// `ABCDEFGH` → `ABCD-EFGH`, easier to read out.
    pub fn display(code: &str) -> String {
        if code.len() == LEN { format!("{}-{}", &code[..LEN / 2], &code[LEN / 2..]) } else { code.to_owned() }
    }
}

/// `POST /api/invites`: a patient invites a carer or a project worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInviteRequest {
    pub relation: Relation,
    /// What the invited person will see once they accept.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub scopes: Vec<Scope>,
}

/// An invite or enrolment code, shown once (only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeResponse {
    /// E.g. `ABCD-EFGH`; accepted in lower case and without the dash too.
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptCodeRequest {
    pub code: String,
}

/// `PATCH /api/links/{id}`: the patient sets what this person sees (and confirms an enrolment).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateLinkRequest {
    pub scopes: Vec<Scope>,
}

/// A care link as either side sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkView {
    pub id: Uuid,
    pub patient_id: Uuid,
    pub patient_name: String,
    /// The carer or worker.
    pub member_id: Uuid,
    pub member_name: String,
    pub relation: Relation,
    pub scopes: Vec<Scope>,
    pub state: LinkState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One diary entry as a linked carer or worker (or the patient) reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryView {
    pub id: Uuid,
    pub kind: EntryKind,
    pub data: Value,
    pub recorded_at: DateTime<Utc>,
    /// The patient's UTC offset when the entry was made, in minutes.
    pub tz_offset_min: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ome: Option<OmeFigure>,
}

/// What an audit row is about: a part of the diary the patient shares, or a project worker's own
/// session notes about the patient (kept by the worker, not a scope the patient chooses; see
/// `crate::session_notes`). On the wire it is one string: the scope's name, or `session_notes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum AuditSubject {
    Scope(Scope),
    SessionNotes,
    /// The account itself: a `write` is the practice issuing a reset code for it.
    Account,
}

impl AuditSubject {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scope(scope) => scope.as_str(),
            Self::SessionNotes => "session_notes",
            Self::Account => "account",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "session_notes" => Some(Self::SessionNotes),
            "account" => Some(Self::Account),
            _ => Scope::parse(s).map(Self::Scope),
        }
    }
}

impl From<AuditSubject> for String {
    fn from(subject: AuditSubject) -> Self {
        subject.as_str().to_owned()
    }
}

impl TryFrom<String> for AuditSubject {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s).ok_or_else(|| format!("unknown audit subject {s:?}"))
    }
}

/// Who looked at (or added to) the patient's diary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditView {
    pub id: Uuid,
    pub actor_id: Uuid,
    pub actor_name: String,
    /// Their relation to the patient now; `None` when there is no link any more.
    pub relation: Option<Relation>,
    /// What was read or added to: scope names (`pain`, `notes`, …; one request may read several),
    /// or `session_notes` for a project worker's own session notes about the patient, or `account`.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, example = json!(["pain", "mood"])))]
    pub subjects: Vec<AuditSubject>,
    /// `read` or `write`.
    pub action: String,
    /// E.g. `GET /api/patients/{patient_id}/entries`.
    pub endpoint: String,
    pub at: DateTime<Utc>,
}

/// One page of "Who has looked", newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub rows: Vec<AuditView>,
    /// Pass as `before` to read the next, older page; absent on the oldest page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<String>,
}

pub const MAX_NOTE_CHARS: usize = 2000;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewNoteRequest {
    /// Up to 2000 characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 2000, pattern = r"\S"))]
    pub text: String,
}

/// An observation about the patient, shown as written by its author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteView {
    pub id: Uuid,
    pub patient_id: Uuid,
    pub author_id: Uuid,
    pub author_name: String,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/admin/workers`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateWorkerRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::account::schema::email))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::account::schema::display_name))]
    pub display_name: String,
}

/// A new worker account and its one-time password (shown only in this answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWorker {
    pub user: crate::api::UserView,
    pub one_time_password: String,
}

/// `DELETE /api/me`: the password confirms it is really the account holder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteAccountRequest {
    pub password: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_kind_has_a_scope() {
        assert_eq!(Scope::for_kind(EntryKind::Dose), Scope::Doses);
        assert_eq!(Scope::for_kind(EntryKind::Medication), Scope::Doses);
        assert_eq!(Scope::for_kind(EntryKind::Pain), Scope::Pain);
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
        }
    }

    #[test]
    fn scopes_round_trip_through_text_sorted_and_unique() {
        let text = scopes_to_text(&[Scope::Pain, Scope::Doses, Scope::Pain]);
        assert_eq!(text, "pain,doses");
        assert_eq!(scopes_from_text(&text), vec![Scope::Pain, Scope::Doses]);
        assert_eq!(scopes_from_text(""), Vec::<Scope>::new());
    }

    #[test]
    fn an_audit_subject_is_a_scope_name_or_session_notes() {
        assert_eq!(serde_json::to_value(AuditSubject::Scope(Scope::Pain)).unwrap(), "pain");
        assert_eq!(serde_json::to_value(AuditSubject::SessionNotes).unwrap(), "session_notes");
        for subject in
            Scope::ALL.map(AuditSubject::Scope).into_iter().chain([AuditSubject::SessionNotes, AuditSubject::Account])
        {
            assert_eq!(AuditSubject::parse(subject.as_str()), Some(subject));
            let back: AuditSubject = serde_json::from_value(serde_json::to_value(subject).unwrap()).unwrap();
            assert_eq!(back, subject);
        }
        assert!(serde_json::from_str::<AuditSubject>("\"everything\"").is_err());
    }

    #[test]
    fn codes_are_accepted_as_people_type_them() {
        assert_eq!(code::normalize("abcd-efgh").as_deref(), Some("ABCDEFGH"));
        assert_eq!(code::normalize(" ABCD EFGH ").as_deref(), Some("ABCDEFGH"));
        assert_eq!(code::normalize("ABCDEFG"), None, "too short");
        assert_eq!(code::normalize("ABCDEFG1"), None, "1 is not in the alphabet");
        assert_eq!(code::normalize("ABCDEFGO"), None, "O is not in the alphabet");
        assert_eq!(code::display("ABCDEFGH"), "ABCD-EFGH");
    }
}
