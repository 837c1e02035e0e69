//! Small things kept only on this phone (localStorage): the last list of tracks, the sleep tips
//! being tried (`evenkeel_domain::sleep_window::TIPS_STORAGE_KEY`), the worries written down at
//! bedtime, the flare plan. None of it is synced or shared.

pub const WORRIES: &str = "evenkeel.worries";
pub const FLARE_PLAN: &str = "evenkeel.flare-plan";

use crate::local_storage;

pub use crate::local_storage::set;

pub fn get(key: &str) -> String {
    local_storage::get(key).unwrap_or_default()
}

/// A list kept as one line of comma-separated keys.
pub fn get_list(key: &str) -> Vec<String> {
    get(key).split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

pub fn set_list(key: &str, values: &[String]) {
    set(key, &values.join(","));
}
