//! Who is signed in on this phone.
//!
//! - The access token lives in memory only (never in storage): a page reload gets a new one by
//!   exchanging the HttpOnly refresh cookie, and we refresh again shortly before it expires.
//! - A small, non-sensitive profile (name, role, time zone) is kept in localStorage so the app can
//!   still open when the server cannot be reached. When the server says "not signed in" (401) the
//!   profile is cleared and the person is sent to sign in.
//! - Pages never navigate on session changes themselves: the shell and the sign-in pages watch
//!   `status()` and move the person along.

use std::time::Duration;

use evenkeel_domain::api::{AuthResponse, ChangePasswordRequest, LoginRequest, RegisterRequest, Role, UserView};
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::settings::{TextSize, Theme};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiError};
use crate::connectivity::Connectivity;
use crate::local_storage;

const PROFILE_KEY: &str = "evenkeel.profile";
/// Set when the person signed out but the server could not be told (offline): without it the
/// still-valid refresh cookie would quietly sign them back in on the next start.
const SIGNED_OUT_KEY: &str = "evenkeel.signed_out";
/// Refresh this long before the access token expires.
const REFRESH_MARGIN_SECS: i64 = 60;
/// When a refresh fails for a reason other than 401 (offline, server trouble), try again after this.
const RETRY_AFTER: Duration = Duration::from_secs(30);

/// What the app remembers about the person between visits. Nothing about their health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub display_name: String,
    pub role: Role,
    pub time_zone: String,
    /// Signed in with a one-time password from the practice: the shell keeps the person on
    /// "Choose your password" until they have. (Missing in profiles saved before it existed.)
    #[serde(default)]
    pub must_change_password: bool,
    /// Settings the page applies before it is drawn (`app/html/page.html` reads them here).
    #[serde(default)]
    pub text_size: TextSize,
    #[serde(default)]
    pub theme: Theme,
}

impl From<&UserView> for Profile {
    fn from(user: &UserView) -> Self {
        Self {
            display_name: user.display_name.clone(),
            role: user.role,
            time_zone: user.time_zone.clone(),
            must_change_password: user.must_change_password,
            text_size: user.text_size,
            theme: user.theme,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Checking the refresh cookie on start, when this phone remembers nobody: the page's
    /// placeholder stays (or a calm "opening" state shows), not the sign-in form.
    Starting,
    SignedOut,
    /// Signed in; possibly offline with only the remembered profile and no access token yet.
    SignedIn,
}

#[derive(Clone, Copy)]
pub struct Session {
    status: RwSignal<Status>,
    profile: RwSignal<Option<Profile>>,
    /// The full account as the server last sent it (includes the email); memory only.
    user: RwSignal<Option<UserView>>,
    access_token: StoredValue<Option<String>>,
    /// When the access token stops working, in `Date.now()` milliseconds.
    expires_at_ms: StoredValue<f64>,
    refreshing: StoredValue<bool>,
    refresh_timer: StoredValue<Option<TimeoutHandle>>,
    /// Goes up with every new access token, so the sync loop can start again at once.
    token_epoch: RwSignal<u64>,
    /// The person signed this phone out from another device: the diary must go from it too
    /// (the sync loop, which holds the store, does that).
    signed_out_elsewhere: RwSignal<bool>,
    connectivity: Connectivity,
}

impl Session {
    /// Creates the session, provides it as context and starts the silent sign-in.
    pub fn provide(connectivity: Connectivity) -> Self {
        let this = Self {
            status: RwSignal::new(Status::Starting),
            profile: RwSignal::new(None),
            user: RwSignal::new(None),
            access_token: StoredValue::new(None),
            expires_at_ms: StoredValue::new(0.0),
            refreshing: StoredValue::new(false),
            refresh_timer: StoredValue::new(None),
            token_epoch: RwSignal::new(0),
            signed_out_elsewhere: RwSignal::new(false),
            connectivity,
        };
        provide_context(this);
        this.start();

        // Back online while signed in from the remembered profile: get a real access token now.
        Effect::new(move |_| {
            let offline = connectivity.is_offline();
            if !offline
                && this.status.get_untracked() == Status::SignedIn
                && this.access_token.with_value(Option::is_none)
            {
                this.refresh();
            }
        });

        // Timers sleep while the phone does: on coming back to the app, refresh if the token is
        // (nearly) used up rather than waiting for a request to fail.
        let focus = window_event_listener(leptos::ev::focus, move |_| {
            let margin_ms = (REFRESH_MARGIN_SECS * 1000) as f64;
            let stale = this.expires_at_ms.get_value() - margin_ms <= js_sys::Date::now();
            if this.status.get_untracked() == Status::SignedIn && stale {
                this.refresh();
            }
        });
        on_cleanup(move || focus.remove());
        this
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Reactive: true once the server said this phone was signed out from another device.
    pub fn signed_out_elsewhere(&self) -> bool {
        self.signed_out_elsewhere.get()
    }

    pub fn status(&self) -> Status {
        self.status.get()
    }

    pub fn profile(&self) -> Option<Profile> {
        self.profile.get()
    }

    pub fn user(&self) -> Option<UserView> {
        self.user.get()
    }

    /// Reactive: true while the person must replace the one-time password they signed in with.
    pub fn must_change_password(&self) -> bool {
        self.profile.with(|p| p.as_ref().is_some_and(|p| p.must_change_password))
    }

    pub fn must_change_password_untracked(&self) -> bool {
        self.profile.with_untracked(|p| p.as_ref().is_some_and(|p| p.must_change_password))
    }

    /// The current access token (memory only), for API calls such as sync.
    pub fn access_token(&self) -> Option<String> {
        self.access_token.get_value()
    }

    /// Reactive: changes whenever a new access token arrives.
    pub fn token_epoch(&self) -> u64 {
        self.token_epoch.get()
    }

    fn start(self) {
        if local_storage::get(SIGNED_OUT_KEY).is_some() {
            // Finish a sign-out that happened offline before anything else.
            self.status.set(Status::SignedOut);
            spawn_local(async move {
                let result = api::logout().await;
                self.connectivity.observe(&result);
                if result.is_ok() {
                    local_storage::remove(SIGNED_OUT_KEY);
                }
            });
            return;
        }
        let remembered = local_storage::get(PROFILE_KEY).and_then(|json| serde_json::from_str::<Profile>(&json).ok());
        let has_profile = remembered.is_some();
        self.profile.set(remembered);
        if has_profile {
            // Open the app at once from what this phone remembers, as offline; the refresh below
            // (if there is a network) signs the person out should the server have ended the session.
            self.status.set(Status::SignedIn);
            if self.connectivity.is_offline_untracked() {
                return;
            }
        }
        self.refresh();
    }

    /// Exchanges the refresh cookie for a new access token. One at a time in this tab: the server
    /// rotates the cookie, and a used one coming back is honoured only within a short grace period
    /// (meant for other tabs and lost answers, not for this tab's own duplicates).
    pub fn refresh(self) {
        if self.refreshing.get_value() {
            return;
        }
        self.refreshing.set_value(true);
        spawn_local(async move {
            let result = api::refresh().await;
            self.refreshing.set_value(false);
            self.connectivity.observe(&result);
            match result {
                Ok(auth) => self.accept(auth),
                Err(error) if error.is_unauthorised() => {
                    if error.code() == Some(ErrorCode::SignedOutElsewhere) {
                        self.signed_out_elsewhere.set(true);
                    }
                    self.forget();
                }
                Err(_) => {
                    // Offline or server trouble: keep the person in the app if we know them.
                    let known = self.profile.get_untracked().is_some();
                    self.status.set(if known { Status::SignedIn } else { Status::SignedOut });
                    if known {
                        self.schedule_refresh(RETRY_AFTER);
                    }
                }
            }
        });
    }

    pub async fn sign_in(self, request: LoginRequest) -> Result<(), ApiError> {
        let result = api::login(&request).await;
        self.connectivity.observe(&result);
        self.accept(result?);
        Ok(())
    }

    pub async fn sign_up(self, request: RegisterRequest) -> Result<(), ApiError> {
        let result = api::register(&request).await;
        self.connectivity.observe(&result);
        self.accept(result?);
        Ok(())
    }

    /// Replaces the password. The server signs out every other device and answers with a new
    /// session for this one, which is taken on like a sign-in. Returns the person's role.
    pub async fn change_password(self, request: ChangePasswordRequest) -> Result<Role, ApiError> {
        let Some(token) = self.access_token.get_value() else { return Err(ApiError::Unreachable) };
        let result = api::change_password(&token, &request).await;
        self.connectivity.observe(&result);
        match result {
            Ok(auth) => {
                let role = auth.user.role;
                self.accept(auth);
                Ok(role)
            }
            Err(error) => {
                if error.is_unauthorised() {
                    // The access token ran out: get a new one (or end the session) for the next try.
                    self.refresh();
                }
                Err(error)
            }
        }
    }

    /// Signs out on this phone at once; tells the server when it can.
    pub fn sign_out(self) {
        crate::service_worker::forget_push(&self.access_token.get_value().unwrap_or_default());
        self.forget();
        local_storage::set(SIGNED_OUT_KEY, "1");
        spawn_local(async move {
            let result = api::logout().await;
            self.connectivity.observe(&result);
            if result.is_ok() {
                local_storage::remove(SIGNED_OUT_KEY);
            }
        });
    }

    /// Re-reads the account from the server (e.g. to show the current email on More).
    pub fn reload_user(self) {
        let Some(token) = self.access_token.get_value() else { return };
        spawn_local(async move {
            let result = api::me(&token).await;
            self.connectivity.observe(&result);
            match result {
                Ok(user) => self.remember(user),
                Err(error) if error.is_unauthorised() => self.refresh(),
                Err(_) => {}
            }
        });
    }

    fn accept(self, auth: AuthResponse) {
        local_storage::remove(SIGNED_OUT_KEY);
        self.access_token.set_value(Some(auth.access_token));
        self.expires_at_ms.set_value(js_sys::Date::now() + (auth.expires_in * 1000) as f64);
        self.remember(auth.user);
        self.status.set(Status::SignedIn);
        self.token_epoch.update(|n| *n += 1);
        let secs = (auth.expires_in - REFRESH_MARGIN_SECS).max(10);
        self.schedule_refresh(Duration::from_secs(secs.unsigned_abs()));
    }

    /// Keeps the account as the server sent it (at sign-in, or after a change in Settings).
    pub fn remember(self, user: UserView) {
        // Settings changed on another device take effect here as soon as the server says so.
        crate::appearance::apply(user.text_size, user.theme);
        let profile = Profile::from(&user);
        if let Ok(json) = serde_json::to_string(&profile) {
            local_storage::set(PROFILE_KEY, &json);
        }
        self.profile.set(Some(profile));
        self.user.set(Some(user));
    }

    /// Drops everything this phone knows about the session.
    fn forget(self) {
        self.cancel_refresh();
        self.access_token.set_value(None);
        self.expires_at_ms.set_value(0.0);
        self.user.set(None);
        self.profile.set(None);
        local_storage::remove(PROFILE_KEY);
        self.status.set(Status::SignedOut);
    }

    fn schedule_refresh(self, after: Duration) {
        self.cancel_refresh();
        let handle = set_timeout_with_handle(move || self.refresh(), after).ok();
        self.refresh_timer.set_value(handle);
    }

    fn cancel_refresh(self) {
        if let Some(handle) = self.refresh_timer.get_value() {
            handle.clear();
        }
        self.refresh_timer.set_value(None);
    }
}
