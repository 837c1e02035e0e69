//! Making invite and enrolment codes: random, from the unambiguous alphabet in `domain`, stored as
//! SHA-256 hashes, single use, valid for 7 days.

use chrono::{DateTime, Duration, Utc};
use evenkeel_domain::sharing::{CodeResponse, Relation, Scope, code, scopes_to_text};
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::db::invites::{self, Invite};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

pub const PURPOSE_INVITE: &str = "invite";
pub const PURPOSE_ENROLMENT: &str = "enrolment";

fn generate() -> String {
    let mut rng = rand::rngs::OsRng;
    (0..code::LEN).map(|_| code::ALPHABET[rng.gen_range(0..code::ALPHABET.len())] as char).collect()
}

/// The stored form of a canonical code.
pub fn hash(canonical: &str) -> String {
    Sha256::digest(canonical.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes and stores a new code; returns it for showing once.
pub fn issue(
    conn: &mut DbConn,
    purpose: &str,
    created_by: &str,
    relation: Relation,
    scopes: &[Scope],
) -> AppResult<CodeResponse> {
    let now = db::now();
    let expires_at = now + Duration::days(code::VALID_DAYS);
    // A collision among live codes is very unlikely; try a few times rather than fail.
    for _ in 0..5 {
        let code = generate();
        let stored = invites::insert(
            conn,
            &Invite {
                id: db::new_id(),
                code_hash: hash(&code),
                purpose: purpose.to_owned(),
                created_by: created_by.to_owned(),
                relation: relation.as_str().to_owned(),
                scopes: scopes_to_text(scopes),
                created_at: now,
                expires_at,
                used_at: None,
                used_by: None,
            },
        )?;
        if stored {
            return Ok(CodeResponse {
                code: code::display(&code),
                expires_at: DateTime::<Utc>::from_naive_utc_and_offset(expires_at, Utc),
            });
        }
    }
    Err(AppError::internal(anyhow::anyhow!("could not make a unique invite code")))
}
