//! The patient's view of the audit log: who looked at (or added to) their diary, newest first.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use evenkeel_domain::api::Role;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::sharing::{AuditSubject, AuditView, Relation};

use crate::access::active_user;
use crate::auth::caller::Caller;
use crate::db::{DbConn, audit_log, care_links, users};
use crate::error::{AppError, AppResult};

/// The most rows returned at once.
pub const LIMIT: i64 = 1000;

pub fn views_about(conn: &mut DbConn, patient_id: &str) -> AppResult<Vec<AuditView>> {
    let rows = audit_log::about_patient(conn, patient_id, LIMIT)?;
    let mut actor_ids: Vec<String> = rows.iter().map(|r| r.actor_id.clone()).collect();
    actor_ids.sort();
    actor_ids.dedup();
    let names: HashMap<String, String> =
        users::by_ids(conn, &actor_ids)?.into_iter().map(|u| (u.id, u.display_name)).collect();
    let mut relations: HashMap<String, Option<Relation>> = HashMap::new();
    for actor in &actor_ids {
        let link = care_links::between(conn, patient_id, actor)?;
        relations.insert(actor.clone(), link.and_then(|l| Relation::parse(&l.relation)));
    }
    let uuid = |id: &str| id.parse().map_err(|e| AppError::internal(anyhow::anyhow!("bad id {id:?}: {e}")));
    rows.into_iter()
        .map(|r| {
            Ok(AuditView {
                id: uuid(&r.id)?,
                actor_id: uuid(&r.actor_id)?,
                actor_name: names.get(&r.actor_id).cloned().unwrap_or_default(),
                relation: relations.get(&r.actor_id).copied().flatten(),
                scope: AuditSubject::parse(&r.scope)
                    .ok_or_else(|| AppError::internal(anyhow::anyhow!("bad audit scope {:?}", r.scope)))?,
                action: r.action,
                endpoint: r.endpoint,
                at: DateTime::<Utc>::from_naive_utc_and_offset(r.at, Utc),
            })
        })
        .collect()
}

/// `GET /api/audit`: for patients only (nobody else has a diary to be looked at).
pub fn my_audit(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<AuditView>> {
    let user = active_user(conn, caller)?;
    if user.role != Role::Patient.as_str() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "The record of who looked at a diary is for the patient whose diary it is.",
        ));
    }
    views_about(conn, &user.id)
}
