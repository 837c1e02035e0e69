//! One file per screen.

pub mod admin;
pub mod caseload;
pub mod choose_password;
pub mod devices;
pub mod diary;
pub mod help;
pub mod medicines;
pub mod more;
pub mod my_data;
pub mod not_found;
pub mod patterns;
pub mod people;
pub mod person;
pub mod person_patterns;
pub mod plan;
pub mod relax;
pub mod reminders;
pub mod services_directory;
pub mod settings;
pub mod sharing;
pub mod sharing_audit;
pub mod sharing_invite;
pub mod sign_up;
pub mod today;
