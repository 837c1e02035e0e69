//! The caseload's flags from the medicine plan and "I'd like to talk", for patients who share
//! `plan`: an open request (first, with its age; overdue after 2 working days), a step starting
//! in the next 3 days, and — with `doses` too — logged doses above the step on 5 of the last 7
//! days. Also the withdrawal check-ins per day, which the "withdrawal feelings" flag counts.
//!
//! Cost: one query each for the plans, the open requests and the fortnight's check-ins of every
//! patient shown; the actual OME comes from the rollups the caseload has already read.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use evenkeel_domain::EntryData;
use evenkeel_domain::dates::long_date;
use evenkeel_domain::patterns::{Flag, FlagKind, PatternInput};
use evenkeel_domain::plan::contact;
use evenkeel_domain::plan::medicine as plan;
use evenkeel_domain::sharing::Scope;

use crate::access::{CaseloadGrant, Granted};
use crate::db::daily_rollups::Rollup;
use crate::db::{DbConn, contact_requests, entries, medicine_plans};
use crate::error::AppResult;
use crate::plan::medicine::{medicines, request_of};
use crate::rollups::parse_rows;

#[derive(Default)]
pub struct PlanFlags {
    /// Flags by patient id, "asked to talk" first.
    pub flags: HashMap<String, Vec<Flag>>,
    /// Strong withdrawal check-ins by patient and local day.
    pub checkins: HashMap<String, HashMap<NaiveDate, u32>>,
}

pub fn for_caseload(
    conn: &mut DbConn,
    grants: &[CaseloadGrant],
    rollups: &[Rollup],
    now: NaiveDateTime,
) -> AppResult<PlanFlags> {
    let sharing: Vec<&CaseloadGrant> = grants.iter().filter(|g| g.scopes().contains(&Scope::Plan)).collect();
    let ids: Vec<Granted<'_>> = sharing.iter().map(|g| g.patient()).collect();
    let mut out = PlanFlags::default();
    let today_of = |g: &CaseloadGrant| crate::zones::today_in(crate::zones::of(g.patient_time_zone()), now.and_utc());

    for r in contact_requests::open_for(conn, &ids)? {
        let overdue = contact::is_overdue(r.sent_at.date(), now.date(), true);
        let reason = contact::ContactReason::parse(&r.reason).map_or("", |r| r.label());
        let age = contact::age(r.sent_at.and_utc(), now.and_utc());
        // The flag's label already says "Asked to talk".
        let detail =
            if overdue { format!("{reason}. {age}: more than 2 working days.") } else { format!("{reason}. {age}.") };
        out.flags.entry(r.patient_id.clone()).or_default().push(Flag { kind: FlagKind::AskedToTalk, detail });
    }

    for row in medicine_plans::latest_for(conn, &ids)? {
        let Some(grant) = sharing.iter().find(|g| g.patient_id() == row.patient_id) else { continue };
        let today = today_of(grant);
        let steps = request_of(&row)?.steps;
        let mut flags = Vec::new();
        if let Some(starts) = plan::step_starting_soon(&steps, today) {
            let when = if starts == today { "today".to_owned() } else { format!("on {}", long_date(starts)) };
            flags.push(Flag {
                kind: FlagKind::MedicineStepSoon,
                detail: format!("A medicine plan step starts {when}: a chance to check in first."),
            });
        }
        if grant.scopes().contains(&Scope::Doses) {
            let meds = medicines(conn, grant.patient())?;
            let step_ome: Vec<Option<f64>> = plan::step_views(&steps, &meds, evenkeel_domain::ome::Table::current())
                .iter()
                .map(|s| s.ome_mg)
                .collect();
            let actual: HashMap<NaiveDate, Option<f64>> = rollups
                .iter()
                .filter(|r| r.patient_id == grant.patient_id())
                .filter_map(|r| r.totals())
                .map(|t| (t.date, plan::actual_of(&t)))
                .collect();
            let from = today - Duration::days(plan::FLAG_WINDOW_DAYS as i64 - 1);
            let days = plan::against_plan(&actual, &steps, &step_ome, from, today);
            if let Some(n) = plan::above_step_days(&days, today) {
                flags.push(Flag {
                    kind: FlagKind::AboveMedicineStep,
                    detail: format!(
                        "Logged doses were above the plan's step on {n} of the last 7 days. They may want to talk it through."
                    ),
                });
            }
        }
        out.flags.entry(row.patient_id.clone()).or_default().extend(flags);
    }

    let since = now - Duration::days(16);
    let rows = entries::live_of_kind_for_patients_since(conn, &ids, "withdrawal", since)?;
    let mut by_patient: HashMap<String, Vec<entries::Entry>> = HashMap::new();
    for r in rows {
        by_patient.entry(r.patient_id.clone()).or_default().push(r);
    }
    for (patient, rows) in by_patient {
        let input = PatternInput::new(parse_rows(&rows), NaiveDate::MIN, NaiveDate::MIN, NaiveDate::MIN);
        let days = out.checkins.entry(patient).or_default();
        for item in &input.entries {
            if let EntryData::Withdrawal(w) = &item.data
                && w.is_strong()
            {
                *days.entry(item.day).or_default() += 1;
            }
        }
    }
    Ok(out)
}
