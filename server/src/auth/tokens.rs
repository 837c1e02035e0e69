//! Short-lived access tokens (JWT, HS256). Checked for signature, algorithm (only HS256: no `none`,
//! no switching to a public-key algorithm), expiry, audience and token type.

use evenkeel_domain::api::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;
const AUDIENCE: &str = "evenkeel-api";
const ISSUER: &str = "evenkeel";
const ACCESS_TYPE: &str = "access";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: Role,
    pub aud: String,
    pub iss: String,
    pub typ: String,
    pub iat: i64,
    pub exp: i64,
    /// "Password change required": the person signed in with a one-time password. Carried in the
    /// token so the `Caller` extractor can refuse it without reading the database. Absent (false)
    /// in every other token, including those issued before this claim existed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pwc: bool,
    /// The sign-in this token belongs to (its refresh token family), so "Signed-in devices" can
    /// say which one is "this phone". Absent in tokens issued before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid")]
    Invalid,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        validation.leeway = 5;
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), validation }
    }

    /// `must_change_password` becomes the `pwc` claim, `session` (the refresh token family) `sid`.
    pub fn issue_access(
        &self,
        user_id: &str,
        role: Role,
        must_change_password: bool,
        session: &str,
    ) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_owned(),
            role,
            aud: AUDIENCE.into(),
            iss: ISSUER.into(),
            typ: ACCESS_TYPE.into(),
            iat: now,
            exp: now + ACCESS_TOKEN_SECONDS,
            pwc: must_change_password,
            sid: Some(session.to_owned()),
        };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    pub fn verify_access(&self, token: &str) -> Result<Claims, TokenError> {
        let data =
            jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })?;
        if data.claims.typ != ACCESS_TYPE {
            return Err(TokenError::Invalid);
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn keys() -> TokenKeys {
        TokenKeys::new(b"0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn an_issued_token_verifies_with_its_claims() {
        let token = keys().issue_access("user-1", Role::Carer, false, "family-1").unwrap();
        let claims = keys().verify_access(&token).unwrap();
        assert_eq!(claims.sub, "user-1");
        assert_eq!(claims.role, Role::Carer);
        assert!(claims.exp - claims.iat <= 15 * 60);
        assert!(!claims.pwc);
        assert!(!token_payload(&token).contains("pwc"), "the claim is left out when false");
    }

    #[test]
    fn a_one_time_password_session_carries_the_pwc_claim() {
        let token = keys().issue_access("user-1", Role::Worker, true, "family-1").unwrap();
        assert!(keys().verify_access(&token).unwrap().pwc);
    }

    fn token_payload(token: &str) -> String {
        let payload = token.split('.').nth(1).unwrap();
        String::from_utf8(URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
    }

    #[test]
    fn a_token_from_another_key_is_refused() {
        let other = TokenKeys::new(b"another key that is 32 bytes lon");
        let token = other.issue_access("user-1", Role::Patient, false, "family-1").unwrap();
        assert_eq!(keys().verify_access(&token).unwrap_err(), TokenError::Invalid);
    }

    #[test]
    fn an_unsigned_alg_none_token_is_refused() {
        let token = keys().issue_access("user-1", Role::Patient, false, "family-1").unwrap();
        let payload = token.split('.').nth(1).unwrap();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert_eq!(keys().verify_access(&format!("{header}.{payload}.")).unwrap_err(), TokenError::Invalid);
    }

    #[test]
    fn an_expired_token_is_refused_as_expired() {
        let k = keys();
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: "u".into(),
            role: Role::Patient,
            aud: AUDIENCE.into(),
            iss: ISSUER.into(),
            typ: ACCESS_TYPE.into(),
            iat: now - 3600,
            exp: now - 1800,
            pwc: false,
            sid: None,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &k.encoding).unwrap();
        assert_eq!(k.verify_access(&token).unwrap_err(), TokenError::Expired);
    }

    #[test]
    fn a_token_of_another_type_or_audience_is_refused() {
        let k = keys();
        let now = chrono::Utc::now().timestamp();
        let mut claims = Claims {
            sub: "u".into(),
            role: Role::Patient,
            aud: AUDIENCE.into(),
            iss: ISSUER.into(),
            typ: "refresh".into(),
            iat: now,
            exp: now + 60,
            pwc: false,
            sid: None,
        };
        let wrong_type = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &k.encoding).unwrap();
        assert_eq!(k.verify_access(&wrong_type).unwrap_err(), TokenError::Invalid);
        claims.typ = ACCESS_TYPE.into();
        claims.aud = "someone-else".into();
        let wrong_aud = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &k.encoding).unwrap();
        assert_eq!(k.verify_access(&wrong_aud).unwrap_err(), TokenError::Invalid);
    }
}
