//! Consent-based sharing: invite and enrolment codes, and the care links they make.
//! The gate that enforces the links on every request is `crate::access`.

pub mod codes;
pub mod invites;
pub mod links;
