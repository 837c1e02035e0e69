//! My plan's medicine section (issue 13): the prescriber's plan as the worker entered it (this
//! step, the next, and every step with its date), "how reducing feels" check-ins, and "I'd like to
//! talk". The patient can't change the plan: they can ask to pause or talk.
//!
//! Offline: the plan shows as last seen; a check-in is a diary entry (the phone's store and sync);
//! a request to talk waits in My plan's outbox and is sent once there is signal.

use evenkeel_domain::EntryData;
use evenkeel_domain::diary::withdrawal::{FEELINGS_ASKED, Feelings, HowMuch, WithdrawalEntry};
use evenkeel_domain::plan::contact::{ContactReason, ContactRequestBody, ContactRequestView, NOT_WATCHED};
use evenkeel_domain::plan::medicine::{MedicinePlanView, TALK_FIRST, TOLERANCE, WHOSE_PLAN};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use uuid::Uuid;

use super::offline;
use crate::store::{Store, clock};

#[derive(Clone, Copy, PartialEq)]
enum Open {
    Nothing,
    CheckIn,
    CheckedIn,
    Talk,
}

/// Brings what just appeared into view: after a long form the page is scrolled far below it.
fn show(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
            el.scroll_into_view();
        }
    });
}

/// What the app says after a check-in: kindly, and the same every time (`domain.md` §2, §8).
const AFTER_CHECK_IN: [&str; 4] = [
    "These feelings are common when a dose is reduced: the body is getting used to less medicine. They are unpleasant, but they are not dangerous in themselves.",
    "They are usually strongest in the first few days of a step, and then ease.",
    "If they feel too much, or you are worried, contact your GP practice. When it is closed, call NHS 111. In an emergency, call 999.",
    "During a reduction your body gets used to less medicine. Going back quickly to an earlier, higher dose can be dangerous: if you think you need more, talk to your GP first.",
];

#[component]
pub fn MedicineSection(
    /// The patient's id (for their paths), once known.
    me: Signal<Option<Uuid>>,
    plan: RwSignal<Option<MedicinePlanView>>,
    requests: RwSignal<Vec<ContactRequestView>>,
    /// Sends what waits and reads the plan fresh.
    on_sent: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(Open::Nothing);
    // What still waits on the phone: read again whenever the requests are read fresh (the outbox
    // was sent first) and when one is queued.
    let queued = RwSignal::new(0u32);
    let waiting = Memo::new(move |_| {
        requests.track();
        queued.track();
        offline::waiting_talk()
    });
    let plan_card = move || {
        match plan.get() {
        None => view! {
            <p class="empty" id="no-medicine-plan">"If you and your GP agree to reduce a medicine, the steps your prescriber decides show here, with their dates."</p>
        }
        .into_any(),
        Some(p) => {
            let steps = p.steps.clone();
            view! {
                <article class="card medicine-plan" id="medicine-plan">
                    <p class="this-step" id="this-step">
                        {p.this_step.clone().unwrap_or_else(|| "Your plan hasn't started yet.".to_owned())}
                    </p>
                    {p.next_step.clone().map(|n| view! { <p class="next-step" id="next-step">{n}</p> })}
                    <details>
                        <summary>{format!("Every step ({})", steps.len())}</summary>
                        <ol class="steps">
                            {steps.iter().enumerate().map(|(i, s)| {
                                let current = p.current == Some(i);
                                view! {
                                    <li aria-current=current.then_some("step")>
                                        {evenkeel_domain::plan::medicine::step_line(s)}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </details>
                    <p class="hint">{format!("Prescribed by {}. Entered by {}.", p.prescriber, p.entered_by)}</p>
                    <p class="hint">{WHOSE_PLAN}</p>
                    <p class="tolerance" id="tolerance">{TOLERANCE}</p>
                </article>
            }
            .into_any()
        }
    }
    };
    // The first two weeks of the step in force: a check-in is invited.
    let first_fortnight = move || plan.with(|p| p.as_ref().is_some_and(|p| p.invites_check_in(clock::today())));
    let talk_list = move || {
        let sent = requests.get();
        let queued = waiting.get();
        (!sent.is_empty() || !queued.is_empty()).then(|| {
            view! {
                <ul class="talk-list" id="talk-list" aria-label="Your requests to talk">
                    {queued.into_iter().map(|r| view! {
                        <li><strong>{r.reason.label()}</strong>" · "<span class="talk-status">"Saved on this phone: it will be sent when there is signal"</span></li>
                    }).collect_view()}
                    {sent.into_iter().take(3).map(|r| view! {
                        <li>
                            <strong>{r.reason_label.clone()}</strong>" · "<span class="talk-status">{r.status_line.clone()}</span>
                            {r.reply.clone().map(|reply| view! { <p class="talk-reply">{format!("“{reply}”")}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            }
        })
    };
    let sent_talk = Callback::new(move |()| {
        queued.update(|n| *n += 1);
        open.set(Open::Nothing);
        show("talk-list");
        on_sent.run(());
    });
    view! {
        <section aria-labelledby="medicine-title" class="medicine-section">
            <h2 id="medicine-title">"Medicine plan"</h2>
            {plan_card}
            <p class="talk-first">{TALK_FIRST}</p>
            {move || first_fortnight().then(|| view! {
                <p class="invite-check-in" id="invite-check-in">"You're in the first two weeks of this step. A check-in on how it feels can help you and your project worker see how it's going."</p>
            })}
            {move || match open.get() {
                Open::CheckIn => view! { <CheckInForm open=open/> }.into_any(),
                Open::CheckedIn => view! {
                    <div class="card after-check-in" id="after-check-in" role="status">
                        <h3>"Thank you. Your check-in is saved."</h3>
                        {AFTER_CHECK_IN.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                        <div class="form-actions">
                            <button type="button" class="button primary" on:click=move |_| open.set(Open::Talk)>"I'd like to talk"</button>
                            <button type="button" class="button secondary" on:click=move |_| open.set(Open::Nothing)>"Done"</button>
                        </div>
                    </div>
                }.into_any(),
                Open::Talk => view! { <TalkForm me=me on_sent=sent_talk on_cancel=Callback::new(move |()| open.set(Open::Nothing))/> }.into_any(),
                Open::Nothing => view! {
                    <button type="button" class="button primary wide" id="ask-to-talk" on:click=move |_| open.set(Open::Talk)>"I'd like to talk"</button>
                    <button type="button" class="button secondary wide" id="check-in-reducing" on:click=move |_| open.set(Open::CheckIn)>"How is reducing feeling?"</button>
                }.into_any(),
            }}
            {talk_list}
        </section>
    }
}

/// The ten feelings, each none / a little / quite a bit / a lot. Not a score: nothing is added up.
#[component]
fn CheckInForm(open: RwSignal<Open>) -> impl IntoView {
    let store = Store::expect();
    let answers = RwSignal::new(BTreeMap::<String, HowMuch>::new());
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let entry = WithdrawalEntry {
            recorded_at: clock::now(),
            feelings: answers.with_untracked(|a| {
                let mut f = Feelings::default();
                for (i, (key, _)) in FEELINGS_ASKED.iter().enumerate() {
                    f.0[i] = a.get(*key).copied().unwrap_or_default();
                }
                f
            }),
            note: None,
        };
        spawn_local(async move {
            match store.save(None, &EntryData::Withdrawal(entry)).await {
                Ok(_) => {
                    open.set(Open::CheckedIn);
                    show("after-check-in");
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="card check-in-form" id="check-in-form" on:submit=move |ev| { ev.prevent_default(); save(()); }>
            <h3>"How is reducing feeling?"</h3>
            <p class="hint">"For you and your project worker to see how a step is going. It is not a test and gives no score. Leave out anything you don't have."</p>
            {FEELINGS_ASKED.iter().map(|(key, label)| {
                let key = *key;
                view! {
                    <fieldset class="feeling" data-feeling=key>
                        <legend>{*label}</legend>
                        <div class="chips">
                            {HowMuch::ALL.into_iter().map(|h| view! {
                                <button type="button" class="chip" data-how=h.as_str()
                                    aria-pressed=move || (answers.with(|a| a.get(key).copied().unwrap_or(HowMuch::None)) == h).to_string()
                                    on:click=move |_| answers.update(|a| { a.insert(key.to_owned(), h); })>{h.label()}</button>
                            }).collect_view()}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <p class="form-error" role="alert">{move || problem.get()}</p>
            <div class="form-actions">
                <button type="submit" class="button primary" id="save-check-in">"Save"</button>
                <button type="button" class="button secondary" on:click=move |_| open.set(Open::Nothing)>"Cancel"</button>
            </div>
        </form>
    }
}

/// "I'd like to talk": a reason, a note, good times to call. Saved on the phone at once and sent
/// when there is signal.
#[component]
fn TalkForm(me: Signal<Option<Uuid>>, on_sent: Callback<()>, on_cancel: Callback<()>) -> impl IntoView {
    let reason = RwSignal::new(None::<ContactReason>);
    let note = RwSignal::new(String::new());
    let times = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let send = move || {
        let Some(reason) = reason.get_untracked() else {
            problem.set(Some("Please choose what it's about.".to_owned()));
            return;
        };
        let Some(patient) = me.get_untracked() else {
            problem.set(Some("Please sign in again to send this.".to_owned()));
            return;
        };
        let body = ContactRequestBody {
            id: evenkeel_domain::ids::new_id(),
            reason,
            note: note.get_untracked(),
            good_times: times.get_untracked(),
            sent_at: offline::now(),
        };
        match body.parse() {
            Ok(body) => {
                offline::queue_talk(patient, &body);
                on_sent.run(());
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    view! {
        <form class="card talk-form" id="talk-form" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <h3>"I'd like to talk"</h3>
            <p class="hint">"Your project worker will get in touch. " {NOT_WATCHED}</p>
            <p class="call-now">
                <a class="button secondary" href="tel:111">"Call NHS 111"</a>" "
                <a class="button secondary" href="tel:999">"Call 999"</a>
            </p>
            <fieldset class="field">
                <legend>"What is it about?"</legend>
                <div class="chips">
                    {ContactReason::ALL.into_iter().map(|r| view! {
                        <button type="button" class="chip" data-reason=r.as_str()
                            aria-pressed=move || (reason.get() == Some(r)).to_string()
                            on:click=move |_| reason.set(Some(r))>{r.label()}</button>
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="field">
                <label for="talk-note">"Anything you'd like them to know (optional)"</label>
                <textarea id="talk-note" rows="3" maxlength="500" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="talk-times">"Good times to call (optional)"</label>
                <input id="talk-times" type="text" maxlength="120" autocomplete="off" placeholder="Weekday mornings"
                    prop:value=times on:input=move |ev| times.set(event_target_value(&ev))/>
            </div>
            <p class="form-error" role="alert">{move || problem.get()}</p>
            <div class="form-actions">
                <button type="submit" class="button primary" id="send-talk">"Send"</button>
                <button type="button" class="button secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
