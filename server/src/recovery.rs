//! Getting back in after a forgotten password, two ways:
//! - **by email** (when the server has SMTP settings): `POST /api/auth/forgot` sends a single-use
//!   link, valid 30 minutes. The answer is the same whether or not the address has an account, and
//!   comes before any lookup, so its timing tells nothing either.
//! - **through the practice**, always: the patient's project worker (on an active link) or an admin
//!   checks who they are and issues a reset code, valid 24 hours, audited in the patient's log.
//!
//! Either ends in `POST /api/auth/reset`: the new password is set, every reset secret and every
//! session of the person ends, and this device is signed in. The phone's diary is untouched: the
//! app keeps it through a session that ended, and its outbox syncs at the next sign-in.
//!
//! Also here: changing the email address, which needs the password and, with email, a link sent to
//! the new address.

use chrono::Duration;
use evenkeel_domain::account::Email;
use evenkeel_domain::api::Role;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::recovery::{
    EmailChange, EmailChangeRequest, RESET_CODE_HOURS, RESET_LINK_MINUTES, ResetCode, ResetRequest,
};
use evenkeel_domain::sharing::{AuditSubject, LinkState, Relation};

use crate::access::{active_user, no_such_patient};
use crate::accounts::{Session, start_session};
use crate::auth::caller::Caller;
use crate::auth::tokens::TokenKeys;
use crate::auth::{password, refresh};
use crate::db::account_tokens::{self, AccountToken, NewAccountToken, Purpose};
use crate::db::audit_log::{self, AuditRow};
use crate::db::users::{self, User};
use crate::db::{self, DbConn, care_links, refresh_tokens};
use crate::error::{AppError, AppResult};
use crate::mail::{Mail, Mailer};

/// A reset code as typed: any case, with or without the hyphens, spaces around or between the
/// groups. Stored and compared as the practice read it out: `kq7m-x3fd-9hpa-tw2e`.
pub fn normalise_code(typed: &str) -> String {
    let chars: Vec<char> = typed.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    chars.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

fn store_secret(
    conn: &mut DbConn,
    user: &User,
    purpose: Purpose,
    secret: &str,
    valid_for: Duration,
    issued_by: Option<&str>,
    new_email: Option<&str>,
) -> AppResult<chrono::NaiveDateTime> {
    let now = db::now();
    let expires_at = now + valid_for;
    account_tokens::replace(
        conn,
        &NewAccountToken {
            id: &db::new_id(),
            user_id: &user.id,
            purpose: purpose.as_str(),
            secret_hash: &refresh::hash(secret),
            new_email,
            issued_by,
            created_at: now,
            expires_at,
        },
    )?;
    Ok(expires_at)
}

/// The work behind `POST /api/auth/forgot`, done after the answer has gone: when the address
/// belongs to an active account, a new link (the only one that works) is emailed to it.
pub fn send_reset_link(conn: &mut DbConn, mailer: &Mailer, email: &str) -> AppResult<()> {
    let Ok(email) = Email::parse(email) else { return Ok(()) };
    let Some(user) = users::by_email(conn, email.as_str())?.filter(|u| u.deactivated_at.is_none()) else {
        return Ok(());
    };
    let secret = refresh::generate();
    store_secret(conn, &user, Purpose::ResetLink, &secret, Duration::minutes(RESET_LINK_MINUTES), None, None)?;
    let link = mailer.link(&format!("/signin/reset#token={secret}"));
    let body = format!(
        "Hello {name},\n\n\
         Someone, we hope you, asked to reset the password of your Even Keel account.\n\n\
         To choose a new password, open this link within {RESET_LINK_MINUTES} minutes:\n\n{link}\n\n\
         The link works once. If you didn't ask, you can ignore this email: your password stays as it is.\n\n\
         Your diary on your phone is kept either way.\n\nEven Keel",
        name = user.display_name,
    );
    mailer
        .send(&Mail { to: user.email.clone(), subject: "Choosing a new Even Keel password", body })
        .map_err(AppError::internal)
}

fn code_refused(code: ErrorCode) -> AppError {
    let message = match code {
        ErrorCode::CodeExpired => {
            "That reset code or link has expired. Please ask your practice for a new code, or ask for a new link."
        }
        ErrorCode::CodeUsed => "That reset code or link has already been used. Please ask for a new one.",
        _ => "That reset code isn't right. Please check it, or ask your practice for a new one.",
    };
    AppError::new(code, message)
}

/// Why a secret can't be used: unknown, used or expired (someone holding it may know which).
fn refused_secret(conn: &mut DbConn, hash: &str, purposes: &[Purpose]) -> AppResult<AppError> {
    let any = account_tokens::by_hash(conn, hash, purposes)?;
    Ok(code_refused(match any {
        Some(t) if t.used_at.is_some() => ErrorCode::CodeUsed,
        Some(_) => ErrorCode::CodeExpired,
        None => ErrorCode::CodeNotFound,
    }))
}

/// `POST /api/auth/reset`. The new password is checked first (cheap, reveals nothing); then the
/// secret, before any hashing, so a wrong code costs the server nothing; then, in one
/// transaction, the secret is taken (only one request can), the password set, every session and
/// reset secret of the person ended, and this device signed in.
pub fn reset(
    conn: &mut DbConn,
    keys: &TokenKeys,
    turn: &password::Turn,
    req: &ResetRequest,
    device: &str,
) -> AppResult<Session> {
    let (secret, purposes) = match (req.token.as_deref().map(str::trim), req.code.as_deref().map(normalise_code)) {
        (Some(token), None) if !token.is_empty() => (token.to_owned(), [Purpose::ResetLink]),
        (None, Some(code)) if !code.is_empty() => (code, [Purpose::ResetCode]),
        _ => return Err(AppError::invalid_input("Please enter the reset code your practice gave you.")),
    };
    let new_password = crate::auth::common_passwords::new_password(&req.new_password)?;
    let hash = refresh::hash(&secret);
    let now = db::now();
    let Some(found) = account_tokens::live(conn, &hash, &purposes, now)? else {
        return Err(refused_secret(conn, &hash, &purposes)?);
    };
    let user = users::by_id(conn, &found.user_id)?.filter(|u| u.deactivated_at.is_none()).ok_or_else(|| {
        AppError::new(ErrorCode::Forbidden, "This account has been closed. Please contact your practice.")
    })?;
    let password_hash = password::hash(turn, new_password.expose()).map_err(AppError::internal)?;
    crate::db::write_transaction(conn, |conn| {
        let now = db::now();
        if account_tokens::take(conn, &hash, &purposes, now)?.is_none() {
            return Err(code_refused(ErrorCode::CodeUsed));
        }
        if !users::set_password(conn, &user.id, &password_hash, now)? {
            return Err(AppError::session_expired());
        }
        refresh_tokens::revoke_all_for_user(conn, &user.id, now)?;
        account_tokens::end_resets(conn, &user.id, now)?;
        let user = User { password_hash: password_hash.clone(), must_change_password: false, updated_at: now, ..user };
        start_session(conn, keys, &user, &db::new_id(), device)
    })
}

/// `POST /api/patients/{id}/reset-code` and `POST /api/admin/workers/{id}/reset-code`: a reset
/// code for `person_id`, issued by a project worker for a patient on an active worker link, or by
/// an admin for anyone but another admin. Carers and patients never can. For a patient it is
/// written in their log ("Jo issued a reset code").
pub fn issue_reset_code(conn: &mut DbConn, caller: &Caller, person_id: &str, endpoint: &str) -> AppResult<ResetCode> {
    let actor = active_user(conn, caller)?;
    let actor_role = Role::parse(&actor.role);
    if !matches!(actor_role, Some(Role::Worker | Role::Admin)) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Reset codes are issued by the practice, once they have checked who is asking.",
        ));
    }
    let person = users::by_id(conn, person_id)?.filter(|u| u.deactivated_at.is_none());
    let allowed = match (&person, actor_role) {
        (Some(person), Some(Role::Admin)) => person.role != Role::Admin.as_str(),
        (Some(person), _) if person.role == Role::Patient.as_str() => care_links::between(conn, &person.id, &actor.id)?
            .is_some_and(|link| {
                LinkState::parse(&link.state) == Some(LinkState::Active)
                    && Relation::parse(&link.relation) == Some(Relation::Worker)
            }),
        _ => false,
    };
    let person = person.filter(|_| allowed).ok_or_else(no_such_patient)?;
    let code = password::one_time();
    crate::db::write_transaction(conn, |conn| {
        let expires_at = store_secret(
            conn,
            &person,
            Purpose::ResetCode,
            &code,
            Duration::hours(RESET_CODE_HOURS),
            Some(&actor.id),
            None,
        )?;
        if person.role == Role::Patient.as_str() {
            audit_log::insert(
                conn,
                &AuditRow {
                    id: db::new_id(),
                    actor_id: actor.id.clone(),
                    patient_id: person.id.clone(),
                    scope: AuditSubject::Account.as_str().to_owned(),
                    // The only write to an account the log records: "Jo issued a reset code".
                    action: "write".to_owned(),
                    endpoint: endpoint.to_owned(),
                    at: db::now(),
                },
            )?;
        }
        Ok(ResetCode { code: code.clone(), expires_at: expires_at.and_utc() })
    })
}

/// `POST /api/me/email`: the password is checked (drawing on the sign-in limits, so this is no
/// second way to guess it). Without email the address changes at once; with it, a link goes to
/// the new address and the change waits for it (`confirm_email`), so a typo can't lock the
/// person out of their reset links.
pub fn change_email(
    conn: &mut DbConn,
    caller: &Caller,
    mailer: Option<&Mailer>,
    attempt: &crate::accounts::PasswordAttempt,
    req: &EmailChangeRequest,
) -> AppResult<EmailChange> {
    let user = active_user(conn, caller)?;
    let new_email = Email::parse(&req.new_email)?;
    if new_email.as_str() == user.email {
        return Err(AppError::invalid_input("That is already your email address."));
    }
    if !attempt.verify(conn, &user, &req.password)? {
        return Err(AppError::new(
            ErrorCode::WrongPassword,
            "That isn't your password. Please check it and try again.",
        ));
    }
    let taken =
        || AppError::new(ErrorCode::EmailTaken, "Another account uses that email address. Please choose another.");
    if users::by_email(conn, new_email.as_str())?.is_some() {
        return Err(taken());
    }
    let Some(mailer) = mailer else {
        return if users::set_email(conn, &user.id, new_email.as_str(), db::now())? {
            Ok(EmailChange::Changed)
        } else {
            Err(taken())
        };
    };
    let secret = refresh::generate();
    store_secret(
        conn,
        &user,
        Purpose::EmailChange,
        &secret,
        Duration::hours(RESET_CODE_HOURS),
        None,
        Some(new_email.as_str()),
    )?;
    let link = mailer.link(&format!("/signin/confirm-email#token={secret}"));
    let body = format!(
        "Hello {name},\n\nTo use this address for your Even Keel account, open this link within {RESET_CODE_HOURS} hours:\n\n{link}\n\n\
         Until then your account keeps its old address. If you didn't ask for this, you can ignore this email.\n\nEven Keel",
        name = user.display_name,
    );
    mailer
        .send(&Mail { to: new_email.as_str().to_owned(), subject: "Confirming your new email address", body })
        .map_err(AppError::internal)?;
    Ok(EmailChange::ConfirmationSent)
}

/// `POST /api/auth/confirm-email`: the link from the new address makes it the account's email.
pub fn confirm_email(conn: &mut DbConn, token: &str) -> AppResult<()> {
    let hash = refresh::hash(token.trim());
    let purposes = [Purpose::EmailChange];
    crate::db::write_transaction(conn, |conn| {
        let Some(AccountToken { user_id, new_email: Some(email), .. }) =
            account_tokens::take(conn, &hash, &purposes, db::now())?
        else {
            return Err(refused_secret(conn, &hash, &purposes)?);
        };
        if users::set_email(conn, &user_id, &email, db::now())? {
            Ok(())
        } else {
            Err(AppError::new(ErrorCode::EmailTaken, "Another account now uses that email address."))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::normalise_code;

    #[test]
    fn a_code_is_read_however_it_was_typed() {
        for typed in ["kq7m-x3fd-9hpa-tw2e", "KQ7M-X3FD-9HPA-TW2E", " kq7m x3fd 9hpa tw2e ", "kq7mx3fd9hpatw2e"] {
            assert_eq!(normalise_code(typed), "kq7m-x3fd-9hpa-tw2e", "{typed:?}");
        }
        assert_eq!(normalise_code(" - "), "");
    }
}
