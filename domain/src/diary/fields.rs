//! Reading one entry's JSON object field by field, so each mistake is reported against its field in
//! words a person understands (serde's own errors are written for programmers).
//!
//! A `null` counts as absent. Keys not listed for the kind are refused rather than silently dropped:
//! an entry from a newer app must not lose data on an older server.

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::error::{EntryError, Problem};
use super::time::EntryTime;

/// A field key and the words messages use for it. A nested key is written with its parent
/// (`peg.average`): errors report the whole path, the lookup uses the last part.
pub(crate) type Field = (&'static str, &'static str);

pub(crate) struct Fields<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    /// `allowed`: every key this kind knows. `whole` names the object in errors (`data` or `peg`).
    pub(crate) fn new(data: &'a Value, whole: Field, allowed: &[&str]) -> Result<Self, EntryError> {
        let map = data.as_object().ok_or(EntryError::new(whole.0, whole.1, Problem::NotAnObject))?;
        if let Some(key) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(EntryError::new(whole.0, whole.1, Problem::UnknownField(key.clone())));
        }
        Ok(Self { map })
    }

    pub(crate) fn optional<T>(
        &self,
        (key, label): Field,
        read: impl Fn(&Value) -> Result<T, Problem>,
    ) -> Result<Option<T>, EntryError> {
        let json_key = key.rsplit('.').next().unwrap_or(key);
        match self.map.get(json_key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => read(v).map(Some).map_err(|p| EntryError::new(key, label, p)),
        }
    }

    pub(crate) fn required<T>(
        &self,
        field: Field,
        read: impl Fn(&Value) -> Result<T, Problem>,
    ) -> Result<T, EntryError> {
        self.optional(field, read)?.ok_or(EntryError::new(field.0, field.1, Problem::Missing))
    }

    /// The raw value, for nested objects.
    pub(crate) fn raw(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }
}

pub(crate) fn time(v: &Value) -> Result<EntryTime, Problem> {
    v.as_str().and_then(EntryTime::parse).ok_or(Problem::NotTime)
}

pub(crate) fn date(v: &Value) -> Result<NaiveDate, Problem> {
    v.as_str().and_then(|s| crate::dates::parse_ymd(s.trim())).ok_or(Problem::NotDate)
}

pub(crate) fn id(v: &Value) -> Result<Uuid, Problem> {
    v.as_str().and_then(|s| Uuid::parse_str(s.trim()).ok()).ok_or(Problem::NotId)
}

pub(crate) fn yes_no(v: &Value) -> Result<bool, Problem> {
    v.as_bool().ok_or(Problem::NotYesNo)
}

/// Trimmed text of 1..=max characters (characters, not bytes).
pub(crate) fn text(max: usize) -> impl Fn(&Value) -> Result<String, Problem> {
    move |v| {
        let s = v.as_str().ok_or(Problem::NotText)?.trim();
        match s.chars().count() {
            0 => Err(Problem::Empty),
            n if n > max => Err(Problem::TooLong { max }),
            _ => Ok(s.to_owned()),
        }
    }
}

/// Like [`text`], but blank text means "no answer" rather than an error: clearing a note is fine.
pub(crate) fn optional_text(fields: &Fields<'_>, field: Field, max: usize) -> Result<Option<String>, EntryError> {
    let blank = fields.raw(field.0).and_then(Value::as_str).is_some_and(|s| s.trim().is_empty());
    if blank { Ok(None) } else { fields.optional(field, text(max)) }
}

/// A whole number in min..=max. `3.0` is accepted as 3; `3.5` is not.
pub(crate) fn whole(min: i64, max: i64) -> impl Fn(&Value) -> Result<i64, Problem> {
    move |v| {
        let problem = Problem::WholeNumber { min, max };
        let n = match v.as_i64() {
            Some(n) => n,
            None => {
                let f = v.as_f64().ok_or(problem.clone())?;
                if f.fract() != 0.0 || f.abs() > 1e15 {
                    return Err(problem);
                }
                f as i64
            }
        };
        if (min..=max).contains(&n) { Ok(n) } else { Err(problem) }
    }
}

/// A 0–10 rating into its own type (`PainScore::from_f64`, …).
pub(crate) fn zero_to_ten<T>(make: fn(f64) -> Option<T>) -> impl Fn(&Value) -> Result<T, Problem> {
    move |v| v.as_f64().and_then(make).ok_or(Problem::WholeNumber { min: 0, max: 10 })
}

/// A number above zero and at most `max`.
pub(crate) fn positive(max: f64) -> impl Fn(&Value) -> Result<f64, Problem> {
    move |v| {
        let n = v.as_f64().ok_or(Problem::Positive { max })?;
        if n > 0.0 && n <= max { Ok(n) } else { Err(Problem::Positive { max }) }
    }
}

/// One of a fixed set of snake_case words.
pub(crate) fn choice<T>(
    choices: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
) -> impl Fn(&Value) -> Result<T, Problem> {
    move |v| v.as_str().and_then(|s| parse(s.trim())).ok_or(Problem::OneOf(choices))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SCORE: Field = ("score", "Pain score");
    const NOTE: Field = ("note", "Note");

    #[test]
    fn whole_numbers() {
        let read = whole(0, 10);
        assert_eq!(read(&json!(3)), Ok(3));
        assert_eq!(read(&json!(3.0)), Ok(3));
        assert!(read(&json!(3.5)).is_err());
        assert!(read(&json!(11)).is_err());
        assert!(read(&json!("3")).is_err());
    }

    #[test]
    fn null_is_absent_and_unknown_keys_are_refused() {
        let data = json!({"score": null});
        let f = Fields::new(&data, ("data", "Entry"), &["score", "note"]).unwrap();
        assert_eq!(f.optional(SCORE, whole(0, 10)).unwrap(), None);
        let err = f.required(SCORE, whole(0, 10)).unwrap_err();
        assert_eq!(err.to_string(), "Pain score is needed.");
        let data = json!({"score": 1, "mood_ring": true});
        let err = Fields::new(&data, ("data", "Entry"), &["score"]).err().unwrap();
        assert!(err.to_string().contains("\"mood_ring\""), "{err}");
        assert!(Fields::new(&json!([1]), ("data", "Entry"), &[]).is_err());
    }

    #[test]
    fn text_is_trimmed_counted_in_characters_and_blank_notes_are_none() {
        let read = text(3);
        assert_eq!(read(&json!("  ab ")), Ok("ab".to_owned()));
        assert_eq!(read(&json!("ééé")), Ok("ééé".to_owned()));
        assert_eq!(read(&json!("abcd")), Err(Problem::TooLong { max: 3 }));
        assert_eq!(read(&json!("  ")), Err(Problem::Empty));
        let data = json!({"note": "   "});
        let f = Fields::new(&data, ("data", "Entry"), &["note"]).unwrap();
        assert_eq!(optional_text(&f, NOTE, 10).unwrap(), None);
    }
}
