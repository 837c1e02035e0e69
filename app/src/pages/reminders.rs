//! Reminders (More → Reminders): the patient's own gentle reminders — each a kind, a time and
//! days, paused or deleted whenever they like — their quiet hours and time zone, and turning
//! notifications on for this phone. No streaks, no counts of what was missed.

mod browser;
mod form;
mod notifications;
mod quiet;

use evenkeel_domain::EntryKind;
use evenkeel_domain::reminders::{ReminderKind, ReminderPatch, ReminderView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::parts::reveal;
use crate::reminders_api::RemindersApi;
use crate::store::{Store, describe};
use form::{DAYS, ReminderForm};
use notifications::Notifications;
use quiet::QuietHoursCard;

#[derive(Clone)]
enum Open {
    New,
    Edit(ReminderView),
}

#[component]
pub fn Reminders() -> impl IntoView {
    let api = RemindersApi::expect();
    let store = Store::expect();
    let meds = Memo::new(move |_| describe::medicines(&store.live(&[EntryKind::Medication])));
    let list = RwSignal::new(None::<Vec<ReminderView>>);
    let problem = RwSignal::new(None::<String>);
    let open = RwSignal::new(None::<Open>);
    let notes = RwSignal::new(browser::notes());

    spawn_local(async move {
        match api.list().await {
            Ok(all) => list.set(Some(all)),
            Err(e) => problem.set(Some(e.message())),
        }
    });
    reveal();

    let saved = Callback::new(move |r: ReminderView| {
        list.update(|all| {
            let all = all.get_or_insert_with(Vec::new);
            all.retain(|x| x.id != r.id);
            all.push(r);
            all.sort_by_key(|x| x.local_time);
        });
        notes.set(browser::notes());
        open.set(None);
    });
    let set_paused = move |id: Uuid, paused: bool| {
        spawn_local(async move {
            match api.edit(id, &ReminderPatch { paused: Some(paused), ..ReminderPatch::default() }).await {
                Ok(r) => saved.run(r),
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    let delete = move |id: Uuid| {
        spawn_local(async move {
            match api.delete(id).await {
                Ok(()) => {
                    list.update(|all| all.iter_mut().for_each(|v| v.retain(|x| x.id != id)));
                    browser::set_note(id, "");
                }
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    let medicine_name = move |id: Option<Uuid>| {
        id.and_then(|id| meds.with(|m| m.iter().find(|(mid, _)| *mid == id).map(|(_, m)| m.name.clone())))
    };

    view! {
        <main class="page reminders" data-page="reminders">
            {move || match open.get() {
                Some(o) => {
                    let editing = match o { Open::Edit(r) => Some(r), Open::New => None };
                    view! { <ReminderForm editing=editing meds=meds on_saved=saved on_cancel=Callback::new(move |()| open.set(None))/> }.into_any()
                }
                None => view! {
                    <h1>"Reminders"</h1>
                    <p class="lead">"Gentle nudges at times you choose. Pause or change them whenever you like."</p>
                    <p class="form-error" role="alert">{move || problem.get()}</p>
                    <section aria-labelledby="reminder-list-title">
                        <h2 id="reminder-list-title" class="visually-hidden">"Your reminders"</h2>
                        {move || match list.get() {
                            None => view! { <p class="empty">"Opening your reminders…"</p> }.into_any(),
                            Some(all) if all.is_empty() => view! {
                                <p class="empty" id="no-reminders">"No reminders yet. You might start with one for your evening dose, or your sleep diary in the morning."</p>
                            }.into_any(),
                            Some(all) => view! {
                                <ul class="entry-list" id="reminder-list">
                                    {all.into_iter().map(|r| {
                                        let (id, paused) = (r.id, r.paused);
                                        let title = match (r.kind, medicine_name(r.medication_id)) {
                                            (ReminderKind::Dose, Some(name)) => format!("A dose of {name}"),
                                            (k, _) => k.spec().label.to_owned(),
                                        };
                                        let when = format!("{} · {}", r.local_time, days_in_words(&r.weekdays.to_vec()));
                                        let note = notes.with(|n| n.get(&id).cloned());
                                        let editing = r.clone();
                                        view! {
                                            <li class="entry reminder" class:paused=paused data-id=id.to_string() data-kind=r.kind.as_str()>
                                                <div class="entry-main"><span class="entry-title">{title.clone()}</span></div>
                                                <p class="entry-detail">{when}{paused.then_some(" · paused")}</p>
                                                {note.map(|n| view! { <p class="entry-detail note">{n}</p> })}
                                                <div class="entry-foot">
                                                    <span class="entry-actions">
                                                        <button type="button" class="small-button" aria-label=format!("{} {title}", if paused { "Restart" } else { "Pause" })
                                                            on:click=move |_| set_paused(id, !paused)>{if paused { "Restart" } else { "Pause" }}</button>
                                                        <button type="button" class="small-button" aria-label=format!("Change {title}")
                                                            on:click=move |_| open.set(Some(Open::Edit(editing.clone())))>"Change"</button>
                                                        <button type="button" class="small-button" aria-label=format!("Delete {title}")
                                                            on:click=move |_| delete(id)>"Delete"</button>
                                                    </span>
                                                </div>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        }}
                    </section>
                    <button id="add-reminder" type="button" class="button primary wide" on:click=move |_| open.set(Some(Open::New))>"Add a reminder"</button>
                    <Notifications/>
                    <QuietHoursCard on_changed=Callback::new(move |()| {
                        spawn_local(async move {
                            if let Ok(all) = api.list().await {
                                list.set(Some(all));
                            }
                        });
                    })/>
                }.into_any(),
            }}
        </main>
    }
}

/// "Every day", "Weekdays", "Weekends", or "Mon, Wed, Fri".
fn days_in_words(days: &[u8]) -> String {
    let mut days = days.to_vec();
    days.sort_unstable();
    match days.as_slice() {
        [1, 2, 3, 4, 5, 6, 7] => "Every day".into(),
        [1, 2, 3, 4, 5] => "Weekdays".into(),
        [6, 7] => "Weekends".into(),
        _ => days
            .iter()
            .filter_map(|d| DAYS.iter().find(|x| x.0 == i64::from(*d)).map(|x| x.1))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
