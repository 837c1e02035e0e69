//! "When was it?": the time an entry happened, changeable after a quick log (a dose taken an hour
//! ago, a pain score from this morning). Shown and edited in the phone's wall-clock time, saved with
//! the offset in force at that time, and saved at once like every other detail.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use evenkeel_domain::diary::EntryTime;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::components::draft::Draft;
use crate::store::clock;

/// `2026-11-26T09:30`, the value of a `datetime-local` input (written by hand: no chrono formatting
/// code in the download).
fn input_value(t: NaiveDateTime) -> String {
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
}

fn parse_input(value: &str) -> Option<NaiveDateTime> {
    let (date, time) = value.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<u32>().ok());
    let (hour, minute) = (t.next()??, t.next()??);
    Some(NaiveDate::from_ymd_opt(year as i32, month, day)?.and_time(NaiveTime::from_hms_opt(hour, minute, 0)?))
}

#[component]
pub fn WhenField(draft: Draft, key: &'static str, id: &'static str, label: &'static str) -> impl IntoView {
    let shown = move || EntryTime::parse(&draft.get_str(key)).map(|t| input_value(t.local())).unwrap_or_default();
    let latest = move || input_value(clock::now().local());
    let change = move |ev| {
        let Some(time) = parse_input(&event_target_value(&ev)).and_then(clock::local) else { return };
        draft.set(key, Value::from(time.to_rfc3339()));
        spawn_local(async move {
            draft.save("Time changed").await;
        });
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="datetime-local" prop:value=shown max=latest on:change=change/>
        </div>
    }
}
