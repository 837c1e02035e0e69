//! A person signs up, signs in, stays signed in through refreshes, and signs out; a stolen refresh
//! token is useless once its short grace period is over, while two tabs refreshing with the same
//! cookie at once both stay signed in.

use evenkeel_tests::{Api, Backend, TestServer, both_backends};
use reqwest::StatusCode;
use serde_json::json;

const PASSWORD: &str = "kettle orchard blue";

async fn the_whole_session_journey(backend: Backend) {
    // A one-second grace period, so that presenting a used token counts as theft after a short wait.
    let server = TestServer::start_with_args(backend, &["--refresh-reuse-grace-secs", "1"]).await;
    let api = Api::new(&server.base_url);

    // Arrange / Act: sign up with a mixed-case email.
    let registered = api.register("  Alex.Smith@Example.com ", PASSWORD).await;
    assert_eq!(registered.status, StatusCode::CREATED, "{:?}", registered.body);
    assert_eq!(registered.body["user"]["email"], "alex.smith@example.com");
    assert_eq!(registered.body["user"]["role"], "patient");
    assert!(registered.body["expires_in"].as_i64().unwrap_or(0) <= 15 * 60);
    let cookie = registered.set_cookie_header().expect("a refresh cookie").to_lowercase();
    for attribute in ["httponly", "secure", "samesite=strict", "path=/api/auth"] {
        assert!(cookie.contains(attribute), "cookie lacks {attribute}: {cookie}");
    }

    // Sign in again with the email typed differently.
    let login = api.login("alex.smith@EXAMPLE.com", PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    let me = api.get("/api/me", Some(&login.access_token())).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], "alex.smith@example.com");
    assert_eq!(me.body["display_name"], "Test Person");

    // Refresh rotates the cookie; the new access token works.
    let first = login.refresh_cookie().expect("cookie");
    let rotated = api.refresh(&first).await;
    assert_eq!(rotated.status, StatusCode::OK, "{:?}", rotated.body);
    let second = rotated.refresh_cookie().expect("a new cookie");
    assert_ne!(first, second);
    assert_eq!(api.get("/api/me", Some(&rotated.access_token())).await.status, StatusCode::OK);

    // After the grace period the old refresh token is refused, and presenting it revoked the whole
    // family: the new one is refused too (whoever copied the old one gets nothing).
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let reused = api.refresh(&first).await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reused.error_code(), "session_expired");
    assert_eq!(api.refresh(&second).await.status, StatusCode::UNAUTHORIZED);

    // Another sign-in (another device) is a separate family and still works; signing out ends it.
    let other_device = api.login("alex.smith@example.com", PASSWORD).await;
    let cookie = other_device.refresh_cookie().expect("cookie");
    let logout = api.logout(&cookie).await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    assert!(logout.set_cookie_header().is_some_and(|c| c.contains("Max-Age=0")), "cookie cleared");
    assert_eq!(api.refresh(&cookie).await.status, StatusCode::UNAUTHORIZED);
}

async fn accounts_are_unique_and_passwords_must_match(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    assert_eq!(api.register("sam@example.com", PASSWORD).await.status, StatusCode::CREATED);

    let again = api.register("SAM@example.com", PASSWORD).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "email_taken");

    let wrong = api.login("sam@example.com", "kettle orchard red").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.error_code(), "invalid_credentials");
    let unknown = api.login("nobody@example.com", PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.body["message"], wrong.body["message"], "no hint about who has an account");
}

async fn health_reports_the_database(backend: Backend) {
    let server = TestServer::start(backend).await;
    let health = Api::new(&server.base_url).get("/api/health", None).await;
    assert_eq!(health.status, StatusCode::OK);
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(health.body, json!({"status": "ok", "database": expected}));
}

/// Tabs of the app share one refresh cookie: two refreshing at the same moment both get a session,
/// and so does a retry with the same cookie after the answer to the first was lost. Each of the
/// new cookies goes on working on its own.
async fn two_tabs_refreshing_at_once_both_stay_signed_in(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    api.register("tabs@example.com", PASSWORD).await;
    let cookie = api.login("tabs@example.com", PASSWORD).await.refresh_cookie().expect("cookie");

    let (a, b) = tokio::join!(api.refresh(&cookie), api.refresh(&cookie));
    assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK), "{:?} {:?}", a.body, b.body);
    let retry = api.refresh(&cookie).await;
    assert_eq!(retry.status, StatusCode::OK, "a retry after a lost answer: {:?}", retry.body);

    let cookies: Vec<String> = [&a, &b, &retry].iter().map(|r| r.refresh_cookie().expect("a new cookie")).collect();
    assert!(cookies[0] != cookies[1] && cookies[1] != cookies[2], "each is a new token");
    for next in &cookies {
        let again = api.refresh(next).await;
        assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
        assert_eq!(api.get("/api/me", Some(&again.access_token())).await.status, StatusCode::OK);
    }

    // Many times over, four tabs at once: on SQLite a refresh that read before another committed
    // must wait its turn, not fail with "database is locked" (seen as a rare 500 in CI runs).
    let mut cookie = cookies[2].clone();
    for round in 0..25 {
        let (a, b, c, d) =
            tokio::join!(api.refresh(&cookie), api.refresh(&cookie), api.refresh(&cookie), api.refresh(&cookie));
        let statuses = [a.status, b.status, c.status, d.status];
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK),
            "round {round}: {statuses:?} {:?}",
            [&a.body, &b.body, &c.body, &d.body]
        );
        cookie = a.refresh_cookie().expect("a new cookie");
    }
}

both_backends!(
    the_whole_session_journey,
    two_tabs_refreshing_at_once_both_stay_signed_in,
    accounts_are_unique_and_passwords_must_match,
    health_reports_the_database
);

#[tokio::test]
async fn repeated_failed_sign_ins_are_slowed_down() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    api.register("pat@example.com", PASSWORD).await;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        statuses.push(api.login("pat@example.com", "not the password").await.status);
    }
    assert!(statuses[..10].iter().all(|s| *s == StatusCode::UNAUTHORIZED), "{statuses:?}");
    let limited = api.login("pat@example.com", PASSWORD).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.error_code(), "too_many_requests");
}

/// "That email already has an account" is an answer a stranger could collect: after 10 of them
/// from one address, sign-up from there waits, whatever email comes next.
#[tokio::test]
async fn sign_up_stops_answering_which_emails_are_taken_after_ten() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    assert_eq!(api.register("taken@example.com", PASSWORD).await.status, StatusCode::CREATED);
    for n in 0..10 {
        let again = api.register("taken@example.com", PASSWORD).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "try {n}: {:?}", again.body);
    }
    let next = api.register("taken@example.com", PASSWORD).await;
    assert_eq!(next.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", next.body);
    let fresh = api.register("someone.new@example.com", PASSWORD).await;
    assert_eq!(fresh.status, StatusCode::TOO_MANY_REQUESTS, "a new email waits too: {:?}", fresh.body);
    assert!(fresh.body["message"].as_str().unwrap_or_default().contains("wait 15 minutes"));
}

#[tokio::test]
async fn access_tokens_are_checked_for_signature_algorithm_and_expiry() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let key = evenkeel_tests::tokens::random_key();
    let server = evenkeel_tests::tokens::start_with_key(Backend::Sqlite, &key).await;
    let api = Api::new(&server.base_url);
    let registered = api.register("tok@example.com", PASSWORD).await;
    let token = registered.access_token();
    let id = registered.body["user"]["id"].as_str().unwrap_or_default().to_owned();
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next(), parts.next().unwrap_or_default(), parts.next());

    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let alg_none = format!("{none_header}.{payload}.");
    let tampered_payload = {
        let mut claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap_or_default()).unwrap_or_default();
        claims["role"] = json!("worker");
        URL_SAFE_NO_PAD.encode(claims.to_string())
    };
    let signature = token.rsplit('.').next().unwrap_or_default();
    let tampered = format!("{}.{tampered_payload}.{signature}", token.split('.').next().unwrap_or_default());

    // Signed with the server's own key, for this person: refused once expired, accepted while not.
    let expired = evenkeel_tests::tokens::expired(&key, &id, "patient");
    let now = chrono::Utc::now().timestamp();
    let fresh = evenkeel_tests::tokens::sign(&key, &id, "patient", now - 60, now + 600);
    assert_eq!(api.get("/api/me", Some(&fresh)).await.status, StatusCode::OK, "the same claims, not expired");

    let late = api.get("/api/me", Some(&expired)).await;
    assert_eq!((late.status, late.error_code()), (StatusCode::UNAUTHORIZED, "session_expired"), "an expired token");

    for bad in [alg_none.as_str(), tampered.as_str(), "not-a-token", ""] {
        let reply = api.get("/api/me", Some(bad)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "token {bad:?} was accepted");
        assert_eq!(reply.error_code(), "not_signed_in");
    }
    assert_eq!(api.get("/api/me", None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.get("/api/me", Some(&token)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn demo_accounts_can_sign_in_at_once() {
    let server = TestServer::start_with_args(Backend::Sqlite, &["--demo"]).await;
    assert!(server.startup_output.contains("patient@demo.test"), "{}", server.startup_output);
    let api = Api::new(&server.base_url);
    for (email, role) in
        [("patient@demo.test", "patient"), ("carer@demo.test", "carer"), ("worker@demo.test", "worker")]
    {
        let login = api.login(email, "even-keel-demo").await;
        assert_eq!(login.status, StatusCode::OK, "{email}: {:?}", login.body);
        assert_eq!(login.body["user"]["role"], role);
    }
}

#[tokio::test]
async fn the_server_stops_gracefully_on_sigterm() {
    let server = TestServer::start(Backend::Sqlite).await;
    let (status, _) = server.stop().await;
    assert!(status.success(), "exit status {status}");
}
