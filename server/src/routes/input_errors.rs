//! Bad input answered as `{"error", "message"}` with a 4xx — never a 500 or an HTML page.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};
use evenkeel_domain::error::ErrorCode;

use super::MAX_JSON_BYTES;
use crate::error::AppError;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(MAX_JSON_BYTES).error_handler(|err, _req| json_error(&err).into())
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, _req| {
        AppError::invalid_input(format!("Part of the web address isn't valid: {err}")).into()
    })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
        AppError::invalid_input(format!("Part of the web address isn't valid: {err}")).into()
    })
}

fn json_error(err: &JsonPayloadError) -> AppError {
    match err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => AppError::new(
            ErrorCode::PayloadTooLarge,
            format!("That request is too large (the limit is {} KB). Please send less at once.", MAX_JSON_BYTES / 1024),
        ),
        JsonPayloadError::ContentType => AppError::new(
            ErrorCode::UnsupportedMediaType,
            "Please send the request as JSON (Content-Type: application/json).",
        ),
        JsonPayloadError::Deserialize(e) if e.is_data() => AppError::invalid_input(describe_data_error(e)),
        JsonPayloadError::Deserialize(_) => {
            AppError::new(ErrorCode::InvalidJson, "We couldn't read that request: it isn't valid JSON.")
        }
        _ => AppError::new(ErrorCode::InvalidJson, "We couldn't read that request. Please try again."),
    }
}

/// Turns serde's "missing field `email` at line 1 column 2" into a sentence without positions.
fn describe_data_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text);
    if let Some(field) = text.strip_prefix("missing field ") {
        format!("Please fill in {}.", field.trim_matches('`'))
    } else {
        format!("Some of the information sent isn't in the expected form ({text}).")
    }
}

pub async fn unknown_api_route(req: HttpRequest) -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::new(ErrorCode::NotFound, format!("There is nothing at {} {}.", req.method(), req.path())))
}
