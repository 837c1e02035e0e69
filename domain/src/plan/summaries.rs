//! "What we agreed": after a session the project worker writes a short summary for the patient —
//! what they talked about, what they agreed, and the next session's date. Separate from the
//! worker's private session notes: the patient reads these on My plan, and a carer with the
//! `notes` scope reads them too.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

use crate::session_notes::{EARLIEST_SESSION_YEAR, SessionNoteError, latest_session_date, parse_date};

/// The longest part of a summary, in characters: a short summary, read on a phone.
pub const MAX_SUMMARY_CHARS: usize = 2000;

/// `POST /api/patients/{patient_id}/summaries`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryRequest {
    /// The day of the session, `YYYY-MM-DD`, from 2000 to today.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::session_notes::session_date))]
    pub session_date: String,
    /// What we talked about.
    #[cfg_attr(feature = "openapi", schema(max_length = 2000, pattern = r"\S"))]
    pub talked_about: String,
    /// What we agreed (optional).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub agreed: String,
    /// The next session, `YYYY-MM-DD` (optional, blank for none; after the session).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})?\s*$"))]
    pub next_session: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryView {
    pub id: Uuid,
    pub author_name: String,
    pub session_date: NaiveDate,
    pub talked_about: String,
    pub agreed: String,
    pub next_session: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SummaryError {
    #[error("Please write a line about what you talked about.")]
    Empty,
    #[error("Please keep each part of the summary under {MAX_SUMMARY_CHARS} characters.")]
    TooLong { field: &'static str },
    #[error("{0}")]
    SessionDate(SessionNoteError),
    #[error("Please give the next session as a date, like 2025-06-03.")]
    BadNextSession,
    #[error("The next session should be after this one.")]
    NextBeforeThis,
}

impl SummaryError {
    pub fn field(&self) -> &'static str {
        match self {
            Self::Empty => "talked_about",
            Self::TooLong { field } => field,
            Self::SessionDate(_) => "session_date",
            Self::BadNextSession | Self::NextBeforeThis => "next_session",
        }
    }
}

/// A checked summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub session_date: NaiveDate,
    pub talked_about: String,
    pub agreed: String,
    pub next_session: Option<NaiveDate>,
}

fn part(raw: &str, field: &'static str) -> Result<String, SummaryError> {
    let text = raw.trim();
    if text.chars().count() > MAX_SUMMARY_CHARS {
        return Err(SummaryError::TooLong { field });
    }
    Ok(text.to_owned())
}

impl Summary {
    /// Checks a request against the patient's `today` (a session today or earlier, one day of
    /// slack as for session notes; a next session after it).
    pub fn parse(req: &SummaryRequest, today: NaiveDate) -> Result<Self, SummaryError> {
        let session_date = parse_date(&req.session_date).map_err(SummaryError::SessionDate)?;
        if session_date > latest_session_date(today) {
            return Err(SummaryError::SessionDate(SessionNoteError::Future));
        }
        if session_date.year() < EARLIEST_SESSION_YEAR {
            return Err(SummaryError::SessionDate(SessionNoteError::TooEarly));
        }
        let talked_about = part(&req.talked_about, "talked_about")?;
        if talked_about.is_empty() {
            return Err(SummaryError::Empty);
        }
        let next_session = match req.next_session.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => Some(parse_date(raw).map_err(|_| SummaryError::BadNextSession)?),
        };
        if next_session.is_some_and(|next| next <= session_date) {
            return Err(SummaryError::NextBeforeThis);
        }
        Ok(Self { session_date, talked_about, agreed: part(&req.agreed, "agreed")?, next_session })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn req(date: &str, next: Option<&str>) -> SummaryRequest {
        SummaryRequest {
            session_date: date.into(),
            talked_about: " Pacing the gardening. ".into(),
            agreed: "Try 15 minutes then a rest.".into(),
            next_session: next.map(Into::into),
        }
    }

    const TODAY: &str = "2026-03-04";

    #[test]
    fn a_summary_is_trimmed_and_keeps_its_next_session() {
        let s = Summary::parse(&req("2026-03-04", Some("2026-03-18")), day(TODAY)).unwrap();
        assert_eq!(s.talked_about, "Pacing the gardening.");
        assert_eq!(s.next_session, Some(day("2026-03-18")));
        assert_eq!(Summary::parse(&req("2026-03-04", Some("  ")), day(TODAY)).unwrap().next_session, None);
    }

    #[test]
    fn the_next_session_comes_after_this_one() {
        let err = Summary::parse(&req("2026-03-04", Some("2026-03-04")), day(TODAY)).unwrap_err();
        assert_eq!(
            (err.field(), err.to_string().as_str()),
            ("next_session", "The next session should be after this one.")
        );
        assert_eq!(
            Summary::parse(&req("2026-03-04", Some("next week")), day(TODAY)),
            Err(SummaryError::BadNextSession)
        );
    }

    #[test]
    fn the_session_is_today_or_earlier_and_says_something() {
        let err = Summary::parse(&req("2026-03-09", None), day(TODAY)).unwrap_err();
        assert_eq!(err.to_string(), "The session date can't be in the future.");
        assert_eq!(err.field(), "session_date");
        assert!(matches!(
            Summary::parse(&req("1999-03-01", None), day(TODAY)),
            Err(SummaryError::SessionDate(SessionNoteError::TooEarly))
        ));
        let mut empty = req("2026-03-04", None);
        empty.talked_about = "  ".into();
        assert_eq!(Summary::parse(&empty, day(TODAY)), Err(SummaryError::Empty));
        let mut long = req("2026-03-04", None);
        long.agreed = "a".repeat(MAX_SUMMARY_CHARS + 1);
        assert_eq!(Summary::parse(&long, day(TODAY)).unwrap_err().field(), "agreed");
    }
}
