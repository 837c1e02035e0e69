//! The directory of community services, and the referrals to them on patients' plans with each
//! status they have had.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{referral_changes, referrals, services};
use super::{DbConn, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = services, treat_none_as_null = true)]
pub struct ServiceRow {
    pub id: String,
    pub name: String,
    pub offers: String,
    pub category: String,
    /// `weekday HH:MM-HH:MM;…`.
    pub times: String,
    pub place: String,
    pub online: bool,
    pub contact: String,
    pub cost: String,
    pub needs_referral: bool,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = referrals)]
pub struct ReferralRow {
    pub id: String,
    pub patient_id: String,
    pub service_id: String,
    pub author_id: String,
    pub status: String,
    pub waiting_since: Option<String>,
    pub response: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = referral_changes)]
pub struct ChangeRow {
    pub id: String,
    pub referral_id: String,
    pub patient_id: String,
    pub changed_by: String,
    pub status: String,
    pub waiting_since: Option<String>,
    pub changed_at: NaiveDateTime,
}

pub fn insert_service(conn: &mut DbConn, row: &ServiceRow) -> QueryResult<()> {
    diesel::insert_into(services::table).values(row).execute(conn).map(|_| ())
}

/// Replaces a listed service's details; `false` when there is no such service still listed.
pub fn update_service(conn: &mut DbConn, row: &ServiceRow) -> QueryResult<bool> {
    let changed = diesel::update(services::table.find(&row.id).filter(services::retired_at.is_null()))
        .set((
            services::name.eq(&row.name),
            services::offers.eq(&row.offers),
            services::category.eq(&row.category),
            services::times.eq(&row.times),
            services::place.eq(&row.place),
            services::online.eq(row.online),
            services::contact.eq(&row.contact),
            services::cost.eq(&row.cost),
            services::needs_referral.eq(row.needs_referral),
            services::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Takes a service out of the directory; `false` when it wasn't listed.
pub fn retire_service(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(services::table.find(id).filter(services::retired_at.is_null()))
        .set(services::retired_at.eq(Some(at)))
        .execute(conn)?;
    Ok(changed == 1)
}

/// The directory: services still listed, by name.
pub fn listed(conn: &mut DbConn) -> QueryResult<Vec<ServiceRow>> {
    services::table
        .filter(services::retired_at.is_null())
        .order((services::name, services::id))
        .select(ServiceRow::as_select())
        .load(conn)
}

/// Services by id, listed or retired (a referral's service stays readable).
pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<ServiceRow>> {
    services::table.filter(services::id.eq_any(ids)).select(ServiceRow::as_select()).load(conn)
}

of_patient!(ReferralRow, ChangeRow);

pub fn insert_referral(
    conn: &mut DbConn,
    patient: Granted<'_>,
    row: &ReferralRow,
    first: &ChangeRow,
) -> QueryResult<()> {
    only_for(patient, [row])?;
    only_for(patient, [first])?;
    super::write_transaction(conn, |conn| {
        diesel::insert_into(referrals::table).values(row).execute(conn)?;
        diesel::insert_into(referral_changes::table).values(first).execute(conn).map(|_| ())
    })
}

/// Sets a referral's status and keeps the change; `false` when the patient has no such referral.
pub fn change_status(conn: &mut DbConn, patient: Granted<'_>, change: &ChangeRow) -> QueryResult<bool> {
    only_for(patient, [change])?;
    super::write_transaction(conn, |conn| {
        let changed = diesel::update(
            referrals::table
                .filter(referrals::id.eq(&change.referral_id))
                .filter(referrals::patient_id.eq(patient.id())),
        )
        .set((
            referrals::status.eq(&change.status),
            referrals::waiting_since.eq(&change.waiting_since),
            referrals::updated_at.eq(change.changed_at),
        ))
        .execute(conn)?;
        if changed == 1 {
            diesel::insert_into(referral_changes::table).values(change).execute(conn)?;
        }
        Ok(changed == 1)
    })
}

/// The patient's own word on a referral; `false` when they have no such referral.
pub fn set_response(
    conn: &mut DbConn,
    patient: Granted<'_>,
    id: &str,
    response: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let patient_id = patient.id();
    let changed =
        diesel::update(referrals::table.filter(referrals::id.eq(id)).filter(referrals::patient_id.eq(patient_id)))
            .set((referrals::response.eq(Some(response)), referrals::updated_at.eq(at)))
            .execute(conn)?;
    Ok(changed == 1)
}

/// The patient's referrals, oldest first.
pub fn for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<ReferralRow>> {
    let patient_id = patient.id();
    referrals::table
        .filter(referrals::patient_id.eq(patient_id))
        .order((referrals::created_at, referrals::id))
        .select(ReferralRow::as_select())
        .load(conn)
}

/// Open referrals on the waiting list of several patients at once (the caseload).
pub fn waiting_for(conn: &mut DbConn, patients: &[Granted<'_>]) -> QueryResult<Vec<ReferralRow>> {
    let patient_ids: Vec<&str> = patients.iter().map(|p| p.id()).collect();
    if patient_ids.is_empty() {
        return Ok(Vec::new());
    }
    referrals::table
        .filter(referrals::patient_id.eq_any(patient_ids))
        .filter(referrals::status.eq("waiting_list"))
        .select(ReferralRow::as_select())
        .load(conn)
}

/// Every status change of the patient's referrals, oldest first.
pub fn changes_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<ChangeRow>> {
    let patient_id = patient.id();
    referral_changes::table
        .filter(referral_changes::patient_id.eq(patient_id))
        .order((referral_changes::changed_at, referral_changes::id))
        .select(ChangeRow::as_select())
        .load(conn)
}

pub fn delete_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<()> {
    let patient_id = patient.id();
    diesel::delete(referral_changes::table.filter(referral_changes::patient_id.eq(patient_id))).execute(conn)?;
    diesel::delete(referrals::table.filter(referrals::patient_id.eq(patient_id))).execute(conn)?;
    Ok(())
}
