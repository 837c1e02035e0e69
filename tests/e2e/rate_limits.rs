//! The sign-in limits behind a load balancer (issue 14, item 1). The test plays the balancer: it
//! connects from 127.0.0.1, which the instances are told to trust, and says which client each
//! request is from in `X-Forwarded-For`, as a real balancer appends it.
//! - One account's allowance (10 tries in 15 minutes) holds across two instances on one database.
//! - One client's flood (30 in 5 minutes) locks out that client only, not everyone behind the
//!   balancer.
//! - An instance that trusts no proxy ignores the header, so a client cannot dodge its limit by
//!   writing a new address each time.
//! - Every request also carries a `Forwarded` header naming a new address, as a client can write
//!   one and an `X-Forwarded-For` balancer passes it on: it must never count.

use std::sync::atomic::{AtomicU32, Ordering};

use evenkeel_tests::server::ServerHome;
use evenkeel_tests::{Api, Backend, TestServer, both_backends};
use reqwest::StatusCode;
use serde_json::json;

const PASSWORD: &str = "kettle orchard blue";

async fn login_from(server: &TestServer, client: &str, email: &str, password: &str) -> StatusCode {
    static CLAIMED: AtomicU32 = AtomicU32::new(0);
    let claimed = CLAIMED.fetch_add(1, Ordering::Relaxed);
    reqwest::Client::new()
        .post(server.url("/api/auth/login"))
        .header("x-forwarded-for", format!("198.18.0.1, {client}"))
        .header("forwarded", format!("for=192.0.{}.{}", claimed / 250, claimed % 250 + 1))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("request reaches the server")
        .status()
}

async fn limits_hold_across_instances_per_forwarded_client(backend: Backend) {
    let home = ServerHome::new(backend);
    let other_home = ServerHome::sharing_database_of(&home);
    let untrusting_home = ServerHome::sharing_database_of(&home);
    let trust = ["--trusted-proxies", "127.0.0.1/32"];
    let a = TestServer::start_in(home, &trust).await;
    let b = TestServer::start_in(other_home, &trust).await;
    let instances = [&a, &b];
    assert_eq!(Api::new(&a.base_url).register("victim@example.com", PASSWORD).await.status, StatusCode::CREATED);
    assert_eq!(Api::new(&b.base_url).register("bystander@example.com", PASSWORD).await.status, StatusCode::CREATED);

    // Ten wrong passwords for one account, spread over both instances, use its allowance.
    for attempt in 0..10 {
        let status = login_from(instances[attempt % 2], "203.0.113.5", "victim@example.com", "wrong guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {}", attempt + 1);
    }
    for server in instances {
        let status = login_from(server, "203.0.113.77", "victim@example.com", PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the account's allowance is shared by both instances");
    }

    // One client floods with other addresses until its own allowance (30 in 5 minutes) is used.
    let mut allowed = 0;
    for attempt in 0..40 {
        let email = format!("nobody{attempt}@example.com");
        match login_from(instances[attempt % 2], "203.0.113.5", &email, "wrong guess").await {
            StatusCode::UNAUTHORIZED => allowed += 1,
            StatusCode::TOO_MANY_REQUESTS => break,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(allowed, 30 - 10, "the client's 10 tries on the victim counted too, on both instances");
    assert_eq!(login_from(&b, "203.0.113.5", "bystander@example.com", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    // Everyone else behind the same balancer signs in as usual.
    assert_eq!(login_from(&a, "198.51.100.7", "bystander@example.com", PASSWORD).await, StatusCode::OK);
    assert_eq!(login_from(&b, "198.51.100.8", "bystander@example.com", PASSWORD).await, StatusCode::OK);

    // An instance that trusts no proxy counts the connection's own address, whatever it claims.
    let c = TestServer::start_in(untrusting_home, &[]).await;
    let mut allowed = 0;
    for attempt in 0..40 {
        let claimed = format!("192.0.2.{attempt}");
        match login_from(&c, &claimed, &format!("someone{attempt}@example.com"), "wrong guess").await {
            StatusCode::UNAUTHORIZED => allowed += 1,
            StatusCode::TOO_MANY_REQUESTS => break,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(allowed, 30, "a forwarded address from an untrusted peer must not start a new allowance");
}

/// Each account created costs a password hash, so one address may create only so many an hour.
async fn sign_ups_from_one_address_are_capped(backend: Backend) {
    let server = TestServer::start_with_args(backend, &["--signups-per-hour", "3"]).await;
    let api = Api::new(&server.base_url);
    for n in 0..3 {
        assert_eq!(api.register(&format!("new{n}@example.com"), PASSWORD).await.status, StatusCode::CREATED);
    }
    let refused = api.register("new3@example.com", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", refused.body);
    assert!(refused.body["message"].as_str().unwrap_or_default().contains("wait"), "{:?}", refused.body);
    // Signing in is a separate allowance.
    assert_eq!(api.login("new0@example.com", PASSWORD).await.status, StatusCode::OK);
}

both_backends!(limits_hold_across_instances_per_forwarded_client, sign_ups_from_one_address_are_capped);
