//! Choosing one's own password. A worker made on the command line signs in with the one-time
//! password and can do nothing else until they have chosen their own; then everything works, their
//! other devices are signed out, and only the new password signs in. Anyone can change theirs.

use evenkeel_tests::people::create_staff;
use evenkeel_tests::{Api, Backend, TestServer, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

const NEW_PASSWORD: &str = "harbour lantern seven";

async fn a_new_worker_chooses_their_own_password_before_anything_else(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let email = "jo@practice.example";
    let one_time = create_staff(&server.home.database_url, "create-worker", email, "Jo Worker");

    // Arrange: Jo signs in with the one-time password on a phone and on a computer.
    let phone = api.login(email, &one_time).await;
    assert_eq!(phone.status, StatusCode::OK, "{:?}", phone.body);
    assert_eq!(phone.body["user"]["must_change_password"], true);
    let token = phone.access_token();
    let computer = api.login(email, &one_time).await;
    let computer_cookie = computer.refresh_cookie().expect("a refresh cookie");

    // Everything but choosing a password (and refresh, sign-out, /api/me) is refused, in words.
    let forbidden = [
        (Method::GET, "/api/caseload", None),
        (Method::GET, "/api/links", None),
        (Method::POST, "/api/enrolments", Some(json!({}))),
        (Method::POST, "/api/invites/accept", Some(json!({"code": "ABCD-EFGH"}))),
        (Method::GET, "/api/me/export", None),
    ];
    for (method, path, body) in forbidden {
        let refused = api.send(method, path, Some(&token), None, body.as_ref()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}: {:?}", refused.body);
        assert_eq!(refused.error_code(), "password_change_required", "{path}");
        assert_eq!(refused.body["message"], "Please choose your own password first.", "{path}");
    }
    let me = api.get("/api/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK, "{:?}", me.body);
    assert_eq!(me.body["must_change_password"], true);
    // A refresh keeps the restriction: the new access token is still only good for choosing.
    let refreshed = api.refresh(&computer_cookie).await;
    assert_eq!(refreshed.status, StatusCode::OK, "{:?}", refreshed.body);
    assert_eq!(refreshed.body["user"]["must_change_password"], true);
    assert_eq!(api.get("/api/caseload", Some(&refreshed.access_token())).await.status, StatusCode::FORBIDDEN);
    let computer_cookie = refreshed.refresh_cookie().expect("a rotated cookie");

    // A wrong one-time password, a weak new one and the same one again: each says what to do.
    let wrong = api.change_password(&token, "not the one I was given", NEW_PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN, "{:?}", wrong.body);
    assert_eq!(wrong.error_code(), "wrong_password");
    assert!(wrong.body["message"].as_str().unwrap_or_default().starts_with("That isn't your current password."));
    let short = api.change_password(&token, &one_time, "short").await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert_eq!(short.error_code(), "invalid_input");
    assert_eq!(short.body["message"], "Please choose a password of at least 10 characters.");
    let common = api.change_password(&token, &one_time, "password123").await;
    assert_eq!(common.status, StatusCode::BAD_REQUEST);
    assert!(common.body["message"].as_str().unwrap_or_default().contains("very common"), "{:?}", common.body);
    // From deep in the 20,000 most common (the server's list; the app's short list lets it by).
    let deep = api.change_password(&token, &one_time, "Glamorous1").await;
    assert_eq!(deep.status, StatusCode::BAD_REQUEST, "{:?}", deep.body);
    assert!(deep.body["message"].as_str().unwrap_or_default().contains("very common"), "{:?}", deep.body);
    let same = api.change_password(&token, &one_time, &one_time).await;
    assert_eq!(same.status, StatusCode::BAD_REQUEST);
    assert_eq!(same.body["message"], "Please choose a password different from the one-time password.");
    assert_eq!(api.get("/api/caseload", Some(&token)).await.status, StatusCode::FORBIDDEN, "nothing changed yet");

    // Act: a good password.
    let changed = api.change_password(&token, &one_time, NEW_PASSWORD).await;

    // Assert: a new session for this phone, exactly like a sign-in, that reaches the caseload.
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["user"]["must_change_password"], false);
    assert_eq!(changed.body["user"]["email"], email);
    let cookie = changed.set_cookie_header().expect("a new refresh cookie").to_lowercase();
    assert!(cookie.contains("httponly") && cookie.contains("path=/api/auth"), "{cookie}");
    let caseload = api.get("/api/caseload", Some(&changed.access_token())).await;
    assert_eq!(caseload.status, StatusCode::OK, "{:?}", caseload.body);
    // The computer is signed out: its refresh cookie no longer works. The phone's new one does.
    let computer_again = api.refresh(&computer_cookie).await;
    assert_eq!(computer_again.status, StatusCode::UNAUTHORIZED, "{:?}", computer_again.body);
    let phone_again = api.refresh(&changed.refresh_cookie().expect("cookie")).await;
    assert_eq!(phone_again.status, StatusCode::OK, "{:?}", phone_again.body);
    assert_eq!(phone_again.body["user"]["must_change_password"], false);
    assert_eq!(api.get("/api/caseload", Some(&phone_again.access_token())).await.status, StatusCode::OK);

    // Only the new password signs in now, and it asks for nothing more.
    let old = api.login(email, &one_time).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    assert_eq!(old.error_code(), "invalid_credentials");
    let new = api.login(email, NEW_PASSWORD).await;
    assert_eq!(new.status, StatusCode::OK, "{:?}", new.body);
    assert_eq!(new.body["user"]["must_change_password"], false);
    assert_eq!(api.get("/api/me", Some(&new.access_token())).await.body["must_change_password"], false);
}

async fn a_patient_changes_their_password(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let registered = api.register("alex@example.com", "kettle orchard blue").await;
    assert_eq!(registered.body["user"]["must_change_password"], false, "only practice-made accounts must");
    let token = registered.access_token();
    let other_phone = api.login("alex@example.com", "kettle orchard blue").await.refresh_cookie().expect("cookie");

    let same = api.change_password(&token, "kettle orchard blue", "kettle orchard blue").await;
    assert_eq!(same.status, StatusCode::BAD_REQUEST);
    assert_eq!(same.body["message"], "Please choose a password different from your current one.");
    let changed = api.change_password(&token, "kettle orchard blue", NEW_PASSWORD).await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["user"]["role"], "patient");

    // The diary is still theirs with the new session; the other phone has to sign in again.
    assert_eq!(api.sync(&changed.access_token(), 0, &[]).await.status, StatusCode::OK);
    assert_eq!(api.refresh(&other_phone).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.login("alex@example.com", "kettle orchard blue").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.login("alex@example.com", NEW_PASSWORD).await.status, StatusCode::OK);
    // Without a token there is nothing to change.
    let anonymous = api.post("/api/auth/password", None, &json!({"current_password": "x", "new_password": "y"})).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

both_backends!(a_new_worker_chooses_their_own_password_before_anything_else, a_patient_changes_their_password);

/// Guessing through the password change draws on the same allowance as signing in.
#[tokio::test]
async fn wrong_current_passwords_count_against_the_sign_in_limit() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let token = api.register("pat@example.com", "kettle orchard blue").await.access_token();
    let mut statuses = Vec::new();
    for n in 0..11 {
        statuses.push(api.change_password(&token, &format!("guess number {n}"), NEW_PASSWORD).await.status);
    }
    assert!(statuses[..10].iter().all(|s| *s == StatusCode::FORBIDDEN), "{statuses:?}");
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    // Even the right password is refused for now, and so is signing in.
    let right = api.change_password(&token, "kettle orchard blue", NEW_PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(right.error_code(), "too_many_requests");
    assert_eq!(api.login("pat@example.com", "kettle orchard blue").await.status, StatusCode::TOO_MANY_REQUESTS);
}
