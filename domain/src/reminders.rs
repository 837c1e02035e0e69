//! Web-push reminders the patient sets for themself: what each kind says, when the next one fires, and
//! the API shapes for setting them up.
//!
//! A reminder is a local wall-clock time ("08:00") on chosen weekdays in the patient's time zone, so it
//! stays at 08:00 across clock changes and travel. Quiet hours hold back a reminder that would land in
//! them until they end, except for the kinds a patient sets for that hour on purpose (a dose, winding
//! down). A push never carries health data: only a kind word, a calm sentence and an app path.
//!
//! The time zone is generic (`Tz: chrono::TimeZone`) so this crate stays free of the zone database:
//! the server brings `chrono-tz`, the unit tests use it as a dev-dependency.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

/// Every push says this on top: the app's name, nothing about the person.
const TITLE: &str = "Even Keel";
const HOUR: u32 = 60 * 60;

/// How urgently the push service should deliver (the Web Push `Urgency` header, RFC 8030 §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Urgency {
    VeryLow,
    Low,
    Normal,
    High,
}

impl Urgency {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VeryLow => "very-low",
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
        }
    }
}

/// Everything fixed about one kind of reminder. The words are kind: no guilt, no streaks, and never
/// health data (no score, dose or medicine name), because a push can show on a locked screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindSpec {
    /// The wire name (`sleep_diary`).
    pub name: &'static str,
    /// What the reminder list shows ("Log my pain").
    pub label: &'static str,
    /// The push's title.
    pub title: &'static str,
    /// The push's sentence.
    pub body: &'static str,
    /// The app path the push opens.
    pub url: &'static str,
    /// How long the push service keeps an undelivered push (the Web Push `TTL` header).
    pub ttl_seconds: u32,
    pub urgency: Urgency,
    /// Fires inside quiet hours: the patient chose that hour on purpose.
    pub quiet_exempt: bool,
    /// Completes "You had a reminder at 20:00 to …".
    pub missed: &'static str,
}

/// Builds `ReminderKind` from one table: the enum with its serde names, `ALL` and `spec()`. Each
/// kind is one entry; the compiler checks that every `KindSpec` field is given.
macro_rules! reminder_kinds {
    ($($(#[$doc:meta])* $variant:ident = $wire:literal { $($field:ident: $value:expr),+ $(,)? })+) => {
        /// What a reminder is for. On the wire it is the kind's snake_case name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        // The wire names are the variants in snake_case (checked by a test): utoipa doesn't see the
        // `rename`s this macro writes, so the document is told the rule instead.
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(rename_all = "snake_case"))]
        // Read through `parse`, so an unknown kind is answered with the list of kinds in words.
        #[serde(try_from = "String")]
        pub enum ReminderKind {
            $($(#[$doc])* #[serde(rename = $wire)] $variant,)+
        }

        impl ReminderKind {
            /// Every kind, in the order the reminder list shows them.
            pub const ALL: &'static [ReminderKind] = &[$(Self::$variant),+];

            pub fn spec(self) -> KindSpec {
                match self {
                    $(Self::$variant => KindSpec { name: $wire, $($field: $value),+ },)+
                }
            }
        }
    };
}

reminder_kinds! {
    /// Log pain.
    Pain = "pain" {
        label: "Log my pain", title: TITLE, body: "A moment to note how your pain is, if you'd like",
        url: "/?log=pain", ttl_seconds: HOUR, urgency: Urgency::Low, quiet_exempt: false, missed: "log your pain",
    }
    /// A dose of one of the patient's medicines (which one is the reminder's `medication_id`).
    Dose = "dose" {
        label: "A dose of one of my medicines", title: TITLE, body: "A reminder you set for your medicine",
        url: "/?log=dose", ttl_seconds: HOUR, urgency: Urgency::Normal, quiet_exempt: true, missed: "log your dose",
    }
    /// The sleep diary, in the morning.
    SleepDiary = "sleep_diary" {
        label: "My sleep diary in the morning", title: TITLE,
        body: "Good morning. Your sleep diary is here when you're ready", url: "/?log=sleep",
        ttl_seconds: 4 * HOUR, urgency: Urgency::Low, quiet_exempt: false, missed: "fill in your sleep diary",
    }
    /// Winding down at bedtime.
    WindDown = "wind_down" {
        label: "Wind down at bedtime", title: TITLE, body: "Time to start winding down, if you'd like",
        url: "/relax?show=sleep", ttl_seconds: HOUR, urgency: Urgency::Low, quiet_exempt: true,
        missed: "start winding down",
    }
    /// A relaxation practice.
    Relaxation = "relaxation" {
        label: "A relaxation practice", title: TITLE, body: "A few minutes of relaxation, if now suits you",
        url: "/relax?show=breathe", ttl_seconds: 2 * HOUR, urgency: Urgency::Low, quiet_exempt: false,
        missed: "try a relaxation practice",
    }
    /// A check-in on a goal.
    Goal = "goal" {
        label: "A goal check-in", title: TITLE, body: "How is your goal going? A quick check-in when you're ready",
        url: "/plan", ttl_seconds: 12 * HOUR, urgency: Urgency::Low, quiet_exempt: false,
        missed: "check in on your goal",
    }
}

impl ReminderKind {
    /// The wire name (`sleep_diary`).
    pub fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// From the wire name.
    pub fn parse(s: &str) -> Result<Self, ReminderError> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s).ok_or(ReminderError::UnknownKind)
    }

    /// The push to send: the kind's words and link, nothing about the person. (Not even which
    /// medicine a dose reminder is for: the dose form lists the patient's medicines anyway.)
    pub fn payload(self) -> PushPayload {
        let spec = self.spec();
        PushPayload { title: spec.title.to_owned(), body: spec.body.to_owned(), url: spec.url.to_owned(), kind: self }
    }
}

impl TryFrom<String> for ReminderKind {
    type Error = ReminderError;

    fn try_from(s: String) -> Result<Self, ReminderError> {
        Self::parse(&s)
    }
}

/// "pain, dose, … or goal", for the error message.
fn kinds_in_words() -> String {
    let names: Vec<&str> = ReminderKind::ALL.iter().map(|k| k.as_str()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReminderError {
    #[error("Times look like 07:30, between 00:00 and 23:59.")]
    BadTime,
    #[error("Choose at least one day of the week.")]
    NoWeekdays,
    #[error("Days of the week are numbered 1 (Monday) to 7 (Sunday).")]
    BadWeekday,
    #[error("Choose which of your medicines this reminder is for.")]
    DoseNeedsMedicine,
    #[error("Only a medicine reminder can be linked to one of your medicines.")]
    MedicineOnlyForDose,
    #[error("Choose what the reminder is for: {}.", kinds_in_words())]
    UnknownKind,
}

impl ReminderError {
    /// The request field the error is about, so the app can show it next to that field.
    pub fn field(&self) -> &'static str {
        match self {
            Self::BadTime => "local_time",
            Self::NoWeekdays | Self::BadWeekday => "weekdays",
            Self::DoseNeedsMedicine | Self::MedicineOnlyForDose => "medication_id",
            Self::UnknownKind => "kind",
        }
    }
}

/// A wall-clock time of day to the minute, `"07:30"` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "07:30")
)]
#[serde(try_from = "String", into = "String")]
pub struct LocalTime(u16);

impl LocalTime {
    pub const MIDNIGHT: Self = Self(0);

    /// `None` unless `hour` is 0..=23 and `minute` 0..=59.
    pub const fn from_hm(hour: u32, minute: u32) -> Option<Self> {
        if hour < 24 && minute < 60 { Some(Self((hour * 60 + minute) as u16)) } else { None }
    }

    /// Exactly `HH:MM`: two digits, a colon, two digits, 00–23 and 00–59.
    pub fn parse(raw: &str) -> Result<Self, ReminderError> {
        let digit = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
        match raw.as_bytes() {
            &[h1, h2, b':', m1, m2] => {
                let two = |a, b| Some(digit(a)? * 10 + digit(b)?);
                two(h1, h2).zip(two(m1, m2)).and_then(|(h, m)| Self::from_hm(h, m)).ok_or(ReminderError::BadTime)
            }
            _ => Err(ReminderError::BadTime),
        }
    }

    pub fn minutes_since_midnight(self) -> u16 {
        self.0
    }

    pub fn hour(self) -> u32 {
        u32::from(self.0 / 60)
    }

    pub fn minute(self) -> u32 {
        u32::from(self.0 % 60)
    }

    pub fn to_naive(self) -> NaiveTime {
        NaiveTime::from_hms_opt(self.hour(), self.minute(), 0).unwrap_or(NaiveTime::MIN)
    }
}

impl std::fmt::Display for LocalTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl TryFrom<String> for LocalTime {
    type Error = ReminderError;

    fn try_from(s: String) -> Result<Self, ReminderError> {
        Self::parse(&s)
    }
}

impl From<LocalTime> for String {
    fn from(t: LocalTime) -> Self {
        t.to_string()
    }
}

/// A non-empty set of ISO weekdays (1 = Monday … 7 = Sunday). On the wire, a sorted list of numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<crate::whole::Whole>", into = "Vec<u8>")]
pub struct Weekdays(u8);

/// Written by hand: the derive cannot put the 1–7 bounds on the items.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Weekdays {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
        ArrayBuilder::new()
            .items(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).maximum(Some(7)))
            .min_items(Some(1))
            .description(Some(
                "A non-empty set of ISO weekdays (1 = Monday … 7 = Sunday); repeats are fine. Answered as a sorted list.",
            ))
            .examples([serde_json::json!([1, 2, 3, 4, 5])])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Weekdays {
    fn name() -> std::borrow::Cow<'static, str> {
        "Weekdays".into()
    }
}

impl Weekdays {
    pub const EVERY_DAY: Self = Self(0b111_1111);

    /// From ISO day numbers: at least one, each 1..=7; repeats are fine.
    pub fn parse(days: &[i64]) -> Result<Self, ReminderError> {
        if days.is_empty() {
            return Err(ReminderError::NoWeekdays);
        }
        days.iter().try_fold(Self(0), |set, &day| match day {
            1..=7 => Ok(Self(set.0 | (1_u8 << (day - 1)))),
            _ => Err(ReminderError::BadWeekday),
        })
    }

    /// From the stored bitmask (bit 0 = Monday). `None` if empty or beyond Sunday.
    pub fn from_bits(bits: u8) -> Option<Self> {
        (bits != 0 && bits & !Self::EVERY_DAY.0 == 0).then_some(Self(bits))
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// The ISO day numbers, ascending.
    pub fn to_vec(self) -> Vec<u8> {
        (1..=7).filter(|d| self.0 & (1 << (d - 1)) != 0).collect()
    }
}

impl TryFrom<Vec<crate::whole::Whole>> for Weekdays {
    type Error = ReminderError;

    fn try_from(days: Vec<crate::whole::Whole>) -> Result<Self, ReminderError> {
        Self::parse(&days.into_iter().map(|d| d.0).collect::<Vec<_>>())
    }
}

impl From<Weekdays> for Vec<u8> {
    fn from(days: Weekdays) -> Self {
        days.to_vec()
    }
}

/// Local hours when reminders wait, 22:00–07:00 unless the patient changes them. The window wraps
/// midnight when `start` is later than `end`; `start == end` means no quiet hours. `start` is inside
/// the window, `end` is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuietHours {
    pub start: LocalTime,
    pub end: LocalTime,
}

impl Default for QuietHours {
    fn default() -> Self {
        Self { start: LocalTime(22 * 60), end: LocalTime(7 * 60) }
    }
}

impl QuietHours {
    /// No quiet hours.
    pub const OFF: Self = Self { start: LocalTime::MIDNIGHT, end: LocalTime::MIDNIGHT };

    pub fn contains(self, t: LocalTime) -> bool {
        if self.start <= self.end { self.start <= t && t < self.end } else { t >= self.start || t < self.end }
    }
}

/// `POST /api/reminders`, and the reminder as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderRequest {
    pub kind: ReminderKind,
    pub local_time: LocalTime,
    pub weekdays: Weekdays,
    /// Which of the patient's medicines: required for `dose`, absent for every other kind.
    pub medication_id: Option<Uuid>,
    #[serde(default)]
    pub paused: bool,
}

/// Written by hand: the rule of `validate` (a medicine with a dose reminder, and only then) is a
/// choice of two shapes, which the derive cannot say.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ReminderRequest {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Ref, Type};
        use utoipa::openapi::{KnownFormat, SchemaFormat};
        let shape = |kinds: Vec<&'static str>, medicine: ObjectBuilder, needs_medicine: bool| {
            let shape = ObjectBuilder::new()
                .property("kind", crate::api::string_enum(kinds))
                .required("kind")
                .property("local_time", Ref::from_schema_name("LocalTime"))
                .required("local_time")
                .property("weekdays", Ref::from_schema_name("Weekdays"))
                .required("weekdays")
                .property("medication_id", medicine)
                .property("paused", ObjectBuilder::new().schema_type(Type::Boolean));
            if needs_medicine { shape.required("medication_id") } else { shape }
        };
        let dose = shape(
            vec![ReminderKind::Dose.as_str()],
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                .description(Some("Which of the patient's medicines.")),
            true,
        );
        let others = ReminderKind::ALL.iter().filter(|k| **k != ReminderKind::Dose).map(|k| k.as_str()).collect();
        let other = shape(others, ObjectBuilder::new().schema_type(Type::Null), false);
        OneOfBuilder::new()
            .item(dose)
            .item(other)
            .description(Some(
                "`POST /api/reminders`: a dose reminder names one of the patient's medicines; any other kind none.",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ReminderRequest {
    fn name() -> std::borrow::Cow<'static, str> {
        "ReminderRequest".into()
    }

    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        use utoipa::PartialSchema;
        schemas.push(("LocalTime".into(), LocalTime::schema()));
        schemas.push(("Weekdays".into(), Weekdays::schema()));
    }
}

impl ReminderRequest {
    /// The time and days are checked by their types; this checks the medicine link.
    pub fn validate(&self) -> Result<(), ReminderError> {
        match (self.kind, self.medication_id) {
            (ReminderKind::Dose, None) => Err(ReminderError::DoseNeedsMedicine),
            (ReminderKind::Dose, Some(_)) | (_, None) => Ok(()),
            (_, Some(_)) => Err(ReminderError::MedicineOnlyForDose),
        }
    }
}

/// `PATCH /api/reminders/{id}`: absent fields stay as they are.
///
/// `medication_id`: present sets the medicine; absent keeps the current one. It is never cleared on
/// its own, because only a dose reminder has one and a dose reminder always needs one: changing `kind`
/// away from `dose` drops it, and changing `kind` to `dose` needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderPatch {
    #[serde(default)]
    pub kind: Option<ReminderKind>,
    #[serde(default)]
    pub local_time: Option<LocalTime>,
    #[serde(default)]
    pub weekdays: Option<Weekdays>,
    #[serde(default)]
    pub medication_id: Option<Uuid>,
    #[serde(default)]
    pub paused: Option<bool>,
}

impl ReminderPatch {
    /// The reminder after the patch, checked.
    pub fn apply(&self, current: &ReminderRequest) -> Result<ReminderRequest, ReminderError> {
        let kind = self.kind.unwrap_or(current.kind);
        let medication_id = match kind {
            ReminderKind::Dose => self.medication_id.or(current.medication_id),
            _ => self.medication_id,
        };
        let next = ReminderRequest {
            kind,
            local_time: self.local_time.unwrap_or(current.local_time),
            weekdays: self.weekdays.unwrap_or(current.weekdays),
            medication_id,
            paused: self.paused.unwrap_or(current.paused),
        };
        next.validate()?;
        Ok(next)
    }
}

/// A reminder in `GET /api/reminders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderView {
    pub id: Uuid,
    pub kind: ReminderKind,
    pub local_time: LocalTime,
    pub weekdays: Weekdays,
    pub medication_id: Option<Uuid>,
    pub paused: bool,
    /// When it next fires; `None` while paused.
    pub next_fire_at: Option<DateTime<Utc>>,
    /// The time zone `next_fire_at` was worked out in (`Europe/London`).
    pub time_zone: String,
}

/// `GET`/`PUT /api/reminders/settings`. The server checks `time_zone` against the zone database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderSettings {
    /// An IANA name such as `Europe/London`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::account::TimeZoneName))]
    pub time_zone: String,
    #[serde(default)]
    pub quiet_hours: QuietHours,
}

/// `POST /api/push/subscriptions`: the browser's `PushSubscription.toJSON()`, shape only; the server
/// checks the endpoint and keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushSubscriptionRequest {
    pub endpoint: String,
    pub keys: PushKeys,
}

/// The subscription's keys, base64url. `Debug` leaves them out of logs.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushKeys {
    /// An uncompressed P-256 point (65 bytes, the first 0x04), as RFC 8291 has browsers send it.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^B[A-P][A-Za-z0-9_-]{84}[AEIMQUYcgkosw048]$",
            example = "BLMbF9ffKBiWQLCKvTHb6LO8Nb6dcUh6TItC455vu2kElga6PQvUmaFyCdykxY2nOSSL3yKgfbmFLRTUaGv4yV8"
        )
    )]
    pub p256dh: String,
    /// The 16-byte auth secret.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{21}[AQgw]$", example = "xS03Fi5ErfTNH_l9WHE9Ig"))]
    pub auth: String,
}

impl std::fmt::Debug for PushKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PushKeys { .. }")
    }
}

/// What the service worker receives and shows. Only these four fields, never health data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushPayload {
    pub title: String,
    pub body: String,
    /// The app path to open.
    pub url: String,
    pub kind: ReminderKind,
}

/// A reminder that came due while the app was closed (sent, or too late to send: see
/// [`due_state`]); Today shows its `line` instead of a pile of notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissedReminder {
    pub kind: ReminderKind,
    pub due_at: DateTime<Utc>,
    pub local_time: LocalTime,
    /// "You had a reminder at 20:00 to log your dose", worded here so the patient's core (Today)
    /// carries none of the kinds' words.
    pub line: String,
}

impl MissedReminder {
    pub fn new(kind: ReminderKind, due_at: DateTime<Utc>, local_time: LocalTime) -> Self {
        Self { kind, due_at, local_time, line: missed_line(kind, local_time) }
    }
}

/// "You had a reminder at 20:00 to log your dose".
pub fn missed_line(kind: ReminderKind, local_time: LocalTime) -> String {
    format!("You had a reminder at {local_time} to {}", kind.spec().missed)
}

/// The longest a spring-forward gap is searched past (a zone once skipped a whole day).
const MAX_GAP_MINUTES: i64 = 2 * 24 * 60;

/// The first instant strictly after `after` at which the reminder fires.
///
/// For each local date from the day before `after`'s local date to eight days after it, on the chosen
/// weekdays, the wall-clock time is mapped to an instant:
/// - a time that happens once is that instant;
/// - a time that happens twice (clocks going back) is the earlier one only, so it fires once;
/// - a time that doesn't happen (clocks going forward) becomes the first minute after the gap.
///
/// Unless `exempt`, a time inside quiet hours waits for their end (the next `quiet.end` on or after
/// it, mapped the same way); the weekday is that of the day it was set for. Starting a day back finds
/// yesterday's 23:00 held until 07:00 today. `None` only at the far edge of the calendar.
pub fn next_fire<Tz: TimeZone>(
    tz: &Tz,
    time: LocalTime,
    weekdays: Weekdays,
    quiet: QuietHours,
    exempt: bool,
    after: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let today = after.with_timezone(tz).date_naive();
    (-1..=8)
        .filter_map(|days| today.checked_add_signed(TimeDelta::days(days)))
        .filter(|date| weekdays.contains(date.weekday()))
        .filter_map(|date| fire_on(tz, date, time, quiet, exempt))
        .filter(|at| *at > after)
        .min()
}

/// When the reminder set for `date` fires, after quiet hours.
fn fire_on<Tz: TimeZone>(
    tz: &Tz,
    date: NaiveDate,
    time: LocalTime,
    quiet: QuietHours,
    exempt: bool,
) -> Option<DateTime<Utc>> {
    if exempt || !quiet.contains(time) {
        return instant(tz, date.and_time(time.to_naive()));
    }
    let end_date = if time < quiet.end { date } else { date.succ_opt()? };
    instant(tz, end_date.and_time(quiet.end.to_naive()))
}

/// A wall-clock time as an instant: the earlier of two, or the first minute after a gap.
fn instant<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    (0..=MAX_GAP_MINUTES).find_map(|m| {
        let t = local.checked_add_signed(TimeDelta::minutes(m))?;
        match tz.from_local_datetime(&t) {
            LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
            LocalResult::Ambiguous(a, b) => Some(a.with_timezone(&Utc).min(b.with_timezone(&Utc))),
            LocalResult::None => None,
        }
    })
}

/// After this long a due reminder is not sent: the moment has passed, and the app shows a line instead.
pub const LATE_LIMIT_MINUTES: i64 = 30;

/// What the scheduler does with a reminder that was due at `due_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Send,
    /// Skip it; the app's catch-up line mentions it.
    TooLate,
}

pub fn due_state(due_at: DateTime<Utc>, now: DateTime<Utc>) -> Due {
    if now - due_at < TimeDelta::minutes(LATE_LIMIT_MINUTES) { Due::Send } else { Due::TooLate }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::New_York;
    use chrono_tz::Australia::Sydney;
    use chrono_tz::Europe::London;
    use serde_json::json;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn at(s: &str) -> LocalTime {
        LocalTime::parse(s).unwrap()
    }

    fn london_daily(time: &str, after: &str) -> DateTime<Utc> {
        next_fire(&London, at(time), Weekdays::EVERY_DAY, QuietHours::OFF, false, utc(after)).unwrap()
    }

    // 2025 in London: BST starts Sunday 30 March at 01:00 UTC, ends Sunday 26 October at 01:00 UTC.

    #[test]
    fn eight_oclock_stays_eight_oclock_across_the_spring_change() {
        assert_eq!(london_daily("08:00", "2025-03-28T12:00:00Z"), utc("2025-03-29T08:00:00Z"));
        assert_eq!(london_daily("08:00", "2025-03-29T12:00:00Z"), utc("2025-03-30T07:00:00Z"));
        assert_eq!(london_daily("08:00", "2025-03-30T07:00:00Z"), utc("2025-03-31T07:00:00Z"));
    }

    #[test]
    fn eight_oclock_stays_eight_oclock_across_the_autumn_change() {
        assert_eq!(london_daily("08:00", "2025-10-24T12:00:00Z"), utc("2025-10-25T07:00:00Z"));
        assert_eq!(london_daily("08:00", "2025-10-25T12:00:00Z"), utc("2025-10-26T08:00:00Z"));
        assert_eq!(london_daily("08:00", "2025-10-26T08:00:00Z"), utc("2025-10-27T08:00:00Z"));
    }

    #[test]
    fn a_time_in_the_spring_gap_fires_when_the_clocks_have_gone_forward() {
        // 01:30 doesn't exist that night: 01:00 GMT jumps to 02:00 BST, which is 01:00 UTC.
        assert_eq!(london_daily("01:30", "2025-03-29T12:00:00Z"), utc("2025-03-30T01:00:00Z"));
        assert_eq!(london_daily("01:30", "2025-03-30T01:00:00Z"), utc("2025-03-31T00:30:00Z"));
    }

    #[test]
    fn a_time_that_happens_twice_in_autumn_fires_once() {
        // 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT); only the first counts.
        assert_eq!(london_daily("01:30", "2025-10-25T12:00:00Z"), utc("2025-10-26T00:30:00Z"));
        assert_eq!(london_daily("01:30", "2025-10-26T00:30:00Z"), utc("2025-10-27T01:30:00Z"));
        assert_eq!(london_daily("01:30", "2025-10-26T01:00:00Z"), utc("2025-10-27T01:30:00Z"));
    }

    #[test]
    fn a_daily_reminder_fires_once_every_local_day_of_the_year() {
        for time in ["00:00", "00:59", "01:00", "01:30", "01:59", "02:00", "08:00", "23:59"] {
            let mut after = utc("2024-12-31T23:59:00Z");
            let mut fires = Vec::new();
            while let Some(t) = next_fire(&London, at(time), Weekdays::EVERY_DAY, QuietHours::OFF, false, after) {
                if t >= utc("2026-01-01T00:00:00Z") {
                    break;
                }
                assert!(t > after);
                fires.push(t.with_timezone(&London).date_naive());
                after = t;
            }
            let days: Vec<NaiveDate> =
                NaiveDate::from_ymd_opt(2025, 1, 1).unwrap().iter_days().take_while(|d| d.year() == 2025).collect();
            let missing: Vec<&NaiveDate> = days.iter().filter(|d| !fires.contains(d)).collect();
            assert!(missing.is_empty(), "{time}: no fire on {missing:?}");
            assert_eq!(fires.len(), days.len(), "{time}: a day fired twice");
        }
    }

    #[test]
    fn only_on_the_chosen_weekdays() {
        let mon_wed_fri = Weekdays::parse(&[1, 3, 5]).unwrap();
        // Friday 10 January 2025, after the 08:00: next is Monday.
        let next = |after| next_fire(&London, at("08:00"), mon_wed_fri, QuietHours::OFF, false, utc(after)).unwrap();
        assert_eq!(next("2025-01-10T09:00:00Z"), utc("2025-01-13T08:00:00Z"));
        assert_eq!(next("2025-01-13T08:00:00Z"), utc("2025-01-15T08:00:00Z"));
        assert_eq!(next("2025-01-10T07:59:59Z"), utc("2025-01-10T08:00:00Z"));
        let sunday = Weekdays::parse(&[7]).unwrap();
        let t = next_fire(&London, at("08:00"), sunday, QuietHours::OFF, false, utc("2025-01-06T00:00:00Z"));
        assert_eq!(t, Some(utc("2025-01-12T08:00:00Z")));
    }

    #[test]
    fn quiet_hours_hold_a_late_pain_reminder_until_morning_but_not_a_dose() {
        let quiet = QuietHours::default();
        let pain = ReminderKind::Pain.spec().quiet_exempt;
        let dose = ReminderKind::Dose.spec().quiet_exempt;
        let after = utc("2025-01-10T12:00:00Z");
        let held = next_fire(&London, at("23:00"), Weekdays::EVERY_DAY, quiet, pain, after);
        assert_eq!(held, Some(utc("2025-01-11T07:00:00Z")));
        let sent = next_fire(&London, at("23:00"), Weekdays::EVERY_DAY, quiet, dose, after);
        assert_eq!(sent, Some(utc("2025-01-10T23:00:00Z")));
        // Early morning inside quiet hours waits until 07:00 the same day.
        let early = next_fire(&London, at("06:30"), Weekdays::EVERY_DAY, quiet, pain, after);
        assert_eq!(early, Some(utc("2025-01-11T07:00:00Z")));
        // The end of quiet hours is outside them.
        let seven = next_fire(&London, at("07:00"), Weekdays::EVERY_DAY, quiet, pain, after);
        assert_eq!(seven, Some(utc("2025-01-11T07:00:00Z")));
    }

    #[test]
    fn yesterdays_held_reminder_is_still_found_after_its_nominal_time() {
        let quiet = QuietHours::default();
        let next = |days, after| next_fire(&London, at("23:00"), days, quiet, false, utc(after));
        // 23:30 on Friday: the 23:00 waits until 07:00 on Saturday.
        assert_eq!(next(Weekdays::EVERY_DAY, "2025-01-10T23:30:00Z"), Some(utc("2025-01-11T07:00:00Z")));
        // 00:30 on Saturday, a Friday-only reminder: Friday's is still to come at 07:00.
        let friday = Weekdays::parse(&[5]).unwrap();
        assert_eq!(next(friday, "2025-01-11T00:30:00Z"), Some(utc("2025-01-11T07:00:00Z")));
        assert_eq!(next(friday, "2025-01-11T07:00:00Z"), Some(utc("2025-01-18T07:00:00Z")));
    }

    #[test]
    fn each_patient_gets_their_own_eight_oclock() {
        let ny = |after| next_fire(&New_York, at("08:00"), Weekdays::EVERY_DAY, QuietHours::OFF, false, utc(after));
        assert_eq!(ny("2025-01-10T00:00:00Z"), Some(utc("2025-01-10T13:00:00Z")));
        assert_eq!(ny("2025-07-10T00:00:00Z"), Some(utc("2025-07-10T12:00:00Z")));
        // Sydney is a day ahead: 08:00 on 11 January (AEDT, +11) is 21:00 UTC on the 10th.
        let syd = |after| next_fire(&Sydney, at("08:00"), Weekdays::EVERY_DAY, QuietHours::OFF, false, utc(after));
        assert_eq!(syd("2025-01-09T22:00:00Z"), Some(utc("2025-01-10T21:00:00Z")));
        assert_eq!(syd("2025-07-09T23:00:00Z"), Some(utc("2025-07-10T22:00:00Z")));
    }

    #[test]
    fn equal_start_and_end_means_no_quiet_hours() {
        let none = QuietHours { start: at("22:00"), end: at("22:00") };
        assert!(!none.contains(at("22:00")) && !none.contains(at("23:00")) && !none.contains(at("03:00")));
        let t = next_fire(&London, at("23:00"), Weekdays::EVERY_DAY, none, false, utc("2025-01-10T12:00:00Z"));
        assert_eq!(t, Some(utc("2025-01-10T23:00:00Z")));
    }

    #[test]
    fn quiet_hours_may_wrap_midnight_or_not() {
        let night = QuietHours::default();
        assert!(night.contains(at("22:00")) && night.contains(at("00:00")) && night.contains(at("06:59")));
        assert!(!night.contains(at("07:00")) && !night.contains(at("21:59")) && !night.contains(at("12:00")));
        let afternoon = QuietHours { start: at("13:00"), end: at("15:00") };
        assert!(afternoon.contains(at("13:00")) && afternoon.contains(at("14:59")));
        assert!(!afternoon.contains(at("15:00")) && !afternoon.contains(at("12:59")));
        let t = next_fire(&London, at("14:00"), Weekdays::EVERY_DAY, afternoon, false, utc("2025-01-10T00:00:00Z"));
        assert_eq!(t, Some(utc("2025-01-10T15:00:00Z")));
    }

    #[test]
    fn too_late_after_half_an_hour() {
        let due = utc("2025-01-10T08:00:00Z");
        assert_eq!(due_state(due, due), Due::Send);
        assert_eq!(due_state(due, utc("2025-01-10T08:29:00Z")), Due::Send);
        assert_eq!(due_state(due, utc("2025-01-10T08:29:59Z")), Due::Send);
        assert_eq!(due_state(due, utc("2025-01-10T08:30:00Z")), Due::TooLate);
        assert_eq!(due_state(due, utc("2025-01-10T12:00:00Z")), Due::TooLate);
    }

    #[test]
    fn times_are_strictly_hh_mm() {
        assert_eq!(at("00:00").minutes_since_midnight(), 0);
        assert_eq!(at("23:59").minutes_since_midnight(), 23 * 60 + 59);
        assert_eq!(at("07:30").to_string(), "07:30");
        for bad in ["24:00", "7:30", "07:60", "0730", "", "07:3", "07:300", " 07:30", "-1:30", "07.30", "+7:30"] {
            assert_eq!(LocalTime::parse(bad), Err(ReminderError::BadTime), "{bad:?}");
        }
        assert_eq!(ReminderError::BadTime.field(), "local_time");
    }

    #[test]
    fn weekdays_are_one_to_seven_and_at_least_one() {
        assert_eq!(Weekdays::parse(&[]), Err(ReminderError::NoWeekdays));
        assert_eq!(Weekdays::parse(&[0]), Err(ReminderError::BadWeekday));
        assert_eq!(Weekdays::parse(&[8]), Err(ReminderError::BadWeekday));
        assert_eq!(Weekdays::parse(&[1, -1]), Err(ReminderError::BadWeekday));
        let days = Weekdays::parse(&[7, 1, 1, 3]).unwrap();
        assert_eq!(days.to_vec(), vec![1, 3, 7]);
        assert!(days.contains(Weekday::Mon) && days.contains(Weekday::Sun) && !days.contains(Weekday::Tue));
        assert_eq!(Weekdays::from_bits(days.bits()), Some(days));
        assert_eq!(Weekdays::from_bits(0), None);
        assert_eq!(Weekdays::from_bits(0b1000_0000), None);
        assert_eq!(Weekdays::EVERY_DAY.to_vec(), vec![1, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn a_dose_reminder_needs_a_medicine_and_only_a_dose_reminder_has_one() {
        let med = Uuid::new_v4();
        let request = |kind, medication_id| ReminderRequest {
            kind,
            local_time: at("08:00"),
            weekdays: Weekdays::EVERY_DAY,
            medication_id,
            paused: false,
        };
        assert_eq!(request(ReminderKind::Dose, None).validate(), Err(ReminderError::DoseNeedsMedicine));
        assert_eq!(request(ReminderKind::Dose, Some(med)).validate(), Ok(()));
        for &kind in ReminderKind::ALL.iter().filter(|k| **k != ReminderKind::Dose) {
            assert_eq!(request(kind, None).validate(), Ok(()));
            assert_eq!(request(kind, Some(med)).validate(), Err(ReminderError::MedicineOnlyForDose));
        }
        assert_eq!(ReminderError::DoseNeedsMedicine.field(), "medication_id");
    }

    #[test]
    fn a_patch_keeps_what_it_leaves_out_and_keeps_the_medicine_rule() {
        let med = Uuid::new_v4();
        let dose = ReminderRequest {
            kind: ReminderKind::Dose,
            local_time: at("08:00"),
            weekdays: Weekdays::EVERY_DAY,
            medication_id: Some(med),
            paused: false,
        };
        let later = ReminderPatch { local_time: Some(at("09:15")), ..ReminderPatch::default() }.apply(&dose).unwrap();
        assert_eq!((later.local_time, later.medication_id, later.paused), (at("09:15"), Some(med), false));
        let to_pain = ReminderPatch { kind: Some(ReminderKind::Pain), ..ReminderPatch::default() };
        assert_eq!(to_pain.apply(&dose).unwrap().medication_id, None);
        let pain = to_pain.apply(&dose).unwrap();
        let to_dose = ReminderPatch { kind: Some(ReminderKind::Dose), ..ReminderPatch::default() };
        assert_eq!(to_dose.apply(&pain), Err(ReminderError::DoseNeedsMedicine));
        let with_med = ReminderPatch { medication_id: Some(med), ..to_dose };
        assert_eq!(with_med.apply(&pain).unwrap().medication_id, Some(med));
        let med_on_pain = ReminderPatch { medication_id: Some(med), ..ReminderPatch::default() };
        assert_eq!(med_on_pain.apply(&pain), Err(ReminderError::MedicineOnlyForDose));
        let patch: ReminderPatch = serde_json::from_value(json!({ "paused": true })).unwrap();
        assert!(patch.apply(&dose).unwrap().paused);
    }

    #[test]
    fn a_push_carries_no_health_data() {
        for &kind in ReminderKind::ALL {
            let payload = kind.payload();
            let value = serde_json::to_value(&payload).unwrap();
            let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys.len(), 4);
            assert!(["title", "body", "url", "kind"].iter().all(|k| keys.contains(k)));
            for text in [&payload.title, &payload.body, &payload.url, &value["kind"].as_str().unwrap().to_owned()] {
                assert!(!text.chars().any(|c| c.is_ascii_digit()), "{kind:?}: {text}");
            }
            assert!(payload.url.starts_with('/'));
            assert_eq!(payload.url, kind.spec().url);
        }
    }

    #[test]
    fn the_words_are_kind() {
        const NEVER: [&str; 8] = ["addict", "abuse", "battling", "compliance", "failed", "missed", "streak", "should"];
        for &kind in ReminderKind::ALL {
            let s = kind.spec();
            let line = missed_line(kind, at("20:00"));
            for text in [s.label, s.title, s.body, s.missed, line.as_str()] {
                let lower = text.to_lowercase();
                for word in NEVER {
                    assert!(!lower.contains(word), "{kind:?} says {word:?}: {text}");
                }
            }
        }
        assert_eq!(missed_line(ReminderKind::Dose, at("20:00")), "You had a reminder at 20:00 to log your dose");
        let missed = MissedReminder::new(ReminderKind::SleepDiary, utc("2025-01-10T07:30:00Z"), at("07:30"));
        assert_eq!(missed.line, "You had a reminder at 07:30 to fill in your sleep diary");
    }

    #[test]
    fn the_kind_table() {
        let names: Vec<&str> = ReminderKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, ["pain", "dose", "sleep_diary", "wind_down", "relaxation", "goal"]);
        for &kind in ReminderKind::ALL {
            assert_eq!(ReminderKind::parse(kind.as_str()), Ok(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), json!(kind.as_str()));
        }
        assert_eq!(ReminderKind::parse("Pain"), Err(ReminderError::UnknownKind));
        assert_eq!(
            ReminderError::UnknownKind.to_string(),
            "Choose what the reminder is for: pain, dose, sleep_diary, wind_down, relaxation or goal."
        );
        let exempt: Vec<ReminderKind> = ReminderKind::ALL.iter().copied().filter(|k| k.spec().quiet_exempt).collect();
        assert_eq!(exempt, [ReminderKind::Dose, ReminderKind::WindDown]);
        let ttl = |k: ReminderKind| k.spec().ttl_seconds;
        assert_eq!(ttl(ReminderKind::Pain), 3600);
        assert_eq!(ttl(ReminderKind::SleepDiary), 4 * 3600);
        assert_eq!(ttl(ReminderKind::Goal), 12 * 3600);
        assert_eq!(ReminderKind::Dose.spec().urgency.as_str(), "normal");
        assert_eq!(ReminderKind::Goal.spec().urgency.as_str(), "low");
        assert_eq!(Urgency::VeryLow.as_str(), "very-low");
    }

    #[test]
    fn round_trips_on_the_wire() {
        let wire = json!({
            "kind": "sleep_diary",
            "local_time": "08:00",
            "weekdays": [3, 1, 2, 2],
            "medication_id": null,
        });
        let request: ReminderRequest = serde_json::from_value(wire).unwrap();
        assert_eq!(request.kind, ReminderKind::SleepDiary);
        assert!(!request.paused);
        let out = serde_json::to_value(&request).unwrap();
        assert_eq!(
            out,
            json!({ "kind": "sleep_diary", "local_time": "08:00", "weekdays": [1, 2, 3],
                    "medication_id": null, "paused": false })
        );
        assert_eq!(serde_json::from_value::<ReminderRequest>(out).unwrap(), request);

        let bad_time = serde_json::from_value::<ReminderRequest>(json!({
            "kind": "pain", "local_time": "7:30", "weekdays": [1], "medication_id": null,
        }));
        assert!(bad_time.unwrap_err().to_string().contains("Times look like 07:30"));
        assert!(serde_json::from_value::<Weekdays>(json!([])).is_err());
        assert!(serde_json::from_value::<Weekdays>(json!([0])).is_err());
        assert!(serde_json::from_value::<ReminderKind>(json!("nap")).is_err());

        let settings: ReminderSettings = serde_json::from_value(json!({ "time_zone": "Europe/London" })).unwrap();
        assert_eq!(settings.quiet_hours, QuietHours::default());
        assert_eq!(
            serde_json::to_value(&settings).unwrap(),
            json!({ "time_zone": "Europe/London", "quiet_hours": { "start": "22:00", "end": "07:00" } })
        );

        let sub: PushSubscriptionRequest = serde_json::from_value(json!({
            "endpoint": "https://push.example/abc", "keys": { "p256dh": "BPk", "auth": "c2VjcmV0" },
        }))
        .unwrap();
        assert!(!format!("{sub:?}").contains("c2VjcmV0"));
    }
}
