//! How reducing feels: a short self check-in during a medicine reduction (issue 13). Ten common
//! feelings from `domain.md` §2, each rated none / a little / quite a bit / a lot.
//!
//! Written by us, not a validated scale: SOWS and the Gossop short scale are under copyright, and
//! SOWS asks about craving in words that would hurt these patients. So there is no total and no
//! band; the app shows the answers as they were given and never calls them a score.
//!
//! A feeling left out means "none", so the canonical form lists only the feelings that were there.
//!
//! The answers are a fixed array in the order asked, not a map: this kind is parsed by the phone's
//! core (every entry is), and a string-keyed map's generic code would add to what a patient
//! downloads before Today.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HowMuch {
    #[default]
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

/// How much of each feeling, in the order of [`FEELINGS_ASKED`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = Object))]
pub struct Feelings(pub [HowMuch; 10]);

impl Feelings {
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|h| *h == HowMuch::None)
    }

    /// The feelings that were there: (wire name, words on screen, how much).
    pub fn present(&self) -> impl Iterator<Item = (&'static str, &'static str, HowMuch)> + '_ {
        FEELINGS_ASKED.iter().zip(self.0).filter(|(_, h)| *h != HowMuch::None).map(|((k, l), h)| (*k, *l, h))
    }
}

/// Only the feelings that were there, as `{"aches": "quite_a_bit"}`.
impl Serialize for Feelings {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (key, _, how) in self.present() {
            map.serialize_entry(key, how.as_str())?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawalEntry {
    pub recorded_at: EntryTime,
    /// An empty set is a calm day.
    #[serde(skip_serializing_if = "Feelings::is_empty")]
    pub feelings: Feelings,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl WithdrawalEntry {
    pub fn parse(data: &Value) -> Result<Self, EntryError> {
        let f = Fields::new(data, ("data", "This check-in"), &["recorded_at", "feelings", "note"])?;
        let mut feelings = Feelings::default();
        if let Some(raw) = f.raw(FEELINGS.0) {
            let inner = Fields::new(raw, FEELINGS, &FEELING_KEYS)?;
            for (i, field) in FEELINGS_ASKED.into_iter().enumerate() {
                feelings.0[i] = inner.optional(field, choice(HOW_MUCH_WORDS, HowMuch::parse))?.unwrap_or_default();
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
        FEELINGS_ASKED.iter().position(|(k, _)| *k == key).map_or(HowMuch::None, |i| self.feelings.0[i])
    }

    /// Feelings at "quite a bit" or "a lot": what the caseload's "withdrawal feelings logged often"
    /// counts, as it counts a dose taken for withdrawal feelings.
    pub fn is_strong(&self) -> bool {
        self.feelings.0.iter().any(|h| *h >= HowMuch::QuiteABit)
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
        assert_eq!(serde_json::to_value(&e).unwrap(), json!({"recorded_at": "2026-12-06T09:00:00+00:00"}));
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
        assert_eq!(with(json!({"aches": "loads"})), "Aches must be one of: none, a_little, quite_a_bit, a_lot.");
        assert!(with(json!({"craving": "a_lot"})).contains("\"craving\""));
    }
}
