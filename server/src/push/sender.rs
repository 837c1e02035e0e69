//! Sending one notification to one device: encrypt (RFC 8291 `aes128gcm`), sign (the cached VAPID
//! JWT), POST to the push service, and act on its answer.
//!
//! The `web-push` crate builds the request; reqwest sends it. The crate's own client is isahc,
//! which brings libcurl and a second async runtime; reqwest runs on the tokio the server already
//! has, sets a timeout per request, keeps connections to a push service open between messages,
//! and uses the OpenSSL that `web-push`'s encryption links anyway (native-tls).

use std::time::Duration;

use web_push::{SubscriptionInfo, Urgency, WebPushError, WebPushMessageBuilder};

use super::subscription::origin;
use super::vapid::Vapid;
use crate::db::push::SubscriptionRow;

/// Tries per message: the first and up to two retries after 429 or 5xx.
const ATTEMPTS: u32 = 3;
/// The longest wait before a retry, whatever `Retry-After` asks.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(60);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What goes to every device of one person for one reminder.
#[derive(Debug, Clone)]
pub struct Notice {
    /// JSON: title, body, url, kind — nothing else (see `evenkeel_domain::reminders::PushPayload`).
    pub payload: Vec<u8>,
    pub ttl: u32,
    pub urgency: Urgency,
    /// Replaces a message of the same topic still waiting at the push service.
    pub topic: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// 404 or 410: the device unsubscribed; its row should go.
    Gone,
    /// Any other answer, or no answer, after the retries.
    Failed,
}

pub struct Sender {
    client: reqwest::Client,
    vapid: Vapid,
}

impl Sender {
    pub fn new(vapid: Vapid) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .pool_idle_timeout(Duration::from_secs(90))
            // A push service answers; it never sends us elsewhere (a redirect could point inside).
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self { client, vapid })
    }

    pub fn vapid(&self) -> &Vapid {
        &self.vapid
    }

    /// The encrypted, signed request for one device.
    pub fn request(&self, device: &SubscriptionRow, notice: &Notice) -> Result<reqwest::Request, WebPushError> {
        let info = SubscriptionInfo::new(device.endpoint.as_str(), device.p256dh.as_str(), device.auth.as_str());
        let signature = self.vapid.signature(&info, &origin(&device.endpoint))?;
        encrypted_request(&self.client, &info, notice, signature)
    }

    /// Sends `notice` to `device`, retrying 429 and 5xx after `Retry-After` (or 1 s, 2 s, …),
    /// at most [`ATTEMPTS`] times in all.
    pub async fn deliver(&self, device: &SubscriptionRow, notice: &Notice) -> Outcome {
        let request = match self.request(device, notice) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(origin = %origin(&device.endpoint), error = %e, "could not build a push message");
                return Outcome::Failed;
            }
        };
        for attempt in 1..=ATTEMPTS {
            let Some(this_try) = request.try_clone() else { return Outcome::Failed };
            let (status, retry_after) = match self.client.execute(this_try).await {
                Ok(r) => (Some(r.status().as_u16()), retry_after(&r)),
                Err(e) if e.is_timeout() => {
                    // It may have taken the message before the time ran out: a retry could show
                    // the reminder twice.
                    tracing::info!(origin = %origin(&device.endpoint), "push service did not answer in time");
                    return Outcome::Failed;
                }
                Err(_) => {
                    tracing::info!(origin = %origin(&device.endpoint), "could not reach the push service");
                    (None, None)
                }
            };
            match status {
                Some(200..=299) => return Outcome::Delivered,
                Some(404 | 410) => return Outcome::Gone,
                Some(429 | 500..=599) | None if attempt < ATTEMPTS => {
                    let backoff = Duration::from_secs(1 << (attempt - 1));
                    tokio::time::sleep(retry_after.unwrap_or(backoff).min(MAX_RETRY_DELAY)).await;
                }
                Some(status) => {
                    // 413 and other refusals: the origin says which service, never the device.
                    tracing::warn!(origin = %origin(&device.endpoint), status, "push service refused a message");
                    return Outcome::Failed;
                }
                None => return Outcome::Failed,
            }
        }
        Outcome::Failed
    }
}

/// Encrypts `notice` for the device and signs it with `signature` (public for the benchmark,
/// which compares a cached signature with a fresh one per message).
pub fn encrypted_request(
    client: &reqwest::Client,
    info: &SubscriptionInfo,
    notice: &Notice,
    signature: web_push::VapidSignature,
) -> Result<reqwest::Request, WebPushError> {
    let mut message = WebPushMessageBuilder::new(info);
    message.set_payload(web_push::ContentEncoding::Aes128Gcm, &notice.payload);
    message.set_ttl(notice.ttl);
    message.set_urgency(notice.urgency);
    if let Some(topic) = &notice.topic {
        message.set_topic(topic.clone());
    }
    message.set_vapid_signature(signature);
    let built = web_push::request_builder::build_request::<Vec<u8>>(message.build()?);
    // The crate speaks `http` 0.2 and reqwest `http` 1: carry the parts across.
    let (parts, body) = built.into_parts();
    let mut request = client.post(parts.uri.to_string()).body(body);
    for (name, value) in &parts.headers {
        // reqwest writes its own Content-Length; a second one would make the request invalid.
        if name.as_str() != "content-length" {
            request = request.header(name.as_str(), value.as_bytes());
        }
    }
    request.build().map_err(|_| WebPushError::InvalidUri)
}

/// `Retry-After` in seconds (the HTTP-date form falls back to backoff).
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let seconds = response.headers().get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds))
}
