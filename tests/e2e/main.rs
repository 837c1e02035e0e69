//! End-to-end tests: the real `evenkeel` binary over real HTTP, on SQLite and (with
//! `TEST_POSTGRES_URL`) PostgreSQL, and the real release build of the app in headless Chromium.

mod account_browser;
mod account_recovery;
mod accounts;
mod admin_cli;
mod app_shell;
mod authorization;
mod bad_input;
mod caseload_browser;
mod diary_offline;
mod fhir_schema;
mod instances;
mod medicine_plan;
mod medicine_plan_browser;
mod my_data;
mod parts_browser;
mod password;
mod password_browser;
mod patterns_api;
mod patterns_browser;
mod plan;
mod plan_browser;
mod push;
mod relax_browser;
mod relaxation;
mod reminders;
mod reminders_browser;
mod session_notes;
mod session_notes_browser;
mod sharing;
mod sharing_browser;
mod size_budget;
mod static_files;
mod sync;
mod sync_crash;
mod words;
