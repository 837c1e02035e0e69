//! One file per screen.

pub mod diary;
pub mod help;
pub mod medicines;
pub mod more;
pub mod not_found;
pub mod patterns;
pub mod relax;
pub mod sign_in;
pub mod sign_up;
pub mod today;
