//! A finding: one pattern in the diary, told as a plain-language observation with the numbers behind it.
//!
//! Wording rules (`ux.md`): say what the diary shows, never what it means about the person or what they
//! should take. No dose advice, no alarm words, no labels; "doses" and "medicine use". One sentence.
//! Each sentence is written once as a template with a few tokens, so it can be shown to the person
//! ("Most of your doses…") or to a carer or worker ("Most of Alex's doses…").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::stats::round2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Most doses fell in one part of the day.
    DoseTimingPeak,
    /// Most doses fell in the evening, mostly on days with high stress logged.
    DosesEveningHighStress,
    /// The reason ticked most often.
    TopReason,
    /// Doses taken when pain was not above the person's own recent level.
    DosesWithoutPainRise,
    BoomAndBust,
    PacingVsBaseline,
    OmeHigh,
    OmeRising,
    SleepVsNextDayPain,
    /// Nights with sleep tips tried against other nights.
    SleepWithTips,
    WeekOnWeek,
    /// Minutes of relaxation practice, and feeling before and after where rated.
    RelaxationPractice,
    /// Pain logged just before and just after relaxation sessions.
    RelaxationPain,
}

impl FindingKind {
    /// The snake_case name, as in JSON (for `data-kind` attributes and CSS).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::DoseTimingPeak => "dose_timing_peak",
            FindingKind::DosesEveningHighStress => "doses_evening_high_stress",
            FindingKind::TopReason => "top_reason",
            FindingKind::DosesWithoutPainRise => "doses_without_pain_rise",
            FindingKind::BoomAndBust => "boom_and_bust",
            FindingKind::PacingVsBaseline => "pacing_vs_baseline",
            FindingKind::OmeHigh => "ome_high",
            FindingKind::OmeRising => "ome_rising",
            FindingKind::SleepVsNextDayPain => "sleep_vs_next_day_pain",
            FindingKind::SleepWithTips => "sleep_with_tips",
            FindingKind::WeekOnWeek => "week_on_week",
            FindingKind::RelaxationPractice => "relaxation_practice",
            FindingKind::RelaxationPain => "relaxation_pain",
        }
    }
}

/// One number behind a finding, under a stable snake_case key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Number {
    pub key: String,
    pub value: f64,
}

/// Inclusive dates a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    pub kind: FindingKind,
    /// The sentence for the person themself ("you").
    pub takeaway: String,
    /// The same sentence with tokens ({you}, {your}, {You}, {Your}, {were}, {have}); see
    /// [`Finding::takeaway_about`].
    pub template: String,
    pub numbers: Vec<Number>,
    pub period: Period,
    /// Days the finding points at (for example the busy days of boom and bust), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<NaiveDate>,
}

impl Finding {
    pub(crate) fn new(kind: FindingKind, template: String, numbers: &[(&str, f64)], period: Period) -> Self {
        Self {
            kind,
            takeaway: fill(&template, None),
            template,
            numbers: numbers.iter().map(|(k, v)| Number { key: (*k).to_owned(), value: round2(*v) }).collect(),
            period,
            dates: Vec::new(),
        }
    }

    pub(crate) fn with_dates(mut self, dates: Vec<NaiveDate>) -> Self {
        self.dates = dates;
        self
    }

    /// The sentence about someone else, for a carer or worker: "Most of Alex's doses…".
    pub fn takeaway_about(&self, name: &str) -> String {
        fill(&self.template, Some(name))
    }

    /// A number behind the finding by key.
    pub fn number(&self, key: &str) -> Option<f64> {
        self.numbers.iter().find(|n| n.key == key).map(|n| n.value)
    }
}

/// Replaces the tokens for "you" (`name == None`) or a named person, in one pass (so a name that
/// happens to contain braces is left alone). The app's chart sentences use the same tokens.
pub fn fill(template: &str, name: Option<&str>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            out.push_str(after);
            return out;
        };
        let token = &after[1..close];
        let word = match (token, name) {
            ("you", None) => "you".to_owned(),
            ("You", None) => "You".to_owned(),
            ("your", None) => "your".to_owned(),
            ("Your", None) => "Your".to_owned(),
            ("were", None) => "were".to_owned(),
            ("have", None) => "have".to_owned(),
            ("you" | "You", Some(n)) => n.to_owned(),
            ("your" | "Your", Some(n)) => format!("{n}'s"),
            ("were", Some(_)) => "was".to_owned(),
            ("have", Some(_)) => "has".to_owned(),
            _ => after[..=close].to_owned(),
        };
        out.push_str(&word);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// "3 Mar".
pub(crate) fn short_date(d: NaiveDate) -> String {
    d.format("%-d %b").to_string()
}

/// How a period is named in a sentence: "this week", "in the last 28 days", "from 3 Mar to 9 Mar".
pub(crate) fn period_words(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> String {
    let days = (to - from).num_days() + 1;
    match (to == today, days) {
        (true, 1) => "today".to_owned(),
        (true, 7) => "this week".to_owned(),
        (true, n) => format!("in the last {n} days"),
        (false, 1) => format!("on {}", short_date(from)),
        (false, _) => format!("from {} to {}", short_date(from), short_date(to)),
    }
}

/// One decimal place: "4.5".
pub(crate) fn one_dp(x: f64) -> String {
    format!("{x:.1}")
}

/// Whole number: "45".
pub(crate) fn whole(x: f64) -> String {
    format!("{x:.0}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn you_or_a_name() {
        let t = "{You} {were} busy; most of {your} doses came late and {you} {have} a {plan}.";
        assert_eq!(fill(t, None), "You were busy; most of your doses came late and you have a {plan}.");
        assert_eq!(fill(t, Some("Alex")), "Alex was busy; most of Alex's doses came late and Alex has a {plan}.");
        assert_eq!(fill("{You} {unclosed", Some("{your}")), "{your} {unclosed");
    }

    #[test]
    fn kind_names_match_the_json() {
        use FindingKind::*;
        let all = [
            DoseTimingPeak,
            DosesEveningHighStress,
            TopReason,
            DosesWithoutPainRise,
            BoomAndBust,
            PacingVsBaseline,
            OmeHigh,
            OmeRising,
            SleepVsNextDayPain,
            WeekOnWeek,
        ];
        for kind in all {
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::Value::from(kind.as_str()));
        }
    }

    #[test]
    fn periods_in_words() {
        let d = |day| NaiveDate::from_ymd_opt(2025, 3, day).unwrap();
        assert_eq!(period_words(d(3), d(9), d(9)), "this week");
        assert_eq!(period_words(d(1), d(28), d(28)), "in the last 28 days");
        assert_eq!(period_words(d(3), d(9), d(20)), "from 3 Mar to 9 Mar");
        assert_eq!(period_words(d(9), d(9), d(9)), "today");
        assert_eq!(period_words(d(9), d(9), d(10)), "on 9 Mar");
    }
}
