//! Quiet hours (default 22:00–07:00: a reminder that falls inside waits until they end, except a
//! dose or bedtime reminder, set for that hour on purpose) and the time zone reminders keep.

use evenkeel_domain::reminders::{LocalTime, QuietHours, ReminderSettings};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser;
use crate::reminders_api::RemindersApi;

#[component]
pub fn QuietHoursCard(on_changed: Callback<()>) -> impl IntoView {
    let api = RemindersApi::expect();
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let zone = RwSignal::new(String::new());
    let saved_zone = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let phone_zone = browser::phone_time_zone();
    let zones = browser::time_zones();

    spawn_local(async move {
        if let Ok(s) = api.settings().await {
            start.set(s.quiet_hours.start.to_string());
            end.set(s.quiet_hours.end.to_string());
            zone.set(s.time_zone.clone());
            saved_zone.set(s.time_zone);
        }
    });

    let save = move || {
        let (Ok(s), Ok(e)) = (LocalTime::parse(&start.get_untracked()), LocalTime::parse(&end.get_untracked())) else {
            message.set(Some("Choose a start and an end for quiet hours.".into()));
            return;
        };
        let wanted = ReminderSettings {
            time_zone: zone.get_untracked().trim().to_owned(),
            quiet_hours: QuietHours { start: s, end: e },
        };
        spawn_local(async move {
            match api.save_settings(&wanted).await {
                Ok(saved) => {
                    zone.set(saved.time_zone.clone());
                    saved_zone.set(saved.time_zone);
                    message.set(Some("Saved. Your reminders follow the new times.".into()));
                    on_changed.run(());
                }
                Err(e) => message.set(Some(e.message())),
            }
        });
    };
    let use_phone_zone = {
        let phone_zone = phone_zone.clone();
        move |_| {
            zone.set(phone_zone.clone());
            save();
        }
    };
    let differs = {
        let phone_zone = phone_zone.clone();
        move || !saved_zone.get().is_empty() && saved_zone.get() != phone_zone
    };

    view! {
        <section class="card quiet-hours" id="quiet-hours" aria-labelledby="quiet-title">
            <h2 id="quiet-title">"Quiet hours"</h2>
            <p class="hint">"Reminders that fall in these hours wait until they end — except a dose or bedtime reminder, which you set for that time on purpose."</p>
            <div class="time-pair">
                <div class="field">
                    <label for="quiet-start">"From"</label>
                    <input id="quiet-start" type="time" prop:value=move || start.get() on:change=move |ev| { start.set(event_target_value(&ev)); save(); }/>
                </div>
                <div class="field">
                    <label for="quiet-end">"Until"</label>
                    <input id="quiet-end" type="time" prop:value=move || end.get() on:change=move |ev| { end.set(event_target_value(&ev)); save(); }/>
                </div>
            </div>
            <div class="field">
                <label for="time-zone">"Time zone"</label>
                <p class="hint">"Reminders keep to the clock here, through summer time too."</p>
                <input id="time-zone" type="text" list="time-zones" autocomplete="off" prop:value=move || zone.get()
                    on:change=move |ev| { zone.set(event_target_value(&ev)); save(); }/>
                <datalist id="time-zones">
                    {zones.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                </datalist>
                {move || differs().then(|| view! {
                    <button id="use-phone-zone" type="button" class="button secondary" on:click=use_phone_zone.clone()>
                        {format!("Use this phone's time zone ({phone_zone})")}
                    </button>
                })}
            </div>
            <p class="form-message" role="status" id="quiet-message">{move || message.get()}</p>
        </section>
    }
}
