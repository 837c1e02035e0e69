//! The practice's directory of community services (physiotherapy, a relaxation group, Men in
//! Sheds, volunteering, benefits advice…), kept by its workers and admins, and the referrals a
//! project worker records on a patient's plan: suggested → referred → on the waiting list →
//! started → finished, or declined (no reason asked). The patient can say "I went" or "not for me".

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

use crate::reminders::LocalTime;

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_TEXT_CHARS: usize = 500;
pub const MAX_TIMES: usize = 14;
/// A waiting list longer than this shows on the worker's caseload (six weeks).
pub const LONG_WAIT_DAYS: i64 = 42;
/// Working hours, Monday to Friday: a service any of whose sessions falls outside them suits
/// someone who can't come in the day.
pub const WORKDAY_START: (u32, u32) = (9, 0);
pub const WORKDAY_END: (u32, u32) = (17, 0);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceCategory {
    PhysicalActivity,
    RelaxationGroup,
    SocialConnection,
    Volunteering,
    MoneyAdvice,
    MentalHealth,
    Other,
}

impl ServiceCategory {
    pub const ALL: [ServiceCategory; 7] = [
        Self::PhysicalActivity,
        Self::RelaxationGroup,
        Self::SocialConnection,
        Self::Volunteering,
        Self::MoneyAdvice,
        Self::MentalHealth,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PhysicalActivity => "physical_activity",
            Self::RelaxationGroup => "relaxation_group",
            Self::SocialConnection => "social_connection",
            Self::Volunteering => "volunteering",
            Self::MoneyAdvice => "money_advice",
            Self::MentalHealth => "mental_health",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::PhysicalActivity => "Physical activity",
            Self::RelaxationGroup => "Relaxation group",
            Self::SocialConnection => "Meeting people",
            Self::Volunteering => "Volunteering",
            Self::MoneyAdvice => "Money and benefits advice",
            Self::MentalHealth => "Mental health",
            Self::Other => "Other",
        }
    }
}

/// When a service runs: a weekday (1 = Monday … 7 = Sunday) and a time span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceTime {
    #[serde(deserialize_with = "crate::whole::number")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 7))]
    pub weekday: u8,
    pub start: LocalTime,
    pub end: LocalTime,
}

impl ServiceTime {
    fn weekday(self) -> Option<Weekday> {
        Weekday::try_from(self.weekday.checked_sub(1)?).ok()
    }

    /// Some of it is on a weekend, before 09:00 or after 17:00.
    pub fn outside_working_hours(self) -> bool {
        let weekend = matches!(self.weekday(), Some(Weekday::Sat | Weekday::Sun));
        let start = LocalTime::from_hm(WORKDAY_START.0, WORKDAY_START.1);
        let end = LocalTime::from_hm(WORKDAY_END.0, WORKDAY_END.1);
        weekend || start.is_some_and(|s| self.start < s) || end.is_some_and(|e| self.end > e)
    }

    /// "Tue 10:00–12:00".
    pub fn words(self) -> String {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let day = DAYS.get(usize::from(self.weekday.saturating_sub(1))).copied().unwrap_or("?");
        format!("{day} {}–{}", self.start, self.end)
    }
}

/// `POST /api/services`, `PATCH /api/services/{id}` (the whole service each time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 100, pattern = r"\S"))]
    pub name: String,
    /// What it offers, in a sentence or two.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub offers: String,
    pub category: ServiceCategory,
    /// When it runs; empty when it is by appointment.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 14))]
    pub times: Vec<ServiceTime>,
    /// Where it is: needed unless `online` (then ignored).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub place: String,
    #[serde(default)]
    pub online: bool,
    /// How to get in touch (a phone number, an email, a web address).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub contact: String,
    /// "Free", "£3 a session"…
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub cost: String,
    #[serde(default)]
    pub needs_referral: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceView {
    pub id: Uuid,
    #[serde(flatten)]
    pub service: ServiceRequest,
    /// Some session is on a weekend, before 09:00 or after 17:00.
    pub outside_working_hours: bool,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ServiceError {
    #[error("Please give the service a name.")]
    NoName,
    #[error("Please keep the name under {MAX_NAME_CHARS} characters.")]
    NameTooLong,
    #[error("Please keep this under {MAX_TEXT_CHARS} characters.")]
    TooLong { field: &'static str },
    #[error("Please give at most {MAX_TIMES} times.")]
    TooManyTimes,
    #[error("Each time needs a day from 1 (Monday) to 7 (Sunday), and to end after it starts.")]
    BadTime,
    #[error("Please say where it is, or that it is online.")]
    NoPlace,
}

impl ServiceError {
    pub fn field(&self) -> &'static str {
        match self {
            Self::NoName | Self::NameTooLong => "name",
            Self::TooLong { field } => field,
            Self::TooManyTimes | Self::BadTime => "times",
            Self::NoPlace => "place",
        }
    }
}

fn text(raw: &str, max: usize, field: &'static str) -> Result<String, ServiceError> {
    let t = raw.trim();
    if t.chars().count() > max {
        return Err(if field == "name" { ServiceError::NameTooLong } else { ServiceError::TooLong { field } });
    }
    Ok(t.to_owned())
}

impl ServiceRequest {
    pub fn parse(&self) -> Result<ServiceRequest, ServiceError> {
        let name = text(&self.name, MAX_NAME_CHARS, "name")?;
        if name.is_empty() {
            return Err(ServiceError::NoName);
        }
        if self.times.len() > MAX_TIMES {
            return Err(ServiceError::TooManyTimes);
        }
        if self.times.iter().any(|t| !(1..=7).contains(&t.weekday) || t.end <= t.start) {
            return Err(ServiceError::BadTime);
        }
        // Checked even when online (and then dropped): an overlong place is bad input either way.
        let place = text(&self.place, MAX_TEXT_CHARS, "place")?;
        let place = if self.online { String::new() } else { place };
        if !self.online && place.is_empty() {
            return Err(ServiceError::NoPlace);
        }
        let mut times = self.times.clone();
        times.sort_by_key(|t| (t.weekday, t.start));
        Ok(ServiceRequest {
            name,
            offers: text(&self.offers, MAX_TEXT_CHARS, "offers")?,
            category: self.category,
            times,
            place,
            online: self.online,
            contact: text(&self.contact, MAX_TEXT_CHARS, "contact")?,
            cost: text(&self.cost, MAX_TEXT_CHARS, "cost")?,
            needs_referral: self.needs_referral,
        })
    }

    pub fn outside_working_hours(&self) -> bool {
        self.times.iter().any(|t| t.outside_working_hours())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    Suggested,
    Referred,
    WaitingList,
    Started,
    Finished,
    Declined,
}

impl ReferralStatus {
    pub const ALL: [ReferralStatus; 6] =
        [Self::Suggested, Self::Referred, Self::WaitingList, Self::Started, Self::Finished, Self::Declined];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Suggested => "suggested",
            Self::Referred => "referred",
            Self::WaitingList => "waiting_list",
            Self::Started => "started",
            Self::Finished => "finished",
            Self::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Suggested => "Suggested",
            Self::Referred => "Referred",
            Self::WaitingList => "On the waiting list",
            Self::Started => "Started",
            Self::Finished => "Finished",
            Self::Declined => "Not going ahead",
        }
    }

    /// Still in progress (shown first; counted for the waiting-list flag).
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Finished | Self::Declined)
    }
}

/// What the patient says about a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PatientResponse {
    Went,
    NotForMe,
}

impl PatientResponse {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Went => "went",
            Self::NotForMe => "not_for_me",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Went, Self::NotForMe].into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Went => "I went",
            Self::NotForMe => "Not for me",
        }
    }
}

/// `POST /api/patients/{patient_id}/referrals` (a new one) and `PATCH …/referrals/{id}` (its status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralRequest {
    /// The service in the directory (ignored when changing a referral).
    #[serde(default)]
    pub service_id: Option<Uuid>,
    pub status: ReferralStatus,
    /// The day the patient joined the waiting list (with `waiting_list`).
    #[serde(default)]
    pub waiting_since: Option<NaiveDate>,
}

/// `PUT /api/patients/{patient_id}/referrals/{id}/response`: the patient's own word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseRequest {
    pub response: PatientResponse,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralChange {
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub status: ReferralStatus,
    pub waiting_since: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralView {
    pub id: Uuid,
    pub service: ServiceView,
    pub status: ReferralStatus,
    pub waiting_since: Option<NaiveDate>,
    pub response: Option<PatientResponse>,
    /// Every status it has had, oldest first.
    pub history: Vec<ReferralChange>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReferralError {
    #[error("Please choose a service from the directory.")]
    NoService,
    #[error("Please give the day they joined the waiting list.")]
    NoWaitingDate,
    #[error("The waiting list date can't be in the future.")]
    FutureWaitingDate,
}

impl ReferralRequest {
    /// Checks a status against the patient's `today`: the waiting list needs the day it began (not
    /// in the future, a day of slack for time zones); other statuses carry none.
    pub fn parse(&self, today: NaiveDate, new: bool) -> Result<ReferralRequest, ReferralError> {
        if new && self.service_id.is_none() {
            return Err(ReferralError::NoService);
        }
        let waiting_since = match (self.status, self.waiting_since) {
            (ReferralStatus::WaitingList, None) => return Err(ReferralError::NoWaitingDate),
            (ReferralStatus::WaitingList, Some(d)) if d > today.succ_opt().unwrap_or(today) => {
                return Err(ReferralError::FutureWaitingDate);
            }
            (ReferralStatus::WaitingList, since) => since,
            _ => None,
        };
        Ok(ReferralRequest { service_id: self.service_id, status: self.status, waiting_since })
    }
}

/// On a waiting list for more than six weeks on `today`.
pub fn waiting_too_long(status: ReferralStatus, waiting_since: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == ReferralStatus::WaitingList && waiting_since.is_some_and(|d| (today - d).num_days() > LONG_WAIT_DAYS)
}

/// The weekday number (1 = Monday) of a date, as service times use.
pub fn weekday_number(day: NaiveDate) -> u8 {
    day.weekday().number_from_monday() as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(weekday: u8, start: &str, end: &str) -> ServiceTime {
        ServiceTime { weekday, start: LocalTime::parse(start).unwrap(), end: LocalTime::parse(end).unwrap() }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn sheds() -> ServiceRequest {
        ServiceRequest {
            name: " Men in Sheds ".into(),
            offers: "Woodwork and company".into(),
            category: ServiceCategory::SocialConnection,
            times: vec![t(4, "18:00", "20:00"), t(2, "10:00", "12:00")],
            place: "Unit 4, Mill Lane".into(),
            online: false,
            contact: "01234 567890".into(),
            cost: "Free".into(),
            needs_referral: false,
        }
    }

    #[test]
    fn evenings_and_weekends_are_outside_working_hours() {
        assert!(!t(2, "10:00", "12:00").outside_working_hours());
        assert!(!t(5, "09:00", "17:00").outside_working_hours(), "the edges are inside");
        assert!(t(4, "18:00", "20:00").outside_working_hours());
        assert!(t(3, "16:00", "17:30").outside_working_hours(), "partly after five");
        assert!(t(1, "08:30", "10:00").outside_working_hours());
        assert!(t(6, "10:00", "12:00").outside_working_hours(), "Saturday");
        assert!(t(7, "10:00", "12:00").outside_working_hours(), "Sunday");
        assert!(sheds().outside_working_hours(), "one evening session is enough");
    }

    #[test]
    fn a_service_is_trimmed_and_its_times_sorted() {
        let s = sheds().parse().unwrap();
        assert_eq!(s.name, "Men in Sheds");
        assert_eq!(s.times.iter().map(|t| t.words()).collect::<Vec<_>>(), ["Tue 10:00–12:00", "Thu 18:00–20:00"]);
    }

    #[test]
    fn a_service_needs_a_name_a_place_and_real_times() {
        let mut s = sheds();
        s.name = "  ".into();
        assert_eq!(s.parse(), Err(ServiceError::NoName));
        let mut s = sheds();
        s.times.push(t(8, "10:00", "11:00"));
        assert_eq!(s.parse(), Err(ServiceError::BadTime));
        let mut s = sheds();
        s.times = vec![t(1, "12:00", "10:00")];
        assert_eq!(s.parse().unwrap_err().field(), "times");
        let mut s = sheds();
        s.place = String::new();
        assert_eq!(s.parse(), Err(ServiceError::NoPlace));
        s.online = true;
        assert!(s.parse().is_ok(), "online needs no place");
    }

    #[test]
    fn a_waiting_list_needs_its_date_and_flags_after_six_weeks() {
        let req = |status, since| ReferralRequest { service_id: Some(Uuid::nil()), status, waiting_since: since };
        let today = day("2026-03-20");
        assert_eq!(req(ReferralStatus::WaitingList, None).parse(today, false), Err(ReferralError::NoWaitingDate));
        assert_eq!(
            req(ReferralStatus::WaitingList, Some(day("2026-03-25"))).parse(today, false),
            Err(ReferralError::FutureWaitingDate)
        );
        assert_eq!(
            req(ReferralStatus::Started, Some(day("2026-03-01"))).parse(today, false).unwrap().waiting_since,
            None
        );
        let none = ReferralRequest { service_id: None, status: ReferralStatus::Suggested, waiting_since: None };
        assert_eq!(none.parse(today, true), Err(ReferralError::NoService));
        assert!(!waiting_too_long(ReferralStatus::WaitingList, Some(day("2026-02-06")), today), "42 days");
        assert!(waiting_too_long(ReferralStatus::WaitingList, Some(day("2026-02-05")), today), "43 days");
        assert!(!waiting_too_long(ReferralStatus::Started, Some(day("2026-01-01")), today));
    }

    #[test]
    fn names_round_trip() {
        for c in ServiceCategory::ALL {
            assert_eq!(ServiceCategory::parse(c.as_str()), Some(c));
        }
        for r in ReferralStatus::ALL {
            assert_eq!(ReferralStatus::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        assert_eq!(PatientResponse::parse("not_for_me"), Some(PatientResponse::NotForMe));
    }
}
