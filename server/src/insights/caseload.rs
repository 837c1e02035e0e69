//! The worker's caseload: one row per patient with an active link, with the flags computed from the
//! last fortnight of stored daily rollups (`patterns::caseload::flags_from_totals`, the same
//! thresholds and sentences as the patterns engine). Only flags computable from the scopes a patient
//! shares are shown; each patient shown leaves one audit row listing the scopes the caseload read.
//!
//! Cost: one query for the links, one for the names, one for every patient's rollups of the last 15
//! days (≤ 15 rows per patient, by primary key), one multi-row audit insert, and a lookup of the
//! latest day only for patients with nothing in the fortnight. Independent of how long the diaries are.

use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveDateTime, Utc};
use evenkeel_domain::patterns::caseload::{DailyTotals, flags_from_totals, last_entry_day};
use evenkeel_domain::patterns::{Flag, FlagKind};
use evenkeel_domain::sharing::Scope;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{self, CaseloadGrant, Granted};
use crate::auth::caller::Caller;
use crate::db::{DbConn, daily_rollups};
use crate::error::AppResult;

/// The scopes the caseload reads: pain (pain rising), doses (OME, withdrawal-reason doses), mood
/// (stress rising, mood screen). "No entries for 3+ days" and the last entry count any diary entry
/// (the fact of logging, not its content).
pub const CASELOAD_SCOPES: [Scope; 4] = [Scope::Pain, Scope::Doses, Scope::Mood, Scope::Plan];
/// Days of rollups read: two weeks for the flags, plus one for time zones ahead of UTC.
const FORTNIGHT: u64 = 15;

/// One patient on the caseload.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseloadRow {
    pub patient_id: Uuid,
    pub name: String,
    /// What the patient shares with this worker, of the scopes the caseload reads.
    pub scopes: Vec<Scope>,
    /// The latest diary entry in the last fortnight, UTC.
    pub last_entry_at: Option<chrono::DateTime<Utc>>,
    /// The latest local day with an entry, however long ago.
    pub last_entry_day: Option<NaiveDate>,
    pub flags: Vec<Flag>,
    /// OME mg of the latest day in the fortnight with a converted total (needs `doses`).
    pub ome_mg_per_day_latest: Option<f64>,
    /// Mean of the daily mean pain over the last 7 days with pain logged (needs `pain`).
    pub pain_7d_mean: Option<f64>,
    /// Mean of the daily mean stress over the last 7 days (needs `mood`).
    pub stress_7d_mean: Option<f64>,
    /// Doses in the last 7 days (needs `doses`).
    pub doses_7d: Option<u32>,
}

fn flag_needs(kind: FlagKind) -> Option<Scope> {
    match kind {
        FlagKind::OmeHigh | FlagKind::OmeRising => Some(Scope::Doses),
        // From doses and check-ins: `visible` has already left out what isn't shared.
        FlagKind::WithdrawalFeelingsOften => None,
        FlagKind::PainRising => Some(Scope::Pain),
        FlagKind::StressRising | FlagKind::MoodScreenPositive => Some(Scope::Mood),
        FlagKind::NoRecentEntries => None,
        FlagKind::LongWait | FlagKind::MedicineStepSoon | FlagKind::AskedToTalk => Some(Scope::Plan),
        FlagKind::AboveMedicineStep => Some(Scope::Doses),
    }
}

/// Keeps only what the scopes cover (a mood entry also carries stress; a dose its stress before, which
/// is left in the stress mean only when mood is shared too).
fn visible(mut t: DailyTotals, scopes: &[Scope]) -> DailyTotals {
    if !scopes.contains(&Scope::Pain) {
        (t.pain_mean, t.pain_max, t.peg) = (None, None, None);
    }
    if !scopes.contains(&Scope::Doses) {
        (t.doses, t.withdrawal_doses, t.ome_mg, t.ome_complete) = (0, 0, None, true);
    }
    if !scopes.contains(&Scope::Plan) {
        t.withdrawal_checkins = 0;
    }
    if !scopes.contains(&Scope::Mood) {
        (t.stress_mean, t.mood_mean, t.screen) = (None, None, None);
    }
    t
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| (sum / f64::from(n) * 100.0).round() / 100.0)
}

/// The caller's caseload (workers only), in the order the links were made; the app sorts.
pub fn caseload(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<CaseloadRow>> {
    let grants = access::caseload(conn, caller, &CASELOAD_SCOPES, "GET /api/caseload")?;
    let now = Utc::now().naive_utc();
    let since = now.date().checked_sub_days(Days::new(FORTNIGHT)).unwrap_or(now.date());
    let ids: Vec<Granted<'_>> = grants.iter().map(CaseloadGrant::patient).collect();
    let rollups = daily_rollups::for_patients_since(conn, &ids, since)?;
    let waits = long_waits(conn, &grants, now)?;
    let plan = super::plan_flags::for_caseload(conn, &grants, &rollups, now)?;
    let mut by_patient: HashMap<&str, Vec<&daily_rollups::Rollup>> = HashMap::new();
    for r in &rollups {
        by_patient.entry(r.patient_id.as_str()).or_default().push(r);
    }
    let mut rows = Vec::with_capacity(grants.len());
    for grant in &grants {
        let mine = by_patient.get(grant.patient_id()).map_or(&[][..], |v| v.as_slice());
        let checkins = plan.checkins.get(grant.patient_id());
        let mut row = row(conn, grant, mine, checkins, now)?;
        // Asking to talk comes first: the app lists patients with it at the top.
        let asked = plan.flags.get(grant.patient_id()).into_iter().flatten().cloned();
        row.flags.splice(0..0, asked);
        row.flags.extend(waits.get(grant.patient_id()).into_iter().flatten().cloned());
        rows.push(row);
    }
    Ok(rows)
}

/// "Waiting 7 weeks for Tuesday relaxation group (since 12 October).": referrals on a waiting
/// list for more than six weeks, for the patients who share their plan.
fn long_waits(
    conn: &mut DbConn,
    grants: &[CaseloadGrant],
    now: NaiveDateTime,
) -> AppResult<HashMap<String, Vec<Flag>>> {
    use evenkeel_domain::plan::services::{ReferralStatus, waiting_too_long};
    let sharing: Vec<&CaseloadGrant> = grants.iter().filter(|g| g.scopes().contains(&Scope::Plan)).collect();
    let ids: Vec<Granted<'_>> = sharing.iter().map(|g| g.patient()).collect();
    let waiting = crate::db::services::waiting_for(conn, &ids)?;
    let service_ids: Vec<String> = waiting.iter().map(|r| r.service_id.clone()).collect();
    let names: HashMap<String, String> =
        crate::db::services::by_ids(conn, &service_ids)?.into_iter().map(|s| (s.id, s.name)).collect();
    let mut out: HashMap<String, Vec<Flag>> = HashMap::new();
    for r in waiting {
        let Some(grant) = sharing.iter().find(|g| g.patient_id() == r.patient_id) else { continue };
        let today = crate::zones::today_in(crate::zones::of(grant.patient_time_zone()), now.and_utc());
        let since = r.waiting_since.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let (Some(since), true) = (since, waiting_too_long(ReferralStatus::WaitingList, since, today)) else {
            continue;
        };
        let service = names.get(&r.service_id).cloned().unwrap_or_default();
        let weeks = (today - since).num_days() / 7;
        out.entry(r.patient_id.clone()).or_default().push(Flag {
            kind: FlagKind::LongWait,
            detail: format!("Waiting {weeks} weeks for {service} (since {}).", since.format("%-d %B")),
        });
    }
    Ok(out)
}

fn row(
    conn: &mut DbConn,
    grant: &CaseloadGrant,
    rollups: &[&daily_rollups::Rollup],
    checkins: Option<&HashMap<NaiveDate, u32>>,
    now: NaiveDateTime,
) -> AppResult<CaseloadRow> {
    // The patient's today, in the time zone of their account.
    let today = crate::zones::today_in(crate::zones::of(grant.patient_time_zone()), now.and_utc());
    let mut days: Vec<DailyTotals> = rollups
        .iter()
        .filter_map(|r| r.totals())
        .filter(|t| t.date <= today && (today - t.date).num_days() < 14)
        .collect();
    for (day, n) in checkins.into_iter().flatten() {
        match days.iter_mut().find(|t| t.date == *day) {
            Some(t) => t.withdrawal_checkins = *n,
            None => days.push(DailyTotals { withdrawal_checkins: *n, ..DailyTotals::empty(*day) }),
        }
    }
    days.sort_by_key(|t| t.date);
    let days: Vec<DailyTotals> = days.into_iter().map(|t| visible(t, grant.scopes())).collect();
    let last_day = match last_entry_day(&days, today) {
        Some(d) => Some(d),
        None => daily_rollups::last_with_entries(conn, grant.patient(), today)?.and_then(|r| r.date()),
    };
    let from = today.checked_sub_days(Days::new(13)).unwrap_or(today);
    let flags: Vec<Flag> = flags_from_totals(&days, from, today, last_day)
        .into_iter()
        .filter(|f| flag_needs(f.kind).is_none_or(|s| grant.scopes().contains(&s)))
        .collect();
    let week: Vec<&DailyTotals> = days.iter().filter(|t| (today - t.date).num_days() < 7).collect();
    let has = |s: Scope| grant.scopes().contains(&s);
    Ok(CaseloadRow {
        patient_id: grant.patient_id().parse().unwrap_or_default(),
        name: grant.patient_name().to_owned(),
        scopes: grant.scopes().to_vec(),
        last_entry_at: days
            .iter()
            .rev()
            .find_map(|t| t.last_entry_at)
            .map(|t| chrono::DateTime::<Utc>::from_naive_utc_and_offset(t, Utc)),
        last_entry_day: last_day,
        flags,
        ome_mg_per_day_latest: days.iter().rev().find_map(|t| t.ome_mg).filter(|_| has(Scope::Doses)),
        pain_7d_mean: mean(week.iter().filter_map(|t| t.pain_mean)),
        stress_7d_mean: mean(week.iter().filter_map(|t| t.stress_mean)),
        doses_7d: has(Scope::Doses).then(|| week.iter().map(|t| t.doses).sum()),
    })
}
