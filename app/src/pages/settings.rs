//! Settings (More → Settings): text size, theme, time zone, name and email address. Saved on the
//! server, so every phone or computer the person signs in on uses them; text size and theme apply
//! here at once (`appearance`).

use evenkeel_domain::recovery::{EmailChange, EmailChangeRequest};
use evenkeel_domain::settings::{SettingsPatch, TextSize, Theme};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::account_api::AccountApi;
use crate::appearance;
use crate::components::text_field::TextField;
use crate::session::Session;

/// How many places the time zone search shows at once.
const SHOWN_ZONES: usize = 8;

#[component]
pub fn Settings() -> impl IntoView {
    let session = Session::expect();
    session.reload_user();
    let api = AccountApi::expect();
    // One line under whatever was changed last, read out politely.
    let status = RwSignal::new(None::<(&'static str, String)>);

    let save = Callback::new(move |(section, patch, done): (&'static str, SettingsPatch, String)| {
        spawn_local(async move {
            match api.change_settings(&patch).await {
                Ok(user) => {
                    session.remember(user);
                    status.set(Some((section, done)));
                }
                Err(error) => status.set(Some((section, error.message()))),
            }
        });
    });
    let status_for =
        move |section: &'static str| move || status.get().filter(|(s, _)| *s == section).map(|(_, text)| text);

    let text_size = move || session.profile().map(|p| p.text_size).unwrap_or_default();
    let theme = move || session.profile().map(|p| p.theme).unwrap_or_default();
    let choose_size = move |size: TextSize| {
        appearance::apply(size, theme());
        save.run(("text-size", SettingsPatch { text_size: Some(size), ..SettingsPatch::default() }, "Saved.".into()));
    };
    let choose_theme = move |choice: Theme| {
        appearance::apply(text_size(), choice);
        save.run(("theme", SettingsPatch { theme: Some(choice), ..SettingsPatch::default() }, "Saved.".into()));
    };

    view! {
        <main class="page settings" data-page="settings">
            <p class="back-row"><a class="back-button" href="/more">"‹ More"</a></p>
            <h1>"Settings"</h1>
            <p class="lead">"Saved to your account, so every phone or computer you sign in on uses them."</p>

            <section class="card" aria-labelledby="text-size-title">
                <h2 id="text-size-title">"Text size"</h2>
                <p class="hint">"On top of your phone's own text size."</p>
                <div class="segmented" role="group" aria-labelledby="text-size-title">
                    {TextSize::ALL.into_iter().map(|size| view! {
                        <button type="button" id=format!("text-size-{}", size.as_str()) data-size=size.as_str()
                            aria-pressed=move || (text_size() == size).to_string()
                            on:click=move |_| choose_size(size)>
                            {size.label()}
                        </button>
                    }).collect_view()}
                </div>
                <p class="form-message" role="status">{status_for("text-size")}</p>
            </section>

            <section class="card" aria-labelledby="theme-title">
                <h2 id="theme-title">"Theme"</h2>
                <div class="segmented" role="group" aria-labelledby="theme-title">
                    {Theme::ALL.into_iter().map(|choice| view! {
                        <button type="button" id=format!("theme-{}", choice.as_str())
                            aria-pressed=move || (theme() == choice).to_string()
                            on:click=move |_| choose_theme(choice)>
                            {choice.label()}
                        </button>
                    }).collect_view()}
                </div>
                <p class="form-message" role="status">{status_for("theme")}</p>
            </section>

            <TimeZoneCard api save status=Signal::derive(status_for("time-zone"))/>
            <NameCard save status=Signal::derive(status_for("name"))/>
            <EmailCard api/>
        </main>
    }
}

#[component]
fn TimeZoneCard(
    api: AccountApi,
    save: Callback<(&'static str, SettingsPatch, String)>,
    status: Signal<Option<String>>,
) -> impl IntoView {
    let session = Session::expect();
    let zones = RwSignal::new(Vec::<String>::new());
    let search = RwSignal::new(String::new());
    spawn_local(async move {
        if let Ok(list) = api.time_zones().await {
            zones.set(list);
        }
    });
    let current = move || session.profile().map(|p| p.time_zone).unwrap_or_default();
    let phone_zone = crate::pages::sign_up::browser_time_zone();
    let choose = move |zone: String| {
        search.set(String::new());
        let patch = SettingsPatch { time_zone: Some(zone.clone()), ..SettingsPatch::default() };
        save.run(("time-zone", patch, format!("Saved: {zone}.")));
    };
    // Places whose name holds every word typed ("new york", "london"), spaces as underscores.
    let matches = move || {
        let wanted: Vec<String> = search.get().to_lowercase().split_whitespace().map(str::to_owned).collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        zones.with(|all| {
            all.iter()
                .filter(|z| {
                    let name = z.to_lowercase().replace('_', " ");
                    wanted.iter().all(|w| name.contains(w.as_str()))
                })
                .take(SHOWN_ZONES)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let suggestion = {
        let phone_zone = phone_zone.clone();
        move || (!current().is_empty() && current() != phone_zone).then(|| phone_zone.clone())
    };

    view! {
        <section class="card time-zone-card" aria-labelledby="zone-title">
            <h2 id="zone-title">"Time zone"</h2>
            <p class="hint">"Your days in the diary and your reminders follow it."</p>
            <p class="current-zone">"Now: "<strong id="current-zone">{current}</strong></p>
            {move || suggestion().map(|zone| {
                let label = format!("Use this phone's time zone ({zone})");
                view! {
                    <button id="use-phone-zone" type="button" class="button secondary wide" on:click=move |_| choose(zone.clone())>
                        {label}
                    </button>
                }
            })}
            <div class="field">
                <label for="zone-search">"Find a place"</label>
                <div class="input-row">
                    <input id="zone-search" type="search" autocomplete="off" spellcheck="false"
                        placeholder="For example London or New York"
                        aria-controls="zone-results" bind:value=search/>
                </div>
            </div>
            <ul class="zone-results" id="zone-results" aria-live="polite">
                {move || matches().into_iter().map(|zone| {
                    let label = zone.replace('_', " ");
                    view! {
                        <li><button type="button" class="menu-item zone-option" data-zone=zone.clone()
                            on:click=move |_| choose(zone.clone())>{label}</button></li>
                    }
                }).collect_view()}
            </ul>
            <p class="form-message" role="status" id="zone-status">{move || status.get()}</p>
        </section>
    }
}

#[component]
fn NameCard(save: Callback<(&'static str, SettingsPatch, String)>, status: Signal<Option<String>>) -> impl IntoView {
    let session = Session::expect();
    let name = RwSignal::new(untrack(|| session.profile()).map(|p| p.display_name).unwrap_or_default());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let patch = SettingsPatch { display_name: Some(name.get_untracked()), ..SettingsPatch::default() };
        save.run(("name", patch, "Saved.".into()));
    };
    view! {
        <section class="card" aria-labelledby="name-title">
            <h2 id="name-title">"Your name"</h2>
            <form class="auth-form" novalidate on:submit=on_submit>
                <TextField id="settings-name" label="What should we call you?" value=name error=Signal::derive(|| None::<String>)
                    hint="Carers and your project worker see it too." autocomplete="nickname"/>
                <button id="save-name" type="submit" class="button primary">"Save name"</button>
            </form>
            <p class="form-message" role="status">{move || status.get()}</p>
        </section>
    }
}

#[component]
fn EmailCard(api: AccountApi) -> impl IntoView {
    let session = Session::expect();
    let new_email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let email = move || session.user().map(|u| u.email).unwrap_or_default();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = EmailChangeRequest { new_email: new_email.get_untracked(), password: password.get_untracked() };
        pending.set(true);
        spawn_local(async move {
            let said = match api.change_email(&request).await {
                Ok(EmailChange::Changed) => {
                    session.reload_user();
                    password.set(String::new());
                    format!("Your email is now {}.", request.new_email.trim())
                }
                Ok(EmailChange::ConfirmationSent) => {
                    password.set(String::new());
                    format!("We've sent a link to {}. Your email changes once you open it.", request.new_email.trim())
                }
                Err(error) => error.message(),
            };
            pending.set(false);
            message.set(Some(said));
        });
    };
    view! {
        <section class="card" aria-labelledby="email-title">
            <h2 id="email-title">"Email address"</h2>
            <p>"Now: "<strong id="current-email">{email}</strong></p>
            <form class="auth-form" novalidate on:submit=on_submit>
                <TextField id="new-email" label="New email address" value=new_email error=Signal::derive(|| None::<String>)
                    input_type="email" autocomplete="email" inputmode="email"/>
                <TextField id="email-password" label="Your password" hint="So nobody else can change it."
                    value=password error=Signal::derive(|| None::<String>) input_type="password" autocomplete="current-password"/>
                <button id="change-email" type="submit" class="button primary" aria-disabled=move || pending.get().then_some("true")>
                    "Change email"
                </button>
            </form>
            <p class="form-message" role="status" id="email-message">{move || message.get()}</p>
        </section>
    }
}
