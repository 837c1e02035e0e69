//! The HTTP API under `/api`: one file per area, thin handlers that parse, call a service inside
//! `web::block` and map errors. Every handler is registered through `utoipa_actix_web`, so the
//! OpenAPI document is generated from exactly the routes that exist.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod health;
pub mod input_errors;
pub mod insights;
pub mod invites;
pub mod links;
pub mod me;
pub mod medicine_plan;
pub mod my_data;
pub mod openapi;
pub mod patients;
pub mod plan;
pub mod push;
pub mod relaxation;
pub mod reminders;
pub mod reset_codes;
pub mod session_notes;
pub mod sync;

use actix_web::web;
use utoipa_actix_web::scope::Scope;

use crate::db::{DbConn, DbPool};
use crate::error::{AppError, AppResult};

/// Largest JSON body accepted (sync batches included).
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

pub fn api_scope() -> Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    utoipa_actix_web::scope("/api")
        .wrap(actix_web::middleware::from_fn(input_errors::json_objects_only))
        .app_data(input_errors::json_config())
        .app_data(input_errors::path_config())
        .app_data(input_errors::query_config())
        .service(health::health)
        .service(openapi::openapi_json)
        .service(auth::register)
        .service(auth::login)
        .service(auth::refresh_session)
        .service(auth::logout)
        .service(auth::change_password)
        .service(auth::recovery_options)
        .service(auth::forgot)
        .service(auth::reset)
        .service(auth::confirm_email)
        .service(me::me)
        .service(me::change_settings)
        .service(me::time_zones)
        .service(me::change_email)
        .service(me::list_sessions)
        .service(me::end_other_sessions)
        .service(me::end_session)
        .service(reset_codes::patient_reset_code)
        .service(reset_codes::worker_reset_code)
        .service(sync::sync_diary)
        .service(invites::create_invite)
        .service(invites::accept_invite)
        .service(invites::create_enrolment)
        .service(invites::accept_enrolment)
        .service(links::list_links)
        .service(links::update_link)
        .service(links::revoke_link)
        .service(patients::patient_entries)
        .service(patients::patient_notes)
        .service(patients::add_patient_note)
        .service(session_notes::list_session_notes)
        .service(session_notes::add_session_note)
        .service(session_notes::edit_session_note)
        .service(insights::patient_patterns)
        .service(insights::patient_summary)
        .service(insights::patient_export_csv)
        .service(insights::patient_export_fhir)
        .service(insights::worker_caseload)
        .service(insights::summary_css)
        .service(audit::my_audit)
        .service(admin::create_worker)
        .service(admin::deactivate_worker)
        .service(my_data::export_my_data)
        .service(my_data::delete_my_account)
        .service(relaxation::list_tracks)
        .service(relaxation::upload_track)
        .service(relaxation::retire_track)
        .service(relaxation::track_audio)
        .service(relaxation::track_transcript)
        .service(relaxation::list_relax_suggestions)
        .service(relaxation::add_relax_suggestion)
        .service(relaxation::dismiss_relax_suggestion)
        .service(reminders::list_reminders)
        .service(reminders::add_reminder)
        .service(reminders::reminder_settings)
        .service(reminders::save_reminder_settings)
        .service(reminders::missed_reminders)
        .service(reminders::edit_reminder)
        .service(reminders::delete_reminder)
        .service(plan::list_goals)
        .service(plan::propose_goal)
        .service(plan::save_goal)
        .service(plan::check_in_goal)
        .service(plan::list_summaries)
        .service(plan::add_summary)
        .service(plan::plan_today)
        .service(plan::list_pacing_plans)
        .service(plan::add_pacing_plan)
        .service(plan::step_pacing_plan)
        .service(plan::list_services)
        .service(plan::add_service)
        .service(plan::edit_service)
        .service(plan::retire_service)
        .service(plan::list_referrals)
        .service(plan::add_referral)
        .service(plan::change_referral)
        .service(plan::respond_to_referral)
        .service(plan::list_exercise_plans)
        .service(plan::add_exercise_plan)
        .service(plan::rewrite_exercise_plan)
        .service(plan::tick_exercises)
        .service(medicine_plan::read_medicine_plan)
        .service(medicine_plan::save_medicine_plan)
        .service(medicine_plan::medicine_plan_days)
        .service(medicine_plan::list_contact_requests)
        .service(medicine_plan::send_contact_request)
        .service(medicine_plan::open_contact_requests)
        .service(medicine_plan::answer_contact_request)
        .service(push::push_public_key)
        .service(push::add_push_subscription)
        .service(push::delete_push_subscription)
        .service(push::send_test_push)
        .default_service(web::to(input_errors::unknown_api_route))
}

/// Runs `f` with a pooled connection on the blocking thread pool (diesel is synchronous).
pub async fn run_db<T, F>(pool: &web::Data<DbPool>, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await
    .map_err(AppError::from)?
}
