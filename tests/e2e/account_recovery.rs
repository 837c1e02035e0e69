//! Getting back in and living with an account (issue 15), over real HTTP on both databases: a
//! reset link by email through a real SMTP receiver, reset codes from the practice, signed-in
//! devices, settings and the email address.

use std::time::Duration;

use evenkeel_tests::people::{PASSWORD, admin};
use evenkeel_tests::smtp_receiver::SmtpReceiver;
use evenkeel_tests::{Api, Backend, TestServer, both_backends, db};
use reqwest::StatusCode;
use serde_json::json;

const NEW_PASSWORD: &str = "lighthouse meadow seven";
const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const WINDOWS_FIREFOX: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const IPAD_SAFARI: &str = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const ORIGIN: &str = "http://evenkeel.test";

async fn server_with_email(backend: Backend, smtp: &SmtpReceiver) -> TestServer {
    let url = smtp.url();
    let args =
        ["--smtp-url", url.as_str(), "--mail-from", "Even Keel <no-reply@practice.example>", "--public-origin", ORIGIN];
    TestServer::start_with_args(backend, &args).await
}

fn token_of(link: &str) -> String {
    link.split_once("#token=").map(|(_, t)| t.to_owned()).unwrap_or_else(|| panic!("no token in {link}"))
}

async fn forgot(api: &Api, email: &str) -> evenkeel_tests::api::Reply {
    api.post("/api/auth/forgot", None, &json!({"email": email})).await
}

async fn a_reset_link_by_email_works_once_within_30_minutes_and_tells_nobody_who_has_an_account(backend: Backend) {
    let smtp = SmtpReceiver::start().await;
    let server = server_with_email(backend, &smtp).await;
    let api = Api::new(&server.base_url);
    let options = api.get("/api/auth/recovery", None).await;
    assert_eq!(options.body, json!({"email": true}));
    let sam = api.patient_named("Sam").await;
    let phone = api.login_on(ANDROID_CHROME, &sam.email, PASSWORD).await;
    let phone_cookie = phone.refresh_cookie().expect("a cookie");

    // The same answer for an address nobody uses and for Sam's (typed in capitals).
    let unknown = forgot(&api, "nobody-here@example.com").await;
    let known = forgot(&api, &sam.email.to_uppercase()).await;
    assert_eq!((unknown.status, known.status), (StatusCode::ACCEPTED, StatusCode::ACCEPTED));
    assert_eq!(unknown.body, known.body);
    let mail = smtp.wait_for(1, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.received().len(), 1, "only the address with an account gets an email");
    assert_eq!(mail[0].to, vec![sam.email.clone()]);
    assert_eq!(mail[0].header("Subject").as_deref(), Some("Choosing a new Even Keel password"));
    let link = mail[0].link_starting(&format!("{ORIGIN}/signin/reset#token=")).expect("a reset link");
    assert!(mail[0].text().contains("within 30 minutes"), "{}", mail[0].text());
    let token = token_of(&link);

    // A weak password is refused without using the link up.
    let weak = api.post("/api/auth/reset", None, &json!({"token": token, "new_password": "password123"})).await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST, "{:?}", weak.body);
    let reset = api.post("/api/auth/reset", None, &json!({"token": token, "new_password": NEW_PASSWORD})).await;
    assert_eq!(reset.status, StatusCode::OK, "{:?}", reset.body);
    assert_eq!(reset.body["user"]["id"], sam.id.as_str());
    assert!(reset.refresh_cookie().is_some(), "the reset signs this device in");
    assert_eq!(api.get("/api/me", Some(&reset.access_token())).await.status, StatusCode::OK);

    // Every other session ended (as a session that ran out: the phone keeps its diary); only the
    // new password signs in; the link works once.
    let phone_refresh = api.refresh(&phone_cookie).await;
    assert_eq!(phone_refresh.status, StatusCode::UNAUTHORIZED);
    assert_eq!(phone_refresh.error_code(), "session_expired");
    assert_eq!(api.login(&sam.email, PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.login(&sam.email, NEW_PASSWORD).await.status, StatusCode::OK);
    let again =
        api.post("/api/auth/reset", None, &json!({"token": token, "new_password": "another long password"})).await;
    assert_eq!(again.status, StatusCode::GONE, "{:?}", again.body);
    assert_eq!(again.error_code(), "code_used");

    // A link older than 30 minutes is refused.
    assert_eq!(forgot(&api, &sam.email).await.status, StatusCode::ACCEPTED);
    let second = smtp.wait_for(2, Duration::from_secs(20)).await;
    let late = token_of(&second[1].link_starting(&format!("{ORIGIN}/signin/reset#token=")).expect("a link"));
    let when = (chrono::Utc::now() - chrono::Duration::minutes(31)).naive_utc().format("%Y-%m-%d %H:%M:%S%.6f");
    let moved = db::execute(
        &server.home.database_url,
        &format!("UPDATE account_tokens SET created_at = '{when}', expires_at = '{when}' WHERE used_at IS NULL"),
    );
    assert_eq!(moved, 1);
    let expired =
        api.post("/api/auth/reset", None, &json!({"token": late, "new_password": "another long password"})).await;
    assert_eq!(expired.status, StatusCode::GONE, "{:?}", expired.body);
    assert_eq!(expired.error_code(), "code_expired");
    assert!(expired.body["message"].as_str().unwrap_or_default().contains("expired"));

    // Three links an hour per address, asked for by anyone.
    assert_eq!(forgot(&api, &sam.email).await.status, StatusCode::ACCEPTED);
    let limited = forgot(&api, &sam.email).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", limited.body);
    assert!(limited.body["message"].as_str().unwrap_or_default().contains("reset code"));

    // A new email address waits for the link sent to it.
    let token_now = api.login(&sam.email, NEW_PASSWORD).await.access_token();
    let new_address = format!("sam-new-{}@example.com", uuid::Uuid::new_v4().simple());
    let change =
        api.post("/api/me/email", Some(&token_now), &json!({"new_email": new_address, "password": NEW_PASSWORD})).await;
    assert_eq!(change.status, StatusCode::OK, "{:?}", change.body);
    assert_eq!(change.body, "confirmation_sent");
    assert_eq!(api.get("/api/me", Some(&token_now)).await.body["email"], sam.email.as_str(), "not yet changed");
    let mails = smtp.wait_for(4, Duration::from_secs(20)).await;
    let confirm = mails.iter().find(|m| m.to == vec![new_address.clone()]).expect("a message to the new address");
    let link = confirm.link_starting(&format!("{ORIGIN}/signin/confirm-email#token=")).expect("a confirmation link");
    let confirmed = api.post("/api/auth/confirm-email", None, &json!({"token": token_of(&link)})).await;
    assert_eq!(confirmed.status, StatusCode::NO_CONTENT, "{:?}", confirmed.body);
    assert_eq!(api.get("/api/me", Some(&token_now)).await.body["email"], new_address.as_str());
    assert_eq!(api.login(&new_address, NEW_PASSWORD).await.status, StatusCode::OK);
}

async fn the_practice_issues_reset_codes_only_for_its_own_patients_and_the_patient_sees_it(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let options = api.get("/api/auth/recovery", None).await;
    assert_eq!(options.body, json!({"email": false}), "no SMTP settings: codes from the practice only");
    assert_eq!(forgot(&api, "anyone@example.com").await.status, StatusCode::ACCEPTED);
    let practice = admin(&server, &api).await;
    let jo = api.worker(&practice, "Jo").await;
    let other_worker = api.worker(&practice, "Kim").await;
    let sam = api.patient_named("Sam").await;
    api.link(&sam, &jo, "worker", &["pain"]).await;
    let carer = api.carer_of(&sam, "Alex", &["pain"]).await;
    let path = format!("/api/patients/{}/reset-code", sam.id);

    // Refused for a worker with no link to Sam, for a carer and for Sam, and without signing in.
    assert_eq!(api.post(&path, None, &json!({})).await.status, StatusCode::UNAUTHORIZED);
    let unlinked = api.post(&path, Some(&other_worker.token), &json!({})).await;
    assert_eq!(unlinked.status, StatusCode::NOT_FOUND, "{:?}", unlinked.body);
    for (who, token) in [("a carer", &carer.token), ("the patient", &sam.token)] {
        let refused = api.post(&path, Some(token), &json!({})).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{who}: {:?}", refused.body);
        assert!(refused.body["message"].as_str().unwrap_or_default().contains("practice"), "{who}");
    }

    // Jo issues one, and a second replaces it.
    let first = api.post(&path, Some(&jo.token), &json!({})).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let code = api.post(&path, Some(&jo.token), &json!({})).await;
    let code_text = code.body["code"].as_str().unwrap_or_default().to_owned();
    assert_eq!(code_text.len(), 19, "{code_text}");
    let expires: chrono::DateTime<chrono::Utc> =
        code.body["expires_at"].as_str().unwrap_or_default().parse().expect("expires_at is a time");
    let hours = (expires - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((23.9..=24.0).contains(&hours), "valid 24 hours, got {hours}");
    let stale =
        api.post("/api/auth/reset", None, &json!({"code": first.body["code"], "new_password": NEW_PASSWORD})).await;
    assert_eq!(stale.status, StatusCode::GONE, "the earlier code stopped working: {:?}", stale.body);

    // Sam sees it in "Who has looked".
    let audit = api.audit(&sam).await;
    let issued: Vec<_> =
        audit.iter().filter(|r| r["subjects"] == json!(["account"]) && r["action"] == "write").collect();
    assert_eq!(issued.len(), 2, "{audit:?}");
    assert_eq!(issued[0]["actor_name"], "Jo");

    // Typed in capitals without hyphens, it works once.
    let typed = code_text.replace('-', "").to_uppercase();
    let reset = api.post("/api/auth/reset", None, &json!({"code": typed, "new_password": NEW_PASSWORD})).await;
    assert_eq!(reset.status, StatusCode::OK, "{:?}", reset.body);
    assert_eq!(
        api.get("/api/links", Some(&sam.token)).await.status,
        StatusCode::OK,
        "access tokens run out on their own"
    );
    assert_eq!(api.login(&sam.email, NEW_PASSWORD).await.status, StatusCode::OK);
    let twice =
        api.post("/api/auth/reset", None, &json!({"code": code_text, "new_password": "another long password"})).await;
    assert_eq!(twice.error_code(), "code_used");
    let wrong =
        api.post("/api/auth/reset", None, &json!({"code": "aaaa-bbbb-cccc-dddd", "new_password": NEW_PASSWORD})).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(wrong.error_code(), "code_not_found");

    // Once Sam ends the link, Jo can't any more.
    let link = api.links(&sam).await.into_iter().find(|l| l["member_id"] == jo.id.as_str()).expect("Jo's link");
    let ended =
        api.delete(&format!("/api/links/{}", link["id"].as_str().unwrap_or_default()), Some(&sam.token), None).await;
    assert_eq!(ended.status, StatusCode::OK, "{:?}", ended.body);
    assert_eq!(api.post(&path, Some(&jo.token), &json!({})).await.status, StatusCode::NOT_FOUND);

    // An admin gets a worker back in; a worker can't use that door.
    let worker_path = format!("/api/admin/workers/{}/reset-code", jo.id);
    assert_eq!(api.post(&worker_path, Some(&other_worker.token), &json!({})).await.status, StatusCode::FORBIDDEN);
    let for_jo = api.post(&worker_path, Some(&practice.token), &json!({})).await;
    assert_eq!(for_jo.status, StatusCode::OK, "{:?}", for_jo.body);
    let back =
        api.post("/api/auth/reset", None, &json!({"code": for_jo.body["code"], "new_password": NEW_PASSWORD})).await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
    assert_eq!(back.body["user"]["role"], "worker");
    assert_eq!(api.get("/api/caseload", Some(&back.access_token())).await.status, StatusCode::OK);
}

async fn a_device_signed_out_from_another_can_no_longer_refresh(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let sam = api.patient_named("Sam").await;
    let phone = api.login_on(ANDROID_CHROME, &sam.email, PASSWORD).await;
    let computer = api.login_on(WINDOWS_FIREFOX, &sam.email, PASSWORD).await;
    let tablet = api.login_on(IPAD_SAFARI, &sam.email, PASSWORD).await;
    let token = phone.access_token();

    let list = api.get("/api/me/sessions", Some(&token)).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let sessions = list.body.as_array().cloned().unwrap_or_default();
    let device = |label: &str| {
        sessions.iter().find(|s| s["device"] == label).cloned().unwrap_or_else(|| panic!("{label} in {sessions:?}"))
    };
    assert_eq!(device("Chrome on Android")["this_device"], true);
    assert_eq!(device("Firefox on Windows")["this_device"], false);
    assert_eq!(sessions.len(), 4, "sign-up, phone, computer and tablet: {sessions:?}");

    // The computer is signed out from the phone: its next refresh is refused; the phone's works.
    let computer_id = device("Firefox on Windows")["id"].as_str().unwrap_or_default().to_owned();
    let ended = api.delete(&format!("/api/me/sessions/{computer_id}"), Some(&token), None).await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT, "{:?}", ended.body);
    let computer_refresh = api.refresh(&computer.refresh_cookie().expect("cookie")).await;
    assert_eq!(computer_refresh.status, StatusCode::UNAUTHORIZED);
    assert_eq!(computer_refresh.error_code(), "signed_out_elsewhere", "so its app removes the diary from it");
    let phone_again = api.refresh(&phone.refresh_cookie().expect("cookie")).await;
    assert_eq!(phone_again.status, StatusCode::OK);
    let token = phone_again.access_token();
    let after: Vec<_> = api.get("/api/me/sessions", Some(&token)).await.body.as_array().cloned().unwrap_or_default();
    assert!(after.iter().all(|s| s["device"] != "Firefox on Windows"), "{after:?}");
    assert!(
        after.iter().any(|s| s["device"] == "Chrome on Android" && s["this_device"] == true),
        "a refresh keeps the device: {after:?}"
    );

    // Someone else's device can't be signed out; a second time says it is already done.
    let kim = api.patient_named("Kim").await;
    let tablet_id = after.iter().find(|s| s["device"] == "Safari on iPad").expect("tablet")["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let not_yours = api.delete(&format!("/api/me/sessions/{tablet_id}"), Some(&kim.token), None).await;
    assert_eq!(not_yours.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.delete(&format!("/api/me/sessions/{computer_id}"), Some(&token), None).await.status,
        StatusCode::NOT_FOUND
    );

    // "Sign out every other device": the tablet goes, the phone stays.
    assert_eq!(api.delete("/api/me/sessions", Some(&token), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api.refresh(&tablet.refresh_cookie().expect("cookie")).await.status, StatusCode::UNAUTHORIZED);
    let kept = api.refresh(&phone_again.refresh_cookie().expect("cookie")).await;
    assert_eq!(kept.status, StatusCode::OK);
    let left = api.get("/api/me/sessions", Some(&kept.access_token())).await.body;
    assert_eq!(left.as_array().map(Vec::len), Some(1), "{left:?}");
}

async fn settings_are_saved_on_the_server_and_come_back_on_every_device(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let sam = api.patient_named("Sam").await;
    let fresh = api.get("/api/me", Some(&sam.token)).await;
    assert_eq!((fresh.body["text_size"].as_str(), fresh.body["theme"].as_str()), (Some("normal"), Some("system")));

    let changed = api
        .patch(
            "/api/me",
            Some(&sam.token),
            &json!({"display_name": "Sam J", "time_zone": "America/New_York", "text_size": "larger", "theme": "dark"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    let other_device = api.login(&sam.email, PASSWORD).await;
    for user in [&changed.body, &other_device.body["user"], &api.get("/api/me", Some(&sam.token)).await.body] {
        assert_eq!(user["display_name"], "Sam J");
        assert_eq!(user["time_zone"], "America/New_York");
        assert_eq!(user["text_size"], "larger");
        assert_eq!(user["theme"], "dark");
    }
    // Only what is sent changes.
    let one = api.patch("/api/me", Some(&sam.token), &json!({"theme": "light"})).await;
    assert_eq!((one.body["theme"].as_str(), one.body["text_size"].as_str()), (Some("light"), Some("larger")));

    // Bad settings say what is wrong and change nothing.
    for (body, words) in [
        (json!({"time_zone": "Europe/Londn"}), "time zone"),
        (json!({"text_size": "huge"}), "larger"),
        (json!({"display_name": "   "}), "call you"),
        (json!({}), "Nothing to change"),
    ] {
        let refused = api.patch("/api/me", Some(&sam.token), &body).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{body}: {:?}", refused.body);
        assert!(refused.body["message"].as_str().unwrap_or_default().contains(words), "{body}: {:?}", refused.body);
    }
    assert_eq!(api.get("/api/me", Some(&sam.token)).await.body["time_zone"], "America/New_York");
    let zones = api.get("/api/time-zones", None).await;
    assert!(zones.body.as_array().is_some_and(|z| z.iter().any(|z| z == "Europe/London")));

    // Without email set up, a new address (with the password) is used at once.
    let wrong = api
        .post("/api/me/email", Some(&sam.token), &json!({"new_email": "x@example.com", "password": "not it at all"}))
        .await;
    assert_eq!(wrong.error_code(), "wrong_password");
    let address = format!("sam-{}@example.com", uuid::Uuid::new_v4().simple());
    let moved = api.post("/api/me/email", Some(&sam.token), &json!({"new_email": address, "password": PASSWORD})).await;
    assert_eq!(moved.body, "changed", "{:?}", moved.body);
    assert_eq!(api.login(&address, PASSWORD).await.status, StatusCode::OK);
}

both_backends!(
    a_reset_link_by_email_works_once_within_30_minutes_and_tells_nobody_who_has_an_account,
    the_practice_issues_reset_codes_only_for_its_own_patients_and_the_patient_sees_it,
    a_device_signed_out_from_another_can_no_longer_refresh,
    settings_are_saved_on_the_server_and_come_back_on_every_device,
);
