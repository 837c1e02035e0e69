//! The directory of community services (anyone signed in reads it; project workers and admins keep
//! it) and referrals on a patient's plan: a worker holding `plan` records one and changes its
//! status (every status kept, in order); the patient says "I went" or "not for me"; anyone with
//! `plan` reads them.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use evenkeel_domain::api::Role;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::plan::services::{
    PatientResponse, ReferralChange, ReferralRequest, ReferralStatus, ReferralView, ServiceCategory, ServiceRequest,
    ServiceTime, ServiceView,
};
use evenkeel_domain::reminders::LocalTime;
use evenkeel_domain::sharing::Scope;
use uuid::Uuid;

use crate::access::{Grant, Need, active_user};
use crate::auth::caller::Caller;
use crate::db::services::{self, ChangeRow, ReferralRow, ServiceRow};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::insights::patient_today;
use crate::notes::{author_names, uuid};

fn bad_row(what: &str) -> AppError {
    AppError::internal(anyhow::anyhow!("bad stored service or referral: {what}"))
}

fn service_gone() -> AppError {
    AppError::new(ErrorCode::NotFound, "That service isn't in the directory any more.")
}

fn referral_gone() -> AppError {
    AppError::new(ErrorCode::NotFound, "We couldn't find that referral.")
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::<Utc>::from_naive_utc_and_offset(t, Utc)
}

fn date(raw: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| bad_row(raw))
}

fn times_text(times: &[ServiceTime]) -> String {
    times.iter().map(|t| format!("{} {}-{}", t.weekday, t.start, t.end)).collect::<Vec<_>>().join(";")
}

fn times_of(text: &str) -> AppResult<Vec<ServiceTime>> {
    text.split(';')
        .filter(|t| !t.is_empty())
        .map(|t| {
            let (day, span) = t.split_once(' ').ok_or_else(|| bad_row(text))?;
            let (start, end) = span.split_once('-').ok_or_else(|| bad_row(text))?;
            Ok(ServiceTime {
                weekday: day.parse().map_err(|_| bad_row(text))?,
                start: LocalTime::parse(start).map_err(|_| bad_row(text))?,
                end: LocalTime::parse(end).map_err(|_| bad_row(text))?,
            })
        })
        .collect()
}

fn service_view(r: &ServiceRow) -> AppResult<ServiceView> {
    let service = ServiceRequest {
        name: r.name.clone(),
        offers: r.offers.clone(),
        category: ServiceCategory::parse(&r.category).ok_or_else(|| bad_row(&r.category))?,
        times: times_of(&r.times)?,
        place: r.place.clone(),
        online: r.online,
        contact: r.contact.clone(),
        cost: r.cost.clone(),
        needs_referral: r.needs_referral,
    };
    Ok(ServiceView {
        id: uuid(&r.id)?,
        outside_working_hours: service.outside_working_hours(),
        service,
        updated_at: utc(r.updated_at),
    })
}

/// Project workers and admins keep the directory.
fn staff(conn: &mut DbConn, caller: &Caller) -> AppResult<String> {
    let user = active_user(conn, caller)?;
    if user.role == Role::Worker.as_str() || user.role == Role::Admin.as_str() {
        Ok(user.id)
    } else {
        Err(AppError::new(ErrorCode::Forbidden, "The practice's staff keep the services directory."))
    }
}

/// The directory, by name: for anyone signed in.
pub fn directory(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<ServiceView>> {
    active_user(conn, caller)?;
    services::listed(conn)?.iter().map(service_view).collect()
}

fn row_of(id: String, req: &ServiceRequest, by: &str) -> ServiceRow {
    let now = db::now();
    ServiceRow {
        id,
        name: req.name.clone(),
        offers: req.offers.clone(),
        category: req.category.as_str().to_owned(),
        times: times_text(&req.times),
        place: req.place.clone(),
        online: req.online,
        contact: req.contact.clone(),
        cost: req.cost.clone(),
        needs_referral: req.needs_referral,
        created_by: by.to_owned(),
        created_at: now,
        updated_at: now,
        retired_at: None,
    }
}

fn checked(req: &ServiceRequest) -> AppResult<ServiceRequest> {
    req.parse().map_err(|e| AppError::invalid_input(e.to_string()))
}

pub fn add_service(conn: &mut DbConn, caller: &Caller, req: &ServiceRequest) -> AppResult<ServiceView> {
    let by = staff(conn, caller)?;
    let row = row_of(db::new_id(), &checked(req)?, &by);
    services::insert_service(conn, &row)?;
    service_view(&row)
}

pub fn edit_service(conn: &mut DbConn, caller: &Caller, id: &Uuid, req: &ServiceRequest) -> AppResult<ServiceView> {
    let by = staff(conn, caller)?;
    let row = row_of(id.to_string(), &checked(req)?, &by);
    if !services::update_service(conn, &row)? {
        return Err(service_gone());
    }
    let stored = services::by_ids(conn, &[row.id])?.pop().ok_or_else(service_gone)?;
    service_view(&stored)
}

pub fn retire_service(conn: &mut DbConn, caller: &Caller, id: &Uuid) -> AppResult<()> {
    staff(conn, caller)?;
    if services::retire_service(conn, &id.to_string(), db::now())? { Ok(()) } else { Err(service_gone()) }
}

/// The grant's patient's referrals with their services, open ones first, each with its history.
pub fn all_of(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<ReferralView>> {
    let rows = services::for_patient(conn, grant.patient())?;
    let changes = services::changes_for_patient(conn, grant.patient())?;
    let service_ids: Vec<String> = rows.iter().map(|r| r.service_id.clone()).collect();
    let by_id: HashMap<String, ServiceRow> =
        services::by_ids(conn, &service_ids)?.into_iter().map(|s| (s.id.clone(), s)).collect();
    let people: Vec<String> = changes.iter().map(|c| c.changed_by.clone()).collect();
    let names = author_names(conn, &people)?;
    let status = |s: &str| ReferralStatus::parse(s).ok_or_else(|| bad_row(s));
    let mut views = rows
        .iter()
        .map(|r| {
            let service = by_id.get(&r.service_id).ok_or_else(|| bad_row(&r.service_id))?;
            let history = changes
                .iter()
                .filter(|c| c.referral_id == r.id)
                .map(|c| {
                    Ok(ReferralChange {
                        at: utc(c.changed_at),
                        by_name: names.get(&c.changed_by).cloned().unwrap_or_default(),
                        status: status(&c.status)?,
                        waiting_since: c.waiting_since.as_deref().map(date).transpose()?,
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            Ok(ReferralView {
                id: uuid(&r.id)?,
                service: service_view(service)?,
                status: status(&r.status)?,
                waiting_since: r.waiting_since.as_deref().map(date).transpose()?,
                response: r.response.as_deref().and_then(PatientResponse::parse),
                history,
                created_at: utc(r.created_at),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    views.sort_by_key(|v| !v.status.is_open());
    Ok(views)
}

pub fn list(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<ReferralView>> {
    grant.covers(Need::Read(Scope::Plan))?;
    all_of(conn, grant)
}

fn one(conn: &mut DbConn, grant: &Grant, id: &str) -> AppResult<ReferralView> {
    all_of(conn, grant)?.into_iter().find(|r| r.id.to_string() == id).ok_or_else(referral_gone)
}

fn change_of(grant: &Grant, referral_id: &str, req: &ReferralRequest) -> ChangeRow {
    ChangeRow {
        id: db::new_id(),
        referral_id: referral_id.to_owned(),
        patient_id: grant.patient_id().to_owned(),
        changed_by: grant.actor_id().to_owned(),
        status: req.status.as_str().to_owned(),
        waiting_since: req.waiting_since.map(|d| d.format("%Y-%m-%d").to_string()),
        changed_at: db::now(),
    }
}

/// A worker records a referral to a listed service.
pub fn add(conn: &mut DbConn, grant: &Grant, req: &ReferralRequest) -> AppResult<ReferralView> {
    grant.covers(Need::Suggest(Scope::Plan))?;
    let today = patient_today(conn, grant.patient_id())?;
    let req = req.parse(today, true).map_err(|e| AppError::invalid_input(e.to_string()))?;
    let service_id = req.service_id.map(|id| id.to_string()).unwrap_or_default();
    if !services::listed(conn)?.iter().any(|s| s.id == service_id) {
        return Err(service_gone());
    }
    let first = change_of(grant, &db::new_id(), &req);
    let row = ReferralRow {
        id: first.referral_id.clone(),
        patient_id: grant.patient_id().to_owned(),
        service_id,
        author_id: grant.actor_id().to_owned(),
        status: first.status.clone(),
        waiting_since: first.waiting_since.clone(),
        response: None,
        created_at: first.changed_at,
        updated_at: first.changed_at,
    };
    services::insert_referral(conn, grant.patient(), &row, &first)?;
    one(conn, grant, &row.id)
}

/// A worker moves a referral on (or back): the new status is kept after the old ones.
pub fn change(conn: &mut DbConn, grant: &Grant, id: &Uuid, req: &ReferralRequest) -> AppResult<ReferralView> {
    grant.covers(Need::Suggest(Scope::Plan))?;
    let today = patient_today(conn, grant.patient_id())?;
    let req = req.parse(today, false).map_err(|e| AppError::invalid_input(e.to_string()))?;
    if !services::change_status(conn, grant.patient(), &change_of(grant, &id.to_string(), &req))? {
        return Err(referral_gone());
    }
    one(conn, grant, &id.to_string())
}

/// The patient's own word: "I went" or "not for me".
pub fn respond(conn: &mut DbConn, grant: &Grant, id: &Uuid, response: PatientResponse) -> AppResult<ReferralView> {
    grant.covers(Need::Write(Scope::Plan))?;
    if !services::set_response(conn, grant.patient(), &id.to_string(), response.as_str(), db::now())? {
        return Err(referral_gone());
    }
    one(conn, grant, &id.to_string())
}
