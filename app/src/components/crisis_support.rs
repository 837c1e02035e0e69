//! Shown after check-in answers that suggest someone may be struggling: warm words, the UK crisis
//! contacts (one tap to call or text), and the note that the app is not watched around the clock.

use evenkeel_domain::crisis::{NOT_MONITORED, UK_CRISIS_CONTACTS};
use leptos::prelude::*;

#[component]
pub fn CrisisSupport() -> impl IntoView {
    view! {
        <section class="card support" id="crisis-support" aria-labelledby="support-title">
            <h2 id="support-title">"Thank you for answering honestly"</h2>
            <p>
                "Your answers suggest things have been hard lately. That is worth talking about with your GP "
                "or support worker — you don't have to wait for things to get worse."
            </p>
            <p>{NOT_MONITORED}</p>
            <ul class="numbers">
                {UK_CRISIS_CONTACTS
                    .iter()
                    .take(4)
                    .map(|c| {
                        let digits: String = c.detail.chars().take_while(|ch| *ch != ',').filter(char::is_ascii_digit).collect();
                        let href = if c.how == "Text" { format!("sms:{digits}") } else { format!("tel:{digits}") };
                        view! {
                            <li>
                                <a class="number" href=href>
                                    <span class="number-what">{c.name}</span>
                                    <span class="number-action">{format!("{} {}", c.how, c.detail)}</span>
                                    <span class="number-note">{c.note}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p><a href="/help">"More help and safety information"</a></p>
        </section>
    }
}
