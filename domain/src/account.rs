//! Account values validated once at the edge: an email, a new password, a display name, a time zone.
//! Each `parse` returns a value the rest of the code can trust, or an error a person can act on.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AccountError {
    #[error("Please enter an email address like name@example.com.")]
    InvalidEmail,
    #[error("Please choose a password of at least {MIN_PASSWORD_CHARS} characters.")]
    PasswordTooShort,
    #[error("That password is too long; please keep it under {MAX_PASSWORD_CHARS} characters.")]
    PasswordTooLong,
    #[error("That password is very common and easy to guess. Please choose another — a few unrelated words work well.")]
    PasswordTooCommon,
    #[error("Please tell us what to call you (up to {MAX_NAME_CHARS} characters).")]
    InvalidDisplayName,
    #[error("Please choose a time zone such as Europe/London.")]
    InvalidTimeZone,
}

impl AccountError {
    /// The request field the error is about, so the app can show it next to that field.
    pub fn field(&self) -> &'static str {
        match self {
            Self::InvalidEmail => "email",
            Self::PasswordTooShort | Self::PasswordTooLong | Self::PasswordTooCommon => "password",
            Self::InvalidDisplayName => "display_name",
            Self::InvalidTimeZone => "time_zone",
        }
    }
}

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;
pub const MAX_NAME_CHARS: usize = 60;

/// The schemas of these values in the OpenAPI document, for the request fields that take them
/// (`#[schema(schema_with = …)]`): exactly what `parse` accepts, as far as JSON Schema can say it,
/// so a client (or Schemathesis) that follows the document is not refused.
#[cfg(feature = "openapi")]
pub mod schema {
    use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

    use super::{MAX_NAME_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};

    /// What Rust's `trim` and `char::is_whitespace` take for a space (Unicode White_Space), as the
    /// inside of a regex character class. Spelled out because regex engines disagree on `\s`: the
    /// generator Schemathesis uses counted U+0085 as a letter, the server as a space.
    pub const WHITESPACE: &str = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

    /// Control characters, which a name may not hold (`char::is_control`).
    const CONTROL: &str = r"\x00-\x1f\x7f-\x9f";

    /// `Email::parse`: one `@`, a dot inside the domain, no spaces but around it.
    pub fn email() -> Object {
        let ws = WHITESPACE;
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!("^[{ws}]*[^{ws}@]+@[^{ws}@.][^{ws}@]*\\.[^{ws}@]*[^{ws}@.][{ws}]*$")))
            .max_length(Some(254))
            .examples(["sam@example.com"])
            .build()
    }

    /// `NewPassword::parse`: 10 to 256 characters, not one character repeated. (The server also
    /// refuses the 20,000 most common passwords, a list no schema carries.)
    pub fn new_password() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(MIN_PASSWORD_CHARS))
            .max_length(Some(MAX_PASSWORD_CHARS))
            .pattern(Some(r"^(?!([\s\S])\1*$)"))
            .examples(["kettle orchard blue"])
            .build()
    }

    /// `DisplayName::parse`: 1 to 60 characters once trimmed, no control characters. The length is
    /// in the pattern, not `maxLength`, because spaces around the name don't count.
    pub fn display_name() -> Object {
        name().build()
    }

    /// `PATCH /api/me`'s optional name.
    pub fn optional_display_name() -> Object {
        name().schema_type(SchemaType::from_iter([Type::String, Type::Null])).build()
    }

    fn name() -> ObjectBuilder {
        let (ws, cc) = (WHITESPACE, CONTROL);
        let middle = MAX_NAME_CHARS - 2;
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!("^[{ws}]*[^{ws}{cc}]([^{cc}]{{0,{middle}}}[^{ws}{cc}])?[{ws}]*$")))
            .examples(["Sam"])
    }
}

/// A normalised email address: trimmed and lower-cased, so `Sam@Example.com ` and `sam@example.com`
/// are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        let email = raw.trim().to_lowercase();
        let (local, domain) = email.split_once('@').ok_or(AccountError::InvalidEmail)?;
        let plausible = !local.is_empty()
            && email.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !email.chars().any(char::is_whitespace);
        if plausible { Ok(Self(email)) } else { Err(AccountError::InvalidEmail) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password acceptable for a new account (NIST 800-63B style: length and a deny-list, no
/// composition rules).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        let chars = raw.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Err(AccountError::PasswordTooShort);
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(AccountError::PasswordTooLong);
        }
        if is_common_password(raw) {
            return Err(AccountError::PasswordTooCommon);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Passwords of ten or more characters that appear near the top of public breach lists, plus
/// anything that is one character repeated or a plain keyboard/number run.
fn is_common_password(raw: &str) -> bool {
    const COMMON: &str = include_str!("common_passwords.txt");
    let lower = raw.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    let one_repeated = first.is_some_and(|c| lower.chars().all(|d| d == c));
    one_repeated || COMMON.lines().any(|line| line.trim() == lower)
}

/// What the app calls the person; shown to the people they share with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        let name = raw.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(AccountError::InvalidDisplayName);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone name such as `Europe/London` or `UTC`. Checked for shape only: the phone's
/// browser supplies it, and every entry also stores the UTC offset at the moment it was logged.
///
/// In the OpenAPI document it is a string here; the server, which holds the zone database, lists
/// the names it accepts in place of this schema.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "Europe/London"))]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        let tz = raw.trim();
        let shape_ok = !tz.is_empty()
            && tz.len() <= 64
            && tz.chars().all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c))
            && !tz.starts_with('/')
            && !tz.ends_with('/')
            && (tz.contains('/') || tz == "UTC" || tz == "GMT");
        if shape_ok { Ok(Self(tz.to_owned())) } else { Err(AccountError::InvalidTimeZone) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_so_one_person_has_one_account() {
        let a = Email::parse("  Sam.Jones@Example.COM ").unwrap();
        assert_eq!(a.as_str(), "sam.jones@example.com");
        assert_eq!(a, Email::parse("sam.jones@example.com").unwrap());
    }

    #[test]
    fn implausible_emails_are_refused() {
        for bad in
            ["", "sam", "sam@", "@example.com", "sam@example", "sam@@example.com", "s am@example.com", "sam@example."]
        {
            assert_eq!(Email::parse(bad), Err(AccountError::InvalidEmail), "{bad:?}");
        }
    }

    #[test]
    fn passwords_need_ten_characters_and_must_not_be_common() {
        assert_eq!(NewPassword::parse("short").unwrap_err(), AccountError::PasswordTooShort);
        assert_eq!(NewPassword::parse("ninechars").unwrap_err(), AccountError::PasswordTooShort);
        assert_eq!(NewPassword::parse("password123").unwrap_err(), AccountError::PasswordTooCommon);
        assert_eq!(NewPassword::parse("Password123").unwrap_err(), AccountError::PasswordTooCommon);
        assert_eq!(NewPassword::parse("zzzzzzzzzzzz").unwrap_err(), AccountError::PasswordTooCommon);
        assert!(NewPassword::parse("kettle orchard blue").is_ok());
        // Ten characters counted as characters, not bytes.
        assert!(NewPassword::parse("éèêëēėęîïí").is_ok());
    }

    #[test]
    fn password_debug_never_prints_the_secret() {
        let p = NewPassword::parse("kettle orchard blue").unwrap();
        assert!(!format!("{p:?}").contains("kettle"));
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Sam ").unwrap().as_str(), "Sam");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"x".repeat(61)).is_err());
    }

    #[test]
    fn time_zones_have_the_iana_shape() {
        assert!(TimeZoneName::parse("Europe/London").is_ok());
        assert!(TimeZoneName::parse("America/Argentina/Buenos_Aires").is_ok());
        assert!(TimeZoneName::parse("UTC").is_ok());
        for bad in ["", "London", "Europe/", "Europe/Lon don", "<script>"] {
            assert!(TimeZoneName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn each_error_names_its_field() {
        assert_eq!(AccountError::PasswordTooCommon.field(), "password");
        assert_eq!(AccountError::InvalidTimeZone.field(), "time_zone");
    }
}
