//! "I'd like to talk": a patient asks their project worker to get in touch (issue 13).
//!
//! The phone makes the request's id, so a request sent again after a dropped connection is the same
//! request: it arrives once. The service is not watched around the clock, and every screen that
//! sends a request says so, with 111 and 999 one tap away.

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

pub const MAX_NOTE_CHARS: usize = 500;
pub const MAX_TIMES_CHARS: usize = 120;
pub const MAX_REPLY_CHARS: usize = 200;
/// An open request older than this many working days shows as overdue on the caseload.
pub const OVERDUE_WORKING_DAYS: u32 = 2;

/// Said wherever a request is sent (`domain.md` §8).
pub const NOT_WATCHED: &str =
    "This service isn't watched around the clock. If you need help now, call NHS 111. In an emergency, call 999.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactReason {
    Medicines,
    /// Asking to pause a reduction: the prescriber decides, the worker passes it on.
    PauseReduction,
    Flare,
    Feelings,
    SomethingElse,
}

impl ContactReason {
    pub const ALL: [ContactReason; 5] =
        [Self::Medicines, Self::PauseReduction, Self::Flare, Self::Feelings, Self::SomethingElse];

    pub fn label(self) -> &'static str {
        match self {
            Self::Medicines => "About my medicines",
            Self::PauseReduction => "I'd like to pause my reduction",
            Self::Flare => "A flare",
            Self::Feelings => "How I'm feeling",
            Self::SomethingElse => "Something else",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Medicines => "medicines",
            Self::PauseReduction => "pause_reduction",
            Self::Flare => "flare",
            Self::Feelings => "feelings",
            Self::SomethingElse => "something_else",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// `POST /api/patients/{patient_id}/contact-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequestBody {
    /// Made by the phone: sending it again is harmless.
    pub id: Uuid,
    pub reason: ContactReason,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: String,
    /// "Weekday mornings", "after 2pm".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub good_times: String,
    /// When the patient pressed Send (the phone's clock; it may have waited offline).
    pub sent_at: DateTime<Utc>,
}

/// `PATCH /api/contact-requests/{id}`: any of these, by a worker on an active link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPatch {
    #[serde(default)]
    pub seen: bool,
    /// One line back to the patient: "I'll ring you tomorrow morning."
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = r"\S"))]
    pub reply: Option<String>,
    #[serde(default)]
    pub close: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactStatus {
    Sent,
    Seen,
    /// The worker replied: they will call.
    WillCall,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequestView {
    pub id: Uuid,
    pub patient_id: Uuid,
    pub patient_name: String,
    pub reason: ContactReason,
    pub reason_label: String,
    pub note: String,
    pub good_times: String,
    pub sent_at: DateTime<Utc>,
    pub status: ContactStatus,
    /// For the patient: "Sent", "Seen by Jo", "Jo will call you", "Done".
    pub status_line: String,
    pub worker_name: Option<String>,
    pub reply: Option<String>,
    /// For the worker: open for more than two working days.
    pub overdue: bool,
    /// For the worker: "Sent 3 hours ago", "Sent 2 days ago".
    pub age: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ContactError {
    #[error("Please keep this shorter.")]
    TooLong { field: &'static str },
    #[error("Please write the reply, or leave it out.")]
    EmptyReply,
    #[error("Nothing to change: mark it seen, reply, or close it.")]
    NothingToChange,
    #[error("That request was sent with a different message. Please try again.")]
    DifferentBody,
}

impl ContactError {
    pub fn field(&self) -> &'static str {
        match self {
            Self::TooLong { field } => field,
            Self::EmptyReply => "reply",
            Self::NothingToChange | Self::DifferentBody => "body",
        }
    }
}

fn trimmed(raw: &str, max: usize, field: &'static str) -> Result<String, ContactError> {
    let t = raw.trim();
    if t.chars().count() > max {
        return Err(ContactError::TooLong { field });
    }
    Ok(t.to_owned())
}

impl ContactRequestBody {
    pub fn parse(&self) -> Result<ContactRequestBody, ContactError> {
        Ok(ContactRequestBody {
            note: trimmed(&self.note, MAX_NOTE_CHARS, "note")?,
            good_times: trimmed(&self.good_times, MAX_TIMES_CHARS, "good_times")?,
            ..self.clone()
        })
    }
}

impl ContactPatch {
    pub fn parse(&self) -> Result<ContactPatch, ContactError> {
        let reply = match &self.reply {
            None => None,
            Some(r) => {
                let r = trimmed(r, MAX_REPLY_CHARS, "reply")?;
                if r.is_empty() {
                    return Err(ContactError::EmptyReply);
                }
                Some(r)
            }
        };
        if !self.seen && !self.close && reply.is_none() {
            return Err(ContactError::NothingToChange);
        }
        Ok(ContactPatch { seen: self.seen, reply, close: self.close })
    }
}

/// Where a request stands, from what the worker has done.
pub fn status(seen: bool, replied: bool, closed: bool) -> ContactStatus {
    match (closed, replied, seen) {
        (true, _, _) => ContactStatus::Done,
        (_, true, _) => ContactStatus::WillCall,
        (_, _, true) => ContactStatus::Seen,
        _ => ContactStatus::Sent,
    }
}

/// The patient's words for a status.
pub fn status_line(status: ContactStatus, worker: Option<&str>) -> String {
    let worker = worker.unwrap_or("Your project worker");
    match status {
        ContactStatus::Sent => "Sent".to_owned(),
        ContactStatus::Seen => format!("Seen by {worker}"),
        ContactStatus::WillCall => format!("{worker} will call you"),
        ContactStatus::Done => "Done".to_owned(),
    }
}

/// Working days (Monday to Friday) after `sent` up to and including `today`.
pub fn working_days_since(sent: NaiveDate, today: NaiveDate) -> u32 {
    sent.iter_days()
        .skip(1)
        .take_while(|d| *d <= today)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .count() as u32
}

/// Open for more than [`OVERDUE_WORKING_DAYS`] working days. Bank holidays are not known, so a
/// request over one shows overdue a day early: on the safe side.
pub fn is_overdue(sent: NaiveDate, today: NaiveDate, open: bool) -> bool {
    open && working_days_since(sent, today) > OVERDUE_WORKING_DAYS
}

/// "Sent 5 minutes ago", "Sent 3 hours ago", "Sent 2 days ago".
pub fn age(sent: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - sent).num_minutes().max(0);
    let (n, unit) = match minutes {
        0..=59 => (minutes, "minute"),
        60..=1439 => (minutes / 60, "hour"),
        _ => (minutes / 1440, "day"),
    };
    if n == 0 {
        return "Sent just now".to_owned();
    }
    format!("Sent {n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn overdue_after_two_working_days() {
        // Monday 7 December 2026.
        assert_eq!(working_days_since(day("2026-12-07"), day("2026-12-09")), 2);
        assert!(!is_overdue(day("2026-12-07"), day("2026-12-09"), true));
        assert!(is_overdue(day("2026-12-07"), day("2026-12-10"), true));
        assert!(!is_overdue(day("2026-12-07"), day("2026-12-10"), false), "a closed request is never overdue");
        // Sent on Friday: the weekend doesn't count, so it is overdue on Wednesday.
        assert!(!is_overdue(day("2026-12-11"), day("2026-12-15"), true));
        assert!(is_overdue(day("2026-12-11"), day("2026-12-16"), true));
    }

    #[test]
    fn the_status_follows_what_the_worker_did() {
        assert_eq!(status(false, false, false), ContactStatus::Sent);
        assert_eq!(status(true, false, false), ContactStatus::Seen);
        assert_eq!(status(true, true, false), ContactStatus::WillCall);
        assert_eq!(status(true, true, true), ContactStatus::Done);
        assert_eq!(status_line(ContactStatus::WillCall, Some("Jo")), "Jo will call you");
        assert_eq!(status_line(ContactStatus::Seen, Some("Jo")), "Seen by Jo");
    }

    #[test]
    fn a_patch_must_change_something() {
        assert_eq!(ContactPatch::default().parse(), Err(ContactError::NothingToChange));
        let blank = ContactPatch { reply: Some("  ".to_owned()), ..Default::default() };
        assert_eq!(blank.parse(), Err(ContactError::EmptyReply));
        let reply = ContactPatch { reply: Some(" I'll ring you tomorrow ".to_owned()), ..Default::default() };
        assert_eq!(reply.parse().unwrap().reply.as_deref(), Some("I'll ring you tomorrow"));
    }

    #[test]
    fn the_age_in_words() {
        let sent = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let later = |m: i64| sent + chrono::Duration::minutes(m);
        assert_eq!(age(sent, later(0)), "Sent just now");
        assert_eq!(age(sent, later(1)), "Sent 1 minute ago");
        assert_eq!(age(sent, later(180)), "Sent 3 hours ago");
        assert_eq!(age(sent, later(2 * 1440 + 5)), "Sent 2 days ago");
    }
}
