//! Several stateless instances on one PostgreSQL database, as the README describes for scaling
//! out: they can start at the same moment on a fresh database (one migrates, the others wait), and a
//! person can sign up on one, sign in on another and refresh and sync on a third; a track uploaded
//! on one plays from another. Started together on a fresh key path, they create one signing key.

use evenkeel_tests::api::changes::{id, pain};
use evenkeel_tests::server::ServerHome;
use evenkeel_tests::tokens::random_key;
use evenkeel_tests::{Api, Backend, TestServer, postgres};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_start_together_and_serve_one_person_on_postgres() {
    if !postgres::available("instances::three_instances_start_together_and_serve_one_person_on_postgres") {
        return;
    }
    let key = random_key();
    let first = ServerHome::new(Backend::Postgres);
    let homes = [ServerHome::sharing_database_of(&first), ServerHome::sharing_database_of(&first)];
    first.write_key(&key);
    for home in &homes {
        home.write_key(&key);
    }
    let [second, third] = homes;
    // All three migrate the fresh database at once.
    let (a, b, c) = tokio::join!(
        TestServer::start_in(first, &[]),
        TestServer::start_in(second, &[]),
        TestServer::start_in(third, &[])
    );
    let (api_a, api_b, api_c) = (Api::new(&a.base_url), Api::new(&b.base_url), Api::new(&c.base_url));

    let signed_up = api_a.register("multi@example.com", "kettle orchard blue").await;
    assert_eq!(signed_up.status, StatusCode::CREATED, "{:?}", signed_up.body);
    let signed_in = api_b.login("multi@example.com", "kettle orchard blue").await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    let refreshed = api_c.refresh(&signed_in.refresh_cookie().unwrap_or_default()).await;
    assert_eq!(refreshed.status, StatusCode::OK, "{:?}", refreshed.body);

    let entry = id();
    let token = refreshed.access_token();
    let synced = api_c.sync(&token, 0, &[pain(&entry, 4, "2026-11-20T09:00:00+00:00", "2026-11-20T09:00:00Z")]).await;
    assert_eq!(synced.body["applied"][0], entry.as_str(), "{:?}", synced.body);
    let seen_elsewhere = api_a.sync(&token, 0, &[]).await;
    assert_eq!(seen_elsewhere.body["changes"][0]["id"], entry.as_str());
}

/// Three instances starting at once on a fresh deployment all find no signing key: exactly one
/// creates it and the others read it whole, so a token from any instance works on every other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_starting_together_create_one_signing_key_on_postgres() {
    if !postgres::available("instances::three_instances_starting_together_create_one_signing_key_on_postgres") {
        return;
    }
    let first = ServerHome::new(Backend::Postgres);
    let [second, third] = [ServerHome::sharing_database_of(&first), ServerHome::sharing_database_of(&first)];
    // One shared path that does not exist yet, not even its folder (the flag wins over the env var).
    let key_path = first.dir.path().join("shared/secret.key");
    assert!(!key_path.exists());
    let key_path = key_path.to_string_lossy().into_owned();
    let args = ["--secret-key-file", key_path.as_str()];
    let (a, b, c) = tokio::join!(
        TestServer::start_in(first, &args),
        TestServer::start_in(second, &args),
        TestServer::start_in(third, &args)
    );
    let (api_a, api_b, api_c) = (Api::new(&a.base_url), Api::new(&b.base_url), Api::new(&c.base_url));
    let left: Vec<_> = std::fs::read_dir(a.home.dir.path().join("shared"))
        .expect("the key folder")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    assert_eq!(left, ["secret.key"], "one key file and no temp files");

    let on_first = api_a.register("keyed@example.com", "kettle orchard blue").await;
    assert_eq!(on_first.status, StatusCode::CREATED, "{:?}", on_first.body);
    let token = on_first.access_token();
    for (name, api) in [("second", &api_b), ("third", &api_c)] {
        let me = api.get("/api/me", Some(&token)).await;
        assert_eq!(me.status, StatusCode::OK, "the first instance's token on the {name}: {:?}", me.body);
    }
    let on_third = api_c.login("keyed@example.com", "kettle orchard blue").await;
    assert_eq!(on_third.status, StatusCode::OK, "{:?}", on_third.body);
    let me = api_a.get("/api/me", Some(&on_third.access_token())).await;
    assert_eq!(me.status, StatusCode::OK, "the third instance's token on the first: {:?}", me.body);
}

/// A practice's track uploaded through one instance plays, in ranges, from another: the bytes are in
/// the shared database, not on one server's disk.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_track_uploaded_on_one_instance_plays_from_another_on_postgres() {
    if !postgres::available("instances::a_track_uploaded_on_one_instance_plays_from_another_on_postgres") {
        return;
    }
    let key = random_key();
    let first = ServerHome::new(Backend::Postgres);
    let second = ServerHome::sharing_database_of(&first);
    first.write_key(&key);
    second.write_key(&key);
    let (a, b) = tokio::join!(TestServer::start_in(first, &[]), TestServer::start_in(second, &[]));
    let (api_a, api_b) = (Api::new(&a.base_url), Api::new(&b.base_url));
    let admin = evenkeel_tests::people::admin(&a, &api_a).await;
    let jo = api_a.worker(&admin, "Jo").await;

    let mp3 =
        std::fs::read(evenkeel_tests::workspace_root().join("public/audio/for-a-flare.mp3")).expect("a shipped MP3");
    let form = reqwest::multipart::Form::new()
        .text("title", "Practice CD, track 2")
        .text("transcript", "Breathe gently…")
        .part("file", reqwest::multipart::Part::bytes(mp3.clone()).file_name("cd.mp3"));
    let up = reqwest::Client::new()
        .post(format!("{}/api/relaxation/tracks", a.base_url))
        .bearer_auth(&jo.token)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(up.status(), StatusCode::CREATED);
    let track: serde_json::Value = up.json().await.expect("the new track");

    let listed = api_b.get("/api/relaxation/tracks", Some(&jo.token)).await;
    assert!(listed.body.as_array().into_iter().flatten().any(|t| t["id"] == track["id"]), "{:?}", listed.body);
    let slice = reqwest::Client::new()
        .get(format!("{}{}", b.base_url, track["audio_url"].as_str().unwrap_or_default()))
        .header(reqwest::header::RANGE, "bytes=300000-300999")
        .send()
        .await
        .expect("a range from the other instance");
    assert_eq!(slice.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(slice.bytes().await.expect("bytes").as_ref(), &mp3[300_000..301_000]);
}
