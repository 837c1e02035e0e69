use actix_web::{HttpResponse, get, web};
use evenkeel_domain::diary::wire::MAX_CHANGES_PER_SYNC;
use evenkeel_domain::reminders::ReminderKind;
use serde_json::{Value, json};
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{
    AnyOfBuilder, ArrayBuilder, ArrayItems, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::{ContentBuilder, OpenApi, PathItem, Ref, RefOr, ResponseBuilder};

/// The OpenAPI document, built once at start-up from the registered routes.
pub struct OpenApiJson(pub String);

/// This API's OpenAPI 3 description: every endpoint with its request and response schemas.
#[utoipa::path(tag = "system", responses((status = 200, description = "OpenAPI 3 document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json(doc: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(doc.0.clone())
}

/// Adds the answers the server gives before any handler runs, to every operation they can come
/// from: the scope's extractor configs (`input_errors`) answer a path segment or a query that
/// doesn't parse with 400, and a JSON body with 400 (not JSON, or not the expected fields), 413
/// (over `MAX_JSON_BYTES`) or 415 (not sent as `application/json`); the `Caller` extractor answers
/// a signed-in person who must still replace a one-time password with 403 on every operation but
/// the two that take `SignedIn` ([`ONE_TIME_PASSWORD_OK`]). Derived from each operation's
/// parameters, body and security rather than written into every annotation, where the one
/// forgotten would make the document wrong (Schemathesis found 68 such gaps). An operation's own
/// description of an answer is kept.
pub fn document_shared_answers(doc: &mut OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let one_time_password_ok: Vec<&str> =
            ONE_TIME_PASSWORD_OK.iter().filter(|(_, p)| p == path).map(|(method, _)| *method).collect();
        for (method, operation) in operations_mut(item) {
            let takes = |place: ParameterIn| operation.parameters.iter().flatten().any(|p| p.parameter_in == place);
            let json_body =
                operation.request_body.as_ref().is_some_and(|body| body.content.contains_key("application/json"));
            let mut answers = Vec::new();
            if takes(ParameterIn::Path) {
                answers.push(("400", "Part of the web address isn't valid (e.g. an id that isn't a UUID)"));
            }
            if takes(ParameterIn::Query) {
                answers.push(("400", "A query parameter isn't valid"));
            }
            if json_body {
                answers.push(("400", "The body isn't JSON, or not the fields and values expected"));
                answers.push(("413", "The body is over the size limit"));
                answers.push(("415", "The body wasn't sent as application/json"));
            }
            if operation.security.as_ref().is_some_and(|s| !s.is_empty()) && !one_time_password_ok.contains(&method) {
                answers
                    .push(("403", "`password_change_required`: signed in with a one-time password, to replace first"));
            }
            for (status, description) in answers {
                operation.responses.responses.entry(status.to_owned()).or_insert_with(|| error_answer(description));
            }
        }
    }
}

/// Makes the schemas say what the server accepts where utoipa's derive writes less. Schemathesis
/// sends what the document allows, so each gap here was a request the document called valid and
/// the server refused:
/// - a `pattern` beside each `uuid`, `date` and `date-time` format: in OpenAPI 3.1 (JSON Schema
///   2020-12) a format is only a note, so `""` was a valid date, which no parser here takes;
/// - `\S` ("something besides spaces", the pattern of every text that must say something) spelled
///   out as the server's idea of a space: regex engines disagree on what `\s` covers;
/// - the time zone names, which only the server knows (the zone database is its own);
/// - the rules that span fields ([`rules`]), which JSON Schema says with `anyOf`/`not`.
pub fn refine_schemas(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for (_, operation) in operations_mut(item) {
            for parameter in operation.parameters.iter_mut().flatten() {
                if let Some(schema) = &mut parameter.schema {
                    add_format_patterns(schema);
                }
            }
            for content in operation.request_body.iter_mut().flat_map(|body| body.content.values_mut()) {
                if let Some(schema) = &mut content.schema {
                    add_format_patterns(schema);
                }
            }
        }
    }
    let Some(components) = doc.components.as_mut() else { return };
    for schema in components.schemas.values_mut() {
        add_format_patterns(schema);
    }
    let zones = crate::settings::time_zones();
    components.schemas.insert(
        "TimeZoneName".into(),
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(zones))
            .description(Some("An IANA time zone name: one of `GET /api/time-zones`."))
            .into(),
    );
    if let Some(RefOr::T(Schema::Object(sync))) = components.schemas.get_mut("SyncRequest") {
        sync.properties.insert("changes".into(), sync_changes());
    }
    if let Some(RefOr::T(Schema::Object(device))) = components.schemas.get_mut("PushSubscriptionRequest") {
        device.properties.insert("endpoint".into(), crate::push::subscription::endpoint_schema());
    }
    for (name, rule) in rules() {
        let Value::Object(keywords) = rule else { continue };
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(name) {
            object.extensions.get_or_insert_with(Extensions::default).extend(keywords);
        }
    }
}

/// Rules of request bodies that span fields, each beside the code that enforces it: JSON Schema
/// keywords added to the named schema.
fn rules() -> [(&'static str, Value); 7] {
    [
        // `JoinCode::from_request`: an invite code or an enrolment code, not both.
        (
            "RegisterRequest",
            json!({"not": {"required": ["invite_code", "enrolment_code"], "properties": {
                "invite_code": {"type": "string", "pattern": says_something()},
                "enrolment_code": {"type": "string", "pattern": says_something()},
            }}}),
        ),
        // `recovery::reset`: the emailed link's token or the practice's code, exactly one.
        (
            "ResetRequest",
            json!({"oneOf": [
                {"required": ["token"], "properties": {"token": {"type": "string", "pattern": says_something()}, "code": {"type": "null"}}},
                {"required": ["code"], "properties": {"code": {"type": "string", "pattern": "[0-9A-Za-z]"}, "token": {"type": "null"}}},
            ]}),
        ),
        // `ServiceRequest::parse`: a place unless it is online.
        (
            "ServiceRequest",
            json!({"anyOf": [
                {"required": ["online"], "properties": {"online": {"const": true}}},
                {"required": ["place"], "properties": {"place": {"pattern": says_something()}}},
            ]}),
        ),
        // `ReferralRequest::parse`: the waiting list needs the day it began.
        (
            "ReferralRequest",
            json!({"anyOf": [
                {"properties": {"status": {"not": {"const": "waiting_list"}}}},
                {"required": ["waiting_since"], "properties": {"waiting_since": {"type": "string"}}},
            ]}),
        ),
        // `settings::change`: something to change.
        (
            "SettingsPatch",
            json!({"anyOf": (["display_name", "time_zone", "text_size", "theme"]
                .map(|field| json!({"required": [field], "properties": {field: {"not": {"type": "null"}}}})))}),
        ),
        // `ReminderPatch::apply`: a medicine only with a dose.
        (
            "ReminderPatch",
            json!({"not": {"required": ["kind", "medication_id"], "properties": {
                "kind": {"enum": (ReminderKind::ALL.iter().filter(|k| **k != ReminderKind::Dose).map(|k| k.as_str()).collect::<Vec<_>>())},
                "medication_id": {"type": "string"},
            }}}),
        ),
        // `ContactPatch::parse`: something to change.
        (
            "ContactPatch",
            json!({"anyOf": [
                {"required": ["seen"], "properties": {"seen": {"const": true}}},
                {"required": ["close"], "properties": {"close": {"const": true}}},
                {"required": ["reply"], "properties": {"reply": {"type": "string"}}},
            ]}),
        ),
    ]
}

/// `routes::sync::sync_diary`: at most 500 changes, each with a UUID `id`; one that is not a
/// `Change` otherwise is answered in `rejected` (so the phone shows it), not refused with the rest.
fn sync_changes() -> RefOr<Schema> {
    let id = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
        .pattern(format_pattern(&SchemaFormat::KnownFormat(KnownFormat::Uuid)));
    let anything_with_an_id = ObjectBuilder::new().schema_type(Type::Object).property("id", id).required("id");
    ArrayBuilder::new()
        .items(AnyOfBuilder::new().item(Ref::from_schema_name("Change")).item(anything_with_an_id))
        .max_items(Some(MAX_CHANGES_PER_SYNC))
        .description(Some(
            "The outbox, at most 500 changes. A change that is not a `Change` but has an `id` is answered in `rejected`.",
        ))
        .into()
}

/// The pattern of a text that must hold more than spaces, as the domain's annotations write it.
const SAYS_SOMETHING: &str = r"\S";

/// `SAYS_SOMETHING` with the spaces the server trims (Rust's `trim`) spelled out.
fn says_something() -> String {
    format!("[^{}]", evenkeel_domain::account::schema::WHITESPACE)
}

/// The shapes the server's parsers take for these formats (`uuid::Uuid`, `chrono`).
fn format_pattern(format: &SchemaFormat) -> Option<&'static str> {
    match format {
        SchemaFormat::KnownFormat(KnownFormat::Uuid) => {
            Some("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        }
        SchemaFormat::KnownFormat(KnownFormat::Date) => Some("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
        SchemaFormat::KnownFormat(KnownFormat::DateTime) => {
            Some("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
        }
        _ => None,
    }
}

fn add_format_patterns(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => {
            if object.pattern.is_none() {
                object.pattern = object.format.as_ref().and_then(format_pattern).map(str::to_owned);
            }
            if object.pattern.as_deref() == Some(SAYS_SOMETHING) {
                object.pattern = Some(says_something());
            }
            object.properties.values_mut().for_each(add_format_patterns);
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                add_format_patterns(items);
            }
        }
        Schema::OneOf(one_of) => one_of.items.iter_mut().for_each(add_format_patterns),
        Schema::AllOf(all_of) => all_of.items.iter_mut().for_each(add_format_patterns),
        Schema::AnyOf(any_of) => any_of.items.iter_mut().for_each(add_format_patterns),
        _ => {}
    }
}

/// The operations a person who must still replace a one-time password may use (they take
/// `SignedIn`, not `Caller`: see `auth::caller`).
const ONE_TIME_PASSWORD_OK: [(&str, &str); 2] = [("POST", "/api/auth/password"), ("GET", "/api/me")];

fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    [
        ("GET", &mut item.get),
        ("PUT", &mut item.put),
        ("POST", &mut item.post),
        ("DELETE", &mut item.delete),
        ("PATCH", &mut item.patch),
        ("HEAD", &mut item.head),
        ("OPTIONS", &mut item.options),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_mut().map(|operation| (method, operation)))
}

fn error_answer(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
        .build()
        .into()
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn document() -> Value {
        serde_json::to_value(crate::startup::openapi_document()).unwrap_or_default()
    }

    /// Every string schema, wherever it sits in the document.
    fn strings(value: &Value, found: &mut Vec<Value>) {
        match value {
            Value::Object(map) => {
                if map
                    .get("type")
                    .is_some_and(|t| t == "string" || t.as_array().is_some_and(|a| a.contains(&"string".into())))
                {
                    found.push(value.clone());
                }
                map.values().for_each(|v| strings(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| strings(v, found)),
            _ => {}
        }
    }

    #[test]
    fn every_uuid_date_and_time_has_the_pattern_the_server_parses() {
        let mut found = Vec::new();
        strings(&document(), &mut found);
        let formatted: Vec<&Value> =
            found.iter().filter(|s| matches!(s["format"].as_str(), Some("uuid" | "date" | "date-time"))).collect();
        assert!(formatted.len() > 50, "{}", formatted.len());
        for schema in formatted {
            assert!(schema["pattern"].is_string(), "{schema}");
        }
    }

    #[test]
    fn no_pattern_leaves_spaces_to_the_regex_engine() {
        let mut found = Vec::new();
        strings(&document(), &mut found);
        assert!(found.iter().all(|s| s["pattern"] != r"\S"));
    }

    #[test]
    fn time_zones_are_the_ones_the_server_offers() {
        let doc = document();
        let listed: Vec<&str> = doc["components"]["schemas"]["TimeZoneName"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(listed, crate::settings::time_zones());
    }

    #[test]
    fn a_signed_in_operation_documents_the_one_time_password_403() {
        let doc = document();
        let paths = &doc["paths"];
        assert!(paths["/api/links"]["get"]["responses"]["403"].is_object());
        assert!(paths["/api/me"]["get"]["responses"]["403"].is_null(), "GET /api/me takes SignedIn");
        assert!(paths["/api/health"]["get"]["responses"]["403"].is_null(), "no sign-in, no 403");
    }

    #[test]
    fn the_upload_form_names_every_kind_of_track() {
        let doc = document();
        let form = &doc["components"]["schemas"]["UploadForm"];
        let pattern = form["properties"]["kind"]["pattern"].as_str().unwrap_or_default();
        let words = pattern.trim_start_matches("^(").trim_end_matches(")?$");
        assert_eq!(words.split('|').collect::<Vec<_>>(), evenkeel_domain::audio::TRACK_KINDS);
        assert_eq!(form["additionalProperties"], false);
    }
}
