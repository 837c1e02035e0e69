//! Relaxation practice: minutes practised in the period, and, where sessions were rated, how the
//! person felt before and after; and the pain scores logged just before and just after sessions.
//! Observations with their numbers, never a score, a streak or a nag.

use chrono::TimeDelta;

use super::finding::{Finding, FindingKind, Period, one_dp, period_words};
use super::index::Index;

/// Rated sessions needed before comparing before and after: fewer would be an anecdote. (Assumption:
/// no source sets this number.)
pub const MIN_RATED_SESSIONS: usize = 3;

/// How far before a session's start, and after its end, a pain score counts as "before" and
/// "after" it. (Assumption: no source sets this window.)
pub const PAIN_WINDOW_HOURS: i64 = 3;

pub(crate) fn finding(ix: &Index) -> Option<Finding> {
    let period = ix.period();
    let sessions: Vec<_> = ix.practice.iter().filter(|(day, _)| period.contains(day)).map(|(_, s)| *s).collect();
    let minutes: u32 = sessions.iter().map(|s| u32::from(s.minutes)).sum();
    if minutes == 0 {
        return None;
    }
    let weeks = (period.len() as f64 / 7.0).max(1.0);
    let per_week = f64::from(minutes) / weeks;
    let rated: Vec<(f64, f64)> = sessions
        .iter()
        .filter_map(|s| Some((f64::from(s.feel_before?.value()), f64::from(s.feel_after?.value()))))
        .collect();
    let mut numbers = vec![
        ("minutes", f64::from(minutes)),
        ("minutes_per_week", per_week.round()),
        ("sessions", sessions.len() as f64),
    ];
    let when = period_words(ix.from, ix.to, ix.today);
    let template = if rated.len() >= MIN_RATED_SESSIONS {
        let n = rated.len() as f64;
        let before = rated.iter().map(|r| r.0).sum::<f64>() / n;
        let after = rated.iter().map(|r| r.1).sum::<f64>() / n;
        numbers.extend([("rated_sessions", n), ("feel_before", before), ("feel_after", after)]);
        format!(
            "{{You}} practised relaxation for {minutes} minutes {when} (about {} a week); in the {} sessions {{you}} rated, {{you}} felt {} out of 10 before and {} after, on average.",
            per_week.round(),
            rated.len(),
            one_dp(before),
            one_dp(after),
        )
    } else {
        format!("{{You}} practised relaxation for {minutes} minutes {when} (about {} a week).", per_week.round())
    };
    Some(Finding::new(FindingKind::RelaxationPractice, template, &numbers, Period { from: ix.from, to: ix.to }))
}

/// Pain logged in the 3 hours before sessions against pain logged in the 3 hours after them (the
/// nearest score each side), once at least 3 sessions have both.
pub(crate) fn pain_around(ix: &Index) -> Option<Finding> {
    let window = TimeDelta::hours(PAIN_WINDOW_HOURS);
    let period = ix.period();
    let pairs: Vec<(f64, f64)> = ix
        .practice
        .iter()
        .filter(|(day, _)| period.contains(day))
        .filter_map(|(_, s)| {
            let start = s.recorded_at.utc();
            let end = start + TimeDelta::minutes(i64::from(s.minutes));
            let before = ix.pains.iter().rev().find(|(at, _)| *at <= start && *at >= start - window)?;
            let after = ix.pains.iter().find(|(at, _)| *at >= end && *at <= end + window)?;
            Some((f64::from(before.1), f64::from(after.1)))
        })
        .collect();
    if pairs.len() < MIN_RATED_SESSIONS {
        return None;
    }
    let n = pairs.len() as f64;
    let before = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let after = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let template = format!(
        "On the {} sessions with a pain score logged in the {PAIN_WINDOW_HOURS} hours before and after, {{your}} pain was {} before and {} after, on average.",
        pairs.len(),
        one_dp(before),
        one_dp(after),
    );
    let numbers = [("sessions", n), ("pain_before", before), ("pain_after", after)];
    Some(Finding::new(FindingKind::RelaxationPain, template, &numbers, Period { from: ix.from, to: ix.to }))
}
