//! Bad input answered as `{"error", "message"}` with a 4xx — never a 500 or an HTML page.

use std::pin::Pin;
use std::sync::LazyLock;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, PayloadError, QueryPayloadError};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use evenkeel_domain::error::ErrorCode;
use futures_util::{Stream, StreamExt};

use super::MAX_JSON_BYTES;
use crate::error::AppError;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(MAX_JSON_BYTES).error_handler(|err, _req| json_error(&err).into())
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, req| {
        // `PATCH /api/reminders/missed` reaches `PATCH /api/reminders/{id}` with the id "missed":
        // a path that exists in its own right, asked with a method it doesn't answer, is a 405.
        if let Some(answer) = KNOWN_PATHS
            .iter()
            .find(|(path, _)| path.pattern().is_some_and(|p| !p.contains('{')) && path.is_match(req.path()))
            .map(|(_, allow)| method_not_allowed(req, allow))
        {
            return actix_web::error::InternalError::from_response(err, answer).into();
        }
        AppError::invalid_input(format!("Part of the web address isn't valid: {err}")).into()
    })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
        AppError::invalid_input(format!("Part of the web address isn't valid: {err}")).into()
    })
}

/// Every JSON body this API takes is an object, but serde also reads a struct from an array:
/// `[null, null]` was taken as a reminder change that changes nothing. So a JSON body whose first
/// byte (after spaces) isn't `{` is refused here, before any handler, with 400 `invalid_json`.
/// Only the first bytes are read; the body then streams on to the handler as it came.
pub async fn json_objects_only(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let json = req
        .mime_type()
        .ok()
        .flatten()
        .is_some_and(|m| m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"));
    if !json {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let mut payload = req.take_payload();
    let mut head = BytesMut::new();
    let first = loop {
        match payload.next().await {
            Some(chunk) => head.extend_from_slice(&chunk?),
            None => break None,
        }
        if let Some(byte) = head.iter().find(|b| !b.is_ascii_whitespace()) {
            break Some(*byte);
        }
        // Nothing but spaces so far: past the limit, the JSON reader says it is too large.
        if head.len() > MAX_JSON_BYTES {
            break None;
        }
    };
    if first.is_some_and(|byte| byte != b'{') {
        let refused = AppError::new(ErrorCode::InvalidJson, "We couldn't read that request: it isn't a JSON object.");
        return Ok(req.into_response(refused.error_response()));
    }
    let head: Bytes = head.freeze();
    let body: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> =
        Box::pin(futures_util::stream::once(async move { Ok(head) }).chain(payload));
    req.set_payload(Payload::from(body));
    Ok(next.call(req).await?.map_into_boxed_body())
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

/// Every path under `/api` with the methods it answers (`GET, PATCH`), read from the OpenAPI
/// document once: a test keeps the document equal to the routes the sources declare, so this list
/// is never a second one to keep up to date.
static KNOWN_PATHS: LazyLock<Vec<(ResourceDef, String)>> = LazyLock::new(|| {
    crate::startup::openapi_document()
        .paths
        .paths
        .iter()
        .map(|(path, item)| {
            let methods = [
                ("GET", &item.get),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
            ];
            let allow: Vec<&str> = methods.iter().filter(|(_, op)| op.is_some()).map(|(name, _)| *name).collect();
            (ResourceDef::new(path.as_str()), allow.join(", "))
        })
        .collect()
});

/// What `/api` answers when no route took the request: 405 with `Allow` for a path that exists
/// asked with another method (each route is its own resource with a method guard, so actix
/// itself would answer 404), 404 otherwise.
pub async fn unknown_api_route(req: HttpRequest) -> HttpResponse {
    let Some((_, allow)) = KNOWN_PATHS.iter().find(|(path, _)| path.is_match(req.path())) else {
        return AppError::new(ErrorCode::NotFound, format!("There is nothing at {} {}.", req.method(), req.path()))
            .error_response();
    };
    method_not_allowed(&req, allow)
}

fn method_not_allowed(req: &HttpRequest, allow: &str) -> HttpResponse {
    let mut response =
        AppError::new(ErrorCode::MethodNotAllowed, format!("{} answers {allow}, not {}.", req.path(), req.method()))
            .error_response();
    if let Ok(value) = HeaderValue::from_str(allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}
