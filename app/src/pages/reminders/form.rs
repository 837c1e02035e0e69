//! Adding or changing a reminder: what it is for, the time, the days, for a dose which medicine,
//! and a note that stays on this phone.

use evenkeel_domain::reminders::{LocalTime, ReminderKind, ReminderPatch, ReminderRequest, ReminderView, Weekdays};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::browser;
use crate::reminders_api::RemindersApi;
use crate::store::describe::Medicines;

/// Mon … Sun as the day chips show them (ISO numbers 1–7).
pub const DAYS: [(i64, &str, &str); 7] = [
    (1, "Mon", "Monday"),
    (2, "Tue", "Tuesday"),
    (3, "Wed", "Wednesday"),
    (4, "Thu", "Thursday"),
    (5, "Fri", "Friday"),
    (6, "Sat", "Saturday"),
    (7, "Sun", "Sunday"),
];

/// A sensible first time for each kind.
fn usual_time(kind: ReminderKind) -> &'static str {
    match kind {
        ReminderKind::SleepDiary => "08:30",
        ReminderKind::WindDown => "21:30",
        ReminderKind::Dose => "08:00",
        ReminderKind::Relaxation => "14:00",
        ReminderKind::Goal => "18:00",
        ReminderKind::Pain => "12:00",
    }
}

#[component]
pub fn ReminderForm(
    editing: Option<ReminderView>,
    meds: Memo<Medicines>,
    on_saved: Callback<ReminderView>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = RemindersApi::expect();
    let id = editing.as_ref().map(|r| r.id);
    let kind = RwSignal::new(editing.as_ref().map(|r| r.kind));
    let time = RwSignal::new(editing.as_ref().map(|r| r.local_time.to_string()).unwrap_or_default());
    let days =
        RwSignal::new(editing.as_ref().map(|r| r.weekdays.to_vec()).unwrap_or_else(|| vec![1, 2, 3, 4, 5, 6, 7]));
    let medicine = RwSignal::new(editing.as_ref().and_then(|r| r.medication_id));
    let note = RwSignal::new(id.and_then(|id| browser::notes().remove(&id)).unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let pick_kind = move |k: ReminderKind| {
        kind.set(Some(k));
        if time.get_untracked().is_empty() {
            time.set(usual_time(k).to_owned());
        }
        if k == ReminderKind::Dose && medicine.get_untracked().is_none() {
            medicine.set(meds.with_untracked(|m| m.first().map(|(id, _)| *id)));
        }
    };
    let toggle_day = move |d: u8| {
        days.update(|all| if all.contains(&d) { all.retain(|x| *x != d) } else { all.push(d) });
    };

    let save = move |_| {
        let Some(k) = kind.get_untracked() else {
            problem.set(Some("Choose what the reminder is for.".into()));
            return;
        };
        let request = match checked(k, &time.get_untracked(), &days.get_untracked(), medicine.get_untracked()) {
            Ok(r) => r,
            Err(e) => {
                problem.set(Some(e));
                return;
            }
        };
        problem.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = match id {
                Some(id) => api.edit(id, &patch_of(&request)).await,
                None => api.add(&request).await,
            };
            busy.set(false);
            match result {
                Ok(saved) => {
                    browser::set_note(saved.id, &note.get_untracked());
                    on_saved.run(saved);
                }
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };

    view! {
        <section class="log-form" data-form="reminder" aria-labelledby="reminder-form-title">
            <button type="button" class="back-button" on:click=move |_| on_cancel.run(())>"‹ Back to reminders"</button>
            <h1 id="reminder-form-title">{if id.is_some() { "Change reminder" } else { "Add a reminder" }}</h1>

            <fieldset class="field">
                <legend>"What is it for?"</legend>
                <div class="choice-cards" role="radiogroup" aria-label="What is it for?">
                    {ReminderKind::ALL.iter().map(|&k| view! {
                        <button type="button" class="choice-card" role="radio" data-kind=k.as_str()
                            aria-checked=move || if kind.get() == Some(k) { "true" } else { "false" }
                            on:click=move |_| pick_kind(k)>
                            <span class="choice-title">{k.spec().label}</span>
                        </button>
                    }).collect_view()}
                </div>
            </fieldset>

            {move || (kind.get() == Some(ReminderKind::Dose)).then(|| view! {
                <div class="field">
                    <label for="reminder-medicine">"Which medicine?"</label>
                    {move || if meds.with(Vec::is_empty) {
                        view! { <p class="hint" id="reminder-medicine">"Add your medicines under More, then My medicines, to set a dose reminder."</p> }.into_any()
                    } else {
                        view! {
                            <select id="reminder-medicine" on:change=move |ev| medicine.set(event_target_value(&ev).parse().ok())>
                                {meds.get().into_iter().map(|(mid, m)| view! {
                                    <option value=mid.to_string() selected=move || medicine.get() == Some(mid)>{m.name}</option>
                                }).collect_view()}
                            </select>
                        }.into_any()
                    }}
                    <p class="hint">"The notification never names the medicine."</p>
                </div>
            })}

            <div class="field">
                <label for="reminder-time">"Time"</label>
                <input id="reminder-time" type="time" required=true prop:value=move || time.get()
                    on:input=move |ev| time.set(event_target_value(&ev))/>
            </div>

            <fieldset class="field">
                <legend>"Days"</legend>
                <div class="chips days">
                    {DAYS.iter().map(|&(n, short, long)| {
                        let d = n as u8;
                        view! {
                            <button type="button" class="chip" aria-label=long data-day=n
                                aria-pressed=move || if days.with(|all| all.contains(&d)) { "true" } else { "false" }
                                on:click=move |_| toggle_day(d)>{short}</button>
                        }
                    }).collect_view()}
                </div>
            </fieldset>

            <div class="field">
                <label for="reminder-note">"A note for yourself (optional)"</label>
                <p class="hint">"It stays on this phone and is never sent anywhere, not even in the notification."</p>
                <textarea id="reminder-note" rows="2" maxlength="200" prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </div>

            <p class="form-error" role="alert" id="reminder-error">{move || problem.get()}</p>
            <div class="form-actions">
                <button id="reminder-save" type="button" class="button primary" disabled=move || busy.get() on:click=save>"Save reminder"</button>
            </div>
        </section>
    }
}

/// The form's values as a request, or what to fix, in words.
fn checked(kind: ReminderKind, time: &str, days: &[u8], medicine: Option<Uuid>) -> Result<ReminderRequest, String> {
    let local_time = LocalTime::parse(time).map_err(|_| "Choose a time for the reminder.".to_owned())?;
    let days: Vec<i64> = days.iter().map(|d| i64::from(*d)).collect();
    let weekdays = Weekdays::parse(&days).map_err(|_| "Choose at least one day.".to_owned())?;
    let medication_id = if kind == ReminderKind::Dose { medicine } else { None };
    let request = ReminderRequest { kind, local_time, weekdays, medication_id, paused: false };
    request.validate().map_err(|e| e.to_string())?;
    Ok(request)
}

fn patch_of(r: &ReminderRequest) -> ReminderPatch {
    ReminderPatch {
        kind: Some(r.kind),
        local_time: Some(r.local_time),
        weekdays: Some(r.weekdays),
        medication_id: r.medication_id,
        paused: None,
    }
}
