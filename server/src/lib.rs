//! The Even Keel server: a JSON API under `/api` and the built app at `/`.

// Tests may unwrap: a panic there is a failing test with its message.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod access;
pub mod accounts;
pub mod audit;
pub mod auth;
pub mod client_address;
pub mod config;
pub mod csv_out;
pub mod db;
pub mod demo;
pub mod error;
pub mod insights;
pub mod mail;
pub mod my_data;
pub mod notes;
pub mod plan;
pub mod push;
pub mod recovery;
pub mod relaxation;
pub mod reminders;
pub mod rollups;
pub mod routes;
pub mod security;
pub mod session_notes;
pub mod sessions;
pub mod settings;
pub mod shared_diary;
pub mod sharing;
pub mod staff;
pub mod startup;
pub mod static_files;
pub mod sync;
pub mod timing;
pub mod zones;
