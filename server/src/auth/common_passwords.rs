//! The server's check of a new password against the 20,000 most common ones (OWASP ASVS 5.0,
//! V6.2.4). The list stays on the server: the phone's app checks only a short list of its own
//! (`evenkeel_domain::account`), so its download does not grow.

use std::collections::HashSet;
use std::sync::LazyLock;

use evenkeel_domain::account::{AccountError, NewPassword};

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common-passwords.txt").lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect()
});

/// A password someone chose: the shared rules, then the long list.
pub fn new_password(raw: &str) -> Result<NewPassword, AccountError> {
    let password = NewPassword::parse(raw)?;
    check(&password)?;
    Ok(password)
}

/// Refuses a password on the list, whatever its case ("Password1234" is "password1234").
pub fn check(password: &NewPassword) -> Result<(), AccountError> {
    if COMMON.contains(password.expose().to_lowercase().as_str()) {
        Err(AccountError::PasswordTooCommon)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_raw(raw: &str) -> Result<(), AccountError> {
        check(&NewPassword::parse(raw).unwrap())
    }

    #[test]
    fn the_list_is_the_long_one() {
        assert!(COMMON.len() > 1_800, "{}", COMMON.len());
        assert!(COMMON.iter().all(|p| p.chars().count() >= 10));
    }

    #[test]
    fn passwords_from_deep_in_the_list_are_refused() {
        // From the last fifth of the list: the app's own short list lets them through.
        for deep in ["glamorous1", "Peppermint", "pimpjuice1", "fallen_angel"] {
            assert!(NewPassword::parse(deep).is_ok(), "{deep} passes the app's short list");
            assert_eq!(check_raw(deep), Err(AccountError::PasswordTooCommon), "{deep}");
        }
        assert_eq!(check_raw("kettle orchard blue"), Ok(()));
    }
}
