//! 0–10 numeric rating scales, each its own type so a stress score can't be charted as pain.
//!
//! Pain: NRS 0 (no pain) to 10 (worst possible), `domain.md` §3. Stress: Stress NRS-11, §6.
//! Interference: the PEG's enjoyment and activity items, §3. Feel: before and after relaxation, §7.

use serde::{Deserialize, Serialize};

macro_rules! zero_to_ten {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(try_from = "u8", into = "u8")]
        pub struct $name(u8);

        impl $name {
            pub const MAX: u8 = 10;

            /// A whole number from 0 to 10, or `None`.
            pub fn new(value: u8) -> Option<Self> {
                (value <= Self::MAX).then_some(Self(value))
            }

            /// From a JSON number: must be whole (7.0 is fine, 7.5 is not) and 0..=10.
            pub fn from_f64(value: f64) -> Option<Self> {
                let whole = value.fract() == 0.0 && (0.0..=f64::from(Self::MAX)).contains(&value);
                whole.then(|| Self(value as u8))
            }

            pub fn value(self) -> u8 {
                self.0
            }
        }

        impl TryFrom<u8> for $name {
            type Error = String;
            fn try_from(value: u8) -> Result<Self, String> {
                Self::new(value).ok_or_else(|| format!("{value} is not a whole number from 0 to 10"))
            }
        }

        impl From<$name> for u8 {
            fn from(s: $name) -> u8 {
                s.0
            }
        }
    };
}

zero_to_ten!(
    /// Pain right now (or over the period asked about), 0 = no pain, 10 = worst pain imaginable.
    PainScore
);
zero_to_ten!(
    /// Stress, 0 = none, 10 = as stressed as can be.
    StressScore
);
zero_to_ten!(
    /// "How do you feel now?" before and after relaxation practice, 0 = very tense or unwell,
    /// 10 = very calm and comfortable.
    FeelScore
);
zero_to_ten!(
    /// How much pain got in the way (PEG items 2 and 3), 0 = not at all, 10 = completely.
    InterferenceScore
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_numbers_from_0_to_10() {
        assert_eq!(PainScore::new(0).map(PainScore::value), Some(0));
        assert_eq!(PainScore::new(10).map(PainScore::value), Some(10));
        assert_eq!(PainScore::new(11), None);
        assert_eq!(PainScore::from_f64(7.0).map(PainScore::value), Some(7));
        assert_eq!(PainScore::from_f64(7.5), None);
        assert_eq!(PainScore::from_f64(-1.0), None);
        assert_eq!(StressScore::from_f64(f64::NAN), None);
    }

    #[test]
    fn serde_refuses_out_of_range() {
        assert_eq!(serde_json::to_string(&PainScore::new(4).unwrap()).unwrap(), "4");
        assert!(serde_json::from_str::<PainScore>("11").is_err());
        assert_eq!(serde_json::from_str::<StressScore>("3").unwrap().value(), 3);
    }
}
