//! Account services: register, sign in, rotate a refresh token, sign out, create staff accounts.
//! Plain functions over `&mut DbConn` (run inside `web::block`); the handlers only translate HTTP.

use chrono::Duration;
use diesel::Connection;
use evenkeel_domain::account::{DisplayName, Email, NewPassword, TimeZoneName};
use evenkeel_domain::api::{AuthResponse, LoginRequest, RegisterRequest, Role, UserView};
use evenkeel_domain::error::ErrorCode;

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
            password: NewPassword::parse(&req.password)?,
            display_name: DisplayName::parse(&req.display_name)?,
            time_zone: TimeZoneName::parse(&req.time_zone)?,
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
        crate::db::entries::create_counter(conn, &id)?;
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
    account: NewAccount,
    join: Option<JoinCode>,
) -> AppResult<Session> {
    let hash = password::hash(account.password.expose()).map_err(AppError::internal)?;
    let role = if matches!(join, Some(JoinCode::Invite(_))) { Role::Carer } else { Role::Patient };
    conn.transaction(|conn| {
        let user = create_user(conn, &account, &hash, role, false)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::EmailTaken,
                "There is already an account with that email. Try signing in instead.",
            )
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
        start_session(conn, keys, &user, &db::new_id())
    })
}

pub fn invalid_credentials() -> AppError {
    AppError::new(
        ErrorCode::InvalidCredentials,
        "That email and password don't match an account. Please check them and try again.",
    )
}

pub fn login(conn: &mut DbConn, keys: &TokenKeys, req: &LoginRequest) -> AppResult<Session> {
    let Ok(email) = Email::parse(&req.email) else {
        password::burn_time(&req.password);
        return Err(invalid_credentials());
    };
    let Some(user) = users::by_email(conn, email.as_str())? else {
        password::burn_time(&req.password);
        return Err(invalid_credentials());
    };
    if !password::verify(&req.password, &user.password_hash) || user.deactivated_at.is_some() {
        return Err(invalid_credentials());
    }
    start_session(conn, keys, &user, &db::new_id())
}

/// Issues an access token and a new refresh token in `family_id`.
fn start_session(conn: &mut DbConn, keys: &TokenKeys, user: &User, family_id: &str) -> AppResult<Session> {
    let role = role_of(user)?;
    let access_token = keys.issue_access(&user.id, role).map_err(AppError::internal)?;
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
    /// A token that was already used came back: someone holds a copy. The family is revoked.
    Reused,
}

/// Exchanges a refresh token for a new session in the same family. The old token stops working;
/// presenting it again revokes every token of the family.
pub fn refresh(conn: &mut DbConn, keys: &TokenKeys, token: &str) -> AppResult<Session> {
    // The revocation must commit even though the caller gets an error, so decide inside the
    // transaction and turn the outcome into an error only after it.
    let outcome = conn.transaction::<_, AppError, _>(|conn| {
        let now = db::now();
        let Some(row) = refresh_tokens::by_hash(conn, &refresh::hash(token))? else {
            return Ok(Rotation::Refused);
        };
        if row.revoked_at.is_some() || row.expires_at <= now {
            return Ok(Rotation::Refused);
        }
        if row.used_at.is_some() || !refresh_tokens::mark_used(conn, &row.id, now)? {
            refresh_tokens::revoke_family(conn, &row.family_id, now)?;
            return Ok(Rotation::Reused);
        }
        match users::by_id(conn, &row.user_id)? {
            Some(user) if user.deactivated_at.is_none() => {
                Ok(Rotation::Rotated(Box::new(start_session(conn, keys, &user, &row.family_id)?)))
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
    }
}

/// Revokes the family of the presented refresh token (sign-out on this device).
pub fn logout(conn: &mut DbConn, token: &str) -> AppResult<()> {
    if let Some(row) = refresh_tokens::by_hash(conn, &refresh::hash(token))? {
        refresh_tokens::revoke_family(conn, &row.family_id, db::now())?;
    }
    Ok(())
}

/// A practice staff account with a one-time password that must be changed. Returns the user and
/// the password, which is shown once and never stored in clear.
pub fn create_staff(conn: &mut DbConn, email: &str, name: &str, role: Role) -> anyhow::Result<(User, String)> {
    let one_time = refresh::generate();
    let account = NewAccount {
        email: Email::parse(email)?,
        password: NewPassword::parse(&one_time)?,
        display_name: DisplayName::parse(name)?,
        time_zone: TimeZoneName::parse("Europe/London")?,
    };
    let hash = password::hash(&one_time)?;
    let user = create_user(conn, &account, &hash, role, true)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .ok_or_else(|| anyhow::anyhow!("an account with the email {} already exists", account.email.as_str()))?;
    Ok((user, one_time))
}
