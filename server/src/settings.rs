//! `PATCH /api/me`: the person's name, time zone, text size and theme, checked at the edge and
//! saved on the server so every device they use applies them. Reminders and the server's idea of
//! "today" read the zone from here.

use evenkeel_domain::account::DisplayName;
use evenkeel_domain::api::UserView;
use evenkeel_domain::settings::SettingsPatch;

use crate::access::active_user;
use crate::accounts::user_view;
use crate::auth::caller::Caller;
use crate::db::users::{self, SettingsChange};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

pub fn change(conn: &mut DbConn, caller: &Caller, patch: &SettingsPatch) -> AppResult<UserView> {
    if patch.is_empty() {
        return Err(AppError::invalid_input("Nothing to change: send display_name, time_zone, text_size or theme."));
    }
    let user = active_user(conn, caller)?;
    let name = patch.display_name.as_deref().map(DisplayName::parse).transpose()?;
    let zone = patch.time_zone.as_deref().map(crate::zones::checked).transpose()?;
    let change = SettingsChange {
        display_name: name.as_ref().map(DisplayName::as_str),
        time_zone: zone.as_ref().map(|z| z.as_str()),
        text_size: patch.text_size.map(|t| t.as_str()),
        theme: patch.theme.map(|t| t.as_str()),
        updated_at: Some(db::now()),
    };
    if !users::change_settings(conn, &user.id, &change)? {
        return Err(AppError::session_expired());
    }
    let user = users::by_id(conn, &user.id)?.ok_or_else(AppError::session_expired)?;
    user_view(&user)
}

/// Every zone a person can choose: the IANA database's canonical "Area/City" names and UTC,
/// sorted. The old aliases (`GB`, `US/Pacific`) are left out so the list reads as places.
pub fn time_zones() -> Vec<&'static str> {
    let areas =
        ["Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/"];
    let mut zones: Vec<&'static str> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|name| areas.iter().any(|a| name.starts_with(a)) || *name == "UTC")
        .collect();
    zones.sort_unstable();
    zones
}

#[cfg(test)]
mod tests {
    use super::time_zones;

    #[test]
    fn the_zone_list_is_places_and_utc() {
        let zones = time_zones();
        assert!(zones.contains(&"Europe/London"));
        assert!(zones.contains(&"America/Argentina/Buenos_Aires"));
        assert!(zones.contains(&"UTC"));
        assert!(!zones.contains(&"GB"));
        assert!(!zones.contains(&"US/Pacific"));
        assert!(zones.windows(2).all(|w| w[0] < w[1]));
        assert!(zones.iter().all(|z| crate::zones::checked(z).is_ok()));
    }
}
