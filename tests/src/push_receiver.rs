//! A Web Push service that a test runs in-process. The server under test sends its notifications
//! here, and the test reads back what arrived.
//!
//! Every POST is checked as a browser's push service checks it: the VAPID token (RFC 8292), the
//! TTL header (RFC 8030) and the aes128gcm encryption (RFC 8291 over RFC 8188). A message a real
//! push service would refuse is refused here too, and the reason is kept for the test to read.
//!
//! A test makes a device with [`PushReceiver::new_device`], which returns what a browser's
//! `PushSubscription.toJSON()` gives, and hands it to the app as a browser would.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkdf::Hkdf;
use http::header::{AUTHORIZATION, CONTENT_ENCODING, HeaderMap, HeaderValue, RETRY_AFTER};
use http::{Method, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use rand::rngs::OsRng;
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// Push services must take at least 4096 bytes of body (RFC 8030 §7.2); the big ones take no more.
const MAX_BODY: usize = 4096;

/// A VAPID token may be valid for at most 24 hours (RFC 8292 §2).
const MAX_TOKEN_LIFETIME_SECS: f64 = 24.0 * 3600.0;

/// How the receiver answers a message that passed every check, in place of 201.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A bare status, e.g. 410 for a subscription the browser has dropped.
    Status(u16),
    /// A status with a `Retry-After: <seconds>` header, e.g. 429 for a sender going too fast.
    RetryAfter { status: u16, seconds: u64 },
}

/// One request the receiver got, accepted or not.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub at: Instant,
    /// The request path, e.g. `/push/<device id>`.
    pub path: String,
    pub ttl: Option<u32>,
    pub urgency: Option<String>,
    pub topic: Option<String>,
    /// The decrypted body as JSON; `Value::Null` if the body was empty or the request was refused.
    pub payload: Value,
    /// The verified VAPID claims; `Value::Null` if the token was missing or did not verify.
    pub claims: Value,
    /// What the receiver answered.
    pub status: u16,
}

/// The push service: listens on `127.0.0.1:<port>` until dropped.
pub struct PushReceiver {
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl PushReceiver {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the push receiver to a local port");
        let port = listener.local_addr().expect("the push receiver's local address").port();
        let shared = Arc::new(Shared { port, state: Mutex::default() });
        let server = tokio::spawn(serve(listener, Arc::clone(&shared)));
        Self { shared, server }
    }

    pub fn port(&self) -> u16 {
        self.shared.port
    }

    /// A new device: a fresh P-256 key pair and 16-byte auth secret, and its endpoint
    /// `http://127.0.0.1:<port>/push/<random id>`. Returns what `PushSubscription.toJSON()` gives.
    pub fn new_device(&self) -> Value {
        let device = Device { secret: SecretKey::random(&mut OsRng), auth: rand::random() };
        let path = format!("/push/{}", uuid::Uuid::new_v4().simple());
        let subscription = json!({
            "endpoint": format!("http://127.0.0.1:{}{path}", self.port()),
            // Browsers include this (null unless the push service sets an expiry); the app must accept it.
            "expirationTime": null,
            "keys": {
                "p256dh": URL_SAFE_NO_PAD.encode(device.public_key()),
                "auth": URL_SAFE_NO_PAD.encode(device.auth),
            },
        });
        self.shared.state().devices.insert(path, device);
        subscription
    }

    /// The VAPID public key (base64url, uncompressed point, as `GET /api/push/public-key` serves it).
    /// Until one is trusted, every request is answered 401.
    pub fn trust_vapid_key(&self, public_key_b64url: &str) {
        let key = decode_b64url(public_key_b64url).expect("the VAPID public key is base64url");
        VerifyingKey::from_sec1_bytes(&key).expect("the VAPID public key is a P-256 point");
        self.shared.state().trusted_key = Some(key);
    }

    /// The next answers for one device endpoint, first in first out; once they run out it answers 201.
    /// A scripted answer is only given to a message that passed every check.
    pub fn script(&self, endpoint: &str, answers: Vec<Answer>) {
        let path = endpoint_path(endpoint);
        self.shared.state().scripts.entry(path).or_default().extend(answers);
    }

    /// Every request so far, refused ones included (their status tells), in arrival order.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.state().deliveries.clone()
    }

    /// Why each refused request was refused, in arrival order, as `<path>: <reason>`.
    pub fn rejections(&self) -> Vec<String> {
        self.shared.state().rejections.clone()
    }

    /// Waits (polling every 50 ms) until at least `n` deliveries were answered 2xx or `timeout` has
    /// passed, and returns the 2xx deliveries.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Delivery> {
        let deadline = Instant::now() + timeout;
        loop {
            let delivered: Vec<Delivery> =
                self.deliveries().into_iter().filter(|delivery| (200..300).contains(&delivery.status)).collect();
            if delivered.len() >= n || Instant::now() >= deadline {
                return delivered;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for PushReceiver {
    fn drop(&mut self) {
        // The accept loop owns the connections, so aborting it closes them too.
        self.server.abort();
    }
}

/// What the server task and the test share.
struct Shared {
    port: u16,
    state: Mutex<State>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not hide what was received from the next assertion.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Default)]
struct State {
    /// By endpoint path.
    devices: HashMap<String, Device>,
    /// The VAPID public key as an uncompressed point.
    trusted_key: Option<Vec<u8>>,
    /// By endpoint path.
    scripts: HashMap<String, VecDeque<Answer>>,
    deliveries: Vec<Delivery>,
    rejections: Vec<String>,
}

/// What the browser keeps for one subscription.
#[derive(Clone)]
struct Device {
    secret: SecretKey,
    auth: [u8; 16],
}

impl Device {
    /// The subscription's public key (`p256dh`) as a 65-byte uncompressed point.
    fn public_key(&self) -> Vec<u8> {
        self.secret.public_key().to_encoded_point(false).as_bytes().to_vec()
    }
}

/// The path of an endpoint URL; a test may pass the endpoint or just its path.
fn endpoint_path(endpoint: &str) -> String {
    url::Url::parse(endpoint).map(|url| url.path().to_owned()).unwrap_or_else(|_| endpoint.to_owned())
}

fn decode_b64url(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

// ---- HTTP ----

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    // Connections live in this set so that aborting this task (on drop) ends them as well.
    let mut connections = JoinSet::new();
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                connections.spawn(serve_connection(stream, Arc::clone(&shared)));
            }
            // E.g. out of file descriptors: try again shortly rather than spin.
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
        while connections.try_join_next().is_some() {}
    }
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move { Ok::<_, Infallible>(handle(request, &shared).await) }
    });
    // A sender hanging up mid-request leaves nothing to record.
    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
}

/// What a request said about itself, kept whether it is accepted or not.
struct Arrival {
    at: Instant,
    path: String,
    ttl: Option<u32>,
    urgency: Option<String>,
    topic: Option<String>,
}

/// A message that passed every check.
struct Accepted {
    claims: Value,
    payload: Value,
}

/// A refusal: the status to answer and the reason to keep.
struct Refusal {
    status: u16,
    reason: String,
}

fn refuse(status: u16, reason: impl Into<String>) -> Refusal {
    Refusal { status, reason: reason.into() }
}

async fn handle(request: Request<Incoming>, shared: &Shared) -> Response<Full<Bytes>> {
    let at = Instant::now();
    let (parts, body) = request.into_parts();
    let arrival = Arrival {
        at,
        path: parts.uri.path().to_owned(),
        ttl: header_text(&parts.headers, "ttl").and_then(|ttl| ttl.parse().ok()),
        urgency: header_text(&parts.headers, "urgency").map(str::to_owned),
        topic: header_text(&parts.headers, "topic").map(str::to_owned),
    };
    let outcome = match body.collect().await {
        Ok(body) => check(&parts.method, &parts.headers, &arrival, &body.to_bytes(), shared),
        Err(error) => Err(refuse(400, format!("unreadable body: {error}"))),
    };
    record(&mut shared.state(), arrival, outcome)
}

/// Keeps the request and picks its answer: the refusal, else the next scripted answer, else 201.
fn record(state: &mut State, arrival: Arrival, outcome: Result<Accepted, Refusal>) -> Response<Full<Bytes>> {
    let (answer, claims, payload, body) = match outcome {
        Ok(accepted) => {
            let scripted = state.scripts.get_mut(&arrival.path).and_then(VecDeque::pop_front);
            (scripted.unwrap_or(Answer::Status(201)), accepted.claims, accepted.payload, String::new())
        }
        Err(refusal) => {
            state.rejections.push(format!("{}: {}", arrival.path, refusal.reason));
            (Answer::Status(refusal.status), Value::Null, Value::Null, refusal.reason)
        }
    };
    let (status, retry_after) = match answer {
        Answer::Status(status) => (status, None),
        Answer::RetryAfter { status, seconds } => (status, Some(seconds)),
    };
    state.deliveries.push(Delivery {
        at: arrival.at,
        path: arrival.path,
        ttl: arrival.ttl,
        urgency: arrival.urgency,
        topic: arrival.topic,
        payload,
        claims,
        status,
    });
    respond(status, retry_after, body)
}

fn respond(status: u16, retry_after: Option<u64>, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

// ---- The checks ----

/// Everything a push service checks, in the order it matters: the endpoint, who sent it, how long
/// to keep it, and what is in it.
fn check(
    method: &Method,
    headers: &HeaderMap,
    arrival: &Arrival,
    body: &[u8],
    shared: &Shared,
) -> Result<Accepted, Refusal> {
    if method != Method::POST {
        return Err(refuse(405, format!("{method} instead of POST")));
    }
    // Copied out so the crypto below runs without holding the lock.
    let (device, trusted_key) = {
        let state = shared.state();
        (state.devices.get(&arrival.path).cloned(), state.trusted_key.clone())
    };
    let device = device.ok_or_else(|| refuse(404, "no such device"))?;
    let claims = verify_vapid(headers, trusted_key.as_deref(), shared.port)?;
    if arrival.ttl.is_none() {
        return Err(refuse(400, "TTL header missing or not a number (RFC 8030 §5.2)"));
    }
    if body.len() > MAX_BODY {
        return Err(refuse(413, format!("body of {} bytes, over {MAX_BODY}", body.len())));
    }
    let payload = decrypt_payload(headers, body, &device)?;
    Ok(Accepted { claims, payload })
}

// ---- VAPID (RFC 8292) ----

/// Checks `Authorization: vapid t=<jwt>, k=<key>` and returns the token's claims.
fn verify_vapid(headers: &HeaderMap, trusted_key: Option<&[u8]>, port: u16) -> Result<Value, Refusal> {
    let trusted_key = trusted_key.ok_or_else(|| refuse(401, "no VAPID key trusted yet (trust_vapid_key)"))?;
    let header = header_text(headers, AUTHORIZATION.as_str()).ok_or_else(|| refuse(401, "no Authorization header"))?;
    let (token, key) = parse_vapid_header(header).map_err(|reason| refuse(401, reason))?;
    // The app subscribed with its VAPID key, so the subscription is bound to it (RFC 8292 §4.2).
    if key != trusted_key {
        return Err(refuse(403, "k is not the trusted VAPID public key"));
    }
    let claims = verify_es256(token, &key).map_err(|reason| refuse(401, reason))?;
    check_claims(&claims, port).map_err(|reason| refuse(401, reason))?;
    Ok(claims)
}

/// Splits `vapid t=<jwt>, k=<base64url key>` into the token and the decoded key.
fn parse_vapid_header(header: &str) -> Result<(&str, Vec<u8>), String> {
    let (scheme, params) = header.split_once(' ').unwrap_or((header, ""));
    if !scheme.eq_ignore_ascii_case("vapid") {
        return Err(format!("Authorization scheme {scheme:?}, not vapid"));
    }
    let mut token = None;
    let mut key = None;
    for param in params.split(',') {
        match param.trim().split_once('=') {
            Some(("t", value)) => token = Some(value.trim()),
            Some(("k", value)) => key = Some(value.trim()),
            _ => {}
        }
    }
    let token = token.ok_or("no t= in the vapid Authorization header")?;
    let key = key.ok_or("no k= in the vapid Authorization header")?;
    let key = decode_b64url(key).ok_or("k is not base64url")?;
    Ok((token, key))
}

/// Verifies an ES256 JWT against `key` (an uncompressed point) and returns its claims.
fn verify_es256(token: &str, key: &[u8]) -> Result<Value, String> {
    let mut parts = token.split('.');
    let (Some(header), Some(claims), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("the JWT does not have three parts".into());
    };
    let alg = decode_json(header)?.get("alg").cloned().unwrap_or(Value::Null);
    if alg != "ES256" {
        return Err(format!("JWT alg {alg}, not ES256"));
    }
    let key = VerifyingKey::from_sec1_bytes(key).map_err(|_| "k is not a P-256 public key")?;
    // JWS carries ECDSA signatures as raw r || s, 32 bytes each, not DER.
    let signature = decode_b64url(signature)
        .and_then(|raw| Signature::from_slice(&raw).ok())
        .ok_or("the JWT signature is not a 64-byte r||s")?;
    let signed = &token[..header.len() + 1 + claims.len()];
    key.verify(signed.as_bytes(), &signature).map_err(|_| "bad JWT signature")?;
    decode_json(claims)
}

fn decode_json(part: &str) -> Result<Value, String> {
    let bytes = decode_b64url(part).ok_or("a JWT part is not base64url")?;
    serde_json::from_slice(&bytes).map_err(|error| format!("a JWT part is not JSON: {error}"))
}

/// `aud` is the push service's origin with its port, `exp` within the next 24 h, `sub` a contact.
fn check_claims(claims: &Value, port: u16) -> Result<(), String> {
    let origin = format!("http://127.0.0.1:{port}");
    // A sender that drops the port (as web-push does by default) signs for another origin.
    if claims.get("aud").and_then(Value::as_str) != Some(origin.as_str()) {
        return Err(format!("wrong aud {}, expected {origin:?}", claims.get("aud").unwrap_or(&Value::Null)));
    }
    let exp = claims.get("exp").and_then(Value::as_f64).ok_or("no numeric exp claim")?;
    let now = chrono::Utc::now().timestamp() as f64;
    if exp <= now {
        return Err(format!("exp {exp} is in the past (now {now})"));
    }
    if exp > now + MAX_TOKEN_LIFETIME_SECS {
        return Err(format!("exp {exp} is more than 24 h ahead (now {now})"));
    }
    let sub = claims.get("sub").and_then(Value::as_str).ok_or("missing sub claim")?;
    if !(sub.starts_with("mailto:") || sub.starts_with("https:")) {
        return Err(format!("sub {sub:?} is neither mailto: nor https:"));
    }
    Ok(())
}

// ---- Message encryption (RFC 8291, RFC 8188) ----

/// The decrypted body as JSON, or `Value::Null` for an empty push.
fn decrypt_payload(headers: &HeaderMap, body: &[u8], device: &Device) -> Result<Value, Refusal> {
    if body.is_empty() {
        return Ok(Value::Null);
    }
    let encoding = header_text(headers, CONTENT_ENCODING.as_str());
    if encoding != Some("aes128gcm") {
        return Err(refuse(400, format!("Content-Encoding {encoding:?}, not aes128gcm")));
    }
    let plaintext =
        decrypt_aes128gcm(body, device).map_err(|reason| refuse(400, format!("bad encryption: {reason}")))?;
    // The app's service worker parses the payload as JSON, so anything else is a bug worth failing on.
    serde_json::from_slice(&plaintext).map_err(|error| refuse(400, format!("payload is not JSON: {error}")))
}

/// The RFC 8188 header: salt (16) || rs (u32 BE) || idlen (1) || keyid, then the records.
struct EncryptedBody<'a> {
    salt: &'a [u8],
    /// The sender's ephemeral public key (RFC 8291 puts it in keyid).
    sender_key: &'a [u8],
    record: &'a [u8],
}

impl<'a> EncryptedBody<'a> {
    fn parse(body: &'a [u8]) -> Result<Self, String> {
        let (salt, rest) = body.split_at_checked(16).ok_or("body shorter than the aes128gcm header")?;
        let (rs, rest) = rest.split_at_checked(4).ok_or("body shorter than the aes128gcm header")?;
        let (idlen, rest) = rest.split_first().ok_or("body shorter than the aes128gcm header")?;
        let rs = u32::from_be_bytes([rs[0], rs[1], rs[2], rs[3]]) as usize;
        if *idlen != 65 {
            return Err(format!("keyid of {idlen} bytes, not a 65-byte P-256 public key"));
        }
        let (sender_key, record) = rest.split_at_checked(65).ok_or("body ends inside keyid")?;
        // 16 bytes of tag plus at least the delimiter and one byte (RFC 8188 §2.1).
        if rs < 18 {
            return Err(format!("record size {rs} below 18"));
        }
        if record.len() > rs {
            return Err(format!(
                "{} bytes of records with rs {rs}: multi-record messages are not supported",
                record.len()
            ));
        }
        Ok(Self { salt, sender_key, record })
    }
}

fn decrypt_aes128gcm(body: &[u8], device: &Device) -> Result<Vec<u8>, String> {
    let body = EncryptedBody::parse(body)?;
    let (key, nonce) = content_keys(device, body.sender_key, body.salt)?;
    let cipher = Aes128Gcm::new(&key.into());
    // The nonce is XORed with the record's sequence number, which is 0 for the only record.
    let padded = cipher
        .decrypt(&Nonce::from(nonce), body.record)
        .map_err(|_| "AES-GCM authentication failed (encrypted for other keys or another auth secret?)")?;
    strip_padding(padded)
}

/// The content encryption key and nonce (RFC 8291 §3.4, RFC 8188 §2.2–2.3).
fn content_keys(device: &Device, sender_key: &[u8], salt: &[u8]) -> Result<([u8; 16], [u8; 12]), String> {
    let sender = PublicKey::from_sec1_bytes(sender_key).map_err(|_| "keyid is not a P-256 public key")?;
    let ecdh_secret = p256::ecdh::diffie_hellman(device.secret.to_nonzero_scalar(), sender.as_affine());

    let mut key_info = b"WebPush: info\0".to_vec();
    key_info.extend(device.public_key());
    key_info.extend(sender_key);
    let mut ikm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(&device.auth), ecdh_secret.raw_secret_bytes())
        .expand(&key_info, &mut ikm)
        .map_err(|_| "HKDF: IKM length")?;

    let prk = Hkdf::<Sha256>::new(Some(salt), &ikm);
    let mut key = [0u8; 16];
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut key).map_err(|_| "HKDF: CEK length")?;
    let mut nonce = [0u8; 12];
    prk.expand(b"Content-Encoding: nonce\0", &mut nonce).map_err(|_| "HKDF: nonce length")?;
    Ok((key, nonce))
}

/// The last record ends with the delimiter 0x02 followed by any number of zero bytes.
fn strip_padding(mut padded: Vec<u8>) -> Result<Vec<u8>, String> {
    while padded.last() == Some(&0) {
        padded.pop();
    }
    match padded.pop() {
        Some(2) => Ok(padded),
        Some(1) => {
            Err("delimiter 0x01 marks a record that is not the last: multi-record messages are not supported".into())
        }
        _ => Err("no 0x02 padding delimiter at the end of the record".into()),
    }
}

#[cfg(test)]
mod tests {
    //! The receiver against a real sender: messages built, signed and encrypted by the web-push crate.

    use super::*;
    use web_push::{
        ContentEncoding, SubscriptionInfo, Urgency, VapidSignatureBuilder, WebPushMessageBuilder, request_builder,
    };

    /// A VAPID key pair in the forms web-push and the browser take: the 32-byte private scalar and
    /// the 65-byte uncompressed public point, both base64url without padding.
    struct VapidKey {
        private: String,
        public: String,
    }

    impl VapidKey {
        fn generate() -> Self {
            let secret = SecretKey::random(&mut OsRng);
            Self {
                private: URL_SAFE_NO_PAD.encode(secret.to_bytes()),
                public: URL_SAFE_NO_PAD.encode(secret.public_key().to_encoded_point(false).as_bytes()),
            }
        }
    }

    /// The claims our server must sign: aud with the port, and a contact.
    fn good_claims(receiver: &PushReceiver) -> Vec<(&'static str, Value)> {
        vec![("aud", json!(format!("http://127.0.0.1:{}", receiver.port()))), ("sub", json!("mailto:test@example.org"))]
    }

    /// A request as web-push builds it, with owned headers so a test can tamper before sending.
    struct Outgoing {
        url: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    impl Outgoing {
        fn build(subscription: &Value, vapid: &VapidKey, claims: &[(&'static str, Value)], payload: &Value) -> Self {
            let info: SubscriptionInfo = serde_json::from_value(subscription.clone()).expect("a subscription");
            let mut signature = VapidSignatureBuilder::from_base64(&vapid.private, &info).expect("a VAPID key");
            for (name, value) in claims {
                signature.add_claim(name, value.clone());
            }
            let text = payload.to_string();
            let mut message = WebPushMessageBuilder::new(&info);
            message.set_ttl(60);
            message.set_urgency(Urgency::High);
            message.set_topic("dose-reminder".into());
            // Before build(): web-push writes the Authorization header while encrypting the payload.
            message.set_vapid_signature(signature.build().expect("a VAPID signature"));
            message.set_payload(ContentEncoding::Aes128Gcm, text.as_bytes());
            let request = request_builder::build_request::<Vec<u8>>(message.build().expect("an encrypted message"));
            let headers = request
                .headers()
                .iter()
                // reqwest sets its own from the body.
                .filter(|(name, _)| name.as_str() != "content-length")
                .map(|(name, value)| (name.as_str().to_owned(), value.to_str().expect("ASCII").to_owned()))
                .collect();
            Self { url: request.uri().to_string(), headers, body: request.into_body() }
        }

        fn header(&mut self, name: &str) -> &mut String {
            let found = self.headers.iter_mut().find(|(key, _)| key.eq_ignore_ascii_case(name));
            &mut found.expect("the header is there").1
        }

        fn without(mut self, name: &str) -> Self {
            self.headers.retain(|(key, _)| !key.eq_ignore_ascii_case(name));
            self
        }

        async fn send(self) -> reqwest::Response {
            let client = reqwest::Client::builder().no_proxy().build().expect("an HTTP client");
            let mut request = client.post(&self.url).body(self.body);
            for (name, value) in self.headers {
                request = request.header(name, value);
            }
            request.send().await.expect("the receiver answers")
        }
    }

    /// A receiver that trusts `vapid`, with one device.
    async fn receiver_with_device(vapid: &VapidKey) -> (PushReceiver, Value) {
        let receiver = PushReceiver::start().await;
        receiver.trust_vapid_key(&vapid.public);
        let device = receiver.new_device();
        (receiver, device)
    }

    fn reminder() -> Value {
        json!({"title": "Time for your dose", "tag": "dose-1", "url": "/doses"})
    }

    #[tokio::test]
    async fn push_receiver_decrypts_a_real_web_push_message() {
        let vapid = VapidKey::generate();
        // The key pair made with p256 is one web-push reads, and it derives the same public key.
        let derived = VapidSignatureBuilder::from_base64_no_sub(&vapid.private).expect("a key").get_public_key();
        assert_eq!(URL_SAFE_NO_PAD.encode(derived), vapid.public);
        let (receiver, device) = receiver_with_device(&vapid).await;

        let outgoing = Outgoing::build(&device, &vapid, &good_claims(&receiver), &reminder());
        assert!(outgoing.headers.iter().any(|(name, value)| name == "authorization" && value.starts_with("vapid t=")));
        let response = outgoing.send().await;

        assert_eq!(response.status(), 201, "{:?}", receiver.rejections());
        let delivered = receiver.wait_for(1, Duration::from_secs(5)).await;
        let delivery = &delivered[0];
        assert_eq!(delivery.payload, reminder());
        assert_eq!(delivery.path, endpoint_path(device["endpoint"].as_str().expect("an endpoint")));
        assert_eq!(delivery.ttl, Some(60));
        assert_eq!(delivery.urgency.as_deref(), Some("high"));
        assert_eq!(delivery.topic.as_deref(), Some("dose-reminder"));
        assert_eq!(delivery.claims["sub"], "mailto:test@example.org");
        assert!(receiver.rejections().is_empty());
    }

    #[tokio::test]
    async fn push_receiver_refuses_an_aud_without_the_port() {
        let vapid = VapidKey::generate();
        let (receiver, device) = receiver_with_device(&vapid).await;

        // No aud claim: web-push then signs for scheme://host, dropping the port.
        let claims = [("sub", json!("mailto:test@example.org"))];
        let response = Outgoing::build(&device, &vapid, &claims, &reminder()).send().await;

        assert_eq!(response.status(), 401);
        let rejections = receiver.rejections();
        assert_eq!(rejections.len(), 1);
        assert!(rejections[0].contains("aud") && rejections[0].contains("\"http://127.0.0.1\""), "{rejections:?}");
        let deliveries = receiver.deliveries();
        assert_eq!((deliveries[0].status, &deliveries[0].payload), (401, &Value::Null));
    }

    #[tokio::test]
    async fn push_receiver_refuses_a_message_encrypted_for_another_device() {
        let vapid = VapidKey::generate();
        let (receiver, device) = receiver_with_device(&vapid).await;
        let mut other_keys = device.clone();
        other_keys["keys"] = receiver.new_device()["keys"].clone();

        let response = Outgoing::build(&other_keys, &vapid, &good_claims(&receiver), &reminder()).send().await;

        assert_eq!(response.status(), 400);
        assert!(receiver.rejections()[0].contains("bad encryption"), "{:?}", receiver.rejections());
    }

    #[tokio::test]
    async fn push_receiver_refuses_another_vapid_key() {
        let vapid = VapidKey::generate();
        let (receiver, device) = receiver_with_device(&vapid).await;
        let stranger = VapidKey::generate();

        // Signed by another key, and saying so.
        let response = Outgoing::build(&device, &stranger, &good_claims(&receiver), &reminder()).send().await;
        assert_eq!(response.status(), 403);

        // Signed by another key, claiming to be the trusted one.
        let mut forged = Outgoing::build(&device, &stranger, &good_claims(&receiver), &reminder());
        let authorization = forged.header("authorization");
        *authorization = authorization.replace(&stranger.public, &vapid.public);
        assert_eq!(forged.send().await.status(), 401);

        let rejections = receiver.rejections();
        assert!(rejections[0].contains("not the trusted VAPID public key"), "{rejections:?}");
        assert!(rejections[1].contains("bad JWT signature"), "{rejections:?}");
    }

    #[tokio::test]
    async fn push_receiver_answers_as_scripted() {
        let vapid = VapidKey::generate();
        let (receiver, device) = receiver_with_device(&vapid).await;
        let endpoint = device["endpoint"].as_str().expect("an endpoint");
        receiver.script(endpoint, vec![Answer::Status(410), Answer::RetryAfter { status: 429, seconds: 2 }]);

        let mut answers = Vec::new();
        for _ in 0..3 {
            let response = Outgoing::build(&device, &vapid, &good_claims(&receiver), &reminder()).send().await;
            let retry_after =
                response.headers().get("retry-after").map(|value| value.to_str().expect("ASCII").to_owned());
            answers.push((response.status().as_u16(), retry_after));
        }

        assert_eq!(answers, [(410, None), (429, Some("2".to_owned())), (201, None)]);
        // Scripted answers still come after the checks: each message was decrypted.
        assert!(receiver.deliveries().iter().all(|delivery| delivery.payload == reminder()));
        assert_eq!(receiver.wait_for(1, Duration::from_secs(1)).await.len(), 1);
        assert!(receiver.rejections().is_empty());
    }

    #[tokio::test]
    async fn push_receiver_refuses_what_a_push_service_would() {
        let vapid = VapidKey::generate();
        let (receiver, device) = receiver_with_device(&vapid).await;
        let build = |claims: &[(&'static str, Value)]| Outgoing::build(&device, &vapid, claims, &reminder());
        let aud = good_claims(&receiver).remove(0);
        let now = chrono::Utc::now().timestamp();

        let unknown_device = {
            let mut outgoing = build(&good_claims(&receiver));
            outgoing.url = format!("http://127.0.0.1:{}/push/nobody", receiver.port());
            outgoing
        };
        let cases = [
            (unknown_device, 404, "no such device"),
            (build(&good_claims(&receiver)).without("authorization"), 401, "no Authorization"),
            (build(&good_claims(&receiver)).without("ttl"), 400, "TTL"),
            (build(&[aud.clone(), ("sub", json!("test@example.org"))]), 401, "sub"),
            (build(&[aud.clone(), ("sub", json!("mailto:a@b.c")), ("exp", json!(now + 25 * 3600))]), 401, "24 h"),
            (build(&[aud, ("sub", json!("mailto:a@b.c")), ("exp", json!(now - 60))]), 401, "past"),
        ];
        for (outgoing, status, reason) in cases {
            let response = outgoing.send().await;
            let rejections = receiver.rejections();
            assert_eq!(response.status(), status, "{reason}: {rejections:?}");
            assert!(rejections.last().is_some_and(|last| last.contains(reason)), "{reason}: {rejections:?}");
        }
        assert!(receiver.wait_for(1, Duration::from_millis(100)).await.is_empty());
    }

    #[tokio::test]
    async fn push_receiver_refuses_everything_until_a_key_is_trusted() {
        let vapid = VapidKey::generate();
        let receiver = PushReceiver::start().await;
        let device = receiver.new_device();

        let response = Outgoing::build(&device, &vapid, &good_claims(&receiver), &reminder()).send().await;

        assert_eq!(response.status(), 401);
        assert!(receiver.rejections()[0].contains("no VAPID key trusted"));
    }

    #[test]
    fn push_receiver_strips_the_padding_of_the_last_record() {
        assert_eq!(strip_padding(b"{}\x02\0\0".to_vec()), Ok(b"{}".to_vec()));
        assert_eq!(strip_padding(b"{}\x02".to_vec()), Ok(b"{}".to_vec()));
        assert!(strip_padding(b"{}\x01\0".to_vec()).is_err());
        assert!(strip_padding(b"{}\0".to_vec()).is_err());
    }
}
