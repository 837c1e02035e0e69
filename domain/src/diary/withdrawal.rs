//! How reducing feels: a short self check-in during a medicine reduction (issue 13). Ten common
//! feelings from `domain.md` §2, each rated none / a little / quite a bit / a lot.
//!
//! Written by us, not a validated scale: SOWS and the Gossop short scale are under copyright, and
//! SOWS asks about craving in words that would hurt these patients. So there is no total and no
//! band; the app shows the answers as they were given and never calls them a score.
//!
//! A feeling left out means "none", so the canonical form lists only the feelings that were there.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::error::EntryError;
use super::fields::{self, Field, Fields, choice, optional_text};
use super::time::EntryTime;

pub const MAX_NOTE_CHARS: usize = 500;

const RECORDED_AT: Field = ("recorded_at", "The time of this check-in");
const FEELINGS: Field = ("feelings", "How you are feeling");
const NOTE: Field = ("note", "Note");

/// The ten feelings, in the order the check-in asks them: their wire names and the words on screen.
pub const FEELINGS_ASKED: [(&str, &str); 10] = [
    ("yawning", "Yawning"),
    ("sweating", "Sweating"),
    ("runny_nose_or_eyes", "Runny nose or eyes"),
    ("gooseflesh", "Gooseflesh"),
    ("restless", "Restless"),
    ("aches", "Aches"),
    ("stomach_upset", "Stomach upset"),
    ("trouble_sleeping", "Trouble sleeping"),
    ("feeling_low", "Feeling low"),
    ("feeling_anxious", "Feeling anxious"),
];

const FEELING_KEYS: [&str; 10] = {
    let mut keys = [""; 10];
    let mut i = 0;
    while i < 10 {
        keys[i] = FEELINGS_ASKED[i].0;
        i += 1;
    }
    keys
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HowMuch {
    None,
    ALittle,
    QuiteABit,
    ALot,
}

pub const HOW_MUCH_WORDS: &[&str] = &["none", "a_little", "quite_a_bit", "a_lot"];

impl HowMuch {
    pub const ALL: [HowMuch; 4] = [Self::None, Self::ALittle, Self::QuiteABit, Self::ALot];

    pub fn parse(s: &str) -> Option<Self> {
        HOW_MUCH_WORDS.iter().position(|w| *w == s).map(|i| Self::ALL[i])
    }

    pub fn as_str(self) -> &'static str {
        HOW_MUCH_WORDS[self as usize]
    }

    pub fn label(self) -> &'static str {
        ["None", "A little", "Quite a bit", "A lot"][self as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawalEntry {
    pub recorded_at: EntryTime,
    /// Only the feelings that were there (wire name → how much); an empty map is a calm day.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub feelings: BTreeMap<String, HowMuch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl WithdrawalEntry {
    pub fn parse(data: &Value) -> Result<Self, EntryError> {
        let f = Fields::new(data, ("data", "This check-in"), &["recorded_at", "feelings", "note"])?;
        let mut feelings = BTreeMap::new();
        if let Some(raw) = f.raw(FEELINGS.0) {
            let inner = Fields::new(raw, FEELINGS, &FEELING_KEYS)?;
            for (key, label) in FEELINGS_ASKED {
                let how = inner.optional((key, label), choice(HOW_MUCH_WORDS, HowMuch::parse))?;
                if let Some(how) = how.filter(|h| *h != HowMuch::None) {
                    feelings.insert(key.to_owned(), how);
                }
            }
        }
        Ok(Self {
            recorded_at: f.required(RECORDED_AT, fields::time)?,
            feelings,
            note: optional_text(&f, NOTE, MAX_NOTE_CHARS)?,
        })
    }

    /// How much of one feeling (by wire name) was there.
    pub fn how_much(&self, key: &str) -> HowMuch {
        self.feelings.get(key).copied().unwrap_or(HowMuch::None)
    }

    /// Feelings at "quite a bit" or "a lot": what the caseload's "withdrawal feelings logged often"
    /// counts, as it counts a dose taken for withdrawal feelings.
    pub fn is_strong(&self) -> bool {
        self.feelings.values().any(|h| *h >= HowMuch::QuiteABit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_check_in_keeps_only_the_feelings_that_were_there() {
        let data = json!({"recorded_at": "2026-12-06T09:00:00+00:00",
            "feelings": {"yawning": "a_little", "aches": "quite_a_bit", "sweating": "none"}, "note": " Rough night "});
        let e = WithdrawalEntry::parse(&data).unwrap();
        assert_eq!(e.how_much("aches"), HowMuch::QuiteABit);
        assert_eq!(e.how_much("sweating"), HowMuch::None);
        assert!(e.is_strong());
        let canonical = serde_json::to_value(&e).unwrap();
        assert_eq!(
            canonical,
            json!({"recorded_at": "2026-12-06T09:00:00+00:00",
                "feelings": {"aches": "quite_a_bit", "yawning": "a_little"}, "note": "Rough night"})
        );
        assert_eq!(WithdrawalEntry::parse(&canonical).unwrap(), e);
    }

    #[test]
    fn a_calm_check_in_is_saved_too() {
        let e = WithdrawalEntry::parse(&json!({"recorded_at": "2026-12-06T09:00:00Z"})).unwrap();
        assert!(e.feelings.is_empty() && !e.is_strong());
        let mild = json!({"recorded_at": "2026-12-06T09:00:00Z", "feelings": {"restless": "a_little"}});
        assert!(!WithdrawalEntry::parse(&mild).unwrap().is_strong());
    }

    #[test]
    fn mistakes_name_the_feeling() {
        let with = |feelings: Value| {
            WithdrawalEntry::parse(&json!({"recorded_at": "2026-12-06T09:00:00Z", "feelings": feelings}))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            with(json!({"aches": "loads"})),
            "Aches must be one of: none, a_little, quite_a_bit, a_lot."
        );
        assert!(with(json!({"craving": "a_lot"})).contains("\"craving\""));
    }
}
