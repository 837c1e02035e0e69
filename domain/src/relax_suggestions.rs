//! A project worker suggests a relaxation track or a Learn page to a patient. It shows at the top of
//! the patient's Relax as "Suggested by Jo" until the patient dismisses it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What is suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    Track,
    Page,
}

impl SuggestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Track => "track",
            Self::Page => "page",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Track, Self::Page].into_iter().find(|k| k.as_str() == s)
    }
}

/// The Learn pages, by the slug a suggestion names (their words live in the app's Relax part).
pub const LEARN_PAGES: [(&str, &str); 5] = [
    ("pacing", "Pacing and the over-activity trap"),
    ("flares", "Flares, and my flare plan"),
    ("sleep", "Sleep and pain"),
    ("medicines", "How the body gets used to opioid medicines"),
    ("relaxation", "Relaxation"),
];

/// `POST /api/patients/{patient_id}/relax-suggestions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestionRequest {
    pub item_kind: SuggestionKind,
    /// A track's id, or a Learn page's slug.
    pub item_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestionView {
    pub id: Uuid,
    pub item_kind: SuggestionKind,
    pub item_id: String,
    /// The track's or page's title, as the worker saw it.
    pub title: String,
    /// Who suggested it ("Jo Okafor").
    pub by_name: String,
    pub created_at: DateTime<Utc>,
}

/// The title of a Learn page, if the slug names one.
pub fn learn_page_title(slug: &str) -> Option<&'static str> {
    LEARN_PAGES.iter().find(|(s, _)| *s == slug).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_pages() {
        assert_eq!(SuggestionKind::parse("track"), Some(SuggestionKind::Track));
        assert_eq!(serde_json::to_value(SuggestionKind::Page).unwrap(), serde_json::json!("page"));
        assert_eq!(learn_page_title("medicines"), Some("How the body gets used to opioid medicines"));
        assert_eq!(learn_page_title("nope"), None);
    }
}
