//! Session notes: a project worker's private record of each one-to-one session with a patient.
//!
//! Only the worker who wrote a note sees it (and only while their care link is active); the patient
//! does not see them in the app, but they are part of the patient's record, so the patient's "My
//! data" download includes them. This module holds the request and response bodies of
//! `/api/patients/{patient_id}/session-notes` and the validation of a note, done once at the edge.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

/// The longest note, in characters.
pub const MAX_SESSION_NOTE_CHARS: usize = 5000;

/// The earliest session date accepted: anything before is taken to be a typing slip in the year.
pub const EARLIEST_SESSION_YEAR: i32 = 2000;

/// `POST` and `PUT /api/patients/{patient_id}/session-notes[/{note_id}]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionNoteRequest {
    /// The day of the session, `YYYY-MM-DD`, from 2000 to today.
    #[cfg_attr(feature = "openapi", schema(schema_with = session_date))]
    pub session_date: String,
    /// Up to 5000 characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 5000, pattern = r"\S"))]
    pub text: String,
}

/// One session note as its author reads it (and as the patient's export holds it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionNoteView {
    pub id: Uuid,
    pub patient_id: Uuid,
    pub author_id: Uuid,
    pub author_name: String,
    pub session_date: NaiveDate,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SessionNoteView {
    /// Changed after it was first saved.
    pub fn edited(&self) -> bool {
        self.updated_at > self.created_at
    }
}

/// Why a note was not accepted, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SessionNoteError {
    #[error("Please write something in the note.")]
    Empty,
    #[error("Please keep a note under {MAX_SESSION_NOTE_CHARS} characters.")]
    TooLong,
    #[error("Please give the session date as a date, like 2025-06-03.")]
    BadDate,
    #[error("The session date can't be in the future.")]
    Future,
    #[error("Please check the year of the session date: it is before {EARLIEST_SESSION_YEAR}.")]
    TooEarly,
}

impl SessionNoteError {
    /// The request field the error is about, so the app can show it next to that field.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Empty | Self::TooLong => "text",
            Self::BadDate | Self::Future | Self::TooEarly => "session_date",
        }
    }
}

/// A validated note: a real date no later than the patient's today, and trimmed, non-empty text
/// within the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionNote {
    pub session_date: NaiveDate,
    pub text: String,
}

impl SessionNote {
    /// Checks a request. `today` is today's date where the check runs (the server's UTC date); one
    /// day beyond it is allowed, since the patient's own day may already be tomorrow in UTC terms.
    pub fn parse(req: &SessionNoteRequest, today: NaiveDate) -> Result<Self, SessionNoteError> {
        let session_date = parse_date(&req.session_date)?;
        if session_date > latest_session_date(today) {
            return Err(SessionNoteError::Future);
        }
        if session_date.year() < EARLIEST_SESSION_YEAR {
            return Err(SessionNoteError::TooEarly);
        }
        Ok(Self { session_date, text: parse_text(&req.text)? })
    }
}

/// A session date in the OpenAPI document: a date (spaces around it forgiven) from
/// [`EARLIEST_SESSION_YEAR`] on. "Not after today" is said in words: JSON Schema has no today.
#[cfg(feature = "openapi")]
pub fn session_date() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Date)))
        .pattern(Some(r"^\s*[2-9][0-9]{3}-[0-9]{2}-[0-9]{2}\s*$"))
        .build()
}

/// The latest session date accepted when it is `today` (see [`SessionNote::parse`]).
pub fn latest_session_date(today: NaiveDate) -> NaiveDate {
    today.checked_add_days(Days::new(1)).unwrap_or(today)
}

/// `YYYY-MM-DD`, as a date field sends it (spaces around it are forgiven).
pub fn parse_date(raw: &str) -> Result<NaiveDate, SessionNoteError> {
    let raw = raw.trim();
    if raw.len() != 10 {
        return Err(SessionNoteError::BadDate);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| SessionNoteError::BadDate)
}

/// The note's text, trimmed; it must say something and stay within [`MAX_SESSION_NOTE_CHARS`].
pub fn parse_text(raw: &str) -> Result<String, SessionNoteError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(SessionNoteError::Empty);
    }
    if text.chars().count() > MAX_SESSION_NOTE_CHARS {
        return Err(SessionNoteError::TooLong);
    }
    Ok(text.to_owned())
}

/// A session date in short words: "Tue 3 Jun 2025".
pub fn day_label(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn req(date: &str, text: &str) -> SessionNoteRequest {
        SessionNoteRequest { session_date: date.into(), text: text.into() }
    }

    const TODAY: &str = "2025-06-03";

    #[test]
    fn a_note_about_today_or_an_earlier_day_is_accepted_and_trimmed() {
        let note = SessionNote::parse(&req("2025-06-03", "  Talked about pacing.\nAgreed a walk plan.  "), day(TODAY));
        assert_eq!(
            note,
            Ok(SessionNote { session_date: day(TODAY), text: "Talked about pacing.\nAgreed a walk plan.".into() })
        );
        assert!(SessionNote::parse(&req("2019-12-31", "Old session, written up late."), day(TODAY)).is_ok());
        assert!(SessionNote::parse(&req(" 2025-05-01 ", "x"), day(TODAY)).is_ok(), "spaces are forgiven");
    }

    #[test]
    fn tomorrow_is_allowed_for_time_zones_ahead_but_no_later() {
        assert!(SessionNote::parse(&req("2025-06-04", "x"), day(TODAY)).is_ok());
        assert_eq!(SessionNote::parse(&req("2025-06-05", "x"), day(TODAY)), Err(SessionNoteError::Future));
        assert_eq!(SessionNote::parse(&req("2031-01-01", "x"), day(TODAY)), Err(SessionNoteError::Future));
    }

    #[test]
    fn dates_must_be_real_and_plausible() {
        for bad in ["", "3/6/2025", "2025-6-3", "2025-02-30", "yesterday", "2025-06-03T10:00:00Z", "20250603"] {
            assert_eq!(SessionNote::parse(&req(bad, "x"), day(TODAY)), Err(SessionNoteError::BadDate), "{bad:?}");
        }
        assert_eq!(SessionNote::parse(&req("0025-06-03", "x"), day(TODAY)), Err(SessionNoteError::TooEarly));
        assert_eq!(SessionNoteError::TooEarly.field(), "session_date");
    }

    #[test]
    fn text_must_say_something_within_the_limit() {
        assert_eq!(parse_text("   \n\t "), Err(SessionNoteError::Empty));
        assert_eq!(parse_text(&"a".repeat(MAX_SESSION_NOTE_CHARS)).map(|t| t.len()), Ok(MAX_SESSION_NOTE_CHARS));
        assert_eq!(parse_text(&"a".repeat(MAX_SESSION_NOTE_CHARS + 1)), Err(SessionNoteError::TooLong));
        // The limit counts characters, not bytes.
        assert!(parse_text(&"é".repeat(MAX_SESSION_NOTE_CHARS)).is_ok());
        assert_eq!(SessionNoteError::Empty.field(), "text");
    }

    #[test]
    fn messages_are_plain_sentences() {
        assert_eq!(SessionNoteError::Empty.to_string(), "Please write something in the note.");
        assert_eq!(SessionNoteError::TooLong.to_string(), "Please keep a note under 5000 characters.");
        assert_eq!(SessionNoteError::Future.to_string(), "The session date can't be in the future.");
        assert!(SessionNoteError::BadDate.to_string().contains("like 2025-06-03"));
    }

    #[test]
    fn a_session_date_reads_as_short_words() {
        assert_eq!(day_label(day("2025-06-03")), "Tue 3 Jun 2025");
        assert_eq!(day_label(day("2026-12-25")), "Fri 25 Dec 2026");
    }

    #[test]
    fn edited_means_changed_after_it_was_first_saved() {
        let at = DateTime::parse_from_rfc3339("2025-06-03T10:00:00Z").unwrap().with_timezone(&Utc);
        let mut view = SessionNoteView {
            id: Uuid::nil(),
            patient_id: Uuid::nil(),
            author_id: Uuid::nil(),
            author_name: "Jo".into(),
            session_date: day(TODAY),
            text: "x".into(),
            created_at: at,
            updated_at: at,
        };
        assert!(!view.edited());
        view.updated_at = at + chrono::Duration::minutes(5);
        assert!(view.edited());
    }
}
