//! Sleep: my sleep window (information, not advice), up to three sleep tips to try this week, and a
//! bedtime routine: the wind-down track, worries written down (kept only on this phone), and what
//! to do when sleep won't come.

use evenkeel_domain::EntryKind;
use evenkeel_domain::diary::EntryData;
use evenkeel_domain::sleep_window::{MAX_TIPS, SleepTip, SleepWindow, TIPS_STORAGE_KEY, chosen_tips, sleep_window};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::local;
use crate::store::{Store, clock};

#[component]
pub fn Sleep(on_close: Callback<()>, on_wind_down: Option<Callback<()>>) -> impl IntoView {
    let store = Store::expect();
    let window = Memo::new(move |_| {
        let nights: Vec<_> = store
            .live_where(&[EntryKind::Sleep], |_| true)
            .iter()
            .filter_map(|r| match r.entry() {
                Some(EntryData::Sleep(s)) => Some((s.diary.out_of_bed().date_naive(), s.diary.metrics())),
                _ => None,
            })
            .collect();
        sleep_window(&nights, clock::today())
    });
    let chosen = RwSignal::new(chosen_tips(&local::get_list(TIPS_STORAGE_KEY)));
    let full_note = RwSignal::new(false);
    let toggle = move |tip: SleepTip| {
        let mut now = chosen.get_untracked();
        if let Some(at) = now.iter().position(|t| *t == tip) {
            now.remove(at);
        } else if now.len() >= MAX_TIPS {
            full_note.set(true);
            return;
        } else {
            now.push(tip);
        }
        full_note.set(false);
        local::set_list(TIPS_STORAGE_KEY, &now.iter().map(|t| t.as_str().to_owned()).collect::<Vec<_>>());
        chosen.set(now);
    };
    // This morning's ticks go on last night's sleep diary, if it is logged.
    let last_night = Memo::new(move |_| {
        let today = clock::today();
        store
            .live_where(
                &[EntryKind::Sleep],
                |e| matches!(e, EntryData::Sleep(s) if s.diary.out_of_bed().date_naive() == today),
            )
            .into_iter()
            .find_map(|r| match r.entry() {
                Some(EntryData::Sleep(s)) => Some((r.id, s)),
                _ => None,
            })
    });
    let tick = move |tip: SleepTip| {
        let Some((id, mut night)) = last_night.get_untracked() else { return };
        if let Some(at) = night.tips_tried.iter().position(|t| *t == tip) {
            night.tips_tried.remove(at);
        } else {
            night.tips_tried.push(tip);
            night.tips_tried.sort_by_key(|t| SleepTip::ALL.iter().position(|a| a == t));
        }
        spawn_local(async move {
            let _ = store.save(Some(id), &EntryData::Sleep(night)).await;
        });
    };
    let worries = RwSignal::new(local::get(local::WORRIES));

    let window_view = move || {
        match window.get() {
        SleepWindow::NeedsNights(n) => view! {
            <p id="sleep-window">
                {format!(
                    "Log {n} more night{} of sleep (Sleep last night, on Today) to see your sleep window for the last 7 nights.",
                    if n == 1 { "" } else { "s" }
                )}
            </p>
        }
        .into_any(),
        SleepWindow::Known { nights, mean_in_bed_min, mean_asleep_min, efficiency_pct } => view! {
            <dl class="metrics" id="sleep-window">
                <dt>"Time in bed, on average"</dt><dd>{clock::duration(mean_in_bed_min)}</dd>
                <dt>"Time asleep, on average"</dt><dd>{clock::duration(mean_asleep_min)}</dd>
                <dt>"Sleep efficiency"</dt><dd>{format!("{efficiency_pct:.0}%")}</dd>
            </dl>
            <p class="hint">
                {format!("From {nights} of the last 7 nights. Sleep efficiency is time asleep ÷ time in bed × 100; 85% or more is usually counted as good sleep.")}
            </p>
        }
        .into_any(),
    }
    };

    view! {
        <div class="sleep-screen">
            <button type="button" class="back-button" on:click=move |_| on_close.run(())>"‹ Relax"</button>
            <h1>"Sleep"</h1>
            <p class="validate">"Pain and sleep affect each other. Small changes, tried one or two at a time, can help."</p>

            <section class="card" aria-labelledby="window-title">
                <h2 id="window-title">"My sleep window"</h2>
                {window_view}
                <p class="hint">"This is information, not advice. Changing your sleep window is something to plan with your project worker or GP."</p>
            </section>

            <section aria-labelledby="tips-title">
                <h2 id="tips-title">"Tips to try this week"</h2>
                <p class="hint">"Choose up to three. They're kept on this phone."</p>
                {move || full_note.get().then(|| view! {
                    <p class="form-error" role="status">"Up to three at a time: untick one to choose another."</p>
                })}
                {move || (!chosen.with(Vec::is_empty)).then(|| match last_night.get() {
                    Some((_, night)) => view! {
                        <div class="card" id="tips-this-morning">
                            <p class="choice-label">"This morning: which did you try last night? (optional)"</p>
                            <div class="chips">
                                {chosen.get().into_iter().map(|tip| view! {
                                    <button type="button" class="chip" data-tried=tip.as_str()
                                        aria-pressed=night.tips_tried.contains(&tip).to_string()
                                        on:click=move |_| tick(tip)>{tip.title()}</button>
                                }).collect_view()}
                            </div>
                        </div>
                    }.into_any(),
                    None => view! {
                        <p class="hint" id="tips-this-morning">"Log last night's sleep on Today, then tick here the tips you tried."</p>
                    }.into_any(),
                })}
                <div class="choice-cards" id="sleep-tips">
                    {SleepTip::ALL
                        .into_iter()
                        .map(|tip| {
                            view! {
                                <button
                                    type="button"
                                    class="choice-card"
                                    data-tip=tip.as_str()
                                    aria-pressed=move || chosen.with(|c| c.contains(&tip)).to_string()
                                    on:click=move |_| toggle(tip)
                                >
                                    <span class="choice-title">{tip.title()}</span>
                                    <span class="choice-what">{tip.text()}</span>
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </section>

            <section class="card" aria-labelledby="bedtime-title">
                <h2 id="bedtime-title">"A bedtime routine"</h2>
                {on_wind_down.map(|play| view! {
                    <button type="button" id="play-wind-down" class="button primary wide" on:click=move |_| play.run(())>
                        "Play the bedtime wind-down"
                    </button>
                })}
                <label class="field">
                    <span>"Worries, written down for tomorrow"</span>
                <textarea
                    id="worries"
                    rows="4"
                    prop:value=worries
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        local::set(local::WORRIES, &text);
                        worries.set(text);
                    }
                ></textarea>
                </label>
                <p class="hint">"Kept only on this phone. Not shared with anyone."</p>
                <h3>"Can't sleep?"</h3>
                <ul class="steps">
                    <li>"If you've been awake for about 20 minutes, get up and go somewhere calm with a dim light."</li>
                    <li>"Do something quiet — a relaxation track, gentle breathing, a book — until you feel sleepy, then go back to bed."</li>
                    <li>"Try not to check the time. Resting quietly still does you good."</li>
                    <li>"If pain is keeping you awake, change position and use pillows for support. Talk to your GP if it happens most nights."</li>
                </ul>
            </section>
        </div>
    }
}
