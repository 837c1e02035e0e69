//! The one gate for patient data: every handler that reads or writes a patient's data asks here.
//! For now a patient may work on their own diary only; consent links for carers and workers (and
//! the audit of their reads) extend this module.

use evenkeel_domain::api::Role;
use evenkeel_domain::error::ErrorCode;

use crate::auth::caller::Caller;
use crate::error::{AppError, AppResult};

/// The patient whose own diary the caller may write: the caller, if they are a patient.
pub fn own_diary(caller: &Caller) -> AppResult<&str> {
    match caller.role {
        Role::Patient => Ok(&caller.user_id),
        _ => Err(AppError::new(
            ErrorCode::Forbidden,
            "Only the patient can add to their own diary. Carers and workers see what the patient shares.",
        )),
    }
}
