//! Web push: what one message costs to send, and what a burst of reminders does to the API,
//! each against a baseline measured in the same run.
//!
//! `cargo bench -p evenkeel-tests --bench push`
//! 1. Encryption alone: the `web-push` message (RFC 8291 aes128gcm) for a dose reminder's real
//!    payload, no signature and no HTTP, on one thread.
//! 2. The real sending path: `Sender::deliver` (encrypt, cached VAPID JWT, POST) to a local sink,
//!    32 in flight on a single-threaded runtime of its own.
//! 3. The same, with the JWT signed afresh for every message.
//! 4. `POST /api/sync` latency on the real release server (SQLite) while 1,000 reminders (20
//!    patients × 50, one device each) come due at once, against the same load with nothing due,
//!    in alternating windows.
//!
//! Parts 1–3 count the CPU time of the sending thread only: the sink, which stands in for the push
//! service, runs on another thread, and its work is not ours. The figures go into BENCHMARKS.md
//! between the push markers.

use std::convert::Infallible;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use evenkeel_domain::reminders::ReminderKind;
use evenkeel_server::db::push::SubscriptionRow;
use evenkeel_server::push::scheduler::notice;
use evenkeel_server::push::sender::{Notice, Outcome, Sender, encrypted_request};
use evenkeel_server::push::subscription::origin;
use evenkeel_server::push::vapid::Vapid;
use evenkeel_tests::api::changes::{id, pain};
use evenkeel_tests::{Api, Backend, TestServer};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use rand::RngCore;
use rand::rngs::OsRng;
use serde_json::{Value, json};
use web_push::{ContentEncoding, SubscriptionInfo, WebPushMessageBuilder};

/// Messages per measurement in parts 1–3.
const MESSAGES: usize = 3000;
/// Parts 1–3 run this many times, interleaved; the median is reported (other builds share the
/// machine, and a single round can land on a busy moment).
const ROUNDS: usize = 3;
/// Messages in flight at once in parts 2 and 3 (the scheduler allows 64).
const IN_FLIGHT: usize = 32;
/// Distinct devices the messages of parts 1–3 go to, in turn.
const DEVICES: usize = 100;

const PATIENTS: usize = 20;
/// The most reminders a patient may have.
const REMINDERS_EACH: usize = 50;
const CLIENTS: usize = 32;
/// Pain entries per sync request: a phone catching up on a few entries.
const BATCH: usize = 20;
const WINDOW: Duration = Duration::from_secs(10);
/// A patient may sync 300 times a minute; a client going flat out for a window could pass that
/// on a fast run, and a 429 is not a latency. So each client takes turns between two accounts.
const ACCOUNTS_PER_CLIENT: usize = 2;
/// Pairs of windows (nothing due, then every reminder due) in part 4.
const API_ROUNDS: usize = 3;

const COMMAND: &str = "cargo bench -p evenkeel-tests --bench push";
const SECTION: &str = "## Web push (issue 11)";
const START: &str = "<!-- push:start -->";
const END: &str = "<!-- push:end -->";

fn main() {
    let load_before = load_average();
    let sink = Sink::start();
    let sending = sending_costs(&sink);
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime");
    let rounds = runtime.block_on(api_under_burst(&sink));
    let report = report(&sending, &rounds, &load_before, &load_average());
    println!("{report}");
    write_into_benchmarks(&report);
}

// ---------------------------------------------------------------------------------------------
// CPU time of one thread

/// CPU time used so far by the calling thread. The workspace forbids `unsafe`, so not
/// `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`: the kernel gives the same nanosecond count, safely,
/// as the first field of `/proc/thread-self/schedstat`.
fn thread_cpu_time() -> Duration {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").expect("/proc/thread-self/schedstat (Linux)");
    let nanos = text.split_whitespace().next().and_then(|n| n.parse().ok()).expect("schedstat starts with ns on CPU");
    Duration::from_nanos(nanos)
}

/// Started and stopped on the same thread.
struct Stopwatch {
    cpu: Duration,
    wall: Instant,
}

/// What `messages` messages took: CPU of the measuring thread, and wall time.
#[derive(Clone, Copy)]
struct Cost {
    messages: usize,
    cpu: Duration,
    wall: Duration,
    /// Messages that were not answered 201.
    failed: usize,
}

impl Stopwatch {
    fn start() -> Self {
        Self { cpu: thread_cpu_time(), wall: Instant::now() }
    }

    fn stop(self, messages: usize, failed: usize) -> Cost {
        Cost { messages, cpu: thread_cpu_time() - self.cpu, wall: self.wall.elapsed(), failed }
    }
}

impl Cost {
    fn cpu_per_message(&self) -> Duration {
        self.cpu / self.messages as u32
    }

    fn per_core(&self) -> f64 {
        self.messages as f64 / self.cpu.as_secs_f64()
    }

    fn per_second(&self) -> f64 {
        self.messages as f64 / self.wall.as_secs_f64()
    }
}

// ---------------------------------------------------------------------------------------------
// The sink: a push service that accepts everything and decrypts nothing

/// Answers every POST `201 Created` over keep-alive HTTP/1.1, on its own thread and runtime, and
/// notes when each message arrived.
struct Sink {
    port: u16,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Sink {
    fn start() -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the sink");
        listener.set_nonblocking(true).expect("a non-blocking listener for tokio");
        let port = listener.local_addr().expect("the sink's address").port();
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let log = arrivals.clone();
        std::thread::Builder::new()
            .name("push-sink".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("sink runtime");
                runtime.block_on(serve(listener, log));
            })
            .expect("start the sink thread");
        Self { port, arrivals }
    }

    fn endpoint(&self, device: usize) -> String {
        format!("http://127.0.0.1:{}/push/{device}", self.port)
    }

    /// Messages that arrived in `from..=to`.
    fn count_between(&self, from: Instant, to: Instant) -> usize {
        self.arrived().iter().filter(|&&t| t >= from && t <= to).count()
    }

    fn arrived(&self) -> Vec<Instant> {
        self.arrivals.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

async fn serve(listener: std::net::TcpListener, log: Arc<Mutex<Vec<Instant>>>) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let log = log.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| accept(request, log.clone()));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn accept(
    request: hyper::Request<Incoming>,
    log: Arc<Mutex<Vec<Instant>>>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    // Read the body (so the connection can carry the next message) but never decrypt it.
    let _ = request.into_body().collect().await;
    log.lock().unwrap_or_else(PoisonError::into_inner).push(Instant::now());
    let mut response = hyper::Response::new(Full::new(Bytes::new()));
    *response.status_mut() = hyper::StatusCode::CREATED;
    Ok(response)
}

// ---------------------------------------------------------------------------------------------
// Keys, as a browser and a deployment make them

/// A browser's subscription keys: an uncompressed P-256 public key and a 16-byte auth secret.
fn device_keys() -> (String, String) {
    let secret = p256::SecretKey::random(&mut OsRng);
    let mut auth = [0u8; 16];
    OsRng.fill_bytes(&mut auth);
    (URL_SAFE_NO_PAD.encode(secret.public_key().to_encoded_point(false).as_bytes()), URL_SAFE_NO_PAD.encode(auth))
}

/// A deployment's VAPID pair: (private, public), base64url.
fn vapid_pair() -> (String, String) {
    let secret = p256::SecretKey::random(&mut OsRng);
    (
        URL_SAFE_NO_PAD.encode(secret.to_bytes()),
        URL_SAFE_NO_PAD.encode(secret.public_key().to_encoded_point(false).as_bytes()),
    )
}

fn vapid(pair: &(String, String)) -> Vapid {
    Vapid::from_keys(&pair.0, pair.1.clone(), "mailto:bench@evenkeel.example".into()).expect("a usable VAPID pair")
}

fn devices(sink: &Sink) -> Vec<SubscriptionRow> {
    (0..DEVICES)
        .map(|i| {
            let (p256dh, auth) = device_keys();
            SubscriptionRow {
                id: id(),
                user_id: id(),
                endpoint: sink.endpoint(i),
                p256dh,
                auth,
                created_at: chrono::Utc::now().naive_utc(),
            }
        })
        .collect()
}

fn info(device: &SubscriptionRow) -> SubscriptionInfo {
    SubscriptionInfo::new(device.endpoint.as_str(), device.p256dh.as_str(), device.auth.as_str())
}

// ---------------------------------------------------------------------------------------------
// Parts 1–3

/// Every round's cost of parts 1–3 (the report takes the median and the range).
struct Sending {
    encryption: Vec<Cost>,
    cached: Vec<Cost>,
    fresh: Vec<Cost>,
}

fn sending_costs(sink: &Sink) -> Sending {
    let devices = Arc::new(devices(sink));
    let notice = notice(ReminderKind::Dose);
    let pair = vapid_pair();
    let mut sending = Sending { encryption: Vec::new(), cached: Vec::new(), fresh: Vec::new() };
    for round in 1..=ROUNDS {
        eprintln!("round {round} of {ROUNDS}: encryption alone, cached JWT, fresh JWT");
        sending.encryption.push(encryption_alone(devices.clone(), notice.clone()));
        sending.cached.push(with_cached_signature(sink, devices.clone(), notice.clone(), vapid(&pair)));
        sending.fresh.push(with_fresh_signature(sink, devices.clone(), notice.clone(), vapid(&pair)));
    }
    sending
}

/// Part 1: the message a push service would get, built and encrypted, nothing sent.
fn encryption_alone(devices: Arc<Vec<SubscriptionRow>>, notice: Notice) -> Cost {
    let encrypt = move |i: usize| {
        let device = &devices[i % devices.len()];
        let info = info(device);
        let mut message = WebPushMessageBuilder::new(&info);
        message.set_payload(ContentEncoding::Aes128Gcm, &notice.payload);
        message.set_ttl(notice.ttl);
        message.set_urgency(notice.urgency);
        if let Some(topic) = &notice.topic {
            message.set_topic(topic.clone());
        }
        let built = message.build().expect("an encrypted message");
        std::hint::black_box(built.payload.map(|p| p.content.len()).unwrap_or_default())
    };
    std::thread::spawn(move || {
        // Untimed, as in parts 2 and 3, so all three are measured warm.
        for i in 0..IN_FLIGHT {
            encrypt(i);
        }
        let clock = Stopwatch::start();
        for i in 0..MESSAGES {
            encrypt(i);
        }
        clock.stop(MESSAGES, 0)
    })
    .join()
    .expect("the encryption thread")
}

/// Part 2: the server's own sending path, signature cached per push-service origin.
fn with_cached_signature(sink: &Sink, devices: Arc<Vec<SubscriptionRow>>, notice: Notice, vapid: Vapid) -> Cost {
    let cost = send_on_own_thread(move || {
        let sender = Arc::new(Sender::new(vapid).expect("a sender"));
        move |i: usize| {
            let (sender, devices, notice) = (sender.clone(), devices.clone(), notice.clone());
            async move { sender.deliver(&devices[i % devices.len()], &notice).await == Outcome::Delivered }
        }
    });
    check_arrivals(sink, &cost);
    cost
}

/// Part 3: the same request, but the JWT signed for every message, sent once with a client set
/// up as `Sender::new` sets up its own (which it does not expose).
fn with_fresh_signature(sink: &Sink, devices: Arc<Vec<SubscriptionRow>>, notice: Notice, vapid: Vapid) -> Cost {
    let cost = send_on_own_thread(move || {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .pool_idle_timeout(Duration::from_secs(90))
            .build()
            .expect("a client");
        let vapid = Arc::new(vapid);
        move |i: usize| {
            let (client, vapid, devices, notice) = (client.clone(), vapid.clone(), devices.clone(), notice.clone());
            async move {
                let device = &devices[i % devices.len()];
                let info = info(device);
                let expires_at = chrono::Utc::now().timestamp() + 12 * 3600;
                let Ok(signature) = vapid.sign(&info, &origin(&device.endpoint), expires_at) else { return false };
                let Ok(request) = encrypted_request(&client, &info, &notice, signature) else { return false };
                client.execute(request).await.is_ok_and(|r| r.status() == reqwest::StatusCode::CREATED)
            }
        }
    });
    check_arrivals(sink, &cost);
    cost
}

/// Runs `send(i)` for `MESSAGES` messages, at most `IN_FLIGHT` at once, on a new OS thread with a
/// single-threaded tokio runtime, so the CPU counted is all and only the sender's. `make` builds
/// the sender on that thread (its connections belong to that runtime). A warm-up of `IN_FLIGHT`
/// messages first opens the connections and makes the cached signature: not timed, since a
/// running server has them already.
fn send_on_own_thread<M, S, F>(make: M) -> Cost
where
    M: FnOnce() -> S + Send + 'static,
    S: Fn(usize) -> F + 'static,
    F: Future<Output = bool> + 'static,
{
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("sender runtime");
        let local = tokio::task::LocalSet::new();
        local.block_on(&runtime, async move {
            let send = make();
            let warm_up_failed = send_all(&send, IN_FLIGHT).await;
            assert_eq!(warm_up_failed, 0, "the warm-up messages were all delivered");
            let clock = Stopwatch::start();
            let failed = send_all(&send, MESSAGES).await;
            clock.stop(MESSAGES, failed)
        })
    })
    .join()
    .expect("the sender thread")
}

/// Sends `count` messages keeping `IN_FLIGHT` going; returns how many failed.
async fn send_all<S, F>(send: &S, count: usize) -> usize
where
    S: Fn(usize) -> F,
    F: Future<Output = bool> + 'static,
{
    let mut running = tokio::task::JoinSet::new();
    let mut failed = 0;
    for i in 0..count {
        if running.len() >= IN_FLIGHT {
            failed += usize::from(!matches!(running.join_next().await, Some(Ok(true))));
        }
        running.spawn_local(send(i));
    }
    while let Some(done) = running.join_next().await {
        failed += usize::from(!matches!(done, Ok(true)));
    }
    failed
}

/// Every delivered message of the timed run reached the sink while it ran.
fn check_arrivals(sink: &Sink, cost: &Cost) {
    let now = Instant::now();
    let arrived = sink.count_between(now - cost.wall, now);
    if arrived < cost.messages - cost.failed {
        eprintln!("warning: the sink counted {arrived} of {} delivered messages", cost.messages - cost.failed);
    }
}

// ---------------------------------------------------------------------------------------------
// Part 4: the API while reminders fire

/// One sync request: when it started, how long it took, and whether it was answered 200.
#[derive(Clone, Copy)]
struct Sample {
    started: Instant,
    took: Duration,
    ok: bool,
}

/// One load window: its samples, and when it started.
struct Window {
    start: Instant,
    samples: Vec<Sample>,
}

/// One round of part 4: the same load with nothing due, then with every reminder due.
struct Round {
    baseline: Window,
    burst: Window,
    /// Pushes that arrived at the sink during the burst window, and in all (waiting past it).
    pushed_in_window: usize,
    pushed_in_all: usize,
    /// From the reminders being made due to the first and the last push arriving.
    first_push: Option<Duration>,
    last_push: Option<Duration>,
}

/// Part 4. One pair of windows is not enough: on this machine a window with nothing due can
/// have a worse p99 than one with 1,000 pushes (SQLite checkpoints, other processes), so the pair
/// is repeated and every round reported.
async fn api_under_burst(sink: &Sink) -> Vec<Round> {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    eprintln!("making {PATIENTS} patients with {REMINDERS_EACH} reminders and a device each");
    for patient in 0..PATIENTS {
        patient_with_reminders(&api, &sink.endpoint(patient)).await;
    }
    let url = server.home.database_url.clone();
    let mut rounds = Vec::new();
    for round in 1..=API_ROUNDS {
        // Out of the way until the burst window, whatever the hour of this run.
        let parked = set_all_reminders_due(&url, chrono::Utc::now() + chrono::Duration::days(2)).await;
        assert_eq!(parked, PATIENTS * REMINDERS_EACH, "every reminder was made");
        eprintln!("round {round} of {API_ROUNDS}: sync load with nothing due, then with every reminder due");
        let baseline = sync_load(&api, None).await;
        let burst = sync_load(&api, Some(&url)).await;
        rounds.push(Round::after(sink, baseline, burst).await);
    }
    rounds
}

impl Round {
    /// Waits for the burst's pushes (so none spill into the next round), then counts them.
    async fn after(sink: &Sink, baseline: Window, burst: Window) -> Self {
        let pushed_in_all = wait_for_pushes(sink, burst.start, PATIENTS * REMINDERS_EACH).await;
        let pushed_in_window = sink.count_between(burst.start, burst.start + WINDOW);
        let since: Vec<Duration> =
            sink.arrived().into_iter().filter(|&t| t >= burst.start).map(|t| t - burst.start).collect();
        Self {
            baseline,
            burst,
            pushed_in_window,
            pushed_in_all,
            first_push: since.iter().min().copied(),
            last_push: since.iter().max().copied(),
        }
    }
}

/// A patient with quiet hours off (any hour of the run may send), one device at `endpoint`, and
/// the most reminders allowed.
async fn patient_with_reminders(api: &Api, endpoint: &str) {
    let token = api.new_patient().await;
    let quiet_off = json!({"time_zone": "Europe/London", "quiet_hours": {"start": "00:00", "end": "00:00"}});
    let saved = api.send(reqwest::Method::PUT, "/api/reminders/settings", Some(&token), None, Some(&quiet_off)).await;
    assert_eq!(saved.status, reqwest::StatusCode::OK, "{:?}", saved.body);
    let (p256dh, auth) = device_keys();
    let device = json!({"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}});
    let subscribed = api.post("/api/push/subscriptions", Some(&token), &device).await;
    assert_eq!(subscribed.status, reqwest::StatusCode::OK, "{:?}", subscribed.body);
    let reminder = json!({"kind": "pain", "local_time": "12:00", "weekdays": [1, 2, 3, 4, 5, 6, 7]});
    for _ in 0..REMINDERS_EACH {
        let made = api.post("/api/reminders", Some(&token), &reminder).await;
        assert_eq!(made.status, reqwest::StatusCode::CREATED, "{:?}", made.body);
    }
}

/// Sets every reminder's next time to `at`; returns how many changed. The server's scheduler
/// takes SQLite's write lock every tick, so this waits for it rather than failing.
async fn set_all_reminders_due(url: &str, at: chrono::DateTime<chrono::Utc>) -> usize {
    use diesel::{Connection, RunQueryDsl, SqliteConnection};
    let path = url.strip_prefix("sqlite://").expect("a SQLite database").to_owned();
    let at = at.naive_utc().format("%Y-%m-%d %H:%M:%S%.6f").to_string();
    tokio::task::spawn_blocking(move || {
        let mut conn = SqliteConnection::establish(&path).expect("open the server's database");
        diesel::sql_query("PRAGMA busy_timeout = 10000").execute(&mut conn).expect("busy timeout");
        diesel::sql_query(format!("UPDATE reminders SET next_fire_at = '{at}'")).execute(&mut conn).expect("update")
    })
    .await
    .expect("the update")
}

/// `CLIENTS` clients, each syncing batches of pain entries for its own patients as fast as the
/// server answers, for one window. With `due_in`, every reminder in that database is made due
/// the moment the window starts (accounts are made before, so the window is all sync).
async fn sync_load(api: &Api, due_in: Option<&str>) -> Window {
    let mut accounts = Vec::new();
    for _ in 0..CLIENTS {
        let mut mine = Vec::new();
        for _ in 0..ACCOUNTS_PER_CLIENT {
            mine.push(api.new_patient().await);
        }
        accounts.push(mine);
    }
    let start = Instant::now();
    if let Some(url) = due_in {
        let due = set_all_reminders_due(url, chrono::Utc::now()).await;
        assert_eq!(due, PATIENTS * REMINDERS_EACH, "every reminder made due");
    }
    let deadline = start + WINDOW;
    let clients: Vec<_> = accounts.into_iter().map(|mine| tokio::spawn(client(api.clone(), mine, deadline))).collect();
    let mut samples = Vec::new();
    for c in clients {
        samples.extend(c.await.expect("a sync client"));
    }
    Window { start, samples }
}

/// One phone-like client: batches of `BATCH` new pain entries, taking turns between its accounts,
/// each with its own cursor, until `deadline`.
async fn client(api: Api, tokens: Vec<String>, deadline: Instant) -> Vec<Sample> {
    let mut cursors = vec![0_i64; tokens.len()];
    let mut logged = vec![0_usize; tokens.len()];
    let mut samples = Vec::new();
    let mut turn = 0;
    while Instant::now() < deadline {
        let account = turn % tokens.len();
        let batch = pain_entries(logged[account], BATCH);
        let started = Instant::now();
        let reply = api.sync(&tokens[account], cursors[account], &batch).await;
        let took = started.elapsed();
        let ok = reply.status == reqwest::StatusCode::OK;
        if !ok && samples.iter().all(|s: &Sample| s.ok) {
            eprintln!("first error of a client: {} {:?}", reply.status, reply.body);
        }
        samples.push(Sample { started, took, ok });
        cursors[account] = reply.body["cursor"].as_i64().unwrap_or(cursors[account]);
        logged[account] += BATCH;
        turn += 1;
    }
    samples
}

/// `n` pain scores continuing a phone's history `skip` entries back from now, ten or so a day.
fn pain_entries(skip: usize, n: usize) -> Vec<Value> {
    let now = chrono::Utc::now();
    (skip..skip + n)
        .map(|i| {
            let at =
                (now - chrono::Duration::minutes(i as i64 * 144)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            pain(&id(), (i % 11) as i64, &at, &at)
        })
        .collect()
}

/// Waits (up to 30 s past the window) until `expected` pushes have arrived since `since`;
/// returns how many did.
async fn wait_for_pushes(sink: &Sink, since: Instant, expected: usize) -> usize {
    let give_up = Instant::now() + Duration::from_secs(30);
    loop {
        let arrived = sink.count_between(since, Instant::now());
        if arrived >= expected || Instant::now() > give_up {
            return arrived;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// p50 and p99 of some samples, and how many there were and failed.
struct Latency {
    requests: usize,
    errors: usize,
    p50: Duration,
    p99: Duration,
}

impl Latency {
    fn of<'a>(samples: impl Iterator<Item = &'a Sample>) -> Self {
        let samples: Vec<&Sample> = samples.collect();
        let mut times: Vec<Duration> = samples.iter().map(|s| s.took).collect();
        times.sort();
        let pick = |q: f64| times.get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1))).copied();
        Self {
            requests: samples.len(),
            errors: samples.iter().filter(|s| !s.ok).count(),
            p50: pick(0.50).unwrap_or_default(),
            p99: pick(0.99).unwrap_or_default(),
        }
    }
}

impl Window {
    fn latency(&self) -> Latency {
        Latency::of(self.samples.iter())
    }

    /// Requests started within `span` of the window's start.
    fn latency_within(&self, span: Duration) -> Latency {
        Latency::of(self.samples.iter().filter(|s| s.started - self.start <= span))
    }
}

// ---------------------------------------------------------------------------------------------
// The report

fn report(sending: &Sending, rounds: &[Round], load_before: &str, load_after: &str) -> String {
    let mut out = format!(
        "Measured {} by `{COMMAND}` (release build; 2 cores; load average {load_before} \
         before, {load_after} after).\n\n",
        chrono::Utc::now().format("%Y-%m-%d")
    );
    out.push_str(&sending_table(sending));
    out.push('\n');
    out.push_str(&api_table(rounds));
    out
}

fn sending_table(s: &Sending) -> String {
    let encryption = median(&s.encryption);
    let cached = median(&s.cached);
    let fresh = median(&s.fresh);
    let ratio = |c: &Cost| c.cpu_per_message().as_secs_f64() / encryption.cpu_per_message().as_secs_f64();
    let row = |name: &str, all: &[Cost], c: &Cost| {
        format!(
            "| {name} | **{:.0} µs** ({}) | **{}** | {} | {:.2}× | {} |\n",
            micros(c.cpu_per_message()),
            range(all),
            thousands(c.per_core()),
            thousands(c.per_second()),
            ratio(c),
            all.iter().map(|c| c.failed).sum::<usize>(),
        )
    };
    let mut out = format!(
        "{} messages per run, a dose reminder's real payload ({} bytes) to {DEVICES} devices in turn; \
         {IN_FLIGHT} in flight when sent; CPU of the sending thread only (the sink, answering 201 without \
         decrypting, runs on another thread); median of {ROUNDS} interleaved rounds, range in brackets.\n\n",
        thousands(MESSAGES as f64),
        notice(ReminderKind::Dose).payload.len()
    );
    out.push_str(
        "| path | CPU per message | messages/s per core | messages/s (wall) | × encryption alone | failed |\n",
    );
    out.push_str("|---|---|---|---|---|---|\n");
    out.push_str(&row("1. Encryption alone (web-push aes128gcm, no HTTP)", &s.encryption, &encryption));
    out.push_str(&row("2. `Sender::deliver`, cached VAPID JWT", &s.cached, &cached));
    out.push_str(&row("3. Same request, JWT signed per message", &s.fresh, &fresh));
    let per_core_met = if cached.per_core() >= 2500.0 { "met" } else { "**not met**" };
    let ratio_met = if ratio(&cached) <= 1.2 { "met" } else { "**not met**" };
    out.push_str(&format!(
        "\nAims for the sending path (2): ≥ 2,500 messages/s per core — {per_core_met} ({}); ≤ 1.2× encryption \
         alone — {ratio_met} ({:.2}×). Signing the JWT for every message (3) adds {:.0} µs per message: \
         {:.2}× the cost of (2).\n",
        thousands(cached.per_core()),
        ratio(&cached),
        micros(fresh.cpu_per_message()) - micros(cached.cpu_per_message()),
        fresh.cpu_per_message().as_secs_f64() / cached.cpu_per_message().as_secs_f64(),
    ));
    out
}

fn api_table(rounds: &[Round]) -> String {
    let expected = PATIENTS * REMINDERS_EACH;
    let mut out = format!(
        "`POST /api/sync` on the release server (SQLite), {CLIENTS} clients each syncing batches of {BATCH} pain \
         entries as fast as answered, {} s per window; {PATIENTS} patients × {REMINDERS_EACH} reminders, one \
         device each at the sink, all made due as the second window of each round starts (the scheduler ticks \
         every second). \"While sending\" is the start of the window up to the last push + 0.5 s, and the same \
         stretch of the round's window with nothing due:\n\n",
        WINDOW.as_secs()
    );
    out.push_str(
        "| round | reminders due | requests | p50 | p99 | while sending: p50 / p99 | pushes in the window | errors |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for (i, round) in rounds.iter().enumerate() {
        let pushes = format!(
            "{} (first after {:.2} s, last {:.2} s)",
            thousands(round.pushed_in_window as f64),
            round.first_push.unwrap_or_default().as_secs_f64(),
            round.last_push.unwrap_or_default().as_secs_f64()
        );
        out.push_str(&window_row(i + 1, "none", &round.baseline, round.sending_span(), "—"));
        out.push_str(&window_row(i + 1, &thousands(expected as f64), &round.burst, round.sending_span(), &pushes));
    }
    let arrived = if rounds.iter().all(|r| r.pushed_in_window == expected) {
        format!("all {} in every window", thousands(expected as f64))
    } else {
        let all: Vec<String> = rounds.iter().map(|r| r.pushed_in_all.to_string()).collect();
        format!("**not {expected} in every window** ({} once waited for up to 30 s more)", all.join(", "))
    };
    out.push_str(&format!(
        "\nWith 1,000 reminders due / nothing due, median of the rounds' ratios: p99 {:.2}× and p50 {:.2}× over \
         the whole window; p99 {:.2}× and p50 {:.2}× while sending. Pushes: {arrived}.\n",
        median_ratio(rounds, false, |l| l.p99),
        median_ratio(rounds, false, |l| l.p50),
        median_ratio(rounds, true, |l| l.p99),
        median_ratio(rounds, true, |l| l.p50),
    ));
    out
}

fn window_row(round: usize, due: &str, window: &Window, span: Duration, pushes: &str) -> String {
    let (all, sending) = (window.latency(), window.latency_within(span));
    format!(
        "| {round} | {due} | {} | {:.1} ms | {:.1} ms | {:.1} / {:.1} ms (first {:.1} s) | {pushes} | {} |\n",
        thousands(all.requests as f64),
        millis(all.p50),
        millis(all.p99),
        millis(sending.p50),
        millis(sending.p99),
        span.as_secs_f64(),
        all.errors,
    )
}

/// The median over the rounds of (with reminders due) / (nothing due) for one measure, over the
/// whole windows or only while sending.
fn median_ratio(rounds: &[Round], while_sending: bool, measure: fn(&Latency) -> Duration) -> f64 {
    let mut ratios: Vec<f64> = rounds
        .iter()
        .map(|r| {
            let (due, none) = if while_sending {
                (r.burst.latency_within(r.sending_span()), r.baseline.latency_within(r.sending_span()))
            } else {
                (r.burst.latency(), r.baseline.latency())
            };
            measure(&due).as_secs_f64() / measure(&none).as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios.get(ratios.len() / 2).copied().unwrap_or_default()
}

impl Round {
    /// From the window's start to half a second after the last push.
    fn sending_span(&self) -> Duration {
        self.last_push.unwrap_or(WINDOW) + Duration::from_millis(500)
    }
}

/// The round with the median CPU per message.
fn median(costs: &[Cost]) -> Cost {
    let mut sorted = costs.to_vec();
    sorted.sort_by_key(|c| c.cpu_per_message());
    sorted[sorted.len() / 2]
}

fn range(costs: &[Cost]) -> String {
    let per: Vec<f64> = costs.iter().map(|c| micros(c.cpu_per_message())).collect();
    let (low, high) = per.iter().fold((f64::MAX, 0.0_f64), |(l, h), &x| (l.min(x), h.max(x)));
    format!("{low:.0}–{high:.0}")
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `12345.6` → `12,346`.
fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The 1, 5 and 15 minute load averages: this machine is shared, so the report says how busy.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// Replaces what is between the push markers in BENCHMARKS.md, or adds the section with its
/// markers at the end of the file; the rest of the file is left as it was.
fn write_into_benchmarks(report: &str) {
    let path = evenkeel_tests::workspace_root().join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).expect("read BENCHMARKS.md");
    let block = format!("{START}\n{}\n{END}", wrap_prose(report.trim_end(), 100));
    let updated = match (text.find(START), text.find(END)) {
        (Some(from), Some(to)) if from < to => format!("{}{block}{}", &text[..from], &text[to + END.len()..]),
        _ => format!("{}\n\n{SECTION}\n\n{block}\n", text.trim_end()),
    };
    std::fs::write(&path, updated).expect("write BENCHMARKS.md");
    eprintln!("wrote the figures into {}", path.display());
}

/// Wraps the lines of prose at `width` characters, as the rest of BENCHMARKS.md is written;
/// table rows stay on one line each.
fn wrap_prose(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('|') || line.chars().count() <= width {
            out.push(line.to_owned());
            continue;
        }
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    out.join("\n")
}
