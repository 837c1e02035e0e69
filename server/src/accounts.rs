//! Account services: register, sign in, rotate a refresh token, sign out, change the password,
//! create staff accounts.
//! Plain functions over `&mut DbConn` (run inside `web::block`); the handlers only translate HTTP.

use chrono::Duration;
use evenkeel_domain::account::{DisplayName, Email, NewPassword, TimeZoneName};
use evenkeel_domain::api::{AuthResponse, ChangePasswordRequest, RegisterRequest, Role, UserView};
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::settings::{TextSize, Theme};

use crate::auth::rate_limit::LoginLimits;
use crate::auth::tokens::{ACCESS_TOKEN_SECONDS, TokenKeys};
use crate::auth::{password, refresh};
use crate::db::refresh_tokens::{self, NewRefreshToken};
use crate::db::users::{self, NewUser, User};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::sharing::invites;

/// What a successful sign-in yields: the JSON body and the refresh token for the cookie.
pub struct Session {
    pub body: AuthResponse,
    pub refresh_token: String,
}

/// A validated registration.
pub struct NewAccount {
    pub email: Email,
    pub password: NewPassword,
    pub display_name: DisplayName,
    pub time_zone: TimeZoneName,
}

impl TryFrom<RegisterRequest> for NewAccount {
    type Error = AppError;

    fn try_from(req: RegisterRequest) -> AppResult<Self> {
        Ok(Self {
            email: Email::parse(&req.email)?,
            password: crate::auth::common_passwords::new_password(&req.password)?,
            display_name: DisplayName::parse(&req.display_name)?,
            time_zone: crate::zones::checked(&req.time_zone)?,
        })
    }
}

pub fn user_view(user: &User) -> AppResult<UserView> {
    Ok(UserView {
        id: user.id.parse().map_err(|e| AppError::internal(anyhow::anyhow!("stored user id is not a uuid: {e}")))?,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: role_of(user)?,
        time_zone: user.time_zone.clone(),
        must_change_password: user.must_change_password,
        text_size: TextSize::parse(&user.text_size).unwrap_or_default(),
        theme: Theme::parse(&user.theme).unwrap_or_default(),
    })
}

fn role_of(user: &User) -> AppResult<Role> {
    Role::parse(&user.role).ok_or_else(|| AppError::internal(anyhow::anyhow!("unknown role {:?}", user.role)))
}

/// Creates an account with an already-hashed password. `Ok(None)` when the email is taken.
pub fn create_user(
    conn: &mut DbConn,
    account: &NewAccount,
    password_hash: &str,
    role: Role,
    must_change_password: bool,
) -> AppResult<Option<User>> {
    let now = db::now();
    let id = db::new_id();
    let inserted = users::insert(
        conn,
        &NewUser {
            id: &id,
            email: account.email.as_str(),
            password_hash,
            display_name: account.display_name.as_str(),
            role: role.as_str(),
            time_zone: account.time_zone.as_str(),
            must_change_password,
            created_at: now,
            updated_at: now,
        },
    )?;
    if !inserted {
        return Ok(None);
    }
    if role == Role::Patient {
        // The account being made is the caller's own, and nothing is read: no grant exists yet.
        crate::db::entries::create_counter(conn, crate::access::Granted::unattended(&id))?;
    }
    Ok(users::by_id(conn, &id)?)
}

/// A code given at sign-up: a patient's invite (makes a carer account) or a worker's enrolment
/// code (makes a patient account linked to that worker).
#[derive(Debug, Clone)]
pub enum JoinCode {
    Invite(String),
    Enrolment(String),
}

impl JoinCode {
    pub fn from_request(req: &RegisterRequest) -> AppResult<Option<Self>> {
        let given = |c: &Option<String>| c.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
        match (given(&req.invite_code), given(&req.enrolment_code)) {
            (Some(_), Some(_)) => {
                Err(AppError::invalid_input("Please use either an invite code or an enrolment code, not both."))
            }
            (Some(code), None) => Ok(Some(Self::Invite(code))),
            (None, Some(code)) => Ok(Some(Self::Enrolment(code))),
            (None, None) => Ok(None),
        }
    }
}

/// Self-registration: a patient, or a carer when signing up with a patient's invite code. In one
/// transaction, so a bad code leaves no account behind.
pub fn register(
    conn: &mut DbConn,
    keys: &TokenKeys,
    turn: &password::Turn,
    account: NewAccount,
    join: Option<JoinCode>,
    device: &str,
) -> AppResult<Session> {
    let hash = password::hash(turn, account.password.expose()).map_err(AppError::internal)?;
    let role = if matches!(join, Some(JoinCode::Invite(_))) { Role::Carer } else { Role::Patient };
    crate::db::write_transaction(conn, |conn| {
        let user = create_user(conn, &account, &hash, role, false)?.ok_or_else(|| {
            AppError::new(ErrorCode::EmailTaken, "There is already an account with that email. Try signing in instead.")
        })?;
        match &join {
            Some(JoinCode::Invite(code)) => {
                invites::accept_invite(conn, &user, code).map_err(|e| match e.code {
                    ErrorCode::WrongRelation => AppError::new(
                        ErrorCode::WrongRelation,
                        "This invitation is for a project worker. Worker accounts are made by the practice, so please sign in to your worker account and enter the code there.",
                    ),
                    _ => e,
                })?;
            }
            Some(JoinCode::Enrolment(code)) => {
                invites::accept_enrolment(conn, &user, code)?;
            }
            None => {}
        }
        start_session(conn, keys, &user, &db::new_id(), device)
    })
}

pub fn invalid_credentials() -> AppError {
    AppError::new(
        ErrorCode::InvalidCredentials,
        "That email and password don't match an account. Please check them and try again.",
    )
}

/// The account a sign-in names, if there is one (an email that cannot be an address names none).
/// Its password is checked next, outside any database work (`password::check`), then `signed_in`.
pub fn named_in_sign_in(conn: &mut DbConn, email: &str) -> AppResult<Option<User>> {
    let Ok(email) = Email::parse(email) else { return Ok(None) };
    Ok(users::by_email(conn, email.as_str())?)
}

/// The account signed in to, when the password matched one that is still active. Every other case
/// gets the same answer, so it doesn't tell who has an account.
pub fn signed_in(account: Option<User>, password_matched: bool) -> AppResult<User> {
    account.filter(|user| password_matched && user.deactivated_at.is_none()).ok_or_else(invalid_credentials)
}

/// A signed-in person's password given again to confirm a change (password, email, deleting the
/// account): counted against the sign-in limits of the account and of this address, so it is no
/// second way to guess a password nor to make the server hash without end, and checked in the
/// request's hashing turn.
pub struct PasswordAttempt<'a> {
    pub limits: &'a LoginLimits,
    pub ip: &'a str,
    pub turn: &'a password::Turn,
}

impl PasswordAttempt<'_> {
    /// `Ok(true)` when `given` is the person's password; an error when the limits are used up.
    pub fn verify(&self, conn: &mut DbConn, user: &User, given: &str) -> AppResult<bool> {
        self.limits.0.check(conn, self.ip, Some(&user.email))?;
        Ok(password::verify(self.turn, given, &user.password_hash))
    }
}

pub fn too_many_attempts() -> AppError {
    AppError::new(
        ErrorCode::TooManyRequests,
        "Too many sign-in attempts. Please wait 15 minutes and try again, or ask your practice to help.",
    )
}

/// Issues an access token (marked `pwc` while the one-time password is still in use) and a new
/// refresh token in `family_id`, labelled with the `device` it was issued to.
pub fn start_session(
    conn: &mut DbConn,
    keys: &TokenKeys,
    user: &User,
    family_id: &str,
    device: &str,
) -> AppResult<Session> {
    let role = role_of(user)?;
    let access_token =
        keys.issue_access(&user.id, role, user.must_change_password, family_id).map_err(AppError::internal)?;
    let refresh_token = refresh::generate();
    let now = db::now();
    refresh_tokens::insert(
        conn,
        &NewRefreshToken {
            id: &db::new_id(),
            user_id: &user.id,
            family_id,
            token_hash: &refresh::hash(&refresh_token),
            created_at: now,
            expires_at: now + Duration::days(refresh::REFRESH_TOKEN_DAYS),
            device,
        },
    )?;
    Ok(Session {
        body: AuthResponse { access_token, expires_in: ACCESS_TOKEN_SECONDS, user: user_view(user)? },
        refresh_token,
    })
}

enum Rotation {
    Rotated(Box<Session>),
    Refused,
    /// The person signed this device out from another one.
    SignedOutRemotely,
    /// A token that was already used came back after the grace period: someone holds a copy. The
    /// family is revoked.
    Reused,
}

/// Exchanges a refresh token for a new session in the same family. The old token stops working:
/// presenting it again within `grace` of its first use gets a sibling session (another tab, or a
/// retry after a lost answer; see [`refresh::ReuseGrace`]), later revokes every token of the family.
pub fn refresh(conn: &mut DbConn, keys: &TokenKeys, token: &str, grace: refresh::ReuseGrace) -> AppResult<Session> {
    // The revocation must commit even though the caller gets an error, so decide inside the
    // transaction and turn the outcome into an error only after it.
    let outcome = crate::db::write_transaction::<_, AppError, _>(conn, |conn| {
        let now = db::now();
        let hash = refresh::hash(token);
        // Lock first (see `lock_if_live`), then read the row as it is now.
        if !refresh_tokens::lock_if_live(conn, &hash)? {
            let remotely = refresh_tokens::by_hash(conn, &hash)?
                .is_some_and(|row| row.revoked_reason.as_deref() == Some(refresh_tokens::SIGNED_OUT_REMOTELY));
            return Ok(if remotely { Rotation::SignedOutRemotely } else { Rotation::Refused });
        }
        let Some(row) = refresh_tokens::by_hash(conn, &hash)? else {
            return Ok(Rotation::Refused);
        };
        if row.revoked_at.is_some() || row.expires_at <= now {
            return Ok(Rotation::Refused);
        }
        // When it was first used: earlier, or just now by a request racing this one.
        let first_use = match row.used_at {
            Some(at) => Some(at),
            None if !refresh_tokens::mark_used(conn, &row.id, now)? => Some(now),
            None => None,
        };
        if first_use.is_some_and(|at| now - at > grace.0) {
            refresh_tokens::revoke_family(conn, &row.family_id, now)?;
            return Ok(Rotation::Reused);
        }
        match users::by_id(conn, &row.user_id)? {
            Some(user) if user.deactivated_at.is_none() => {
                Ok(Rotation::Rotated(Box::new(start_session(conn, keys, &user, &row.family_id, &row.device)?)))
            }
            _ => Ok(Rotation::Refused),
        }
    })?;
    match outcome {
        Rotation::Rotated(session) => Ok(*session),
        Rotation::Reused => {
            tracing::warn!("a refresh token was presented twice; its token family is revoked");
            Err(AppError::session_expired())
        }
        Rotation::Refused => Err(AppError::session_expired()),
        Rotation::SignedOutRemotely => Err(AppError::new(
            ErrorCode::SignedOutElsewhere,
            "This device was signed out from your account on another device. Please sign in again.",
        )),
    }
}

/// Revokes the family of the presented refresh token (sign-out on this device).
pub fn logout(conn: &mut DbConn, token: &str) -> AppResult<()> {
    if let Some(row) = refresh_tokens::by_hash(conn, &refresh::hash(token))? {
        refresh_tokens::revoke_family(conn, &row.family_id, db::now())?;
    }
    Ok(())
}

/// Replaces the signed-in person's password, checked against the current one.
///
/// In order: the new password must pass the sign-up rules and differ from the current one (cheap,
/// and reveals nothing, so it doesn't use up attempts); then the attempt counts against the
/// sign-in limits (`ip` and the account's email), so this is no second way to guess a password;
/// then the current password is verified. On success, in one transaction: the new hash is
/// stored, `must_change_password` is cleared, every refresh token of the person is revoked (every
/// other device is signed out at its next refresh, within 15 minutes) and a new session is
/// started for this device, exactly as at sign-in.
pub fn change_password(
    conn: &mut DbConn,
    keys: &TokenKeys,
    attempt: &PasswordAttempt,
    user_id: &str,
    req: &ChangePasswordRequest,
    device: &str,
) -> AppResult<Session> {
    let user =
        users::by_id(conn, user_id)?.filter(|u| u.deactivated_at.is_none()).ok_or_else(AppError::session_expired)?;
    let new_password = crate::auth::common_passwords::new_password(&req.new_password)?;
    if req.new_password == req.current_password {
        return Err(AppError::invalid_input(if user.must_change_password {
            "Please choose a password different from the one-time password."
        } else {
            "Please choose a password different from your current one."
        }));
    }
    if !attempt.verify(conn, &user, &req.current_password)? {
        return Err(AppError::new(
            ErrorCode::WrongPassword,
            "That isn't your current password. Please check it and try again.",
        ));
    }
    let hash = password::hash(attempt.turn, new_password.expose()).map_err(AppError::internal)?;
    // Begins with a write, so SQLite takes its write lock while the busy timeout applies.
    crate::db::write_transaction(conn, |conn| {
        let now = db::now();
        if !users::set_password(conn, &user.id, &hash, now)? {
            return Err(AppError::session_expired());
        }
        refresh_tokens::revoke_all_for_user(conn, &user.id, now)?;
        let user = User { password_hash: hash.clone(), must_change_password: false, updated_at: now, ..user };
        start_session(conn, keys, &user, &db::new_id(), device)
    })
}

/// A practice staff account (from the admin CLI or the admin page) with a one-time password that
/// must be changed at first sign-in. Returns the user and the password, which is shown once and
/// never stored in clear.
pub fn create_staff(
    conn: &mut DbConn,
    turn: &password::Turn,
    email: &str,
    name: &str,
    role: Role,
) -> AppResult<(User, String)> {
    let one_time = password::one_time();
    let account = NewAccount {
        email: Email::parse(email)?,
        password: NewPassword::parse(&one_time)?,
        display_name: DisplayName::parse(name)?,
        time_zone: TimeZoneName::parse("Europe/London")?,
    };
    let hash = password::hash(turn, &one_time).map_err(AppError::internal)?;
    let user = create_user(conn, &account, &hash, role, true)?
        .ok_or_else(|| AppError::new(ErrorCode::EmailTaken, "There is already an account with that email."))?;
    Ok((user, one_time))
}
