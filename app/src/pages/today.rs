//! Today: a greeting, the quick-log buttons (large, in thumb reach), and today's entries.
//! Logging itself arrives with the diary; until then each button says plainly what it will do.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::session::Session;

/// The quick-log buttons from ux.md, with what each will do once logging arrives.
const QUICK_LOGS: [(&str, &str); 6] = [
    ("Pain now", "Eleven big buttons from 0 (no pain) to 10 (worst imaginable). One tap saves it."),
    (
        "Took a dose",
        "Your usual medicines as big buttons with their usual amount. One tap saves the dose; adding why is optional.",
    ),
    ("Activity", "What you did and how hard it felt, to help you find a steady pace."),
    ("Rest", "Start a rest with one tap and we'll keep the time for you."),
    ("Mood", "A quick check-in on how you're feeling."),
    ("Sleep last night", "A few short questions about last night's sleep."),
];

#[component]
pub fn Today() -> impl IntoView {
    let session = Session::expect();
    let name = move || session.profile().map(|p| p.display_name).unwrap_or_default();
    let now = js_sys::Date::new_0();
    let greeting = greeting_for_hour(now.get_hours());
    let date = long_date(&now);
    let chosen = RwSignal::new(None::<usize>);

    view! {
        <main class="page today" data-page="today">
            <h1>
                <span class="greeting">{move || format!("{greeting}, {}", name())}</span>
                <span class="date">{date}</span>
            </h1>
            <p class="validate">"Pain is real, and it is worth tracking."</p>

            <section class="quick-log" aria-labelledby="quick-log-title">
                <h2 id="quick-log-title">"Log something"</h2>
                <div class="quick-grid">
                    {QUICK_LOGS
                        .iter()
                        .enumerate()
                        .map(|(i, (label, _))| {
                            view! {
                                <button
                                    type="button"
                                    class="button quick"
                                    on:click=move |_| chosen.set(Some(i))
                                >
                                    {*label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <div role="status" class="quick-log-note">
                    {move || {
                        chosen
                            .get()
                            .and_then(|i| QUICK_LOGS.get(i))
                            .map(|(label, what)| {
                                view! {
                                    <ComingSoon title=format!("{label}: coming in the next update")>
                                        <p>{*what}</p>
                                        <p>"Nothing has been saved yet."</p>
                                    </ComingSoon>
                                }
                            })
                    }}
                </div>
            </section>

            <section class="entries" aria-labelledby="entries-title">
                <h2 id="entries-title">"Today's entries"</h2>
                <p class="empty">
                    "Logging arrives in the next update. Your entries will show here, each marked "
                    "\"Saved on this phone\" or \"Synced\"."
                </p>
            </section>
        </main>
    }
}

fn greeting_for_hour(hour: u32) -> &'static str {
    match hour {
        5..=11 => "Good morning",
        12..=17 => "Good afternoon",
        18..=22 => "Good evening",
        // Awake in the small hours is common with pain: a plain hello, no comment on the time.
        _ => "Hello",
    }
}

/// "Tuesday 3 June", in the phone's own time zone and British English.
fn long_date(date: &js_sys::Date) -> String {
    let options = js_sys::Object::new();
    for (key, value) in [("weekday", "long"), ("day", "numeric"), ("month", "long")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_date_string("en-GB", &options).into()
}
