//! "My data": download everything about me as a zip, or delete my account.
//!
//! Deletion keeps the `users` row, anonymised (no email, name or password; deactivated), so that
//! audit entries *this person made about other patients* keep their meaning ("Deleted account read
//! Alex's pain diary"); those rows hold no health content. Everything about *this person's* health
//! is removed: diary entries (tombstones included), the change counter, notes about them, project
//! workers' session notes about them, and audit rows about their diary. Their invite codes are
//! deleted, every care link they are part of is revoked, and every refresh token is revoked (their
//! access token stops working at once: every request checks the account is active). Notes (and a
//! worker's session notes) they wrote about someone else stay in that person's record, shown as
//! written by "Deleted account".

use std::io::Write;

use evenkeel_domain::EntryKind;
use evenkeel_domain::api::Role;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::sharing::{EntryView, Scope, scopes_from_text};
use serde::Serialize;
use zip::write::SimpleFileOptions;

use crate::access::{self, Grant, Need, active_user};
use crate::accounts::user_view;
use crate::auth::caller::Caller;
use crate::csv_out;
use crate::db::{
    self, DbConn, audit_log, care_links, care_notes, entries, invites, refresh_tokens, session_notes, users,
};
use crate::error::{AppError, AppResult};
use crate::shared_diary::entry_view;
use crate::sharing::links;
use crate::{audit, notes, session_notes as session_note_views};

const README: &str = "Your Even Keel data\n\n\
account.json   your account\n\
entries.json   every diary entry you made (all kinds)\n\
<kind>.csv     the same entries, one file per kind (data as JSON in the last column)\n\
links.json     the people you share with (or who share with you) and what they see\n\
notes.json     notes about you (a carer or worker: the notes you wrote about each person who still shares notes with you)\n\
session_notes.json  your project workers' notes of your one-to-one sessions with them\n\
goals.json     your goals, with your weekly check-ins and each earlier version\n\
summaries.json what you and your project worker agreed at each session\n\
pacing.json    your pacing plans: the tries, the baseline, and each step up, hold and step back\n\
referrals.json the services you were referred to, and each step of each referral\n\
exercise.json  your exercise plans and the last four weeks of what you ticked off\n\
medicine_plan.json  every version of your medicine plan, as your prescriber decided it\n\
contact_requests.json  your \"I'd like to talk\" requests and the replies\n\
audit.json     who looked at your diary, and when\n";

fn json_file<T: Serialize>(value: &T) -> AppResult<Vec<u8>> {
    serde_json::to_vec_pretty(value).map_err(AppError::internal)
}

/// One kind's entries as CSV (the data as JSON in the last column).
fn csv_for(kind: EntryKind, entries: &[EntryView]) -> AppResult<String> {
    let rows = entries.iter().filter(|e| e.kind == kind).map(|e| {
        let (mg, version) =
            e.ome.as_ref().map_or((String::new(), String::new()), |o| (o.mg.to_string(), o.table_version.clone()));
        [
            e.id.to_string(),
            kind.as_str().to_owned(),
            e.recorded_at.to_rfc3339(),
            e.tz_offset_min.to_string(),
            mg,
            version,
            csv_out::formula_safe(&e.data.to_string()).into_owned(),
        ]
    });
    csv_out::write(&["id", "kind", "recorded_at", "tz_offset_min", "ome_mg", "ome_table_version", "data"], rows)
}

fn own_entries(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<EntryView>> {
    grant.covers(Need::OwnDiary)?;
    entries::live_for_patient(conn, grant.patient())?.iter().map(entry_view).collect()
}

const EXPORT: &str = "GET /api/me/export";

/// The zip's bytes.
pub fn export(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<u8>> {
    let user = active_user(conn, caller)?;
    let is_patient = user.role == Role::Patient.as_str();
    // The patient's own record is read through the gate like anyone's: one grant for the whole
    // download. A carer's or worker's download holds only what they wrote and their links.
    let grant = if is_patient { Some(access::require(conn, caller, &user.id, Need::OwnDiary, EXPORT)?) } else { None };
    let diary = match &grant {
        Some(grant) => own_entries(conn, grant)?,
        None => Vec::new(),
    };
    // Notes belong to the record of the patient they are about. A carer's or worker's download
    // holds the notes they wrote about each patient who still shares notes with them, each read
    // through the gate (so it is in that patient's "Who has looked"); once a patient stops
    // sharing, their notes leave the writer's download too.
    let my_notes = match &grant {
        Some(grant) => care_notes::about_patient(conn, grant.patient())?,
        None => notes_written_for_those_who_share(conn, caller, &user.id)?,
    };
    // Who has looked at the patient's diary (a carer's or worker's own reads are in each
    // patient's log, not theirs).
    let audit = match &grant {
        Some(grant) => audit::all_about(conn, grant.patient())?,
        None => Vec::new(),
    };
    // Session notes are part of the patient's record: all of them, whoever wrote them. A worker's
    // own export does not carry the notes they wrote about patients (those belong to each patient).
    let mut sessions = Vec::new();
    // My plan: the goals with their check-ins and history, and the summaries written for them.
    let (mut goals, mut summaries, mut pacing, mut referrals, mut exercise, mut medicine, mut contacts) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    if let Some(grant) = &grant {
        sessions = session_notes::about_patient(conn, grant.patient())?;
        goals = crate::plan::goals::all_of(conn, grant)?;
        summaries = crate::plan::summaries::all_of(conn, grant)?;
        pacing = crate::plan::pacing::all_of(conn, grant)?;
        referrals = crate::plan::services::all_of(conn, grant)?;
        exercise = crate::plan::exercise::all_of(conn, grant)?;
        medicine = crate::plan::medicine::read(conn, grant, true)?.versions;
        contacts = crate::plan::contact::list(conn, grant)?;
    }
    let files: Vec<(String, Vec<u8>)> = {
        let mut files = vec![
            ("README.txt".to_owned(), README.as_bytes().to_vec()),
            ("account.json".to_owned(), json_file(&user_view(&user)?)?),
            ("entries.json".to_owned(), json_file(&diary)?),
            ("links.json".to_owned(), json_file(&links::list(conn, caller)?)?),
            ("notes.json".to_owned(), json_file(&notes::views(conn, my_notes)?)?),
            ("session_notes.json".to_owned(), json_file(&session_note_views::views(conn, sessions)?)?),
            ("goals.json".to_owned(), json_file(&goals)?),
            ("summaries.json".to_owned(), json_file(&summaries)?),
            ("pacing.json".to_owned(), json_file(&pacing)?),
            ("referrals.json".to_owned(), json_file(&referrals)?),
            ("exercise.json".to_owned(), json_file(&exercise)?),
            ("medicine_plan.json".to_owned(), json_file(&medicine)?),
            ("contact_requests.json".to_owned(), json_file(&contacts)?),
            ("audit.json".to_owned(), json_file(&audit)?),
        ];
        for kind in EntryKind::ALL {
            files.push((format!("{}.csv", kind.as_str()), csv_for(kind, &diary)?.into_bytes()));
        }
        files
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(format!("evenkeel-export/{name}"), options).map_err(AppError::internal)?;
        zip.write_all(&bytes).map_err(AppError::internal)?;
    }
    Ok(zip.finish().map_err(AppError::internal)?.into_inner())
}

fn notes_written_for_those_who_share(
    conn: &mut DbConn,
    caller: &Caller,
    author_id: &str,
) -> AppResult<Vec<care_notes::CareNote>> {
    let mut notes = Vec::new();
    for link in care_links::active_for_member(conn, author_id)? {
        if !scopes_from_text(&link.scopes).contains(&Scope::Notes) {
            continue;
        }
        let grant = access::require(conn, caller, &link.patient_id, Need::Read(Scope::Notes), EXPORT)?;
        notes
            .extend(care_notes::about_patient(conn, grant.patient())?.into_iter().filter(|n| n.author_id == author_id));
    }
    Ok(notes)
}

fn delete_health_data(conn: &mut DbConn, grant: &Grant) -> AppResult<()> {
    grant.covers(Need::OwnDiary)?;
    let patient = grant.patient();
    entries::delete_for_patient(conn, patient)?;
    care_notes::delete_about_patient(conn, patient)?;
    session_notes::delete_about_patient(conn, patient)?;
    crate::db::goals::delete_for_patient(conn, patient)?;
    crate::db::plan_summaries::delete_for_patient(conn, patient)?;
    crate::db::pacing::delete_for_patient(conn, patient)?;
    crate::db::services::delete_for_patient(conn, patient)?;
    crate::db::exercise::delete_for_patient(conn, patient)?;
    crate::db::medicine_plans::delete_for_patient(conn, patient)?;
    crate::db::contact_requests::delete_for_patient(conn, patient)?;
    audit_log::delete_about_patient(conn, patient)?;
    Ok(())
}

/// Deletes the caller's account after checking their password (see the module documentation).
/// The password check draws on the same allowance as signing in (per account and per IP), so
/// deleting is no third way to guess a password, nor to make the server hash without end.
pub fn delete_account(
    conn: &mut DbConn,
    caller: &Caller,
    attempt: &crate::accounts::PasswordAttempt,
    confirm_password: &str,
) -> AppResult<()> {
    let user = active_user(conn, caller)?;
    if !attempt.verify(conn, &user, confirm_password)? {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "That password isn't right, so nothing was deleted. Please try again.",
        ));
    }
    let grant = if user.role == Role::Patient.as_str() {
        Some(access::require(conn, caller, &user.id, Need::OwnDiary, "DELETE /api/me")?)
    } else {
        None
    };
    // Begins with a write, so SQLite takes its write lock while the busy timeout applies.
    crate::db::write_transaction(conn, |conn| {
        let now = db::now();
        users::anonymise(conn, &user.id, now)?;
        if let Some(grant) = &grant {
            delete_health_data(conn, grant)?;
        }
        invites::delete_created_by(conn, &user.id)?;
        care_links::revoke_all_involving(conn, &user.id, now)?;
        refresh_tokens::revoke_all_for_user(conn, &user.id, now)?;
        crate::reminders::forget(conn, &user.id)?;
        Ok(())
    })
}
