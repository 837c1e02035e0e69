//! What the app reads of the server's insights (issue 5): the worker's caseload rows (a lean copy of
//! the server's JSON: fields the screen does not show are skipped, so their parsing code is not in
//! the download) and a patient's patterns (the engine's whole output, for the charts), plus small
//! number and date helpers and saving text as a file.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use evenkeel_domain::patterns::{Flag, FlagKind, Patterns};
use evenkeel_domain::sharing::Scope;
use serde::Deserialize;
use uuid::Uuid;

use crate::store::clock;

/// One patient on the caseload (`GET /api/caseload`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CaseloadRow {
    pub patient_id: Uuid,
    pub name: String,
    #[serde(default)]
    pub scopes: Vec<Scope>,
    pub last_entry_at: Option<DateTime<Utc>>,
    pub last_entry_day: Option<NaiveDate>,
    #[serde(default)]
    pub flags: Vec<Flag>,
    pub ome_mg_per_day_latest: Option<f64>,
    pub pain_7d_mean: Option<f64>,
    pub stress_7d_mean: Option<f64>,
    pub doses_7d: Option<u32>,
}

/// `GET /api/patients/{id}/patterns`, the parts the carer's or worker's patient page shows.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PatternsView {
    pub patient_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    #[serde(default)]
    pub scopes: Vec<Scope>,
    pub patterns: Patterns,
}

/// `path?from=…&to=…` with whichever dates are given.
pub fn dated(path: &str, from: Option<String>, to: Option<String>) -> String {
    let query: Vec<String> = [("from", from), ("to", to)]
        .into_iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| format!("{k}={v}")))
        .collect();
    if query.is_empty() { path.to_owned() } else { format!("{path}?{}", query.join("&")) }
}

/// One decimal place without float formatting ("4.5", "12.0").
pub fn one_dp(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// Rounded to a whole number.
pub fn whole(x: f64) -> String {
    ((x.round()) as i64).to_string()
}

/// How much a flag asks for a look, highest first: the caseload's default order and its chip tone.
pub fn weight(kind: FlagKind) -> u8 {
    match kind {
        // Someone asked to talk: always first.
        FlagKind::AskedToTalk => 9,
        FlagKind::MoodScreenPositive | FlagKind::OmeHigh => 4,
        FlagKind::AboveMedicineStep | FlagKind::MedicineStepSoon => 3,
        FlagKind::WithdrawalFeelingsOften | FlagKind::OmeRising => 3,
        FlagKind::NoRecentEntries | FlagKind::LongWait => 2,
        FlagKind::PainRising | FlagKind::StressRising => 1,
    }
}

/// A flag's short name, in words.
pub fn flag_label(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::OmeHigh => "High daily dose",
        FlagKind::OmeRising => "Doses rising",
        FlagKind::NoRecentEntries => "Quiet diary",
        FlagKind::LongWait => "Long wait",
        FlagKind::PainRising => "Pain rising",
        FlagKind::StressRising => "Stress rising",
        FlagKind::WithdrawalFeelingsOften => "Withdrawal feelings",
        FlagKind::MoodScreenPositive => "Mood check",
        FlagKind::AboveMedicineStep => "May want to talk",
        FlagKind::MedicineStepSoon => "Step coming up",
        FlagKind::AskedToTalk => "Asked to talk",
    }
}

/// The flag kind's snake-case name (for `data-kind` and CSS).
pub fn flag_key(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::OmeHigh => "ome_high",
        FlagKind::OmeRising => "ome_rising",
        FlagKind::NoRecentEntries => "no_recent_entries",
        FlagKind::LongWait => "long_wait",
        FlagKind::PainRising => "pain_rising",
        FlagKind::StressRising => "stress_rising",
        FlagKind::WithdrawalFeelingsOften => "withdrawal_feelings_often",
        FlagKind::MoodScreenPositive => "mood_screen_positive",
        FlagKind::AboveMedicineStep => "above_medicine_step",
        FlagKind::MedicineStepSoon => "medicine_step_soon",
        FlagKind::AskedToTalk => "asked_to_talk",
    }
}

/// "today", "yesterday", "3 days ago", "5 weeks ago" from whole days.
pub fn days_ago(days: i64) -> String {
    match days {
        i64::MIN..=0 => "Today".to_owned(),
        1 => "Yesterday".to_owned(),
        2..=13 => format!("{days} days ago"),
        14..=62 => format!("{} weeks ago", days / 7),
        _ => format!("{} months ago", days / 30),
    }
}

/// "Mon 3 Jun" for a local day.
pub fn short_day(d: NaiveDate) -> String {
    let weekday = clock::DAYS[d.weekday().num_days_from_monday() as usize];
    format!("{} {} {}", &weekday[..3], d.day(), &clock::MONTHS[d.month0() as usize][..3])
}

/// "3 June 2025" for a local day.
pub fn long_day(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), clock::MONTHS[d.month0() as usize], d.year())
}

/// `YYYY-MM-DD`, as the API and `<input type="date">` want it.
pub fn iso_day(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Parses `YYYY-MM-DD`.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Hands text to the browser as a file download (a Blob URL and an `<a download>`).
pub fn save_text(text: &str, name: &str, mime: &str) -> Option<()> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window().and_then(|w| w.document())?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
