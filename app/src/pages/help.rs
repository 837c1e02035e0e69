//! Help & safety: UK crisis numbers and the signs of an opioid overdose. Calm, plain, one tap to
//! call. Reachable from every screen, signed in or not, and it works offline.

use leptos::prelude::*;

/// (what it is for, number as shown, link, extra line)
const NUMBERS: [(&str, &str, &str, &str); 4] = [
    ("If a life is at risk", "Call 999", "tel:999", "Emergency services, free, any time."),
    ("Mental health crisis", "Call NHS 111, then choose option 2", "tel:111", "Free, 24 hours a day, in England."),
    ("Someone to talk to", "Call Samaritans on 116 123", "tel:116123", "Free, any time, day or night."),
    (
        "If talking is hard",
        "Text SHOUT to 85258",
        "sms:85258?body=SHOUT",
        "A free, confidential text service, any time.",
    ),
];

const OVERDOSE_SIGNS: [&str; 6] = [
    "Very small (pinpoint) pupils",
    "Can't be woken up",
    "Blue or grey lips or fingernails",
    "Slow, shallow or no breathing",
    "Snoring, rasping or gurgling sounds",
    "Pale, clammy or cold skin",
];

const EARLY_SIGNS: [&str; 4] = [
    "Slurred speech",
    "Being unsteady on their feet",
    "Nodding off in the middle of a conversation",
    "More snoring, or pauses in breathing at night",
];

#[component]
pub fn Help() -> impl IntoView {
    view! {
        <main class="page help" data-page="help">
            <h1>"Help & safety"</h1>
            <p class="lead">"You don't have to manage on your own. These services are there for you."</p>

            <section aria-labelledby="numbers-title">
                <h2 id="numbers-title">"Talk to someone now"</h2>
                <ul class="numbers">
                    {NUMBERS
                        .iter()
                        .map(|(what, action, href, note)| {
                            view! {
                                <li>
                                    <a class="number" href=*href>
                                        <span class="number-what">{*what}</span>
                                        <span class="number-action">{*action}</span>
                                        <span class="number-note">{*note}</span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>

            <section class="card" aria-labelledby="overdose-title">
                <h2 id="overdose-title">"Signs of an overdose"</h2>
                <ul>{OVERDOSE_SIGNS.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}</ul>
                <p><strong>"If you see these, call 999."</strong></p>
                <p>"Put the person in the recovery position, give naloxone if you have it, and stay with them until help arrives."</p>
                <p><a class="button primary" href="tel:999">"Call 999"</a></p>
            </section>

            <section class="card" aria-labelledby="early-title">
                <h2 id="early-title">"Earlier warning signs"</h2>
                <p>"These can mean a dose is too strong:"</p>
                <ul>{EARLY_SIGNS.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}</ul>
                <p>"If you notice them, speak to your GP or pharmacist soon, or call NHS 111."</p>
            </section>

            <p class="not-monitored">
                <strong>"This app is not monitored 24/7."</strong>
                " Nobody sees what you log as you log it, so please use the numbers above when you need help."
            </p>
            <p class="small">"These numbers are for the UK. Scotland, Wales and Northern Ireland may have other local services."</p>
        </main>
    }
}
