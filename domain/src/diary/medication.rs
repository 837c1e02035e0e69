//! A medicine in the person's list: what it is, its strength, and whether it is taken on a schedule or
//! as needed. Dose entries point at one of these by id.
//!
//! The checks here only catch combinations that can't be right (a fentanyl patch "tablet"); they never
//! judge whether a medicine or strength is wise.

use serde::Serialize;
use serde_json::Value;

use super::error::{EntryError, Problem};
use super::fields::{Field, Fields, choice, positive, text};
use crate::ome::Opioid;

pub const MAX_NAME_CHARS: usize = 80;
/// Catches typos (an extra zero or three) without judging doses: no UK opioid product comes near it.
pub const MAX_STRENGTH: f64 = 10_000.0;

const NAME: Field = ("name", "Medicine name");
const OPIOID: Field = ("opioid", "Type of medicine");
const STRENGTH: Field = ("strength", "Strength");
const UNIT: Field = ("unit", "Unit");
const FORM: Field = ("form", "Form");
const SCHEDULE: Field = ("schedule", "Schedule");
const USUAL_AMOUNT: Field = ("usual_amount", "Usual amount");

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $words:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        pub(crate) const $words: &[&str] = &[$($word),+];

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($word => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use word_enum;

word_enum!(
    /// The unit `strength` is in. Dose amounts use `mg`, or `mcg_per_hour` for patches.
    StrengthUnit, UNIT_WORDS { Mg => "mg", McgPerHour => "mcg_per_hour", MgPerMl => "mg_per_ml" }
);
word_enum!(
    MedicineForm, FORM_WORDS {
        Tablet => "tablet", Capsule => "capsule", Liquid => "liquid", Patch => "patch",
        Injection => "injection", Other => "other",
    }
);
word_enum!(Schedule, SCHEDULE_WORDS { Scheduled => "scheduled", AsNeeded => "as_needed" });

const OPIOID_WORDS: &[&str] = &[
    "morphine",
    "codeine",
    "dihydrocodeine",
    "tramadol",
    "tapentadol",
    "oxycodone",
    "hydromorphone",
    "methadone",
    "fentanyl_patch",
    "buprenorphine_patch_7day",
    "buprenorphine_patch_twice_weekly",
    "other_not_opioid",
];

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Medication {
    pub name: String,
    pub opioid: Opioid,
    pub strength: f64,
    pub unit: StrengthUnit,
    pub form: MedicineForm,
    pub schedule: Schedule,
    /// The amount usually taken at once, in the unit dose entries use: mg, or mcg/h for a patch.
    /// The app offers it as the starting value of a new dose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usual_amount: Option<f64>,
}

impl Medication {
    pub fn parse(data: &Value) -> Result<Self, EntryError> {
        let keys = ["name", "opioid", "strength", "unit", "form", "schedule", "usual_amount"];
        let f = Fields::new(data, ("data", "This medicine"), &keys)?;
        let med = Self {
            name: f.required(NAME, text(MAX_NAME_CHARS))?,
            opioid: f.required(OPIOID, choice(OPIOID_WORDS, Opioid::parse))?,
            strength: f.required(STRENGTH, positive(MAX_STRENGTH))?,
            unit: f.required(UNIT, choice(UNIT_WORDS, StrengthUnit::parse))?,
            form: f.required(FORM, choice(FORM_WORDS, MedicineForm::parse))?,
            schedule: f.required(SCHEDULE, choice(SCHEDULE_WORDS, Schedule::parse))?,
            usual_amount: f.optional(USUAL_AMOUNT, positive(MAX_STRENGTH))?,
        };
        med.check_consistent()?;
        Ok(med)
    }

    /// Patches go with patch opioids and mcg/h; mg per ml goes with liquids (or injections, other).
    fn check_consistent(&self) -> Result<(), EntryError> {
        let err = |field: Field, problem| Err(EntryError::new(field.0, field.1, problem));
        let opioid_patch = self.opioid.is_patch();
        let is_patch_form = self.form == MedicineForm::Patch;
        if opioid_patch && !is_patch_form {
            return err(FORM, Problem::PatchOpioidNeedsPatchForm);
        }
        if opioid_patch && self.unit != StrengthUnit::McgPerHour {
            return err(UNIT, Problem::PatchNeedsMcgPerHour);
        }
        if self.unit == StrengthUnit::McgPerHour && !is_patch_form {
            return err(UNIT, Problem::McgPerHourIsForPatches);
        }
        if is_patch_form && !opioid_patch && self.opioid != Opioid::OtherNotOpioid {
            return err(OPIOID, Problem::PatchFormNeedsPatchOpioid);
        }
        if self.unit == StrengthUnit::MgPerMl && matches!(self.form, MedicineForm::Tablet | MedicineForm::Capsule) {
            return err(UNIT, Problem::MgPerMlIsForLiquids);
        }
        Ok(())
    }

    pub fn is_patch(&self) -> bool {
        self.form == MedicineForm::Patch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tablet() -> Value {
        json!({"name": "Zomorph", "opioid": "morphine", "strength": 10, "unit": "mg", "form": "capsule", "schedule": "scheduled", "usual_amount": 10})
    }

    #[test]
    fn a_medicine_round_trips() {
        let m = Medication::parse(&tablet()).unwrap();
        assert_eq!(m.opioid, Opioid::Morphine);
        assert_eq!(m.schedule, Schedule::Scheduled);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["unit"], "mg");
        assert_eq!(json["strength"], 10.0);
        assert_eq!(Medication::parse(&json).unwrap(), m);
    }

    #[test]
    fn patches_must_be_consistent() {
        let patch = json!({"name": "Butec", "opioid": "buprenorphine_patch_7day", "strength": 10, "unit": "mcg_per_hour", "form": "patch", "schedule": "scheduled"});
        assert!(Medication::parse(&patch).unwrap().is_patch());
        let with = |key: &str, value: Value| {
            let mut d = patch.clone();
            d[key] = value;
            Medication::parse(&d).unwrap_err().to_string()
        };
        assert_eq!(with("form", json!("tablet")), "This medicine is a patch, so please choose \"patch\" as its form.");
        assert_eq!(
            with("unit", json!("mg")),
            "A patch's strength is measured in micrograms per hour (mcg/h); please choose that unit."
        );
        assert_eq!(
            with("opioid", json!("morphine")),
            "For an opioid patch, please choose fentanyl patch or one of the buprenorphine patches as the medicine."
        );
        let mut t = tablet();
        t["unit"] = json!("mcg_per_hour");
        assert_eq!(
            Medication::parse(&t).unwrap_err().to_string(),
            "Micrograms per hour (mcg/h) is only used for patches."
        );
        t["unit"] = json!("mg_per_ml");
        assert_eq!(Medication::parse(&t).unwrap_err().field(), "unit");
        // A non-opioid plaster is fine in mg.
        let plaster = json!({"name": "Lidocaine plaster", "opioid": "other_not_opioid", "strength": 700, "unit": "mg", "form": "patch", "schedule": "as_needed"});
        assert!(Medication::parse(&plaster).is_ok());
    }

    #[test]
    fn messages_a_person_can_hit() {
        let with = |key: &str, value: Value| {
            let mut d = tablet();
            d[key] = value;
            Medication::parse(&d).unwrap_err().to_string()
        };
        assert_eq!(with("name", json!(" ")), "Medicine name can't be empty.");
        assert_eq!(with("name", json!("x".repeat(81))), "Medicine name can be at most 80 characters.");
        assert_eq!(with("strength", json!(0)), "Strength must be a number above 0 and no more than 10000.");
        assert_eq!(with("schedule", json!("sometimes")), "Schedule must be one of: scheduled, as_needed.");
        assert!(with("opioid", json!("heroin")).starts_with("Type of medicine must be one of: morphine, codeine"));
        assert_eq!(
            with("form", json!("spray")),
            "Form must be one of: tablet, capsule, liquid, patch, injection, other."
        );
    }

    #[test]
    fn opioid_words_match_the_enum() {
        let names: Vec<_> = Opioid::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(names, OPIOID_WORDS);
    }
}
