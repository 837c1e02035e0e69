//! The pattern engine, shared by the app (in the browser, as wasm) and the server: daily rollups, dose
//! timing, and findings told as plain-language observations with the numbers behind them, plus the
//! worker's caseload flags. Pure: the diary, the medicine list, the period and today's date go in;
//! [`Patterns`] comes out. No clock, no I/O.
//!
//! Each rule lives in its own file with its thresholds as named constants and their source; where
//! `shared/domain.md` gives no figure the constant is marked [ASSUMPTION]. The engine records and
//! describes; it never recommends a dose.
//!
//! Cost: one sort of the entries, then passes over local days (see [`index`]); 2 years of dense diary
//! (~30,000 entries) is measured by `domain/benches/patterns.rs`.

pub mod boom_bust;
pub mod caseload;
pub mod demo;
pub mod finding;
pub mod flags;
mod index;
pub mod input;
pub mod pacing;
mod pain_rise;
pub mod patch;
mod practice;
pub mod rollup;
pub mod speed_check;
mod stats;
pub mod timing;
mod trends;
mod weeks;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod props;

use serde::{Deserialize, Serialize};

pub use boom_bust::{BoomBustEpisode, BustDay};
pub use finding::{Finding, FindingKind, Number, Period};
pub use flags::{Flag, FlagKind};
pub use input::{DiaryItem, PatternInput};
pub use pacing::PacingActivity;
pub use rollup::DayRollup;
pub use timing::{DayPart, ReasonCount};

use index::Index;

/// Everything the Patterns screens and the worker's caseload show. Lists are in a fixed order (days
/// oldest first; findings in the order of the rules below; flags in [`FlagKind`] order), so the same
/// diary always gives the same JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Patterns {
    /// One row per day from `from` to `to`.
    pub days: Vec<DayRollup>,
    /// Doses in the period by local weekday (Monday first) × hour (0–23).
    pub heatmap: [[u32; 24]; 7],
    /// Doses by reason, most frequent first.
    pub reasons: Vec<ReasonCount>,
    pub findings: Vec<Finding>,
    pub flags: Vec<Flag>,
    /// Boom-and-bust episodes in the period, oldest first.
    pub episodes: Vec<BoomBustEpisode>,
    /// Paced activities with a baseline, by name.
    pub pacing: Vec<PacingActivity>,
}

/// Runs every rule over the input.
pub fn compute(input: &PatternInput) -> Patterns {
    let ix = Index::build(input);
    let days = ix.period().map(|i| DayRollup::new(ix.date(i), &ix.days[i])).collect();
    let episodes = boom_bust::episodes(&ix);
    let pacing = pacing::activities(&ix);
    let weeks = trends::Weeks::new(&ix);
    let mut findings = Vec::new();
    findings.extend(timing::dose_timing(&ix));
    findings.extend(timing::top_reason(&ix));
    findings.extend(pain_rise::finding(&ix));
    findings.extend(boom_bust::finding(&ix, &episodes));
    findings.extend(pacing::findings(&ix, &pacing));
    findings.extend(trends::ome_high(&ix));
    findings.extend(trends::ome_rising(&weeks));
    findings.extend(trends::sleep_vs_next_day_pain(&ix));
    findings.extend(trends::sleep_with_tips(&ix));
    findings.extend(trends::week_on_week(&weeks));
    findings.extend(practice::finding(&ix));
    findings.extend(practice::pain_around(&ix));
    Patterns {
        days,
        heatmap: timing::heatmap(&ix),
        reasons: timing::reasons(&ix),
        findings,
        flags: flags::flags(&ix),
        episodes,
        pacing,
    }
}
