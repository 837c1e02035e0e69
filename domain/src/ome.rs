//! Oral morphine equivalent (OME) from a versioned conversion table.
//!
//! The app records and charts; it never recommends a dose. OME totals are a way to put different
//! opioids on one chart, so every figure carries the name of the table it came from, and older tables
//! stay here so a stored figure can be recomputed exactly as it was.
//!
//! Factors: the UK column of `shared/domain.md` §1 (BNF / Opioids Aware, checked Aug 2020). Nothing here
//! is a CDC MME factor. Methadone has no fixed ratio, and a patch strength missing from the table is not
//! guessed: both come back as "not converted" with the reason, never as a number.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The table used for new figures.
pub const TABLE_VERSION: &str = "uk-opioids-aware-2020";
/// An older Opioids Aware-derived table (oxycodone 2, hydromorphone 7.5), kept so that figures stored
/// under it can be reproduced (`domain.md` §1, "Version the table").
pub const LEGACY_TABLE_VERSION: &str = "uk-opioids-aware-legacy";

/// Opioids Aware key messages 3–4: harm rises substantially above 120 mg/day OME with no added
/// benefit. Also the workers' caseload flag in `design.md` ("high OME ≥ 120 mg/day").
pub const HIGH_DOSE_OME_MG_PER_DAY: f64 = 120.0;

/// The medicines a person can record. `other_not_opioid` covers everything else they take (for
/// example paracetamol): it is recorded but adds nothing to an OME total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Opioid {
    Morphine,
    Codeine,
    Dihydrocodeine,
    Tramadol,
    Tapentadol,
    Oxycodone,
    Hydromorphone,
    Methadone,
    /// Strength in mcg/h.
    FentanylPatch,
    /// Strength in mcg/h; one patch lasts seven days.
    #[serde(rename = "buprenorphine_patch_7day")]
    BuprenorphinePatch7day,
    /// Strength in mcg/h; one patch is changed twice a week.
    BuprenorphinePatchTwiceWeekly,
    OtherNotOpioid,
}

impl Opioid {
    pub const ALL: [Opioid; 12] = [
        Self::Morphine,
        Self::Codeine,
        Self::Dihydrocodeine,
        Self::Tramadol,
        Self::Tapentadol,
        Self::Oxycodone,
        Self::Hydromorphone,
        Self::Methadone,
        Self::FentanylPatch,
        Self::BuprenorphinePatch7day,
        Self::BuprenorphinePatchTwiceWeekly,
        Self::OtherNotOpioid,
    ];

    /// The wire name, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Morphine => "morphine",
            Self::Codeine => "codeine",
            Self::Dihydrocodeine => "dihydrocodeine",
            Self::Tramadol => "tramadol",
            Self::Tapentadol => "tapentadol",
            Self::Oxycodone => "oxycodone",
            Self::Hydromorphone => "hydromorphone",
            Self::Methadone => "methadone",
            Self::FentanylPatch => "fentanyl_patch",
            Self::BuprenorphinePatch7day => "buprenorphine_patch_7day",
            Self::BuprenorphinePatchTwiceWeekly => "buprenorphine_patch_twice_weekly",
            Self::OtherNotOpioid => "other_not_opioid",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// Words for a person, e.g. in "A 37 mcg/h fentanyl patch isn't in the table".
    pub fn label(self) -> &'static str {
        match self {
            Self::Morphine => "morphine",
            Self::Codeine => "codeine",
            Self::Dihydrocodeine => "dihydrocodeine",
            Self::Tramadol => "tramadol",
            Self::Tapentadol => "tapentadol",
            Self::Oxycodone => "oxycodone",
            Self::Hydromorphone => "hydromorphone",
            Self::Methadone => "methadone",
            Self::FentanylPatch => "fentanyl patch",
            Self::BuprenorphinePatch7day => "buprenorphine 7-day patch",
            Self::BuprenorphinePatchTwiceWeekly => "buprenorphine twice-weekly patch",
            Self::OtherNotOpioid => "non-opioid medicine",
        }
    }

    /// Patches are measured in mcg/h and count per day while worn, not per application.
    pub fn is_patch(self) -> bool {
        matches!(self, Self::FentanylPatch | Self::BuprenorphinePatch7day | Self::BuprenorphinePatchTwiceWeekly)
    }
}

/// Why an amount was left out of a total: a stable code for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotConvertedReason {
    /// Methadone: `domain.md` §1, "no fixed ratio; convert only with specialist advice".
    NeedsSpecialistAdvice,
    PatchStrengthNotInTable,
    /// A patch passed where a swallowed dose was expected: patches count per day while worn.
    PatchCountedPerDay,
    /// A swallowed medicine passed as a patch.
    NotAPatch,
    /// Zero, negative or not a number. Validated entries never get here.
    InvalidAmount,
}

/// One amount left out of a total, with its reason and a sentence for the person reading the chart.
#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[error("{message}")]
pub struct NotConverted {
    pub opioid: Opioid,
    /// mg for swallowed doses, mcg/h for patches.
    pub amount: f64,
    pub reason: NotConvertedReason,
    pub message: String,
}

impl NotConverted {
    pub fn new(opioid: Opioid, amount: f64, reason: NotConvertedReason, table_version: &str) -> Self {
        let label = opioid.label();
        let message = match reason {
            NotConvertedReason::NeedsSpecialistAdvice => format!(
                "{} has no fixed conversion to morphine, so it is left out of this total; a specialist can advise.",
                capitalise(label)
            ),
            NotConvertedReason::PatchStrengthNotInTable => format!(
                "A {amount} mcg/h {label} isn't in the conversion table ({table_version}), so it is left out of this total."
            ),
            NotConvertedReason::PatchCountedPerDay => {
                format!("A {label} is counted per day while it is worn, not per dose, so it is left out here.")
            }
            NotConvertedReason::NotAPatch => {
                format!("{} is not a patch, so it can't be counted as one.", capitalise(label))
            }
            NotConvertedReason::InvalidAmount => {
                format!("An amount of {amount} can't be converted; it must be a number above zero.")
            }
        };
        Self { opioid, amount, reason, message }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A table version this build doesn't have.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("The conversion table \"{0}\" isn't known to this version of the app.")]
pub struct UnknownTable(pub String);

/// The result of converting one amount.
#[derive(Debug, Clone, PartialEq)]
pub enum OmeOutcome {
    /// Oral morphine equivalent in mg (per dose for swallowed doses, per day for patches).
    Converted {
        mg: f64,
    },
    /// Not an opioid: adds nothing, and is not a gap in the total either.
    NotAnOpioid,
    NotConverted(NotConverted),
}

impl OmeOutcome {
    pub fn mg(&self) -> Option<f64> {
        match self {
            Self::Converted { mg } => Some(*mg),
            _ => None,
        }
    }
}

/// A swallowed (or otherwise non-patch) dose on the day: amount of the drug in mg.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OralDose {
    pub opioid: Opioid,
    pub mg: f64,
}

/// A patch being worn on the day, at its strength in mcg/h.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActivePatch {
    pub opioid: Opioid,
    pub mcg_per_hour: f64,
}

/// A day's total. `not_converted` lists what could not be added, so a total is never silently low.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OmeTotal {
    /// Oral morphine equivalent, mg/day, of everything that could be converted.
    pub mg: f64,
    pub table_version: String,
    pub not_converted: Vec<NotConverted>,
}

impl OmeTotal {
    /// At or above [`HIGH_DOSE_OME_MG_PER_DAY`]. A fact about the recorded doses, not advice.
    pub fn reaches_high_dose(&self) -> bool {
        self.mg >= HIGH_DOSE_OME_MG_PER_DAY
    }

    /// True when every recorded opioid was converted.
    pub fn is_complete(&self) -> bool {
        self.not_converted.is_empty()
    }
}

/// One version of the conversion table.
#[derive(Debug, PartialEq)]
pub struct Table {
    pub version: &'static str,
    /// Oral factors: OME mg per mg of drug. Methadone is deliberately absent.
    oral: &'static [(Opioid, f64)],
    /// Patch rows: (opioid, strength mcg/h, OME mg/day).
    patches: &'static [(Opioid, f64, f64)],
}

const PATCHES_2020: &[(Opioid, f64, f64)] = &[
    (Opioid::FentanylPatch, 12.0, 30.0),
    (Opioid::FentanylPatch, 25.0, 60.0),
    (Opioid::FentanylPatch, 50.0, 120.0),
    (Opioid::FentanylPatch, 75.0, 180.0),
    (Opioid::FentanylPatch, 100.0, 240.0),
    (Opioid::BuprenorphinePatch7day, 5.0, 12.0),
    (Opioid::BuprenorphinePatch7day, 10.0, 24.0),
    (Opioid::BuprenorphinePatch7day, 15.0, 36.0),
    (Opioid::BuprenorphinePatch7day, 20.0, 48.0),
    (Opioid::BuprenorphinePatchTwiceWeekly, 35.0, 84.0),
    (Opioid::BuprenorphinePatchTwiceWeekly, 52.5, 126.0),
    (Opioid::BuprenorphinePatchTwiceWeekly, 70.0, 168.0),
];

/// `uk-opioids-aware-2020`: the UK column of `domain.md` §1.
pub static UK_OPIOIDS_AWARE_2020: Table = Table {
    version: TABLE_VERSION,
    oral: &[
        (Opioid::Morphine, 1.0),
        (Opioid::Codeine, 0.1),
        (Opioid::Dihydrocodeine, 0.1),
        (Opioid::Tramadol, 0.1),
        (Opioid::Tapentadol, 0.4),
        (Opioid::Oxycodone, 1.5),
        (Opioid::Hydromorphone, 5.0),
    ],
    patches: PATCHES_2020,
};

/// `uk-opioids-aware-legacy`: as 2020 except oxycodone 2 and hydromorphone 7.5, the only differences
/// `domain.md` records for older tables.
pub static UK_OPIOIDS_AWARE_LEGACY: Table = Table {
    version: LEGACY_TABLE_VERSION,
    oral: &[
        (Opioid::Morphine, 1.0),
        (Opioid::Codeine, 0.1),
        (Opioid::Dihydrocodeine, 0.1),
        (Opioid::Tramadol, 0.1),
        (Opioid::Tapentadol, 0.4),
        (Opioid::Oxycodone, 2.0),
        (Opioid::Hydromorphone, 7.5),
    ],
    patches: PATCHES_2020,
};

/// Patch strengths are compared with a small tolerance so 52.5 typed as 52.50 still matches.
const STRENGTH_TOLERANCE: f64 = 1e-6;

impl Table {
    pub fn current() -> &'static Table {
        &UK_OPIOIDS_AWARE_2020
    }

    /// Every table this build can reproduce, newest first.
    pub fn all() -> [&'static Table; 2] {
        [&UK_OPIOIDS_AWARE_2020, &UK_OPIOIDS_AWARE_LEGACY]
    }

    pub fn by_version(version: &str) -> Option<&'static Table> {
        Self::all().into_iter().find(|t| t.version == version)
    }

    /// OME mg per mg of a swallowed opioid, if the table has a fixed factor for it.
    pub fn oral_factor(&self, opioid: Opioid) -> Option<f64> {
        self.oral.iter().find(|(o, _)| *o == opioid).map(|(_, f)| *f)
    }

    /// The patch strengths (mcg/h) this table lists for a patch opioid, lowest first.
    pub fn patch_strengths(&self, opioid: Opioid) -> Vec<f64> {
        self.patches.iter().filter(|(o, _, _)| *o == opioid).map(|(_, s, _)| *s).collect()
    }

    /// One swallowed dose of `mg` milligrams → OME mg.
    pub fn ome_for_dose(&self, opioid: Opioid, mg: f64) -> OmeOutcome {
        if opioid == Opioid::OtherNotOpioid {
            return OmeOutcome::NotAnOpioid;
        }
        let not = |reason| OmeOutcome::NotConverted(NotConverted::new(opioid, mg, reason, self.version));
        if opioid.is_patch() {
            return not(NotConvertedReason::PatchCountedPerDay);
        }
        if !(mg.is_finite() && mg > 0.0) {
            return not(NotConvertedReason::InvalidAmount);
        }
        match self.oral_factor(opioid) {
            Some(factor) => OmeOutcome::Converted { mg: mg * factor },
            None => not(NotConvertedReason::NeedsSpecialistAdvice),
        }
    }

    /// A patch of `mcg_per_hour` worn for a day → OME mg/day, only for strengths in the table.
    pub fn ome_mg_per_day_for_patch(&self, opioid: Opioid, mcg_per_hour: f64) -> OmeOutcome {
        if opioid == Opioid::OtherNotOpioid {
            return OmeOutcome::NotAnOpioid;
        }
        let not = |reason| OmeOutcome::NotConverted(NotConverted::new(opioid, mcg_per_hour, reason, self.version));
        if !opioid.is_patch() {
            return not(NotConvertedReason::NotAPatch);
        }
        if !(mcg_per_hour.is_finite() && mcg_per_hour > 0.0) {
            return not(NotConvertedReason::InvalidAmount);
        }
        let row = self.patches.iter().find(|(o, s, _)| *o == opioid && (s - mcg_per_hour).abs() < STRENGTH_TOLERANCE);
        match row {
            Some((_, _, mg_per_day)) => OmeOutcome::Converted { mg: *mg_per_day },
            None => not(NotConvertedReason::PatchStrengthNotInTable),
        }
    }

    /// A day's total: every swallowed dose (scheduled and as-needed alike, `domain.md` §1 "Totals")
    /// plus every patch worn that day.
    pub fn daily_ome(&self, doses: &[OralDose], active_patches: &[ActivePatch]) -> OmeTotal {
        let mut total = OmeTotal { mg: 0.0, table_version: self.version.to_owned(), not_converted: Vec::new() };
        let oral = doses.iter().map(|d| self.ome_for_dose(d.opioid, d.mg));
        let patches = active_patches.iter().map(|p| self.ome_mg_per_day_for_patch(p.opioid, p.mcg_per_hour));
        for outcome in oral.chain(patches) {
            match outcome {
                OmeOutcome::Converted { mg } => total.mg += mg,
                OmeOutcome::NotAnOpioid => {}
                OmeOutcome::NotConverted(gap) => total.not_converted.push(gap),
            }
        }
        total
    }
}

/// [`Table::ome_for_dose`] with the current table.
pub fn ome_for_dose(opioid: Opioid, mg: f64) -> OmeOutcome {
    Table::current().ome_for_dose(opioid, mg)
}

/// [`Table::ome_mg_per_day_for_patch`] with the current table.
pub fn ome_mg_per_day_for_patch(opioid: Opioid, mcg_per_hour: f64) -> OmeOutcome {
    Table::current().ome_mg_per_day_for_patch(opioid, mcg_per_hour)
}

/// [`Table::daily_ome`] with the current table.
pub fn daily_ome(doses: &[OralDose], active_patches: &[ActivePatch]) -> OmeTotal {
    Table::current().daily_ome(doses, active_patches)
}

/// Recompute a day's total with the table a stored figure names.
pub fn daily_ome_with_version(
    version: &str,
    doses: &[OralDose],
    active_patches: &[ActivePatch],
) -> Result<OmeTotal, UnknownTable> {
    Table::by_version(version)
        .map(|t| t.daily_ome(doses, active_patches))
        .ok_or_else(|| UnknownTable(version.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * (1.0 + a.abs().max(b.abs()))
    }

    fn converted(o: OmeOutcome) -> f64 {
        o.mg().unwrap_or_else(|| panic!("expected a number, got {o:?}"))
    }

    #[test]
    fn every_oral_row_of_the_uk_2020_table() {
        let rows = [
            (Opioid::Morphine, 10.0, 10.0),
            (Opioid::Codeine, 100.0, 10.0),
            (Opioid::Dihydrocodeine, 100.0, 10.0),
            (Opioid::Tramadol, 100.0, 10.0),
            (Opioid::Tapentadol, 25.0, 10.0),
            (Opioid::Oxycodone, 10.0, 15.0),
            (Opioid::Hydromorphone, 2.0, 10.0),
        ];
        for (opioid, mg, ome) in rows {
            assert!(close(converted(ome_for_dose(opioid, mg)), ome), "{opioid:?}");
        }
    }

    #[test]
    fn legacy_table_differs_only_for_oxycodone_and_hydromorphone() {
        let legacy = Table::by_version(LEGACY_TABLE_VERSION).unwrap();
        assert!(close(converted(legacy.ome_for_dose(Opioid::Oxycodone, 10.0)), 20.0));
        assert!(close(converted(legacy.ome_for_dose(Opioid::Hydromorphone, 2.0)), 15.0));
        for opioid in Opioid::ALL {
            if !matches!(opioid, Opioid::Oxycodone | Opioid::Hydromorphone) {
                assert_eq!(legacy.ome_for_dose(opioid, 30.0), ome_for_dose(opioid, 30.0), "{opioid:?}");
            }
        }
    }

    #[test]
    fn methadone_is_never_a_number() {
        for table in Table::all() {
            let outcome = table.ome_for_dose(Opioid::Methadone, 10.0);
            let OmeOutcome::NotConverted(gap) = outcome else { panic!("{outcome:?}") };
            assert_eq!(gap.reason, NotConvertedReason::NeedsSpecialistAdvice);
            assert_eq!(
                gap.to_string(),
                "Methadone has no fixed conversion to morphine, so it is left out of this total; a specialist can advise."
            );
        }
    }

    #[test]
    fn every_patch_row() {
        let rows = [
            (Opioid::FentanylPatch, 12.0, 30.0),
            (Opioid::FentanylPatch, 25.0, 60.0),
            (Opioid::FentanylPatch, 50.0, 120.0),
            (Opioid::FentanylPatch, 75.0, 180.0),
            (Opioid::FentanylPatch, 100.0, 240.0),
            (Opioid::BuprenorphinePatch7day, 5.0, 12.0),
            (Opioid::BuprenorphinePatch7day, 10.0, 24.0),
            (Opioid::BuprenorphinePatch7day, 15.0, 36.0),
            (Opioid::BuprenorphinePatch7day, 20.0, 48.0),
            (Opioid::BuprenorphinePatchTwiceWeekly, 35.0, 84.0),
            (Opioid::BuprenorphinePatchTwiceWeekly, 52.5, 126.0),
            (Opioid::BuprenorphinePatchTwiceWeekly, 70.0, 168.0),
        ];
        for table in Table::all() {
            for (opioid, strength, ome) in rows {
                assert_eq!(table.ome_mg_per_day_for_patch(opioid, strength), OmeOutcome::Converted { mg: ome });
            }
        }
    }

    #[test]
    fn a_patch_strength_not_in_the_table_says_why() {
        let outcome = ome_mg_per_day_for_patch(Opioid::FentanylPatch, 37.5);
        let OmeOutcome::NotConverted(gap) = outcome else { panic!("{outcome:?}") };
        assert_eq!(gap.reason, NotConvertedReason::PatchStrengthNotInTable);
        assert_eq!(
            gap.to_string(),
            "A 37.5 mcg/h fentanyl patch isn't in the conversion table (uk-opioids-aware-2020), so it is left out of this total."
        );
        // A strength from another patch's row doesn't count.
        assert!(ome_mg_per_day_for_patch(Opioid::BuprenorphinePatch7day, 35.0).mg().is_none());
    }

    #[test]
    fn patches_and_swallowed_doses_are_not_mixed_up() {
        let reason = |o: OmeOutcome| match o {
            OmeOutcome::NotConverted(gap) => Some(gap.reason),
            _ => None,
        };
        assert_eq!(reason(ome_for_dose(Opioid::FentanylPatch, 25.0)), Some(NotConvertedReason::PatchCountedPerDay));
        assert_eq!(reason(ome_mg_per_day_for_patch(Opioid::Morphine, 25.0)), Some(NotConvertedReason::NotAPatch));
        assert_eq!(reason(ome_for_dose(Opioid::Morphine, -5.0)), Some(NotConvertedReason::InvalidAmount));
        assert_eq!(ome_for_dose(Opioid::OtherNotOpioid, 1000.0), OmeOutcome::NotAnOpioid);
    }

    #[test]
    fn daily_total_adds_everything_and_lists_the_gaps() {
        let doses = [
            OralDose { opioid: Opioid::Morphine, mg: 30.0 },
            OralDose { opioid: Opioid::Codeine, mg: 60.0 }, // as-needed doses count too
            OralDose { opioid: Opioid::Methadone, mg: 10.0 },
            OralDose { opioid: Opioid::OtherNotOpioid, mg: 1000.0 },
        ];
        let patches = [ActivePatch { opioid: Opioid::BuprenorphinePatch7day, mcg_per_hour: 10.0 }];
        let total = daily_ome(&doses, &patches);
        assert!(close(total.mg, 30.0 + 6.0 + 24.0));
        assert_eq!(total.table_version, TABLE_VERSION);
        assert_eq!(total.not_converted.len(), 1);
        assert_eq!(total.not_converted[0].opioid, Opioid::Methadone);
        assert!(!total.is_complete());
        assert!(!total.reaches_high_dose());
    }

    #[test]
    fn high_dose_threshold_is_inclusive_at_120() {
        let total = daily_ome(&[OralDose { opioid: Opioid::Oxycodone, mg: 80.0 }], &[]);
        assert!(close(total.mg, 120.0));
        assert!(total.reaches_high_dose());
    }

    #[test]
    fn stored_figures_can_be_recomputed_by_version() {
        let doses = [OralDose { opioid: Opioid::Oxycodone, mg: 20.0 }];
        let old = daily_ome_with_version(LEGACY_TABLE_VERSION, &doses, &[]).unwrap();
        assert!(close(old.mg, 40.0));
        assert_eq!(old.table_version, LEGACY_TABLE_VERSION);
        assert!(daily_ome_with_version("made-up", &doses, &[]).is_err());
    }

    #[test]
    fn opioid_wire_names_round_trip() {
        for opioid in Opioid::ALL {
            let json = serde_json::to_value(opioid).unwrap();
            assert_eq!(json, serde_json::Value::String(opioid.as_str().to_owned()));
            assert_eq!(Opioid::parse(opioid.as_str()), Some(opioid));
        }
    }

    #[test]
    fn a_total_serialises_with_its_reasons() {
        let total = daily_ome(&[OralDose { opioid: Opioid::Methadone, mg: 5.0 }], &[]);
        let json = serde_json::to_value(&total).unwrap();
        assert_eq!(json["table_version"], "uk-opioids-aware-2020");
        assert_eq!(json["not_converted"][0]["reason"], "needs_specialist_advice");
        assert!(json["not_converted"][0]["message"].as_str().unwrap().starts_with("Methadone"));
        let back: OmeTotal = serde_json::from_value(json).unwrap();
        assert_eq!(back, total);
    }

    fn oral_opioid() -> impl Strategy<Value = Opioid> {
        prop::sample::select(Opioid::ALL.into_iter().filter(|o| !o.is_patch()).collect::<Vec<_>>())
    }

    proptest! {
        #[test]
        fn ome_is_never_negative(opioid in oral_opioid(), mg in -1e6f64..1e6, version in prop::sample::select(vec![TABLE_VERSION, LEGACY_TABLE_VERSION])) {
            let table = Table::by_version(version).unwrap();
            if let Some(x) = table.ome_for_dose(opioid, mg).mg() { prop_assert!(x >= 0.0); }
            let total = table.daily_ome(&[OralDose { opioid, mg }], &[]);
            prop_assert!(total.mg >= 0.0);
            prop_assert_eq!(total.table_version, version);
        }

        #[test]
        fn oral_ome_is_linear_in_amount(opioid in oral_opioid(), a in 0.01f64..5000.0, b in 0.01f64..5000.0) {
            let (Some(fa), Some(fb), Some(fab)) = (
                ome_for_dose(opioid, a).mg(), ome_for_dose(opioid, b).mg(), ome_for_dose(opioid, a + b).mg()
            ) else { return Ok(()) };
            prop_assert!(close(fa + fb, fab));
            let split = daily_ome(&[OralDose { opioid, mg: a }, OralDose { opioid, mg: b }], &[]);
            prop_assert!(close(split.mg, fab));
        }
    }
}
