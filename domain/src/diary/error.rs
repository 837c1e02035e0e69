//! Why an entry was refused: a sentence naming the field for the person, a field key for the form,
//! and a stable code (`invalid_entry`) for `SyncResponse.rejected`.

use crate::sleep::SleepError;

/// What is wrong with one field. The message is built with the field's label, see [`EntryError`].
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    NotAnObject,
    Missing,
    NotText,
    Empty,
    TooLong {
        max: usize,
    },
    WholeNumber {
        min: i64,
        max: i64,
    },
    /// A positive amount, with an upper bound that catches typos.
    Positive {
        max: f64,
    },
    NotTime,
    NotDate,
    NotId,
    NotYesNo,
    OneOf(&'static [&'static str]),
    ListOf(&'static [&'static str]),
    Answers {
        count: usize,
        min: i64,
        max: i64,
    },
    UnknownField(String),
    PatchOpioidNeedsPatchForm,
    PatchNeedsMcgPerHour,
    McgPerHourIsForPatches,
    PatchFormNeedsPatchOpioid,
    MgPerMlIsForLiquids,
    TrackOrPattern,
    Sleep(SleepError),
}

/// A refused entry. Display is a whole sentence, e.g. "Pain score must be a whole number from 0 to 10."
#[derive(Debug, Clone, PartialEq)]
pub struct EntryError {
    /// The JSON key (nested keys joined with a dot, e.g. `peg.average`).
    pub field: &'static str,
    /// The words the message uses for the field, e.g. "Pain score".
    pub label: &'static str,
    pub problem: Problem,
}

impl EntryError {
    pub fn new(field: &'static str, label: &'static str, problem: Problem) -> Self {
        Self { field, label, problem }
    }

    /// The stable snake_case code for `Rejected.error`. Every entry problem shares one code; the field
    /// and the message say which problem it is.
    pub fn code(&self) -> &'static str {
        "invalid_entry"
    }

    pub fn field(&self) -> &'static str {
        self.field
    }

    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl From<SleepError> for EntryError {
    fn from(e: SleepError) -> Self {
        let field = e.field();
        Self::new(field, field, Problem::Sleep(e))
    }
}

impl std::error::Error for EntryError {}

impl std::fmt::Display for EntryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = self.label;
        match &self.problem {
            Problem::NotAnObject => write!(f, "This entry's details are missing or not in the expected form."),
            Problem::Missing => write!(f, "{label} is needed."),
            Problem::NotText => write!(f, "{label} must be text."),
            Problem::Empty => write!(f, "{label} can't be empty."),
            Problem::TooLong { max } => write!(f, "{label} can be at most {max} characters."),
            Problem::WholeNumber { min, max } => write!(f, "{label} must be a whole number from {min} to {max}."),
            Problem::Positive { max } => write!(f, "{label} must be a number above 0 and no more than {max}."),
            Problem::NotTime => {
                write!(f, "{label} must be a date and time with its offset from UTC, like 2025-03-01T09:30:00+00:00.")
            }
            Problem::NotDate => write!(f, "{label} must be a date like 2025-03-01."),
            Problem::NotId => write!(f, "{label} must be the id of something already saved."),
            Problem::NotYesNo => write!(f, "{label} must be yes or no."),
            Problem::OneOf(choices) => write!(f, "{label} must be one of: {}.", choices.join(", ")),
            Problem::ListOf(choices) => write!(f, "{label} must be a list chosen from: {}.", choices.join(", ")),
            Problem::Answers { count, min, max } => {
                write!(f, "{label} must be {count} answers, each a whole number from {min} to {max}.")
            }
            Problem::UnknownField(key) => write!(
                f,
                "This entry has a detail this version of Even Keel doesn't know (\"{key}\"). Updating the app should fix it."
            ),
            Problem::PatchOpioidNeedsPatchForm => {
                write!(f, "This medicine is a patch, so please choose \"patch\" as its form.")
            }
            Problem::PatchNeedsMcgPerHour => {
                write!(f, "A patch's strength is measured in micrograms per hour (mcg/h); please choose that unit.")
            }
            Problem::McgPerHourIsForPatches => write!(f, "Micrograms per hour (mcg/h) is only used for patches."),
            Problem::PatchFormNeedsPatchOpioid => write!(
                f,
                "For an opioid patch, please choose fentanyl patch or one of the buprenorphine patches as the medicine."
            ),
            Problem::MgPerMlIsForLiquids => {
                write!(f, "mg per ml is for liquids; tablets and capsules are measured in mg.")
            }
            Problem::TrackOrPattern => write!(f, "A session is either a track or a breathing pattern, not both."),
            Problem::Sleep(e) => write!(f, "{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_sentences_naming_the_field() {
        let e = EntryError::new("score", "Pain score", Problem::WholeNumber { min: 0, max: 10 });
        assert_eq!(e.to_string(), "Pain score must be a whole number from 0 to 10.");
        assert_eq!(e.code(), "invalid_entry");
        assert_eq!(e.field(), "score");
        let e = EntryError::new("form", "Form", Problem::OneOf(&["tablet", "patch"]));
        assert_eq!(e.to_string(), "Form must be one of: tablet, patch.");
    }

    #[test]
    fn sleep_errors_keep_their_own_sentence_and_field() {
        let e = EntryError::from(SleepError::TriedBeforeIntoBed);
        assert_eq!(e.field(), "tried_to_sleep");
        assert_eq!(e.to_string(), SleepError::TriedBeforeIntoBed.to_string());
    }
}
