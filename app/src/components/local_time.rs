//! Server times (UTC) in this phone's own time, in words: "Tuesday 9 June", "Tuesday 9 June, 14:05".

use chrono::{DateTime, Utc};

fn js_date(t: &DateTime<Utc>) -> js_sys::Date {
    js_sys::Date::new(&(t.timestamp_millis() as f64).into())
}

fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), &(*v).into());
    }
    o
}

/// "Tuesday 9 June".
pub fn day(t: &DateTime<Utc>) -> String {
    let o = options(&[("weekday", "long"), ("day", "numeric"), ("month", "long")]);
    String::from(js_date(t).to_locale_date_string("en-GB", &o.into())).replace(',', "")
}

/// "Tuesday 9 June, 14:05".
pub fn day_and_time(t: &DateTime<Utc>) -> String {
    let d = js_date(t);
    format!("{}, {:02}:{:02}", day(t), d.get_hours(), d.get_minutes())
}
