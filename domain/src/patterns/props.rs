//! Property tests: rollups of a split range equal the rollup of the whole; an empty diary gives no
//! finding; the output doesn't depend on the order entries arrive in.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::fixtures::{Diary, mar};
use super::*;
use crate::diary::{ActivityKind, DoseReason, Schedule};
use crate::ome::Opioid;

/// One made-up entry: (day 0..28 from 24 Feb, hour, kind, value).
type Raw = (u64, u32, u8, u8);

const DAYS: u64 = 28;

fn base() -> NaiveDate {
    mar(3) - Days::new(7)
}

fn diary(raw: &[Raw]) -> Diary {
    let mut d = Diary::default();
    let meds = [
        d.medicine(Opioid::Morphine, 10.0, Schedule::Scheduled),
        d.medicine(Opioid::Oxycodone, 5.0, Schedule::AsNeeded),
        d.medicine(Opioid::Methadone, 1.0, Schedule::Scheduled),
        d.medicine(Opioid::FentanylPatch, 25.0, Schedule::Scheduled),
        d.medicine(Opioid::BuprenorphinePatch7day, 10.0, Schedule::Scheduled),
    ];
    let patch_strength = [0.0, 0.0, 0.0, 25.0, 10.0];
    for &(day, hour, kind, value) in raw {
        let date = base() + Days::new(day);
        match kind % 5 {
            0 => d.pain(date, hour, value % 11),
            1 => {
                let m = usize::from(value) % meds.len();
                let amount = if patch_strength[m] > 0.0 { patch_strength[m] } else { f64::from(value % 40 + 1) };
                let reasons = [DoseReason::Pain, DoseReason::StressOrWorry, DoseReason::WithdrawalFeelings];
                let pain = (value % 3 == 0).then_some(value % 11);
                d.dose(meds[m], date, hour, 0, amount, &reasons[..usize::from(value % 4).min(3)], pain);
            }
            2 => {
                let kind = if value % 2 == 0 { ActivityKind::Activity } else { ActivityKind::Rest };
                let what = ["Walk", "walk", "Swim"][usize::from(value % 3)];
                d.activity(date, u16::from(value) + 1, what, kind);
            }
            3 => d.mood(date, value % 11, (value % 5 == 0).then_some([value % 4, 1])),
            _ => d.sleep(date, u32::from(value) % 400),
        }
    }
    d
}

fn raw_entries() -> impl Strategy<Value = Vec<Raw>> {
    proptest::collection::vec((0..DAYS, 0u32..24, 0u8..5, any::<u8>()), 0..150)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Days are independent, so splitting the range anywhere gives the same rows; additive fields add up.
    #[test]
    fn rollups_of_a_split_range_equal_the_whole(raw in raw_entries(), split in 0..DAYS - 1) {
        let d = diary(&raw);
        let (a, c) = (base(), base() + Days::new(DAYS - 1));
        let b = base() + Days::new(split);
        let whole = d.compute(a, c, c).days;
        let mut parts = d.compute(a, b, c).days;
        parts.extend(d.compute(b + Days::new(1), c, c).days);
        prop_assert_eq!(&parts, &whole);
        let doses: u32 = whole.iter().map(|r| r.doses).sum();
        let logged = raw.iter().filter(|r| r.2 % 5 == 1).count() as u32;
        prop_assert_eq!(doses, logged);
        let entries: u32 = whole.iter().map(|r| r.entries).sum();
        // A sleep on the last night belongs to the morning after the range.
        let late_nights = raw.iter().filter(|r| r.2 % 5 == 4 && r.0 == DAYS - 1).count() as u32;
        prop_assert_eq!(entries, raw.len() as u32 - late_nights);
    }

    #[test]
    fn no_finding_from_an_empty_diary(from in 0..DAYS, len in 0..DAYS, ahead in 0..10u64) {
        let from = base() + Days::new(from);
        let to = from + Days::new(len);
        let p = Diary::default().compute(from, to, to + Days::new(ahead));
        prop_assert!(p.findings.is_empty());
        prop_assert!(p.episodes.is_empty() && p.pacing.is_empty() && p.reasons.is_empty());
        prop_assert_eq!(p.days.len() as u64, len + 1);
    }

    #[test]
    fn the_same_diary_in_any_order_gives_the_same_patterns(
        raw in raw_entries(),
        order in Just(()).prop_perturb(|_, mut rng| rng.random::<u64>()),
    ) {
        let d = diary(&raw);
        let mut shuffled = d.items.clone();
        // Fisher–Yates with a small LCG from the drawn seed.
        let mut s = order | 1;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let (from, to) = (base() + Days::new(7), base() + Days::new(DAYS - 1));
        let a = compute(&PatternInput::new(d.items.clone(), from, to, to));
        let b = compute(&PatternInput::new(shuffled, from, to, to));
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
        // And it survives a JSON round trip (the server sends it, the app reads it). serde_json's default
        // float parsing may differ in the last bit, so compare as parsed JSON.
        let json = serde_json::to_string(&a).unwrap();
        let back: Patterns = serde_json::from_str(&json).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(serde_json::to_value(&back).unwrap(), parsed);
    }
}
