//! "Sleep last night": the Consensus Sleep Diary items as clock times and a few numbers (estimates
//! are fine — no clock-watching), then the night's time in bed, time asleep and sleep efficiency
//! worked out by the domain crate as the person types.

use chrono::NaiveTime;
use evenkeel_domain::diary::{EntryData, EntryKind};
use evenkeel_domain::sleep::{SleepQuality, place_clock_times};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Map, Value};

use crate::components::draft::{Draft, FieldMessage, SyncBadge};
use crate::store::{Row, clock};

const TIMES: [(&str, &str); 4] = [
    ("into_bed", "What time did you get into bed?"),
    ("tried_to_sleep", "What time did you try to go to sleep?"),
    ("final_waking", "What time did you wake up for the last time?"),
    ("out_of_bed", "What time did you get out of bed for the day?"),
];
const NUMBERS: [(&str, &str, &str); 3] = [
    ("minutes_to_fall_asleep", "How long did it take you to fall asleep? (minutes)", "A guess is fine."),
    ("awakenings", "How many times did you wake up, not counting the last time?", ""),
    ("minutes_awake_in_night", "In total, how long were those awakenings? (minutes)", "0 if you didn't wake."),
];

fn hhmm(rfc3339: &str) -> String {
    // "2025-03-01T22:30:00+00:00" → "22:30"
    rfc3339.get(11..16).unwrap_or_default().to_owned()
}

#[component]
pub fn SleepForm(editing: Option<Row>, on_done: Callback<()>) -> impl IntoView {
    let draft = Draft::new(EntryKind::Sleep, editing.as_ref());
    let is_edit = editing.is_some();
    let night = RwSignal::new(
        draft
            .get("night_of")
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| clock::today().pred_opt().map(|d| d.to_string()).unwrap_or_default()),
    );
    let times: [RwSignal<String>; 4] = TIMES.map(|(key, _)| RwSignal::new(hhmm(&draft.get_str(key))));

    // Clock times → full times on the right dates, with this phone's offset at each.
    let place = move || {
        let night_of = evenkeel_domain::dates::parse_ymd(&night.get());
        let parsed: Vec<Option<NaiveTime>> = times.iter().map(|t| evenkeel_domain::dates::parse_hm(&t.get())).collect();
        draft.set("night_of", night_of.map_or(Value::Null, |d| Value::from(d.to_string())));
        if let (Some(day), [Some(a), Some(b), Some(c), Some(d)]) = (night_of, parsed.as_slice()) {
            let placed = place_clock_times(day, *a, *b, *c, *d);
            for ((key, _), at) in TIMES.iter().zip(placed) {
                let value = clock::local(at).map_or(Value::Null, |t| Value::from(t.to_rfc3339()));
                draft.set(key, value);
            }
        } else {
            for ((key, _), t) in TIMES.iter().zip(&parsed) {
                if t.is_none() {
                    draft.set(key, Value::Null);
                }
            }
        }
    };

    let metrics = Memo::new(move |_| {
        let fields: Map<String, Value> = draft.fields.get();
        match EntryData::parse(EntryKind::Sleep, &Value::Object(fields)) {
            Ok(EntryData::Sleep(s)) => Some(s.diary.metrics()),
            _ => None,
        }
    });

    let save = move |_| {
        place();
        spawn_local(async move {
            if draft.save("Sleep diary saved").await {
                on_done.run(());
            }
        });
    };

    view! {
        <section class="log-form" data-form="sleep" aria-labelledby="sleep-title">
            <h1 id="sleep-title">{if is_edit { "Your sleep diary" } else { "Sleep last night" }}</h1>
            <p class="hint">"Best filled in soon after you get up. Estimates are fine — please don't watch the clock at night."</p>
            <div class="field">
                <label for="sleep-night">"The night that began on"</label>
                <input id="sleep-night" type="date" prop:value=move || night.get()
                    on:change=move |ev| { night.set(event_target_value(&ev)); place(); }/>
            </div>
            {TIMES
                .iter()
                .zip(times)
                .map(|((key, label), value)| {
                    let key: &'static str = key;
                    view! {
                        <div class="field">
                            <label for=format!("sleep-{key}")>{*label}</label>
                            <input id=format!("sleep-{key}") type="time" aria-describedby=format!("{key}-error")
                                prop:value=move || value.get()
                                on:change=move |ev| { value.set(event_target_value(&ev)); place(); }/>
                            <FieldMessage id=format!("{key}-error") message=Signal::derive(move || draft.message_for(key))/>
                        </div>
                    }
                })
                .collect_view()}
            {NUMBERS
                .iter()
                .map(|(key, label, hint)| {
                    let key: &'static str = key;
                    view! {
                        <div class="field">
                            <label for=format!("sleep-{key}")>{*label}</label>
                            {(!hint.is_empty()).then(|| view! { <p class="hint">{*hint}</p> })}
                            <input id=format!("sleep-{key}") type="text" inputmode="numeric" aria-describedby=format!("{key}-error")
                                prop:value=move || draft.get_str(key)
                                on:input=move |ev| draft.set_number_text(key, &event_target_value(&ev))/>
                            <FieldMessage id=format!("{key}-error") message=Signal::derive(move || draft.message_for(key))/>
                        </div>
                    }
                })
                .collect_view()}
            <div class="field">
                <p class="choice-label" id="quality-label">"How would you rate the quality of your sleep?"</p>
                <div class="chips" role="radiogroup" aria-labelledby="quality-label">
                    {SleepQuality::ALL
                        .into_iter()
                        .map(|q| view! {
                            <button type="button" role="radio" class="chip" data-quality=q.as_str()
                                aria-checked=move || (draft.get_str("quality") == q.as_str()).to_string()
                                on:click=move |_| draft.set("quality", Value::from(q.as_str()))>{q.label()}</button>
                        })
                        .collect_view()}
                </div>
                <FieldMessage id="quality-error".into() message=Signal::derive(move || draft.message_for("quality"))/>
            </div>
            <div class="field">
                <label for="sleep-note">"Anything else about the night? (optional)"</label>
                <textarea id="sleep-note" rows="2" prop:value=move || draft.get_str("note")
                    on:input=move |ev| draft.set("note", Value::from(event_target_value(&ev)))></textarea>
            </div>
            {move || metrics.get().map(|m| view! {
                <dl class="card metrics" id="sleep-metrics" aria-label="Your night in numbers">
                    <dt>"Time in bed"</dt><dd>{clock::duration(m.time_in_bed_min)}</dd>
                    <dt>"Time asleep (about)"</dt><dd>{clock::duration(m.total_sleep_time_min)}</dd>
                    <dt>"Sleep efficiency"</dt><dd>{format!("{}%", m.sleep_efficiency_pct.round() as i64)}</dd>
                </dl>
                <p class="small">"Sleep efficiency is the share of your time in bed spent asleep."</p>
            })}
            {move || draft.id.get().map(|id| view! { <p class="saved-line" role="status"><SyncBadge id=id/></p> })}
            <p class="form-error" role="alert">{move || draft.form_message()}</p>
            <div class="form-actions">
                <button id="sleep-save" type="button" class="button primary" on:click=save>"Save"</button>
            </div>
        </section>
    }
}
