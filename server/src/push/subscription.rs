//! A device's push subscription, checked at the edge: where its push service is, and the keys
//! its messages are encrypted for (RFC 8291).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use evenkeel_domain::reminders::PushSubscriptionRequest;
use reqwest::Url;

/// Longer than any push service's endpoint we know of (FCM's are under 300 characters).
const MAX_ENDPOINT_CHARS: usize = 2048;

/// The push services browsers use: Google's (Chrome, Edge on Android, Samsung, Opera), Mozilla's,
/// Apple's and Microsoft's. The server sends only there: an endpoint is a URL a patient hands us,
/// and anything else would let an account make the server post to hosts of its choosing.
const PUSH_SERVICES: [&str; 4] =
    [".googleapis.com", ".push.services.mozilla.com", ".push.apple.com", ".notify.windows.com"];

/// `endpoint` in the OpenAPI document: an https URL at one of [`PUSH_SERVICES`], as long as
/// [`MAX_ENDPOINT_CHARS`] at most. (A narrower shape than `check_endpoint` takes, no port or
/// query, which is what browsers hand out.)
pub fn endpoint_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    let services: Vec<String> = PUSH_SERVICES.iter().map(|s| s.replace('.', "\\.")).collect();
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .pattern(Some(format!("^https://([a-z0-9-]+\\.)*[a-z0-9-]+({})(/[A-Za-z0-9._~/-]*)?$", services.join("|"))))
        .max_length(Some(MAX_ENDPOINT_CHARS))
        .description(Some("The browser's push service: an https URL at Google's, Mozilla's, Apple's or Microsoft's."))
        .examples(["https://fcm.googleapis.com/fcm/send/abc123"])
        .into()
}

/// `Debug` prints only the push service's origin.
#[derive(Clone, PartialEq, Eq)]
pub struct Subscription {
    pub endpoint: String,
    /// The device's P-256 public key, base64url without padding.
    pub p256dh: String,
    /// The device's 16-byte auth secret, base64url without padding.
    pub auth: String,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription").field("origin", &origin(&self.endpoint)).finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubscriptionError {
    #[error(
        "The notification address from this browser isn't one we can use. Please try turning notifications on again."
    )]
    BadEndpoint,
    #[error("Notifications must go through a secure (https) push service.")]
    NotHttps,
    #[error("This browser's notification service isn't one Even Keel can send to. Reminders still show in the app.")]
    UnknownService,
    #[error("This browser's notification key isn't valid. Please try turning notifications on again.")]
    BadKey,
    #[error("This browser's notification secret isn't valid. Please try turning notifications on again.")]
    BadAuth,
}

impl Subscription {
    pub fn parse(req: &PushSubscriptionRequest, allow_localhost: bool) -> Result<Self, SubscriptionError> {
        let endpoint = check_endpoint(&req.endpoint, allow_localhost)?;
        let p256dh = decode(&req.keys.p256dh).ok_or(SubscriptionError::BadKey)?;
        p256::PublicKey::from_sec1_bytes(&p256dh).map_err(|_| SubscriptionError::BadKey)?;
        if p256dh.len() != 65 {
            // Compressed points are valid P-256 but not what RFC 8291 sends.
            return Err(SubscriptionError::BadKey);
        }
        let auth = decode(&req.keys.auth).filter(|a| a.len() == 16).ok_or(SubscriptionError::BadAuth)?;
        Ok(Self {
            endpoint: endpoint.to_string(),
            p256dh: URL_SAFE_NO_PAD.encode(p256dh),
            auth: URL_SAFE_NO_PAD.encode(auth),
        })
    }
}

fn check_endpoint(endpoint: &str, allow_localhost: bool) -> Result<Url, SubscriptionError> {
    if endpoint.len() > MAX_ENDPOINT_CHARS {
        return Err(SubscriptionError::BadEndpoint);
    }
    let url = Url::parse(endpoint).map_err(|_| SubscriptionError::BadEndpoint)?;
    if url.host_str().is_none_or(str::is_empty) || !url.username().is_empty() || url.password().is_some() {
        return Err(SubscriptionError::BadEndpoint);
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let local = matches!(host.as_str(), "127.0.0.1" | "localhost");
    let known = PUSH_SERVICES.iter().any(|suffix| host.ends_with(suffix));
    match url.scheme() {
        "https" if known || (allow_localhost && local) => Ok(url),
        "https" => Err(SubscriptionError::UnknownService),
        "http" if allow_localhost && local => Ok(url),
        "http" => Err(SubscriptionError::NotHttps),
        _ => Err(SubscriptionError::BadEndpoint),
    }
}

/// Browsers send base64url without padding; a padded one is accepted too.
fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

/// `scheme://host[:port]` of an endpoint: the `aud` of its VAPID JWT, and all a log line may say
/// about where a message went (the path identifies the device).
pub fn origin(endpoint: &str) -> String {
    Url::parse(endpoint).map(|u| u.origin().ascii_serialization()).unwrap_or_else(|_| "(unparsable)".into())
}

#[cfg(test)]
mod tests {
    use evenkeel_domain::reminders::PushKeys;

    use super::*;

    fn request(endpoint: &str, p256dh: &str, auth: &str) -> PushSubscriptionRequest {
        PushSubscriptionRequest {
            endpoint: endpoint.into(),
            keys: PushKeys { p256dh: p256dh.into(), auth: auth.into() },
        }
    }

    fn device_key() -> String {
        let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
        URL_SAFE_NO_PAD.encode(secret.public_key().to_sec1_bytes())
    }

    const AUTH: &str = "xS03Fi5ErfTNH_l9WHE9Ig";

    #[test]
    fn a_browser_subscription_is_accepted() {
        let key = device_key();
        let sub = Subscription::parse(&request("https://fcm.googleapis.com/fcm/send/abc", &key, AUTH), false).unwrap();
        assert_eq!(sub.p256dh, key);
        assert_eq!(origin(&sub.endpoint), "https://fcm.googleapis.com");
        let padded =
            Subscription::parse(&request("https://web.push.apple.com/x", &key, "xS03Fi5ErfTNH_l9WHE9Ig=="), false);
        assert_eq!(padded.unwrap().auth, AUTH);
        let mozilla = "https://updates.push.services.mozilla.com/wpush/v2/gAAAA";
        assert!(Subscription::parse(&request(mozilla, &key, AUTH), false).is_ok());
    }

    #[test]
    fn only_the_browsers_push_services() {
        let key = device_key();
        for elsewhere in [
            "https://push.example/1",
            "https://10.0.0.1/x",
            "https://googleapis.com.evil.example/x",
            "https://metadata.internal/x",
        ] {
            assert_eq!(
                Subscription::parse(&request(elsewhere, &key, AUTH), false),
                Err(SubscriptionError::UnknownService),
                "{elsewhere}"
            );
        }
    }

    #[test]
    fn plain_http_only_on_this_machine_and_only_when_allowed() {
        let key = device_key();
        let local = request("http://127.0.0.1:9999/push/1", &key, AUTH);
        assert_eq!(Subscription::parse(&local, false), Err(SubscriptionError::NotHttps));
        assert!(Subscription::parse(&local, true).is_ok());
        assert_eq!(origin(&local.endpoint), "http://127.0.0.1:9999");
        let remote = request("http://fcm.googleapis.com/1", &key, AUTH);
        assert_eq!(Subscription::parse(&remote, true), Err(SubscriptionError::NotHttps));
        for bad in ["", "not a url", "ftp://push.example/1", "https://user:pw@push.example/1"] {
            assert_eq!(
                Subscription::parse(&request(bad, &key, AUTH), true),
                Err(SubscriptionError::BadEndpoint),
                "{bad}"
            );
        }
    }

    #[test]
    fn keys_must_be_a_p256_point_and_a_16_byte_secret() {
        let key = device_key();
        let e = "https://fcm.googleapis.com/fcm/send/1";
        let not_on_curve = URL_SAFE_NO_PAD.encode([4u8; 65]);
        assert_eq!(Subscription::parse(&request(e, &not_on_curve, AUTH), false), Err(SubscriptionError::BadKey));
        assert_eq!(Subscription::parse(&request(e, "!!", AUTH), false), Err(SubscriptionError::BadKey));
        let short_auth = URL_SAFE_NO_PAD.encode([1u8; 8]);
        assert_eq!(Subscription::parse(&request(e, &key, &short_auth), false), Err(SubscriptionError::BadAuth));
    }
}
