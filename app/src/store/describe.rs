//! Entries in plain words, for Today and the Diary: a title line, detail lines, the time and the
//! day each belongs to. Observations only — no judgement about amounts or counts.

use chrono::NaiveDate;
use evenkeel_domain::diary::{ActivityKind, EntryData, EntryTime, Medication, StrengthUnit};
use uuid::Uuid;

use super::Row;
use super::clock;

/// A number without a pointless ".0" ("10", "2.5").
pub fn amount(n: f64) -> String {
    // Integer arithmetic: float formatting would add several KB to the download.
    let hundredths = (n * 100.0).round() as i64;
    let (whole, frac) = (hundredths / 100, (hundredths % 100).abs());
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

pub fn unit_label(unit: StrengthUnit) -> &'static str {
    match unit {
        StrengthUnit::Mg => "mg",
        StrengthUnit::McgPerHour => "mcg/h",
        StrengthUnit::MgPerMl => "mg/ml",
    }
}

/// The amount a dose records: mg, or mcg/h for a patch.
pub fn dose_amount(med: Option<&Medication>, n: f64) -> String {
    let unit = if med.is_some_and(Medication::is_patch) { "mcg/h" } else { "mg" };
    format!("{} {unit}", amount(n))
}

/// The amount offered for a quick dose: the usual amount, else one unit of the strength.
pub fn usual_amount(med: &Medication) -> f64 {
    med.usual_amount.unwrap_or(med.strength)
}

/// When it happened, or (for a night's sleep) when the night began.
pub fn when(entry: &EntryData) -> Option<EntryTime> {
    entry.recorded_at()
}

/// The diary day an entry belongs to: the local date it happened; a night belongs to the morning
/// it ended (you log "sleep last night" today).
pub fn day_of(entry: &EntryData) -> Option<NaiveDate> {
    match entry {
        EntryData::Sleep(s) => Some(s.diary.out_of_bed().date_naive()),
        other => other.recorded_at().map(|t| t.local().date()),
    }
}

/// Medicines by id, for naming doses.
pub type Medicines = Vec<(Uuid, Medication)>;

pub fn medicines(rows: &[Row]) -> Medicines {
    rows.iter()
        .filter_map(|r| match r.entry() {
            Some(EntryData::Medication(m)) => Some((r.id, m)),
            _ => None,
        })
        .collect()
}

/// (title, details) in plain words.
pub fn describe(entry: &EntryData, meds: &Medicines) -> (String, Vec<String>) {
    match entry {
        EntryData::Pain(p) => {
            let mut details = Vec::new();
            if let Some(w) = &p.location {
                details.push(format!("Where: {w}"));
            }
            if let Some(peg) = &p.peg {
                details.push(format!("Weekly check-in (PEG): {}", peg.score()));
            }
            if let Some(n) = &p.note {
                details.push(n.clone());
            }
            (format!("Pain {} out of 10", p.score.value()), details)
        }
        EntryData::Dose(d) => {
            let med = meds.iter().find(|(id, _)| *id == d.medication_id).map(|(_, m)| m);
            let name = med.map_or_else(|| "a medicine no longer listed".to_owned(), |m| m.name.clone());
            let mut details = Vec::new();
            if !d.reasons.is_empty() {
                let why: Vec<&str> = d.reasons.iter().map(|r| r.label()).collect();
                details.push(format!("Why: {}", why.join(", ")));
            }
            let mut scores = Vec::new();
            if let Some(p) = d.pain_before {
                scores.push(format!("pain before {}", p.value()));
            }
            if let Some(s) = d.stress_before {
                scores.push(format!("stress before {}", s.value()));
            }
            if let Some(p) = d.pain_after {
                scores.push(format!("pain after {}", p.value()));
            }
            if !scores.is_empty() {
                let mut line = scores.join(", ");
                line[..1].make_ascii_uppercase();
                details.push(line);
            }
            if let Some(n) = &d.note {
                details.push(n.clone());
            }
            (format!("Took {} · {}", name, dose_amount(med, d.amount)), details)
        }
        EntryData::Activity(a) => {
            let title = match a.kind {
                ActivityKind::Activity => format!("Activity: {} · {}", a.what, clock::duration(i64::from(a.minutes))),
                ActivityKind::Rest => format!("Rest: {} · {}", a.what, clock::duration(i64::from(a.minutes))),
            };
            let mut details = Vec::new();
            if let Some(e) = a.effort {
                details.push(format!("Effort: {}", e.as_str()));
            }
            match a.rest_break_taken {
                Some(true) => details.push("Took a break part-way".into()),
                Some(false) => details.push("No break".into()),
                None => {}
            }
            if let Some(f) = a.felt_after {
                details.push(format!("Afterwards: {}", f.as_str()));
            }
            (title, details)
        }
        EntryData::Mood(m) => {
            let mut details = vec![format!("Stress {} out of 10", m.stress.value())];
            if m.phq2.is_some() || m.gad2.is_some() {
                details.push("Answered the check-in questions".into());
            }
            if let Some(n) = &m.note {
                details.push(n.clone());
            }
            (format!("Mood: {}", m.mood.label()), details)
        }
        EntryData::Sleep(s) => {
            let metrics = s.diary.metrics();
            let mut details = vec![
                format!(
                    "In bed {} – up {}",
                    clock::clock(&EntryTime::from_datetime(s.diary.into_bed())),
                    clock::clock(&EntryTime::from_datetime(s.diary.out_of_bed()))
                ),
                format!(
                    "Asleep about {} of {} in bed ({}%)",
                    clock::duration(metrics.total_sleep_time_min),
                    clock::duration(metrics.time_in_bed_min),
                    metrics.sleep_efficiency_pct.round() as i64
                ),
            ];
            if let Some(n) = &s.note {
                details.push(n.clone());
            }
            (format!("Sleep: {}", s.diary.quality().label()), details)
        }
        EntryData::Relaxation(r) => {
            let what = r.pattern.map_or("Relaxation practice", |p| p.name());
            let feel = match (r.feel_before, r.feel_after) {
                (Some(b), Some(a)) => Some(format!("Feeling {} before, {} after (out of 10)", b.value(), a.value())),
                (Some(b), None) => Some(format!("Feeling {} before (out of 10)", b.value())),
                (None, Some(a)) => Some(format!("Feeling {} after (out of 10)", a.value())),
                (None, None) => None,
            };
            (format!("{what} · {}", clock::duration(i64::from(r.minutes))), feel.into_iter().collect())
        }
        // The feelings themselves show on My plan's check-in; the diary says only that there was one
        // (their words here would add to what every patient downloads before Today).
        EntryData::Withdrawal(_) => ("How reducing feels: a check-in".to_owned(), Vec::new()),
        EntryData::Medication(m) => (m.name.clone(), Vec::new()),
    }
}
