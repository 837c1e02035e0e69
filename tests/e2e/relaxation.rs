//! Relaxation tracks over real HTTP, on both databases: the six shipped tracks are listed with
//! their transcripts; audio answers Range requests byte for byte (206 with Content-Range, 416 past
//! the end) with an ETag and long caching; a worker uploads a real MP3 that then plays from the
//! database in ranges; a PNG or text named `.mp3`, a file over 60 MB and a track over 60 minutes
//! are refused with a sentence and nothing is stored; only staff upload and only admins retire; a
//! retired track leaves the list but still plays; relaxation entries sync.

use std::path::PathBuf;

use evenkeel_tests::people::{Person, admin};
use evenkeel_tests::{Api, Backend, TestServer, both_backends, db};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn shipped(file: &str) -> Vec<u8> {
    let path: PathBuf = evenkeel_tests::workspace_root().join("public").join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `minutes` of silent MPEG-2 Layer III at 8 kbit/s and 22.05 kHz: real frames, 26 bytes each.
fn long_mp3(minutes: u64) -> Vec<u8> {
    let frames = minutes * 60 * 22_050 / 576 + 1;
    let mut out = Vec::new();
    for _ in 0..frames {
        out.extend_from_slice(&[0xFF, 0xF3, 0x10, 0xC4]);
        out.resize(out.len() + 22, 0);
    }
    out
}

struct Upload<'a> {
    file: Vec<u8>,
    file_name: &'a str,
    title: &'a str,
}

async fn upload(api: &Api, who: &Person, u: Upload<'_>) -> evenkeel_tests::api::Reply {
    let form = reqwest::multipart::Form::new()
        .text("title", u.title.to_owned())
        .text("description", "The practice's relaxation CD, track 1.")
        .text("transcript", "Settle into a comfortable position…")
        .text("kind", "body_scan")
        .part(
            "file",
            reqwest::multipart::Part::bytes(u.file)
                .file_name(u.file_name.to_owned())
                .mime_str("audio/mpeg")
                .expect("mime"),
        );
    let req = reqwest::Client::new()
        .post(format!("{}/api/relaxation/tracks", api.base_url))
        .bearer_auth(&who.token)
        .multipart(form);
    Api::read(req.send().await.expect("the upload reaches the server")).await
}

async fn ranged(api: &Api, url: &str, range: Option<&str>) -> reqwest::Response {
    let mut req = reqwest::Client::new().get(format!("{}{url}", api.base_url));
    if let Some(r) = range {
        req = req.header(reqwest::header::RANGE, r);
    }
    req.send().await.expect("the audio answers")
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> &'a str {
    r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// Checks the Range answers of one track against its real bytes.
async fn serves_ranges(api: &Api, audio_url: &str, bytes: &[u8]) {
    let len = bytes.len();
    let whole = ranged(api, audio_url, None).await;
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(header(&whole, "accept-ranges"), "bytes");
    assert_eq!(header(&whole, "cache-control"), "public, max-age=31536000, immutable");
    let etag = header(&whole, "etag").to_owned();
    assert!(etag.len() > 60, "a strong ETag: {etag}");
    assert_eq!(whole.bytes().await.expect("body").as_ref(), bytes, "the whole file");

    let first = ranged(api, audio_url, Some("bytes=0-1")).await;
    assert_eq!(first.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(header(&first, "content-range"), format!("bytes 0-1/{len}"));
    assert_eq!(first.bytes().await.expect("body").as_ref(), &bytes[0..2]);

    // A middle slice across a 256 KiB chunk boundary of the stored copy.
    let (a, b) = (262_000, 263_000);
    let middle = ranged(api, audio_url, Some(&format!("bytes={a}-{b}"))).await;
    assert_eq!(middle.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(header(&middle, "content-range"), format!("bytes {a}-{b}/{len}"));
    assert_eq!(middle.bytes().await.expect("body").as_ref(), &bytes[a..=b]);

    let suffix = ranged(api, audio_url, Some("bytes=-500")).await;
    assert_eq!(suffix.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(header(&suffix, "content-range"), format!("bytes {}-{}/{len}", len - 500, len - 1));
    assert_eq!(suffix.bytes().await.expect("body").as_ref(), &bytes[len - 500..]);

    let past = ranged(api, audio_url, Some(&format!("bytes={len}-"))).await;
    assert_eq!(past.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(header(&past, "content-range"), format!("bytes */{len}"));

    let again = reqwest::Client::new()
        .get(format!("{}{audio_url}", api.base_url))
        .header(reqwest::header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .expect("answers");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

async fn tracks(api: &Api, who: &Person) -> Vec<Value> {
    let reply = api.get("/api/relaxation/tracks", Some(&who.token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body.as_array().cloned().unwrap_or_default()
}

async fn tracks_are_listed_served_uploaded_and_retired(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let jo = api.worker(&admin, "Jo").await;
    let alex = api.patient_named("Alex").await;

    // The shipped tracks, with their lengths, and words for every one.
    let listed = tracks(&api, &alex).await;
    let titles: Vec<&str> = listed.iter().filter_map(|t| t["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "Relaxed breathing",
            "For a flare",
            "Body scan, gentle on pain",
            "Muscle relaxation",
            "Bedtime wind-down",
            "Breathing tones, no words"
        ]
    );
    let minutes: Vec<i64> = listed.iter().filter_map(|t| t["minutes"].as_i64()).collect();
    assert!((3..=4).contains(&minutes[0]) && minutes[1] == 5, "{minutes:?}");
    assert!((10..=12).contains(&minutes[2]) && (12..=15).contains(&minutes[3]), "{minutes:?}");
    assert_eq!(listed[5]["has_words"], false);
    let body_scan = &listed[2];
    let transcript = api.get(body_scan["transcript_url"].as_str().unwrap_or_default(), None).await;
    assert_eq!(transcript.status, StatusCode::OK);
    let words = transcript.body.as_str().unwrap_or_default();
    assert!(words.contains("you are welcome to skip it") && !words.contains('['), "{words}");
    assert_eq!(api.get("/api/relaxation/tracks", None).await.status, StatusCode::UNAUTHORIZED);

    // A shipped track's audio, in ranges.
    serves_ranges(&api, listed[0]["audio_url"].as_str().unwrap_or_default(), &shipped("audio/relaxed-breathing.mp3"))
        .await;

    // An upload by the worker: a real MP3 (made by scripts/make-audio.sh), stored in the database.
    let mp3 = shipped("audio/for-a-flare.mp3");
    let up = upload(
        &api,
        &jo,
        Upload { file: mp3.clone(), file_name: "cd-track-1.mp3", title: "  Practice CD: body scan " },
    )
    .await;
    assert_eq!(up.status, StatusCode::CREATED, "{:?}", up.body);
    assert_eq!(up.body["title"], "Practice CD: body scan");
    assert_eq!(up.body["minutes"], listed[1]["minutes"], "its length is read from its frames");
    assert_eq!(up.body["shipped"], false);
    assert_eq!(up.body["bytes"], mp3.len());
    let id = up.body["id"].as_str().unwrap_or_default().to_owned();
    assert!(
        db::count(&server.home.database_url, "audio_chunks", &format!("track_id = '{id}'")) > 1,
        "stored in chunks"
    );
    serves_ranges(&api, up.body["audio_url"].as_str().unwrap_or_default(), &mp3).await;
    assert_eq!(tracks(&api, &alex).await.len(), 7, "the patient sees it");

    // Refused, each with a sentence, and nothing stored.
    let stored = || db::count(&server.home.database_url, "audio_tracks", "1 = 1");
    let before = stored();
    let png =
        upload(&api, &jo, Upload { file: shipped("icons/icon-192.png"), file_name: "relax.mp3", title: "Not audio" })
            .await;
    assert_eq!(png.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{:?}", png.body);
    assert_eq!(
        png.body["message"],
        "This file isn't audio that phones can play. Please upload an MP3, or AAC audio in an M4A file."
    );
    let text = upload(
        &api,
        &jo,
        Upload { file: b"Breathe in, breathe out.".repeat(100), file_name: "words.mp3", title: "Text" },
    )
    .await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{:?}", text.body);
    let long = upload(&api, &jo, Upload { file: long_mp3(61), file_name: "long.mp3", title: "Too long" }).await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST, "{:?}", long.body);
    assert_eq!(long.body["message"], "This track is 61 minutes long; tracks can be at most 60 minutes.");
    let big =
        upload(&api, &jo, Upload { file: vec![0xFF; 61 * 1024 * 1024], file_name: "big.mp3", title: "Too big" }).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE, "{:?}", big.body);
    assert!(
        big.body["message"].as_str().unwrap_or_default().ends_with("tracks can be at most 60 MB."),
        "{:?}",
        big.body
    );
    let untitled = upload(&api, &jo, Upload { file: mp3.clone(), file_name: "a.mp3", title: " " }).await;
    assert_eq!(untitled.status, StatusCode::BAD_REQUEST);
    assert_eq!(untitled.body["message"], "A title is needed.");
    assert_eq!(stored(), before, "no refused upload was stored");
    assert_eq!(db::count(&server.home.database_url, "audio_chunks", &format!("track_id <> '{id}'")), 0);

    // Patients don't upload; workers don't retire; an admin does.
    let by_patient = upload(&api, &alex, Upload { file: mp3.clone(), file_name: "a.mp3", title: "Mine" }).await;
    assert_eq!(by_patient.status, StatusCode::FORBIDDEN);
    let retire = format!("/api/relaxation/tracks/{id}/retire");
    assert_eq!(api.post(&retire, Some(&jo.token), &json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api.post(&retire, Some(&admin.token), &json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.post(&retire, Some(&admin.token), &json!({})).await.status,
        StatusCode::NOT_FOUND,
        "already retired"
    );
    assert!(tracks(&api, &alex).await.iter().all(|t| t["id"] != id.as_str()), "a retired track leaves the list");
    let still = ranged(&api, up.body["audio_url"].as_str().unwrap_or_default(), Some("bytes=0-9")).await;
    assert_eq!(still.status(), StatusCode::PARTIAL_CONTENT, "…but plays for whoever kept it");

    // Unknown ids get the JSON 404.
    let unknown = api.get("/api/relaxation/tracks/00000000-0000-4000-8000-000000000000/audio", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.error_code(), "not_found");

    // Minutes practised with the retired track sync like any entry.
    let at = chrono::Utc::now().to_rfc3339();
    let entry = json!({"id": uuid::Uuid::new_v4().to_string(), "kind": "relaxation", "op": "upsert",
        "data": {"recorded_at": at, "minutes": 5, "track_id": id, "feel_before": 6, "feel_after": 3}, "client_updated_at": at});
    let synced = api.sync(&alex.token, 0, &[entry]).await;
    assert_eq!(synced.status, StatusCode::OK, "{:?}", synced.body);
    assert_eq!(synced.body["applied"].as_array().map(Vec::len), Some(1), "{:?}", synced.body);
}

both_backends!(tracks_are_listed_served_uploaded_and_retired);

/// A worker holding the relaxation scope suggests a track and a Learn page; Alex sees them with the
/// worker's name and dismisses them; a worker without the scope, a carer and unknown items are
/// refused; every suggestion is in Alex's audit log.
async fn a_worker_suggests_practice(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let bea = api.patient_named("Bea").await;
    let jo = api.worker(&admin, "Jo Okafor").await;
    let kim = api.worker(&admin, "Kim").await;
    api.link(&alex, &jo, "worker", &["pain", "relaxation"]).await;
    api.link(&alex, &kim, "worker", &["pain"]).await;
    let path = format!("/api/patients/{}/relax-suggestions", alex.id);
    let body_scan = "bedb3397-7cfd-4212-a348-9d4755da8685";

    let track = api.post(&path, Some(&jo.token), &json!({"item_kind": "track", "item_id": body_scan})).await;
    assert_eq!(track.status, StatusCode::CREATED, "{:?}", track.body);
    assert_eq!(track.body["title"], "Body scan, gentle on pain");
    assert_eq!(track.body["by_name"], "Jo Okafor");
    let page = api.post(&path, Some(&jo.token), &json!({"item_kind": "page", "item_id": "pacing"})).await;
    assert_eq!(page.status, StatusCode::CREATED, "{:?}", page.body);

    // Refused: no relaxation scope, a made-up track or page.
    let no_scope = api.post(&path, Some(&kim.token), &json!({"item_kind": "page", "item_id": "pacing"})).await;
    assert_eq!(no_scope.status, StatusCode::FORBIDDEN, "{:?}", no_scope.body);
    let unknown = api
        .post(&path, Some(&jo.token), &json!({"item_kind": "track", "item_id": "00000000-0000-4000-8000-000000000000"}))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.body["message"], "That track isn't in the list any more. Please choose another.");
    let no_page = api.post(&path, Some(&jo.token), &json!({"item_kind": "page", "item_id": "miracles"})).await;
    assert_eq!(no_page.status, StatusCode::BAD_REQUEST);

    // Alex sees both, newest first. The audit log has Jo's four writes: the gate logs every access it
    // grants, including the two whose item was then refused.
    let mine = api.get(&path, Some(&alex.token)).await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    let titles: Vec<&str> = mine.body.as_array().into_iter().flatten().filter_map(|s| s["title"].as_str()).collect();
    assert_eq!(titles, ["Pacing and the over-activity trap", "Body scan, gentle on pain"]);
    let writes = api
        .audit(&alex)
        .await
        .into_iter()
        .filter(|r| r["subjects"] == json!(["relaxation"]) && r["action"] == "write")
        .count();
    assert_eq!(writes, 4);

    // Only Alex can put one away, once.
    let id = track.body["id"].as_str().unwrap_or_default();
    let dismiss = format!("/api/me/relax-suggestions/{id}/dismiss");
    assert_eq!(api.post(&dismiss, Some(&bea.token), &json!({})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.post(&dismiss, Some(&alex.token), &json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api.post(&dismiss, Some(&alex.token), &json!({})).await.status, StatusCode::NOT_FOUND);
    let left = api.get(&path, Some(&alex.token)).await;
    assert_eq!(left.body.as_array().map(Vec::len), Some(1), "{:?}", left.body);
}

both_backends!(a_worker_suggests_practice);
