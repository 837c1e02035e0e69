//! My medicines (More → My medicines): the list "Took a dose" offers as buttons. Add, edit and
//! delete (with Undo). Records what the person takes as prescribed; it never suggests a dose.

use evenkeel_domain::diary::{EntryKind, MedicineForm, Schedule, StrengthUnit};
use evenkeel_domain::ome::Opioid;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use uuid::Uuid;

use crate::components::draft::{Draft, FieldMessage, SyncBadge};
use crate::components::undo_toast::Undo;
use crate::store::describe::{self, amount, unit_label};
use crate::store::{Row, Store};

const UNITS: [StrengthUnit; 3] = [StrengthUnit::Mg, StrengthUnit::McgPerHour, StrengthUnit::MgPerMl];
const FORMS: [(MedicineForm, &str); 6] = [
    (MedicineForm::Tablet, "Tablet"),
    (MedicineForm::Capsule, "Capsule"),
    (MedicineForm::Liquid, "Liquid"),
    (MedicineForm::Patch, "Patch"),
    (MedicineForm::Injection, "Injection"),
    (MedicineForm::Other, "Something else"),
];

fn opioid_label(o: Opioid) -> String {
    if o == Opioid::OtherNotOpioid {
        return "Other, not an opioid".into();
    }
    let mut label = o.label().to_owned();
    label[..1].make_ascii_uppercase();
    label
}

#[component]
pub fn Medicines() -> impl IntoView {
    let store = Store::expect();
    let undo = Undo::expect();
    // None: the list; Some(None): adding; Some(Some(row)): editing.
    let open = RwSignal::new(None::<Option<Row>>);
    let meds = Memo::new(move |_| {
        let rows = store.live(&[EntryKind::Medication]);
        let mut list = describe::medicines(&rows);
        list.sort_by_key(|a| a.1.name.to_ascii_lowercase());
        list
    });
    let close = Callback::new(move |()| open.set(None));

    let list = move || {
        view! {
            <h1>"My medicines"</h1>
            <p class="lead">"The medicines you take, so logging a dose is one tap. Add them as your prescriber gave them."</p>
            {move || {
                let list = meds.get();
                if list.is_empty() {
                    return view! { <p class="empty">"No medicines yet. Add the first one below."</p> }.into_any();
                }
                view! {
                    <ul class="entry-list">
                        {list.into_iter().map(|(id, med)| {
                            let row = store.row(id);
                            let title = med.name.clone();
                            let strength = format!("{} {}", amount(med.strength), unit_label(med.unit));
                            let usual = med.usual_amount.map(|a| format!("Usual amount: {}", describe::dose_amount(Some(&med), a)));
                            let schedule = if med.schedule == Schedule::Scheduled { "At set times" } else { "When needed" };
                            let delete = move |_| {
                                let previous = store.row(id);
                                spawn_local(async move {
                                    if store.delete(id).await.is_ok() {
                                        undo.offer("Medicine removed", id, EntryKind::Medication, previous);
                                    }
                                });
                            };
                            view! {
                                <li class="entry medicine" data-id=id.to_string()>
                                    <div class="entry-main"><span class="entry-title">{title.clone()}</span></div>
                                    <p class="entry-detail">{format!("{} · {strength} · {schedule}", opioid_label(med.opioid))}</p>
                                    {usual.map(|u| view! { <p class="entry-detail">{u}</p> })}
                                    <div class="entry-foot">
                                        <SyncBadge id=id/>
                                        <span class="entry-actions">
                                            <button type="button" class="small-button" aria-label=format!("Edit {title}")
                                                on:click=move |_| open.set(Some(row.clone()))>"Edit"</button>
                                            <button type="button" class="small-button" aria-label=format!("Delete {title}") on:click=delete>"Delete"</button>
                                        </span>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <button id="add-medicine" type="button" class="button primary wide" on:click=move |_| open.set(Some(None))>"Add a medicine"</button>
            <p class="small">"Even Keel keeps a record; it never suggests how much to take. Your prescriber or pharmacist can help with that."</p>
        }
    };

    view! {
        <main class="page medicines" data-page="medicines">
            {move || match open.get() {
                None => list().into_any(),
                Some(editing) => view! {
                    <button type="button" class="back-button" on:click=move |_| open.set(None)>"‹ Back to my medicines"</button>
                    <MedicineForm editing=editing on_done=close/>
                }
                .into_any(),
            }}
        </main>
    }
}

#[component]
fn MedicineForm(editing: Option<Row>, on_done: Callback<()>) -> impl IntoView {
    let is_edit = editing.is_some();
    let draft = Draft::new(EntryKind::Medication, editing.as_ref());
    if !is_edit {
        draft.fields.update(|f| {
            f.insert("unit".into(), Value::from("mg"));
            f.insert("form".into(), Value::from("tablet"));
        });
    }
    let id_for_badge: Option<Uuid> = editing.as_ref().map(|r| r.id);

    let pick_opioid = move |word: String| {
        draft.set("opioid", Value::from(word.clone()));
        // A patch medicine goes with the patch form and mcg/h: set them so the form agrees.
        if Opioid::parse(&word).is_some_and(Opioid::is_patch) {
            draft.set("form", Value::from("patch"));
            draft.set("unit", Value::from("mcg_per_hour"));
        }
    };
    let select = move |key: &'static str, label: &'static str, options: Vec<(String, String)>, on: Callback<String>| {
        view! {
            <div class="field">
                <label for=format!("med-{key}")>{label}</label>
                <select id=format!("med-{key}") aria-describedby=format!("med-{key}-error")
                    prop:value=move || draft.get_str(key) on:change=move |ev| on.run(event_target_value(&ev))>
                    <option value="" disabled=true>"Choose…"</option>
                    {options.into_iter().map(|(value, text)| view! { <option value=value.clone() selected=move || draft.get_str(key) == value>{text}</option> }).collect_view()}
                </select>
                <FieldMessage id=format!("med-{key}-error") message=Signal::derive(move || draft.message_for(key))/>
            </div>
        }
    };
    let text = move |key: &'static str, label: &'static str, hint: &'static str, numeric: bool| {
        view! {
            <div class="field">
                <label for=format!("med-{key}")>{label}</label>
                {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
                <input id=format!("med-{key}") type="text" autocomplete="off" inputmode=if numeric { "decimal" } else { "text" }
                    aria-describedby=format!("med-{key}-error")
                    prop:value=move || {
                        let v = draft.get(key);
                        v.as_ref().and_then(Value::as_f64).map(amount).or_else(|| v.and_then(|v| v.as_str().map(str::to_owned))).unwrap_or_default()
                    }
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        if numeric { draft.set_number_text(key, &value) } else { draft.set(key, Value::from(value)) }
                    }/>
                <FieldMessage id=format!("med-{key}-error") message=Signal::derive(move || draft.message_for(key))/>
            </div>
        }
    };

    let save = move |_| {
        spawn_local(async move {
            if draft.save(if is_edit { "Medicine updated" } else { "Medicine added" }).await {
                on_done.run(());
            }
        });
    };
    let set = move |key: &'static str| Callback::new(move |v: String| draft.set(key, Value::from(v)));

    view! {
        <section class="log-form" data-form="medicine" aria-labelledby="med-title">
            <h1 id="med-title">{if is_edit { "Edit medicine" } else { "Add a medicine" }}</h1>
            {text("name", "Name, as on the box", "For example: Zomorph, Oxycodone, Co-codamol.", false)}
            {select("opioid", "What kind of medicine is it?",
                Opioid::ALL.iter().map(|o| (o.as_str().to_owned(), opioid_label(*o))).collect(),
                Callback::new(pick_opioid))}
            {text("strength", "Strength", "The number on the box, e.g. 10 for 10 mg.", true)}
            {select("unit", "Unit", UNITS.iter().map(|u| (u.as_str().to_owned(), unit_label(*u).to_owned())).collect(), set("unit"))}
            {select("form", "Form", FORMS.iter().map(|(f, l)| (f.as_str().to_owned(), (*l).to_owned())).collect(), set("form"))}
            {select("schedule", "When do you take it?", vec![
                ("scheduled".to_owned(), "At set times".to_owned()),
                ("as_needed".to_owned(), "When needed".to_owned()),
            ], set("schedule"))}
            {text("usual_amount", "Usual amount each time (optional)",
                "In mg, or mcg/h for a patch. For example, two 10 mg tablets is 20. This is just for quick logging.", true)}
            {id_for_badge.map(|id| view! { <p class="saved-line"><SyncBadge id=id/></p> })}
            <p class="form-error" role="alert">{move || draft.form_message()}</p>
            <div class="form-actions">
                <button id="med-save" type="button" class="button primary" on:click=save>"Save medicine"</button>
            </div>
        </section>
    }
}
