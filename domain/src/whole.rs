//! Whole numbers read from JSON bodies. JSON has one kind of number, and JSON Schema (the language
//! of the OpenAPI document) counts `3.0` as the integer 3, so a client or a test generator that
//! follows the document may send it. These read `3.0` as 3; `3.5`, or a number outside the field's
//! type, is still refused.
//!
//! Use on a request field: `#[serde(deserialize_with = "crate::whole::number")]`, or
//! `crate::whole::optional` for an `Option` (with `#[serde(default)]`).

use std::fmt;

use serde::de::{Error, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};

/// A whole number as JSON may write it: `3` or `3.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Whole(pub i64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WholeVisitor;

        impl Visitor<'_> for WholeVisitor {
            type Value = Whole;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number")
            }

            fn visit_i64<E: Error>(self, v: i64) -> Result<Whole, E> {
                Ok(Whole(v))
            }

            fn visit_u64<E: Error>(self, v: u64) -> Result<Whole, E> {
                i64::try_from(v).map(Whole).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }

            fn visit_f64<E: Error>(self, v: f64) -> Result<Whole, E> {
                // Exactly representable from here to the bounds, so the cast below is exact.
                const LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53
                if v.fract() == 0.0 && v.abs() <= LIMIT {
                    Ok(Whole(v as i64))
                } else {
                    Err(E::invalid_value(Unexpected::Float(v), &self))
                }
            }
        }

        deserializer.deserialize_any(WholeVisitor)
    }
}

fn fit<T: TryFrom<i64>, E: Error>(n: i64) -> Result<T, E> {
    T::try_from(n).map_err(|_| E::invalid_value(Unexpected::Signed(n), &"a whole number in range"))
}

/// A whole-number field of any integer type.
pub fn number<'de, D: Deserializer<'de>, T: TryFrom<i64>>(deserializer: D) -> Result<T, D::Error> {
    fit(Whole::deserialize(deserializer)?.0)
}

/// An optional whole-number field (`null` or absent is `None`).
pub fn optional<'de, D: Deserializer<'de>, T: TryFrom<i64>>(deserializer: D) -> Result<Option<T>, D::Error> {
    Option::<Whole>::deserialize(deserializer)?.map(|Whole(n)| fit(n)).transpose()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[serde(deserialize_with = "super::number")]
        days: u8,
        #[serde(default, deserialize_with = "super::optional")]
        pain: Option<u8>,
    }

    fn read(json: &str) -> Result<Body, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn a_whole_float_is_the_integer() {
        let body = read(r#"{"days": 3.0, "pain": 7.0}"#).unwrap();
        assert_eq!((body.days, body.pain), (3, Some(7)));
        let body = read(r#"{"days": 3}"#).unwrap();
        assert_eq!((body.days, body.pain), (3, None));
        assert_eq!(read(r#"{"days": 3, "pain": null}"#).unwrap().pain, None);
    }

    #[test]
    fn fractions_and_numbers_out_of_range_are_still_refused() {
        for bad in
            [r#"{"days": 3.5}"#, r#"{"days": 256}"#, r#"{"days": -1.0}"#, r#"{"days": 1e300}"#, r#"{"days": "3"}"#]
        {
            assert!(read(bad).is_err(), "{bad}");
        }
        assert!(read(r#"{"days": 1, "pain": 2.5}"#).is_err());
    }
}
