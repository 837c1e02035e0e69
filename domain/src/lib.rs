//! Even Keel's shared crate: the API contract (request and response types, error codes) and the pure
//! logic both the phone app and the server need. No I/O lives here, so everything is unit-testable
//! and compiles to wasm32 as well as native.

// Tests may unwrap: a panic there is a failing test with its message.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod account;
pub mod api;
pub mod audio;
pub mod breathing;
pub mod crisis;
pub mod dates;
pub mod diary;
pub mod error;
pub mod ids;
pub mod merge;
pub mod ome;
pub mod parts;
pub mod patterns;
pub mod plan;
pub mod recovery;
pub mod relax_suggestions;
pub mod reminders;
pub mod scores;
pub mod session_notes;
pub mod settings;
pub mod sharing;
pub mod sleep;
pub mod sleep_window;
pub mod whole;

pub use crisis::{CrisisContact, UK_CRISIS_CONTACTS};
pub use diary::{
    Change, EntryData, EntryError, EntryKind, EntryTime, Op, Rejected, ServerChange, SyncRequest, SyncResponse,
};
pub use merge::{Stored, apply, wins};
pub use ome::{
    ActivePatch, HIGH_DOSE_OME_MG_PER_DAY, NotConverted, NotConvertedReason, OmeOutcome, OmeTotal, Opioid, OralDose,
    TABLE_VERSION, Table, daily_ome, ome_for_dose, ome_mg_per_day_for_patch,
};
pub use patterns::{DiaryItem, Finding, FindingKind, Flag, FlagKind, PatternInput, Patterns};
pub use scores::{FeelScore, InterferenceScore, PainScore, StressScore};
pub use sleep::{SleepDiary, SleepDiaryInput, SleepMetrics, SleepQuality};
