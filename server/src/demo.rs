//! `--demo`: demo accounts so a newcomer can sign in at once, eight weeks of the demo patient's diary
//! (through the same sync service as a phone, so OME and daily rollups are computed as usual; the
//! engine finds a boom-and-bust episode and evening doses on high-stress days in it), and active care
//! links from the demo patient to the demo carer and worker. Idempotent: existing accounts, a diary
//! that already has entries and existing links are kept.

use evenkeel_domain::account::{DisplayName, Email, NewPassword, TimeZoneName};
use evenkeel_domain::api::Role;

use chrono::{Days, Utc};
use evenkeel_domain::diary::MAX_CHANGES_PER_SYNC;
use evenkeel_domain::sharing::{LinkState, Relation, Scope, scopes_to_text};
use evenkeel_domain::{Change, Op};

use crate::access::{self, Need};
use crate::accounts::{NewAccount, create_user};
use crate::auth::caller::Caller;
use crate::auth::password;
use crate::db::care_links::{self, CareLink};
use crate::db::{self, DbConn, entries, users};

/// The demo password: public on purpose (it is in the README), for the demo accounts only.
pub const DEMO_PASSWORD: &str = "even-keel-demo";

/// Plain names, not "Alex (demo patient)": the app puts names into sentences ("Most of Alex
/// Morgan's doses…", "Jo Okafor (project worker) read…"), and the `demo.test` emails already mark
/// these as demo accounts.
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 3] = [
    ("patient@demo.test", "Alex Morgan", Role::Patient),
    ("carer@demo.test", "Sam Morgan", Role::Carer),
    ("worker@demo.test", "Jo Okafor", Role::Worker),
];

/// The demo's own reads (is this already here?) and writes of the patient it is seeding: the
/// server's own work for no caller, so no grant and no audit.
fn unattended(patient_id: &str) -> crate::access::Granted<'_> {
    crate::access::Granted::unattended(patient_id)
}

pub fn seed(conn: &mut DbConn) -> anyhow::Result<()> {
    let hash = password::hash(&password::Turn::outside_requests(), DEMO_PASSWORD)?;
    println!("Demo accounts (password for each: {DEMO_PASSWORD}):");
    for (email, name, role) in DEMO_ACCOUNTS {
        let account = NewAccount {
            email: Email::parse(email)?,
            password: NewPassword::parse(DEMO_PASSWORD)?,
            display_name: DisplayName::parse(name)?,
            time_zone: TimeZoneName::parse("Europe/London")?,
        };
        let created = create_user(conn, &account, &hash, role, false).map_err(|e| anyhow::anyhow!("{e}"))?;
        let note = if created.is_some() { "created" } else { "already there" };
        println!("  {:<8} {email}  ({note})", role.as_str());
    }
    let patient = users::by_email(conn, DEMO_ACCOUNTS[0].0)?.ok_or_else(|| anyhow::anyhow!("no demo patient"))?;
    let carer = users::by_email(conn, DEMO_ACCOUNTS[1].0)?.ok_or_else(|| anyhow::anyhow!("no demo carer"))?;
    let worker = users::by_email(conn, DEMO_ACCOUNTS[2].0)?.ok_or_else(|| anyhow::anyhow!("no demo worker"))?;
    seed_diary(conn, &patient.id)?;
    let carer_scopes = [Scope::Pain, Scope::Activity, Scope::Sleep, Scope::Mood, Scope::Goals, Scope::Notes];
    link(conn, &patient.id, &carer.id, Relation::Carer, &carer_scopes)?;
    link(conn, &patient.id, &worker.id, Relation::Worker, &Scope::ALL)?;
    suggest_body_scan(conn, &patient.id, &worker.id)?;
    seed_reminders(conn, &patient.id)?;
    seed_plan(conn, &patient.id, &worker.id)?;
    seed_devices(conn, &patient.id)?;
    seed_looks(conn, &patient.id, &carer.id, &worker.id)?;
    Ok(())
}

/// Eight weeks of Sam and Jo looking at the diary (Sam most evenings, Jo before each fortnightly
/// session and at the caseload), so "Who has looked" has more than one page and "Show earlier".
/// Only on a fresh demo database: the rows are history, not something to top up at each start.
fn seed_looks(conn: &mut DbConn, patient_id: &str, carer_id: &str, worker_id: &str) -> anyhow::Result<()> {
    use crate::db::audit_log::{self, AuditRow};
    // Seeding, for no caller: nothing read here leaves the server.
    let patient = crate::access::Granted::unattended(patient_id);
    if !audit_log::about_patient(conn, patient, None, Some(1))?.is_empty() {
        return Ok(());
    }
    let now = crate::db::now();
    let row = |actor: &str, scope: &str, endpoint: &str, at| AuditRow {
        id: crate::db::new_id(),
        actor_id: actor.to_owned(),
        patient_id: patient_id.to_owned(),
        scope: scope.to_owned(),
        action: "read".to_owned(),
        endpoint: endpoint.to_owned(),
        at,
    };
    let mut rows = Vec::new();
    for day in 1..=56 {
        let evening = now - chrono::Duration::days(day) - chrono::Duration::minutes(90 + day * 7);
        if day % 7 != 3 {
            rows.push(row(carer_id, "pain,activity,mood,sleep", "GET /api/patients/{patient_id}/patterns", evening));
        }
        if day % 3 == 0 {
            rows.push(row(
                carer_id,
                "pain",
                "GET /api/patients/{patient_id}/entries",
                evening + chrono::Duration::minutes(2),
            ));
        }
        if day % 4 == 1 {
            rows.push(row(carer_id, "notes", "GET /api/patients/{patient_id}/notes", evening));
        }
        let morning = now - chrono::Duration::days(day) - chrono::Duration::hours(6);
        if day % 2 == 0 {
            rows.push(row(worker_id, "pain,activity,doses,mood,sleep", "GET /api/caseload", morning));
        }
        if day % 14 == 1 {
            let before_session = morning + chrono::Duration::hours(1);
            rows.push(row(
                worker_id,
                "pain,activity,doses,mood,sleep,relaxation",
                "GET /api/patients/{patient_id}/patterns",
                before_session,
            ));
        }
    }
    audit_log::insert_all(conn, &rows)?;
    Ok(())
}

/// A second signed-in device for the demo patient (an iPad, signed in twelve days ago and last
/// used two days ago), so Signed-in devices shows one to sign out. Its token is random and
/// thrown away: nobody can use it.
fn seed_devices(conn: &mut DbConn, patient_id: &str) -> anyhow::Result<()> {
    use crate::auth::refresh;
    use crate::db::refresh_tokens::{self, NewRefreshToken};
    const TABLET: &str = "Safari on iPad";
    if refresh_tokens::live_families(conn, patient_id, db::now())?.iter().any(|f| f.device == TABLET) {
        return Ok(());
    }
    let family = db::new_id();
    for (days_ago, used) in [(12, true), (2, false)] {
        let created_at = db::now() - chrono::Duration::days(days_ago);
        let id = db::new_id();
        refresh_tokens::insert(
            conn,
            &NewRefreshToken {
                id: &id,
                user_id: patient_id,
                family_id: &family,
                token_hash: &refresh::hash(&refresh::generate()),
                created_at,
                expires_at: created_at + chrono::Duration::days(refresh::REFRESH_TOKEN_DAYS),
                device: TABLET,
            },
        )?;
        if used {
            refresh_tokens::mark_used(conn, &id, created_at + chrono::Duration::days(10))?;
        }
    }
    println!("Demo devices: Alex is also signed in on an iPad (More → Signed-in devices).");
    Ok(())
}

/// A walking plan from three tries six weeks ago (7, 8 and 7.5 minutes: a 6-minute baseline),
/// stepped up once by Jo and then held by Alex: 7 minutes a day now.
fn seed_pacing(conn: &mut DbConn, patient_id: &str, worker_id: &str, today: chrono::NaiveDate) -> anyhow::Result<()> {
    let patient = unattended(patient_id);
    use crate::db::pacing::{self, ChangeRow, PacingRow};
    let day = |n: u64| today.checked_sub_days(Days::new(n)).unwrap_or(today);
    let at = |n: u64| day(n).and_hms_opt(11, 0, 0).unwrap_or_default();
    let tries = format!("{}=7;{}=8;{}=7.5", day(44), day(43), day(41));
    let plan = PacingRow {
        id: "2e6a8c1f-5d3b-4e7a-9f10-6b2c4d8e0a31".into(),
        patient_id: patient_id.to_owned(),
        author_id: worker_id.to_owned(),
        activity: "Walking".into(),
        unit: "minutes".into(),
        tries,
        increase_pct: 10,
        level: 0,
        created_at: at(40),
        updated_at: at(14),
    };
    let change = |n: u64, by: &str, action: &str, level: i32| ChangeRow {
        id: db::new_id(),
        plan_id: plan.id.clone(),
        patient_id: patient_id.to_owned(),
        changed_by: by.to_owned(),
        action: action.to_owned(),
        level,
        changed_at: at(n),
    };
    pacing::insert(conn, patient, &plan, &change(40, worker_id, "start", 0))?;
    for (n, by, action) in [(28, worker_id, "step_up"), (14, patient_id, "hold")] {
        // From the baseline for the step up, then at level 1 for the hold.
        pacing::change_level(conn, patient, 1 - i32::from(action == "step_up"), &change(n, by, action, 1))?;
    }
    Ok(())
}

/// Jo's list from the physio (sit to stand on weekdays, calf raises every day), ticked off on five
/// of the last eight days with pain before and after on four, so the plan compares them.
fn seed_exercise(conn: &mut DbConn, patient_id: &str, worker_id: &str, today: chrono::NaiveDate) -> anyhow::Result<()> {
    let patient = unattended(patient_id);
    use crate::db::exercise::{self, DayRow, PlanRow};
    use evenkeel_domain::plan::exercise::Exercise;
    use evenkeel_domain::reminders::Weekdays;
    let (sit, calf) = ("8e2f4b61-0c3a-4d5e-9f70-1a2b3c4d5e60", "9f3a5c72-1d4b-4e6f-8a81-2b3c4d5e6f71");
    let exercises = vec![
        Exercise {
            id: sit.parse()?,
            name: "Sit to stand".into(),
            amount: "10 times, 2 sets".into(),
            days: Weekdays::parse(&[1, 2, 3, 4, 5])?,
            note: "Slowly, from the kitchen chair, arms crossed if you can".into(),
        },
        Exercise {
            id: calf.parse()?,
            name: "Calf raises".into(),
            amount: "15 times".into(),
            days: Weekdays::parse(&[1, 2, 3, 4, 5, 6, 7])?,
            note: "Hold the worktop".into(),
        },
    ];
    let at = today.checked_sub_days(Days::new(20)).unwrap_or(today).and_hms_opt(11, 0, 0).unwrap_or_default();
    let plan = PlanRow {
        id: "a04b6d83-2e5c-4f70-9b92-3c4d5e6f7a82".into(),
        patient_id: patient_id.to_owned(),
        author_id: worker_id.to_owned(),
        title: "Physio exercises".into(),
        exercises: serde_json::to_string(&exercises)?,
        created_at: at,
        updated_at: at,
    };
    exercise::insert(conn, patient, &plan)?;
    for (back, done, before, after) in [
        (1, format!("{sit},{calf}"), Some(5), Some(4)),
        (2, calf.to_owned(), None, None),
        (4, format!("{sit},{calf}"), Some(6), Some(5)),
        (5, format!("{sit},{calf}"), Some(5), Some(5)),
        (7, calf.to_owned(), Some(6), Some(4)),
    ] {
        let day = today.checked_sub_days(Days::new(back)).unwrap_or(today);
        exercise::put_day(
            conn,
            patient,
            &DayRow {
                plan_id: plan.id.clone(),
                day: day.to_string(),
                patient_id: patient_id.to_owned(),
                done,
                pain_before: before,
                pain_after: after,
                updated_at: at,
            },
        )?;
    }
    Ok(())
}

/// The practice's directory (five local services, two in the evening or at the weekend) and Jo's
/// referrals of Alex: the relaxation group, on its waiting list for seven weeks (a caseload flag),
/// and Men in Sheds, suggested.
fn seed_services(conn: &mut DbConn, patient_id: &str, worker_id: &str, today: chrono::NaiveDate) -> anyhow::Result<()> {
    let patient = unattended(patient_id);
    use crate::db::services::{self, ChangeRow, ReferralRow, ServiceRow};
    let now = db::now();
    let service = |id: &str,
                   name: &str,
                   offers: &str,
                   category: &str,
                   times: &str,
                   place: &str,
                   contact: &str,
                   cost: &str,
                   referral: bool| ServiceRow {
        id: id.to_owned(),
        name: name.to_owned(),
        offers: offers.to_owned(),
        category: category.to_owned(),
        times: times.to_owned(),
        place: place.to_owned(),
        online: place.is_empty(),
        contact: contact.to_owned(),
        cost: cost.to_owned(),
        needs_referral: referral,
        created_by: worker_id.to_owned(),
        created_at: now,
        updated_at: now,
        retired_at: None,
    };
    let directory = [
        service(
            "0c8f6a52-3b1d-4e2a-8f7c-1a2b3c4d5e61",
            "Tuesday relaxation group",
            "Breathing, a body scan and a cup of tea, in a small group",
            "relaxation_group",
            "2 10:00-11:30",
            "Church hall, Mill Lane",
            "Ring Jo at the practice: 01632 960123",
            "Free",
            true,
        ),
        service(
            "1d9a7b63-4c2e-4f3b-9a8d-2b3c4d5e6f72",
            "Men in Sheds",
            "Woodwork, repairs and company, at your own pace",
            "social_connection",
            "4 18:00-20:30",
            "Unit 4, Mill Lane",
            "shed@example.org",
            "Free",
            false,
        ),
        service(
            "2ea08c74-5d3f-4a4c-8b9e-3c4d5e6f7a83",
            "Gentle exercise at the leisure centre",
            "Seated and standing exercise with an instructor who knows about pain",
            "physical_activity",
            "1 14:00-15:00;6 10:00-11:00",
            "Riverside Leisure Centre",
            "01632 960456",
            "£3 a session",
            true,
        ),
        service(
            "3fb19d85-6e4a-4b5d-9caf-4d5e6f7a8b94",
            "Benefits and money advice",
            "Help with forms, benefits and bills, by phone or video",
            "money_advice",
            "",
            "",
            "0800 144 8848",
            "Free",
            false,
        ),
        service(
            "4ac2ae96-7f5b-4c6e-8db0-5e6f7a8b9ca5",
            "Park volunteers",
            "Planting, litter picking and a walk, as much or as little as suits you",
            "volunteering",
            "6 10:00-12:00",
            "Victoria Park gates",
            "parks@example.org",
            "Free",
            false,
        ),
    ];
    for row in &directory {
        if services::by_ids(conn, std::slice::from_ref(&row.id))?.is_empty() {
            services::insert_service(conn, row)?;
        }
    }
    let day = |n: u64| today.checked_sub_days(Days::new(n)).unwrap_or(today);
    let referral = |id: &str, service: &str, status: &str, since: Option<chrono::NaiveDate>, made: u64| {
        let at = day(made).and_hms_opt(15, 0, 0).unwrap_or_default();
        let row = ReferralRow {
            id: id.to_owned(),
            patient_id: patient_id.to_owned(),
            service_id: service.to_owned(),
            author_id: worker_id.to_owned(),
            status: "suggested".into(),
            waiting_since: None,
            response: None,
            created_at: at,
            updated_at: at,
        };
        let change = |status: &str, since: Option<String>| ChangeRow {
            id: db::new_id(),
            referral_id: id.to_owned(),
            patient_id: patient_id.to_owned(),
            changed_by: worker_id.to_owned(),
            status: status.to_owned(),
            waiting_since: since,
            changed_at: at,
        };
        (row, change("suggested", None), (status != "suggested").then(|| change(status, since.map(|d| d.to_string()))))
    };
    for (row, first, next) in [
        referral("5bd3bfa7-8a6c-4d7f-9ec1-6f7a8b9cadb6", &directory[0].id, "waiting_list", Some(day(50)), 55),
        referral("6ce4c0b8-9b7d-4e80-8fd2-7a8b9cadbec7", &directory[1].id, "suggested", None, 8),
    ] {
        services::insert_referral(conn, patient, &row, &first)?;
        if let Some(next) = next {
            services::change_status(conn, patient, &next)?;
        }
    }
    Ok(())
}

/// Alex's plan (once): their own goal with five weeks of check-ins (this week's still to do, so
/// Today asks), a goal Jo suggested that waits for Alex, and Jo's summary of their last session
/// with the next one booked.
fn seed_plan(conn: &mut DbConn, patient_id: &str, worker_id: &str) -> anyhow::Result<()> {
    let patient = unattended(patient_id);
    use crate::db::goals::{self, CheckinRow, GoalRow, HistoryRow};
    use crate::db::plan_summaries::{self, SummaryRow};
    use evenkeel_domain::plan::goals::week_start;
    if !goals::for_patient(conn, patient)?.is_empty() {
        println!("Demo plan: already there.");
        return Ok(());
    }
    let now = Utc::now();
    let today = now.date_naive();
    let days_ago = |n: u64| today.checked_sub_days(Days::new(n)).unwrap_or(today);
    let text = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let at = |d: chrono::NaiveDate| d.and_hms_opt(10, 0, 0).unwrap_or_default();
    let goal = |id: &str, author: &str, status: &str, words: [&str; 3], days: i32, began: chrono::NaiveDate| GoalRow {
        id: id.to_owned(),
        patient_id: patient_id.to_owned(),
        author_id: author.to_owned(),
        status: status.to_owned(),
        what: words[0].to_owned(),
        why: words[1].to_owned(),
        first_step: words[2].to_owned(),
        days_per_week: days,
        review_on: Some(text(today.checked_add_days(Days::new(24)).unwrap_or(today))),
        client_updated_at: at(began),
        created_at: at(began),
        updated_at: at(began),
    };
    let walk = goal(
        "5b0f5d1e-4a8e-4c51-9d33-0c1f2e7a9b10",
        patient_id,
        "active",
        [
            "Walk to the park with Sam for 15 minutes",
            "I miss seeing the ducks with Sam on a Sunday",
            "Walk to the corner and back",
        ],
        3,
        days_ago(40),
    );
    let breathe = goal(
        "7c2e8a40-1b6d-4f0e-8a57-3d9b4c6e2f21",
        worker_id,
        "proposed",
        [
            "Do the 5-minute breathing practice before bed",
            "To help with getting off to sleep",
            "Try it on two nights this week",
        ],
        2,
        days_ago(8),
    );
    for row in [&walk, &breathe] {
        goals::insert_new(conn, patient, row)?;
        goals::insert_history(
            conn,
            patient,
            &HistoryRow {
                id: db::new_id(),
                goal_id: row.id.clone(),
                patient_id: patient_id.to_owned(),
                changed_by: row.author_id.clone(),
                status: row.status.clone(),
                what: row.what.clone(),
                why: row.why.clone(),
                first_step: row.first_step.clone(),
                days_per_week: row.days_per_week,
                review_on: row.review_on.clone(),
                changed_at: row.created_at,
            },
        )?;
    }
    let this_week = week_start(today);
    let outcomes = [
        ("done", "Made it to the bench"),
        ("partly", "Only to the gate: my back"),
        ("not_this_week", ""),
        ("done", ""),
        ("partly", "Rained on Sunday"),
    ];
    for (weeks_back, (outcome, note)) in (1..).zip(outcomes) {
        let week = this_week.checked_sub_days(Days::new(7 * weeks_back)).unwrap_or(this_week);
        goals::put_checkin(
            conn,
            patient,
            &CheckinRow {
                goal_id: walk.id.clone(),
                week_start: text(week),
                patient_id: patient_id.to_owned(),
                outcome: outcome.to_owned(),
                note: note.to_owned(),
                client_updated_at: at(week.checked_add_days(Days::new(6)).unwrap_or(week)),
                updated_at: at(week.checked_add_days(Days::new(6)).unwrap_or(week)),
            },
        )?;
    }
    plan_summaries::insert(
        conn,
        patient,
        &SummaryRow {
            id: db::new_id(),
            patient_id: patient_id.to_owned(),
            author_id: worker_id.to_owned(),
            session_date: text(days_ago(8)),
            talked_about: "How the walks to the park have gone, and the evenings when stress and pain come together.".into(),
            agreed: "Alex will try 15 minutes with a sit-down on the bench halfway. Jo will send the details of the Tuesday relaxation group.".into(),
            next_session: Some(text(today.checked_add_days(Days::new(6)).unwrap_or(today))),
            created_at: at(days_ago(8)),
        },
    )?;
    seed_pacing(conn, patient_id, worker_id, today)?;
    seed_services(conn, patient_id, worker_id, today)?;
    seed_exercise(conn, patient_id, worker_id, today)?;
    seed_medicine_plan(conn, patient_id, worker_id, today)?;
    println!(
        "Demo plan: a goal with five weekly check-ins, a goal Jo suggested, Jo's last session summary, a walking pacing plan stepped up once and held, five local services, two referrals (one seven weeks on a waiting list), and a physio exercise list ticked off on five days, a medicine plan from Dr Patel (two versions: four steps, then a pause), three check-ins on how reducing feels, and two requests to talk (one answered, one open)."
    );
    Ok(())
}

/// Alex's medicine plan from Dr Patel, entered by Jo: four steps reducing the morning-and-evening
/// morphine, then a second version pausing the third step for a week during a flare. Three
/// "how reducing feels" check-ins since the last step began, an answered "I'd like to talk" and
/// an open one from this morning.
fn seed_medicine_plan(
    conn: &mut DbConn,
    patient_id: &str,
    worker_id: &str,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let patient = unattended(patient_id);
    use crate::db::contact_requests::{self, RequestRow};
    use crate::db::medicine_plans::{self, VersionRow};
    use evenkeel_domain::plan::medicine::{PlanStep, StepAmount};
    if !medicine_plans::for_patient(conn, patient)?.is_empty() {
        return Ok(());
    }
    let meds = crate::plan::medicine::medicines(conn, patient).map_err(|e| anyhow::anyhow!("{e}"))?;
    let find = |opioid: evenkeel_domain::ome::Opioid| meds.iter().find(|(_, m)| m.opioid == opioid).map(|(id, _)| *id);
    let (Some(morphine), Some(oxycodone)) =
        (find(evenkeel_domain::ome::Opioid::Morphine), find(evenkeel_domain::ome::Opioid::Oxycodone))
    else {
        anyhow::bail!("the demo diary has no morphine and oxycodone");
    };
    let day = |offset: i64| today + chrono::Duration::days(offset);
    let step = |offset: i64, mg: f64, how: &str, oxy: f64| PlanStep {
        starts_on: day(offset),
        amounts: vec![
            StepAmount { medication_id: morphine, daily_amount: mg, how: how.into() },
            StepAmount {
                medication_id: oxycodone,
                daily_amount: oxy,
                how: "5 mg when needed, up to twice a day".into(),
            },
        ],
    };
    let first = vec![
        step(-21, 40.0, "20 mg morning and evening", 10.0),
        step(-7, 30.0, "20 mg morning, 10 mg evening", 10.0),
        step(2, 20.0, "10 mg morning and evening", 10.0),
        step(30, 20.0, "10 mg morning and evening", 5.0),
    ];
    let mut paused = first.clone();
    paused[2].starts_on = day(9);
    let versions = [
        (1, first, "", -24),
        (2, paused, "Alex asked for a pause during a flare; Dr Patel agreed to start the third step a week later.", -1),
    ];
    for (version, steps, reason, entered) in versions {
        medicine_plans::insert(
            conn,
            patient,
            &VersionRow {
                id: db::new_id(),
                patient_id: patient_id.to_owned(),
                version,
                prescriber: "Dr Patel, Riverside Surgery".into(),
                agreed_on: day(-24).format("%Y-%m-%d").to_string(),
                steps: serde_json::to_string(&steps)?,
                review_dates: serde_json::to_string(&[day(16)])?,
                reason: reason.into(),
                author_id: worker_id.to_owned(),
                created_at: (Utc::now() + chrono::Duration::days(entered)).naive_utc(),
            },
        )?;
    }
    let caller = Caller { user_id: patient_id.to_owned(), role: Role::Patient, session_id: None };
    let grant =
        access::require(conn, &caller, patient_id, Need::OwnDiary, "demo seed").map_err(|e| anyhow::anyhow!("{e}"))?;
    let checkins = [
        (6, serde_json::json!({"yawning": "a_little", "aches": "quite_a_bit", "trouble_sleeping": "quite_a_bit"})),
        (4, serde_json::json!({"aches": "a_little", "trouble_sleeping": "a_little", "feeling_anxious": "a_little"})),
        (1, serde_json::json!({"aches": "a_little"})),
    ];
    let changes: Vec<crate::sync::Incoming> = checkins
        .into_iter()
        .map(|(ago, feelings)| {
            let at = (Utc::now() - chrono::Duration::days(ago)).to_rfc3339();
            let data = serde_json::json!({"recorded_at": at, "feelings": feelings});
            Ok(Change {
                id: uuid::Uuid::new_v4(),
                kind: evenkeel_domain::EntryKind::Withdrawal,
                op: Op::Upsert,
                data,
                client_updated_at: Utc::now(),
            })
        })
        .collect();
    crate::sync::sync(conn, &grant, i64::MAX / 2, changes).map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = Utc::now().naive_utc();
    let requests = [
        ("medicines", "Can we talk about the second step before it starts?", "Weekday mornings", 20, true),
        ("feelings", "The aches have been worse this week.", "After 2pm", 0, false),
    ];
    for (reason, note, times, days_ago, answered) in requests {
        let sent = now - chrono::Duration::days(days_ago) - chrono::Duration::hours(3);
        contact_requests::insert_new(
            conn,
            patient,
            &RequestRow {
                id: db::new_id(),
                patient_id: patient_id.to_owned(),
                reason: reason.into(),
                note: note.into(),
                good_times: times.into(),
                sent_at: sent,
                received_at: sent,
                seen_at: answered.then_some(sent + chrono::Duration::hours(2)),
                reply: answered.then(|| "I'll ring you on Thursday morning.".to_owned()),
                worker_id: answered.then(|| worker_id.to_owned()),
                closed_at: answered.then_some(sent + chrono::Duration::days(2)),
            },
        )?;
    }
    Ok(())
}

/// Alex's reminders (once): the evening dose of their first medicine, the sleep diary in the
/// morning, relaxation three afternoons a week, and a bedtime wind-down that is paused.
fn seed_reminders(conn: &mut DbConn, patient_id: &str) -> anyhow::Result<()> {
    use evenkeel_domain::reminders::{LocalTime, ReminderKind, ReminderPatch, ReminderRequest, Weekdays};
    if !crate::db::reminders::for_user(conn, patient_id)?.is_empty() {
        println!("Demo reminders: already there.");
        return Ok(());
    }
    let caller = Caller { user_id: patient_id.to_owned(), role: Role::Patient, session_id: None };
    let medicine = entries::live_medicines(conn, unattended(patient_id))?.first().and_then(|m| m.id.parse().ok());
    let every_day = Weekdays::parse(&[1, 2, 3, 4, 5, 6, 7])?;
    let plan = [
        (ReminderKind::Dose, "20:00", every_day, medicine),
        (ReminderKind::SleepDiary, "08:30", every_day, None),
        (ReminderKind::Relaxation, "14:00", Weekdays::parse(&[1, 3, 5])?, None),
        (ReminderKind::WindDown, "22:00", every_day, None),
    ];
    for (kind, time, weekdays, medication_id) in plan {
        let request =
            ReminderRequest { kind, local_time: LocalTime::parse(time)?, weekdays, medication_id, paused: false };
        let made = crate::reminders::create(conn, &caller, &request).map_err(|e| anyhow::anyhow!("{e}"))?;
        if kind == ReminderKind::WindDown {
            let pause = ReminderPatch { paused: Some(true), ..ReminderPatch::default() };
            crate::reminders::update(conn, &caller, &made.id, &pause).map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    println!("Demo reminders: evening dose, sleep diary, relaxation (Mon, Wed, Fri), wind-down (paused).");
    Ok(())
}

/// Jo's suggestion at the top of Alex's Relax: the body scan (once).
fn suggest_body_scan(conn: &mut DbConn, patient_id: &str, worker_id: &str) -> anyhow::Result<()> {
    let patient = unattended(patient_id);
    use crate::db::relax_suggestions::{self, SuggestionRow};
    if !relax_suggestions::open_for(conn, patient)?.is_empty() {
        return Ok(());
    }
    relax_suggestions::insert(
        conn,
        patient,
        &SuggestionRow {
            id: crate::db::new_id(),
            patient_id: patient_id.to_owned(),
            worker_id: worker_id.to_owned(),
            item_kind: "track".into(),
            item_id: "bedb3397-7cfd-4212-a348-9d4755da8685".into(),
            created_at: crate::db::now(),
            dismissed_at: None,
        },
    )?;
    Ok(())
}

/// Eight weeks ending yesterday (so nothing is dated later than now) of `patterns::demo::demo_weeks`, through the sync service.
fn seed_diary(conn: &mut DbConn, patient_id: &str) -> anyhow::Result<()> {
    if entries::current_rev(conn, unattended(patient_id))? > 0 {
        println!("Demo diary: already there (not changed).");
        return Ok(());
    }
    let weeks = 8;
    let today = Utc::now().date_naive();
    let end = today.checked_sub_days(Days::new(1)).unwrap_or(today);
    let start = end.checked_sub_days(Days::new(weeks * 7 - 1)).unwrap_or(end);
    let mut diary = evenkeel_domain::patterns::demo::demo_weeks(start, weeks as u32, 20_260_101);
    // Three weeks of relaxation practice up to today: the pacer, the body scan, the bedtime track.
    diary.extend(evenkeel_domain::patterns::demo::demo_practice(end, 21, 20_261_206));
    let caller = Caller { user_id: patient_id.to_owned(), role: Role::Patient, session_id: None };
    let grant =
        access::require(conn, &caller, patient_id, Need::OwnDiary, "demo seed").map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = Utc::now();
    let changes: Vec<crate::sync::Incoming> = diary
        .iter()
        .map(|(id, data)| {
            Ok(Change { id: *id, kind: data.kind(), op: Op::Upsert, data: data.to_json(), client_updated_at: now })
        })
        .collect();
    let total = changes.len();
    let mut applied = 0;
    for batch in changes.chunks(MAX_CHANGES_PER_SYNC) {
        let reply =
            crate::sync::sync(conn, &grant, i64::MAX / 2, batch.to_vec()).map_err(|e| anyhow::anyhow!("{e}"))?;
        applied += reply.applied.len();
        if let Some(r) = reply.rejected.first() {
            anyhow::bail!("demo entry {} rejected: {}", r.id, r.message);
        }
    }
    println!(
        "Demo diary: {applied} of {total} entries for {} weeks from {start} to {end} (pain, doses, activity, mood, sleep, relaxation).",
        weeks
    );
    Ok(())
}

/// An active link from the demo patient to a demo carer or worker, unless one is open already.
fn link(
    conn: &mut DbConn,
    patient_id: &str,
    member_id: &str,
    relation: Relation,
    scopes: &[Scope],
) -> anyhow::Result<()> {
    if care_links::between(conn, patient_id, member_id)?.is_some_and(|l| l.state != LinkState::Revoked.as_str()) {
        println!("Demo link to the {}: already there.", relation.as_str());
        return Ok(());
    }
    let now = db::now();
    care_links::insert(
        conn,
        &CareLink {
            id: db::new_id(),
            patient_id: patient_id.to_owned(),
            member_id: member_id.to_owned(),
            relation: relation.as_str().to_owned(),
            scopes: scopes_to_text(scopes),
            state: LinkState::Active.as_str().to_owned(),
            created_at: now,
            updated_at: now,
            revoked_at: None,
        },
    )?;
    println!("Demo link to the {}: active, sharing {}.", relation.as_str(), scopes_to_text(scopes));
    Ok(())
}
