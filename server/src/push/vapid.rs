//! The VAPID key pair (RFC 8292) and the signed JWT each push request carries.
//!
//! The pair is made once per deployment and kept in the database, so every instance signs with
//! the same key the phones subscribed with. A signature is cached per push-service origin and
//! renewed an hour before its 12-hour expiry: signing costs about as much as encrypting a message,
//! so re-signing for every message would halve the sending rate (see BENCHMARKS.md).

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use web_push::{PartialVapidSignatureBuilder, SubscriptionInfo, VapidSignature, VapidSignatureBuilder, WebPushError};

use crate::db::push::{self, VapidKeyRow};
use crate::db::{self, DbConn};

/// How long a signed JWT is valid (RFC 8292 allows at most 24 hours).
const LIFETIME_SECS: i64 = 12 * 3600;
/// A cached JWT is replaced once less than this is left of it.
const RENEW_BEFORE_SECS: i64 = 3600;

pub struct Vapid {
    key: PartialVapidSignatureBuilder,
    public_key: String,
    /// The `sub` claim: `mailto:` or `https:`.
    contact: String,
    cache: Mutex<HashMap<String, Cached>>,
}

#[derive(Clone)]
struct Cached {
    signature: VapidSignature,
    expires_at: i64,
}

impl Vapid {
    /// The deployment's key pair, made on first start by whichever instance gets there first.
    pub fn load_or_create(conn: &mut DbConn, contact: String) -> anyhow::Result<Self> {
        let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
        let candidate = VapidKeyRow {
            id: 1,
            private_key: URL_SAFE_NO_PAD.encode(secret.to_bytes()),
            public_key: URL_SAFE_NO_PAD.encode(secret.public_key().to_sec1_bytes()),
            created_at: db::now(),
        };
        let stored = push::vapid_key_or_insert(conn, &candidate)?;
        Self::from_keys(&stored.private_key, stored.public_key, contact)
    }

    pub fn from_keys(private_key: &str, public_key: String, contact: String) -> anyhow::Result<Self> {
        let key = VapidSignatureBuilder::from_base64_no_sub(private_key)
            .map_err(|e| anyhow::anyhow!("the stored VAPID private key is unusable: {e}"))?;
        anyhow::ensure!(
            URL_SAFE_NO_PAD.encode(key.get_public_key()) == public_key,
            "the stored VAPID public key does not match its private key"
        );
        Ok(Self { key, public_key, contact, cache: Mutex::new(HashMap::new()) })
    }

    /// The application server key phones subscribe with (base64url, uncompressed P-256 point).
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The signature for a message to `subscription`, whose push service is at `origin`: cached
    /// per origin and renewed before it expires.
    pub fn signature(&self, subscription: &SubscriptionInfo, origin: &str) -> Result<VapidSignature, WebPushError> {
        let now = chrono::Utc::now().timestamp();
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(origin).cloned())
            && hit.expires_at - now > RENEW_BEFORE_SECS
        {
            return Ok(hit.signature);
        }
        let expires_at = now + LIFETIME_SECS;
        let signature = self.sign(subscription, origin, expires_at)?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(origin.to_owned(), Cached { signature: signature.clone(), expires_at });
        }
        Ok(signature)
    }

    /// A freshly signed JWT. `aud` is set here, port included: the crate's own default drops the
    /// port, and a push service on a non-default port rejects that.
    pub fn sign(
        &self,
        subscription: &SubscriptionInfo,
        origin: &str,
        expires_at: i64,
    ) -> Result<VapidSignature, WebPushError> {
        let mut builder = self.key.clone().add_sub_info(subscription);
        builder.add_claim("aud", origin);
        builder.add_claim("sub", self.contact.as_str());
        builder.add_claim("exp", expires_at);
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vapid() -> Vapid {
        let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
        let public = URL_SAFE_NO_PAD.encode(secret.public_key().to_sec1_bytes());
        Vapid::from_keys(&URL_SAFE_NO_PAD.encode(secret.to_bytes()), public, "mailto:tests@evenkeel.example".into())
            .unwrap()
    }

    fn device(endpoint: &str) -> SubscriptionInfo {
        let key = p256::SecretKey::random(&mut rand::rngs::OsRng).public_key().to_sec1_bytes();
        SubscriptionInfo::new(endpoint, &URL_SAFE_NO_PAD.encode(key), "xS03Fi5ErfTNH_l9WHE9Ig")
    }

    fn claims(signature: &VapidSignature) -> serde_json::Value {
        let payload = signature.auth_t.split('.').nth(1).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
    }

    #[test]
    fn one_signature_per_push_service_renewed_before_it_expires() {
        let vapid = vapid();
        let (a, b) = (device("https://fcm.googleapis.com/fcm/send/a"), device("https://fcm.googleapis.com/fcm/send/b"));
        let first = vapid.signature(&a, "https://fcm.googleapis.com").unwrap();
        assert_eq!(vapid.signature(&b, "https://fcm.googleapis.com").unwrap(), first, "cached per origin");
        let local = vapid.signature(&device("http://127.0.0.1:9/x"), "http://127.0.0.1:9").unwrap();
        assert_eq!(claims(&local)["aud"], "http://127.0.0.1:9", "the port is kept");
        assert_eq!(claims(&first)["sub"], "mailto:tests@evenkeel.example");
        let exp = claims(&first)["exp"].as_i64().unwrap();
        let now = chrono::Utc::now().timestamp();
        assert!((now + LIFETIME_SECS - 5..=now + LIFETIME_SECS).contains(&exp), "{exp}");

        // Less than an hour left: the next message gets a new one.
        vapid.cache.lock().unwrap().get_mut("https://fcm.googleapis.com").unwrap().expires_at = now + 600;
        let renewed = vapid.signature(&a, "https://fcm.googleapis.com").unwrap();
        assert_ne!(renewed, first);
        assert!(claims(&renewed)["exp"].as_i64().unwrap() >= exp);
    }
}
