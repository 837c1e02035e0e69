//! Signed-in devices: each sign-in is a refresh token family, labelled with the device it was made
//! on. A person sees theirs and can sign one out, or every other one; a signed-out device finds out
//! at its next refresh (its access token lasts at most 15 minutes), and the app then wipes its
//! diary from that phone as at any sign-out.

use chrono::{DateTime, Utc};
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::recovery::SessionView;

use crate::access::active_user;
use crate::auth::caller::Caller;
use crate::db::{self, DbConn, refresh_tokens};
use crate::error::{AppError, AppResult};

/// A short, plain label for a browser's user agent: "Chrome on Android", "Safari on iPhone",
/// "Firefox on Windows". Only what a person recognises; no version numbers.
pub fn device_label(user_agent: &str) -> String {
    let ua = user_agent.to_ascii_lowercase();
    let has = |s: &str| ua.contains(s);
    let system = if has("iphone") {
        "iPhone"
    } else if has("ipad") {
        "iPad"
    } else if has("android") {
        "Android"
    } else if has("windows") {
        "Windows"
    } else if has("mac os") || has("macintosh") {
        "Mac"
    } else if has("cros") {
        "Chromebook"
    } else if has("linux") {
        "Linux"
    } else {
        ""
    };
    // Order matters: Edge and Samsung Internet also say "chrome", Chrome also says "safari".
    let browser = if has("edg/") || has("edga/") || has("edgios/") {
        "Edge"
    } else if has("samsungbrowser") {
        "Samsung Internet"
    } else if has("firefox") || has("fxios") {
        "Firefox"
    } else if has("chrome") || has("crios") || has("chromium") {
        "Chrome"
    } else if has("safari") {
        "Safari"
    } else {
        ""
    };
    match (browser, system) {
        ("", "") => "A browser".to_owned(),
        ("", system) => format!("A browser on {system}"),
        (browser, "") => browser.to_owned(),
        (browser, system) => format!("{browser} on {system}"),
    }
}

fn utc(at: chrono::NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(at, Utc)
}

/// `GET /api/me/sessions`.
pub fn list(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<SessionView>> {
    let user = active_user(conn, caller)?;
    refresh_tokens::live_families(conn, &user.id, db::now())?
        .into_iter()
        .map(|f| {
            Ok(SessionView {
                id: f.family_id.parse().map_err(|e| AppError::internal(anyhow::anyhow!("bad family id: {e}")))?,
                this_device: caller.session_id.as_deref() == Some(f.family_id.as_str()),
                device: f.device,
                first_seen: utc(f.first_seen),
                last_seen: utc(f.last_seen),
            })
        })
        .collect()
}

/// `DELETE /api/me/sessions/{id}`: signs that device out.
pub fn end(conn: &mut DbConn, caller: &Caller, family_id: &str) -> AppResult<()> {
    let user = active_user(conn, caller)?;
    if refresh_tokens::revoke_family_of(conn, &user.id, family_id, db::now())? {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::NotFound, "That device is already signed out."))
    }
}

/// `DELETE /api/me/sessions`: signs out every device but this one.
pub fn end_others(conn: &mut DbConn, caller: &Caller) -> AppResult<()> {
    let user = active_user(conn, caller)?;
    // An access token from before sessions were named has no `sid`: keep nothing rather than
    // guess, so the person signs in again on this device too.
    let keep = caller.session_id.as_deref().unwrap_or_default();
    refresh_tokens::revoke_all_but(conn, &user.id, keep, db::now())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::device_label;

    #[test]
    fn labels_name_the_browser_and_the_system_a_person_knows() {
        let cases = [
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari on iPhone",
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
                "Samsung Internet on Android",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge on Windows",
            ),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux"),
            ("curl/8.5.0", "A browser"),
            ("", "A browser"),
        ];
        for (ua, label) in cases {
            assert_eq!(device_label(ua), label, "{ua}");
        }
    }
}
