//! Practice staff accounts are made from the command line with a one-time password.

use evenkeel_tests::people::create_staff;
use evenkeel_tests::server::{ServerHome, binary};
use evenkeel_tests::{Api, Backend, TestServer};
use reqwest::StatusCode;

#[tokio::test]
async fn create_worker_prints_a_one_time_password_that_signs_in() {
    let home = ServerHome::new(Backend::Sqlite);
    let password = create_staff(&home.database_url, "create-worker", "Jo@Practice.example", "Jo Worker");

    let server = TestServer::start_in(home, &[]).await;
    let login = Api::new(&server.base_url).login("jo@practice.example", &password).await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    assert_eq!(login.body["user"]["role"], "worker");
    assert_eq!(login.body["user"]["must_change_password"], true, "they choose their own at first sign-in");

    // The practice deactivates the account from the command line: sign-in is refused from then on.
    let deactivated = std::process::Command::new(binary())
        .args(["admin", "deactivate-worker", "--email", "jo@practice.example"])
        .env("DATABASE_URL", &server.home.database_url)
        .output()
        .expect("run evenkeel admin");
    assert!(deactivated.status.success(), "{}", String::from_utf8_lossy(&deactivated.stderr));
    let refused = Api::new(&server.base_url).login("jo@practice.example", &password).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        Api::new(&server.base_url).get("/api/me", Some(&login.access_token())).await.status,
        StatusCode::UNAUTHORIZED
    );

    // The same email cannot be created twice.
    let again = std::process::Command::new(binary())
        .args(["admin", "create-admin", "--email", "jo@practice.example", "--name", "Jo"])
        .env("DATABASE_URL", &server.home.database_url)
        .output()
        .expect("run evenkeel admin");
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("There is already an account with that email."), "{stderr}");
}

#[tokio::test]
async fn a_bad_database_url_is_a_clear_error_not_a_panic() {
    let output = std::process::Command::new(binary())
        .args(["admin", "create-worker", "--email", "a@b.example", "--name", "A"])
        .env("DATABASE_URL", "mysql://nope")
        .output()
        .expect("run evenkeel");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("DATABASE_URL must start with sqlite:// or postgres://"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
