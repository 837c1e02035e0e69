//! Bad input is answered with a 4xx and a sentence a person understands — never a 500, never HTML.

use evenkeel_tests::{Api, Backend, TestServer, both_backends};
use reqwest::StatusCode;
use serde_json::json;

async fn each_bad_request_gets_a_clear_4xx(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let register = "/api/auth/register";
    let good = json!({"email": "a@example.com", "password": "kettle orchard blue", "display_name": "A", "time_zone": "Europe/London"});
    let with = |field: &str, value: serde_json::Value| {
        let mut body = good.clone();
        body[field] = value;
        body
    };

    let cases: Vec<(&str, reqwest::StatusCode, &str, Body)> = vec![
        ("malformed JSON", StatusCode::BAD_REQUEST, "invalid_json", Body::Raw(b"{\"email\": ".to_vec())),
        ("missing field", StatusCode::BAD_REQUEST, "invalid_input", Body::Json(json!({"email": "a@example.com"}))),
        ("wrong type", StatusCode::BAD_REQUEST, "invalid_input", Body::Json(with("password", json!(12345678901_u64)))),
        ("short password", StatusCode::BAD_REQUEST, "invalid_input", Body::Json(with("password", json!("short")))),
        (
            "common password",
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Body::Json(with("password", json!("password123"))),
        ),
        (
            "common password, deep in the long list",
            StatusCode::BAD_REQUEST,
            "invalid_input",
            Body::Json(with("password", json!("fallen_angel"))),
        ),
        ("bad email", StatusCode::BAD_REQUEST, "invalid_input", Body::Json(with("email", json!("not-an-email")))),
        ("empty name", StatusCode::BAD_REQUEST, "invalid_input", Body::Json(with("display_name", json!("  ")))),
        ("bad time zone", StatusCode::BAD_REQUEST, "invalid_input", Body::Json(with("time_zone", json!("Mars")))),
        (
            "oversized body",
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            Body::Json(with("display_name", json!("x".repeat(1_100_000)))),
        ),
        ("not JSON", StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", Body::Text("email=a")),
    ];
    for (what, status, code, body) in cases {
        let reply = match body {
            Body::Json(v) => api.post(register, None, &v).await,
            Body::Raw(bytes) => api.post_raw(register, "application/json", bytes).await,
            Body::Text(t) => api.post_raw(register, "application/x-www-form-urlencoded", t.as_bytes().to_vec()).await,
        };
        assert_eq!(reply.status, status, "{what}: {:?}", reply.body);
        assert_eq!(reply.error_code(), code, "{what}");
        assert_eq!(reply.header("content-type"), Some("application/json"), "{what}");
    }

    // The message names what to fix.
    let short = api.post(register, None, &with("password", json!("short"))).await;
    assert!(short.body["message"].as_str().unwrap_or_default().contains("10 characters"));
    let missing = api.post(register, None, &json!({"email": "a@example.com"})).await;
    assert!(missing.body["message"].as_str().unwrap_or_default().contains("password"), "{:?}", missing.body);

    // Unknown routes under /api are JSON 404s, not the app's HTML.
    for path in ["/api/nothing-here", "/api/auth/nope", "/api"] {
        let reply = api.get(path, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.error_code(), "not_found", "{path}");
    }
    // A known path with the wrong method is still JSON.
    let wrong_method = api.get("/api/auth/login", None).await;
    assert!(wrong_method.status.is_client_error());
    assert!(wrong_method.body.get("error").is_some(), "{:?}", wrong_method.body);
}

pub enum Body {
    Json(serde_json::Value),
    Raw(Vec<u8>),
    Text(&'static str),
}

both_backends!(each_bad_request_gets_a_clear_4xx);

/// A path that exists, asked with a method it doesn't have, is a 405 naming the methods it has
/// (a literal path is not taken for an id: `PATCH /api/reminders/missed` is not a reminder
/// called "missed"); and a JSON body must be an object, which serde alone doesn't insist on.
#[tokio::test]
async fn a_wrong_method_is_405_and_a_json_body_is_an_object() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let token = api.new_patient().await;
    let cases = [
        (reqwest::Method::DELETE, "/api/health", "GET"),
        (reqwest::Method::PUT, "/api/me", "GET, PATCH, DELETE"),
        (reqwest::Method::PATCH, "/api/reminders/missed", "GET"),
        (reqwest::Method::POST, "/api/links/6f1c3e2a-0d5b-4c8e-9a7f-2b4d6e8f0a1c", "PATCH, DELETE"),
    ];
    for (method, path, allow) in cases {
        let reply = api.send(method.clone(), path, Some(&token), None, None).await;
        assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}: {:?}", reply.body);
        assert_eq!(reply.header("allow"), Some(allow), "{method} {path}");
        assert_eq!(reply.error_code(), "method_not_allowed", "{method} {path}");
    }
    assert_eq!(api.get("/api/nothing-here", Some(&token)).await.status, StatusCode::NOT_FOUND);

    // `[null, null]` was once read as a reminder change that changes nothing.
    for body in [json!([null, null]), json!("text"), json!(7)] {
        let reply = api.patch("/api/me", Some(&token), &body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {:?}", reply.body);
        assert_eq!(reply.error_code(), "invalid_json", "{body}");
    }
    let named = api.patch("/api/me", Some(&token), &json!({"display_name": "Sam"})).await;
    assert_eq!(named.status, StatusCode::OK, "{:?}", named.body);
}

#[tokio::test]
async fn api_answers_are_never_cached_and_carry_security_headers() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    for reply in [api.get("/api/health", None).await, api.get("/api/me", None).await, api.get("/api/x", None).await] {
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert!(reply.header("referrer-policy").is_some());
        let csp = reply.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"), "{csp}");
    }
}

/// Every route the server's sources declare (`#[get("/…")]` and the like in `server/src/routes/`).
fn declared_routes() -> Vec<(String, String)> {
    let dir = evenkeel_tests::workspace_root().join("server/src/routes");
    let mut routes = Vec::new();
    for file in std::fs::read_dir(&dir).expect("routes folder").flatten() {
        let source = std::fs::read_to_string(file.path()).expect("a route file");
        for line in source.lines() {
            let Some(rest) = line.trim().strip_prefix("#[") else { continue };
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(path) = rest.strip_prefix(method).and_then(|r| r.strip_prefix("(\"")) {
                    let path = path.split('"').next().unwrap_or_default();
                    routes.push((method.to_owned(), format!("/api{path}")));
                }
            }
        }
    }
    routes.sort();
    routes
}

#[tokio::test]
async fn the_openapi_document_lists_every_endpoint_with_schemas() {
    let server = TestServer::start(Backend::Sqlite).await;
    let doc = Api::new(&server.base_url).get("/api/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.body["openapi"].as_str().unwrap_or_default().starts_with("3."));
    let paths = doc.body["paths"].as_object().expect("paths");
    let mut documented: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().into_iter().flatten().map(move |(method, _)| (method.clone(), path.clone()))
        })
        .collect();
    documented.sort();
    let declared = declared_routes();
    assert!(declared.len() > 80, "the route sources were read ({})", declared.len());
    assert_eq!(documented, declared, "the document and the server's routes differ");

    for (method, path) in &declared {
        let operation = &paths[path][method];
        let responses = operation["responses"].as_object().expect("responses");
        assert!(responses.keys().any(|code| code.starts_with('2')), "{method} {path}: no success response");
        // Every error answer is the one JSON shape.
        for (code, response) in responses.iter().filter(|(code, _)| code.starts_with('4')) {
            let schema = &response["content"]["application/json"]["schema"]["$ref"];
            assert_eq!(schema, "#/components/schemas/ErrorBody", "{method} {path} {code}");
        }
    }
    let register = &paths["/api/auth/register"]["post"];
    assert_eq!(
        register["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/RegisterRequest"
    );
    assert!(register["responses"]["201"]["content"]["application/json"]["schema"].is_object());
    assert!(doc.body["components"]["schemas"]["ErrorBody"].is_object());
}

/// Every operation that takes a JSON body, sent a broken one by a signed-in patient, answers a
/// 4xx in the one JSON error shape: never a 500, never HTML.
#[tokio::test]
async fn every_json_body_answers_broken_json_with_a_clear_4xx() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let token = api.new_patient().await;
    let doc = api.get("/api/openapi.json", None).await.body;
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if operation["requestBody"]["content"]["application/json"].is_null() {
                continue;
            }
            // Each `{param}` becomes an id nobody has.
            let concrete: Vec<String> = path
                .split('/')
                .map(|part| if part.starts_with('{') { uuid::Uuid::new_v4().to_string() } else { part.to_owned() })
                .collect();
            let url = server.url(&concrete.join("/"));
            let reply = api
                .http
                .request(method.to_uppercase().parse().expect("a method"), url)
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body("{\"broken\": ")
                .send()
                .await
                .expect("request reaches the server");
            let status = reply.status();
            let content_type = reply.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
            let body: serde_json::Value = reply.json().await.unwrap_or_default();
            assert!(status.is_client_error(), "{method} {path}: {status} {body}");
            assert_eq!(content_type.as_deref(), Some("application/json"), "{method} {path}");
            assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{method} {path}: {body}");
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked} operations with a JSON body");
}
