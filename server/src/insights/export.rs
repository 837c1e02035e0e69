//! CSV and FHIR R4 exports of the granted kinds' entries in a range.
//!
//! FHIR (`domain.md` §9): a `collection` Bundle holding the Patient, one Medication per medicine in the
//! person's list, one MedicationStatement per dose and one Observation per other measure. Every
//! resource's `fullUrl` is `urn:uuid:` + its id, and references use that form.
//!
//! Observations are each `status: final`, category `survey`, subject and performer the Patient,
//! `effectiveDateTime` with the patient's offset. Pain carries LOINC 72514-3 (0–10 numeric rating,
//! `valueInteger`). Every other code in `domain.md` is unconfirmed or is for a different instrument
//! (PHQ-9 44261-6 and GAD-7 70274-6 are the full questionnaires, not PHQ-2/GAD-2), so those
//! Observations carry `code.text` only, with no coding. We hold no NHS number: the Patient is
//! identified by our user id (`urn:uuid:`), and the identifier says so.
//!
//! Doses are **MedicationStatements**, not MedicationAdministrations. R4 defines MedicationStatement
//! as a record of a medicine being taken, which may come from the patient's own report
//! (`informationSource` the Patient); MedicationAdministration is an administration event recorded by
//! whoever gave the medicine, a clinician or a system. Our doses are taken at home and told by the
//! person, so a statement says what we actually know. Each is `completed`, category
//! `patientspecified`, `effectiveDateTime` the time taken, `dosage[0].doseAndRate[0].doseQuantity` the
//! amount (mg of drug, or mcg/h for a patch), `reasonCode[].text` the reasons in the app's own words,
//! and `medicationReference` the Medication. The OME the server stored with the dose (and stress
//! before it) go in `note` as text, naming the conversion table: OME is our own derived figure, not
//! something a code system names, and a separate text-coded Observation would look like a second
//! measurement.
//!
//! A Medication's id is the medicine entry's id; it has the name (`code.text`; we hold no dm+d code),
//! the form (`form.text`) and the strength as an ingredient Ratio: 10 mg per 1 tablet, 5 mg per 1 mL,
//! 10 mcg per 1 h for a patch.
//!
//! Each resource type has its own function returning its Bundle entry (`patient`, `medication`,
//! `medication_statement`, `observations`), called from [`fhir`]. A further one (say a
//! MedicationRequest, intent `plan`, for a reduction plan) is one more such function, called in
//! [`fhir`] after the Medications it would reference.

use chrono::{DateTime, Duration, Utc};
use evenkeel_domain::EntryData;
use evenkeel_domain::diary::{DoseEntry, EntryTime, Medication, MedicineForm, StrengthUnit};
use evenkeel_domain::ome::Opioid;
use evenkeel_domain::plan::medicine::MedicinePlanView;
use serde_json::{Value, json};

use super::{DateRange, load_entries, patient_name};
use crate::access::{Grant, Need};
use crate::csv_out;
use crate::db::DbConn;
use crate::db::entries::Entry;
use crate::error::AppResult;
use crate::rollups::parse_rows;

/// An entry in the range, in time order, with its stored OME.
struct Item {
    id: String,
    kind: String,
    at: Option<EntryTime>,
    ome_mg: Option<f64>,
    /// The conversion table `ome_mg` came from.
    ome_table: Option<String>,
    data: EntryData,
}

fn items(conn: &mut DbConn, grant: &Grant, range: DateRange) -> AppResult<(Vec<Item>, Vec<Item>)> {
    let rows = load_entries(conn, grant, range, false)?;
    let ome: std::collections::HashMap<&str, (Option<f64>, Option<String>)> =
        rows.iter().map(|r: &Entry| (r.id.as_str(), (r.ome_mg, r.ome_table_version.clone()))).collect();
    let mut dated = Vec::new();
    let mut medicines = Vec::new();
    for (id, data) in parse_rows(&rows) {
        let (ome_mg, ome_table) = ome.get(id.to_string().as_str()).cloned().unwrap_or_default();
        let item = Item {
            id: id.to_string(),
            kind: data.kind().as_str().to_owned(),
            at: data.recorded_at(),
            ome_mg,
            ome_table,
            data,
        };
        match item.at {
            None => medicines.push(item),
            Some(t) => {
                let day = evenkeel_domain::patterns::DiaryItem::new(id, item.data.clone())
                    .map_or(t.local().date(), |d| d.day);
                if day >= range.from && day <= range.to {
                    dated.push(item);
                }
            }
        }
    }
    dated.sort_by(|a, b| a.at.map(|t| t.utc()).cmp(&b.at.map(|t| t.utc())).then(a.id.cmp(&b.id)));
    Ok((dated, medicines))
}

/// Columns of free text typed by the patient.
const FREE_TEXT: [&str; 3] = ["medicine", "activity", "note"];

pub const CSV_HEADER: &str = "id,kind,recorded_at_local,utc_offset,recorded_at_utc,pain,peg,medicine,amount,ome_mg,reasons,pain_before,pain_after,stress,mood,phq2,gad2,activity,minutes,activity_or_rest,sleep_night_of,sleep_efficiency_pct,total_sleep_min,practice,feel_before,feel_after,note";

fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

/// Every entry of the granted kinds in the range, one row each, oldest first.
pub fn csv(conn: &mut DbConn, grant: &Grant, range: DateRange) -> AppResult<String> {
    grant.covers(Need::ReadShared)?;
    let (dated, medicines) = items(conn, grant, range)?;
    let medicine_name = |id: uuid::Uuid| {
        medicines
            .iter()
            .find(|m| m.id == id.to_string())
            .and_then(|m| match &m.data {
                EntryData::Medication(m) => Some(m.name.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let columns: Vec<&str> = CSV_HEADER.split(',').collect();
    let mut rows = Vec::new();
    for item in &dated {
        let Some(at) = item.at else { continue };
        let mut f: std::collections::BTreeMap<&str, String> = Default::default();
        f.insert("id", item.id.clone());
        f.insert("kind", item.kind.clone());
        f.insert("recorded_at_local", at.local().format("%Y-%m-%dT%H:%M:%S").to_string());
        f.insert("utc_offset", offset_text(at.tz_offset_min()));
        f.insert("recorded_at_utc", at.utc().format("%Y-%m-%dT%H:%M:%SZ").to_string());
        match &item.data {
            EntryData::Pain(p) => {
                f.insert("pain", p.score.value().to_string());
                if let Some(peg) = p.peg {
                    f.insert("peg", format!("{:.1}", peg.score()));
                }
                f.insert("note", p.note.clone().unwrap_or_default());
            }
            EntryData::Dose(d) => {
                f.insert("medicine", medicine_name(d.medication_id));
                f.insert("amount", d.amount.to_string());
                if let Some(mg) = item.ome_mg {
                    f.insert("ome_mg", format!("{mg}"));
                }
                f.insert("reasons", d.reasons.iter().map(|r| r.label()).collect::<Vec<_>>().join("; "));
                f.insert("pain_before", d.pain_before.map(|s| s.value().to_string()).unwrap_or_default());
                f.insert("pain_after", d.pain_after.map(|s| s.value().to_string()).unwrap_or_default());
                f.insert("stress", d.stress_before.map(|s| s.value().to_string()).unwrap_or_default());
                f.insert("note", d.note.clone().unwrap_or_default());
            }
            EntryData::Mood(m) => {
                f.insert("stress", m.stress.value().to_string());
                f.insert("mood", m.mood.as_str().to_owned());
                f.insert("phq2", m.phq2_score().map(|s| s.to_string()).unwrap_or_default());
                f.insert("gad2", m.gad2_score().map(|s| s.to_string()).unwrap_or_default());
                f.insert("note", m.note.clone().unwrap_or_default());
            }
            EntryData::Activity(a) => {
                f.insert("activity", a.what.clone());
                f.insert("minutes", a.minutes.to_string());
                f.insert("activity_or_rest", a.kind.as_str().to_owned());
            }
            EntryData::Sleep(s) => {
                let m = s.diary.metrics();
                f.insert("sleep_night_of", s.night_of.to_string());
                f.insert("sleep_efficiency_pct", format!("{:.1}", m.sleep_efficiency_pct));
                f.insert("total_sleep_min", m.total_sleep_time_min.to_string());
                f.insert("note", s.note.clone().unwrap_or_default());
            }
            EntryData::Relaxation(r) => {
                f.insert("minutes", r.minutes.to_string());
                let practice = match (r.pattern, r.track_id) {
                    (Some(p), _) => p.name().to_owned(),
                    (None, Some(track)) => format!("track {track}"),
                    (None, None) => String::new(),
                };
                f.insert("practice", practice);
                f.insert("feel_before", r.feel_before.map(|s| s.value().to_string()).unwrap_or_default());
                f.insert("feel_after", r.feel_after.map(|s| s.value().to_string()).unwrap_or_default());
            }
            // Check-ins are shared with `plan`, not a diary scope, so these exports never load them.
            EntryData::Medication(_) | EntryData::Withdrawal(_) => continue,
        }
        // Free text as text, never a formula; numbers (a negative offset) as they are.
        let row: Vec<String> = columns
            .iter()
            .map(|col| {
                let value = f.get(col).map_or("", String::as_str);
                if FREE_TEXT.contains(col) { csv_out::formula_safe(value).into_owned() } else { value.to_owned() }
            })
            .collect();
        rows.push(row);
    }
    csv_out::write(&columns, rows)
}

/// A stable, name-based (version 5) UUID for the second and later Observations made from one entry
/// (the first keeps its id): the entry's id is the namespace, the part's name the name.
fn derived_id(id: &str, suffix: &str) -> String {
    let namespace = id.parse().unwrap_or(uuid::Uuid::NAMESPACE_OID);
    uuid::Uuid::new_v5(&namespace, suffix.as_bytes()).to_string()
}

const UCUM: &str = "http://unitsofmeasure.org";

fn quantity(value: f64, unit: &str, code: &str) -> Value {
    json!({"value": (value * 100.0).round() / 100.0, "unit": unit, "system": UCUM, "code": code})
}

/// The FHIR R4 Bundle (type `collection`) of the granted kinds' entries in the range.
/// `plan`: the medicine plan, when the caller may read it (`plan`), sent as MedicationRequests.
pub fn fhir(conn: &mut DbConn, grant: &Grant, range: DateRange, plan: Option<&MedicinePlanView>) -> AppResult<Value> {
    grant.covers(Need::ReadShared)?;
    let (dated, medicines) = items(conn, grant, range)?;
    let name = patient_name(conn, grant)?;
    let patient_ref = format!("urn:uuid:{}", grant.patient_id());
    let medicines: Vec<(&str, &Medication)> = medicines
        .iter()
        .filter_map(|m| match &m.data {
            EntryData::Medication(med) => Some((m.id.as_str(), med)),
            _ => None,
        })
        .collect();
    let mut entries = vec![patient(grant.patient_id(), &name)];
    entries.extend(medicines.iter().map(|(id, m)| medication(id, m)));
    if let Some(plan) = plan {
        entries.extend(medication_requests(plan, &patient_ref));
    }
    for item in &dated {
        match &item.data {
            EntryData::Dose(d) => {
                let medicine = medicines.iter().copied().find(|(id, _)| *id == d.medication_id.to_string());
                entries.extend(medication_statement(item, d, medicine, &patient_ref));
            }
            _ => entries.extend(observations(item, &patient_ref)),
        }
    }
    let now: DateTime<Utc> = Utc::now();
    Ok(json!({
        "resourceType": "Bundle",
        "id": uuid::Uuid::new_v4().to_string(),
        "meta": {"lastUpdated": (now - Duration::zero()).to_rfc3339()},
        "type": "collection",
        "timestamp": now.to_rfc3339(),
        "entry": entries,
    }))
}

/// A Bundle entry: the resource under the `urn:uuid:` address that references point at.
fn bundle_entry(id: &str, resource: Value) -> Value {
    json!({"fullUrl": format!("urn:uuid:{id}"), "resource": resource})
}

fn patient(patient_id: &str, name: &str) -> Value {
    bundle_entry(
        patient_id,
        json!({
            "resourceType": "Patient",
            "id": patient_id,
            "identifier": [{
                "use": "secondary",
                "type": {"text": "Even Keel user id (no NHS number is held by the app)"},
                "system": "urn:ietf:rfc:3986",
                "value": format!("urn:uuid:{patient_id}"),
            }],
            "name": [{"text": name}],
        }),
    )
}

/// A medicine in the person's list; `id` is its entry's id, so it is the same in every export.
fn medication(id: &str, m: &Medication) -> Value {
    let mut resource = json!({
        "resourceType": "Medication",
        "id": id,
        "code": {"text": m.name},
        "ingredient": [{
            "itemCodeableConcept": {"text": ingredient_name(m)},
            "isActive": true,
            "strength": strength(m),
        }],
    });
    // "other" tells a reader nothing.
    if m.form != MedicineForm::Other {
        resource["form"] = json!({"text": m.form.as_str()});
    }
    bundle_entry(id, resource)
}

/// The substance, in words: our opioid list names patches by product type ("fentanyl patch").
fn ingredient_name(m: &Medication) -> &str {
    match m.opioid {
        Opioid::FentanylPatch => "fentanyl",
        Opioid::BuprenorphinePatch7day | Opioid::BuprenorphinePatchTwiceWeekly => "buprenorphine",
        // We only know it is not an opioid; the name the person gave is the best we have.
        Opioid::OtherNotOpioid => &m.name,
        other => other.label(),
    }
}

/// The strength as an R4 Ratio: 10 mg per 1 tablet, 5 mg per 1 mL, 10 mcg per 1 h for a patch.
fn strength(m: &Medication) -> Value {
    let (numerator, denominator) = match m.unit {
        StrengthUnit::McgPerHour => (quantity(m.strength, "mcg", "ug"), quantity(1.0, "h", "h")),
        StrengthUnit::MgPerMl => (quantity(m.strength, "mg", "mg"), quantity(1.0, "mL", "mL")),
        // Per one tablet (capsule, patch…): no UCUM unit exists for those, so the unit is text only.
        StrengthUnit::Mg => {
            let per = match m.form {
                MedicineForm::Liquid | MedicineForm::Other => "unit",
                form => form.as_str(),
            };
            (quantity(m.strength, "mg", "mg"), json!({"value": 1, "unit": per}))
        }
    };
    json!({"numerator": numerator, "denominator": denominator})
}

/// The medicine plan as R4 MedicationRequests, intent `plan`: one per medicine in it, each step a
/// dosage instruction with its dates and the daily amount the prescriber decided (a rate, so
/// "20 mg morning and evening" stays 40 mg a day, not one dose of 40). The prescriber is text: they
/// are not a user of the app. Steps name medicines by id, so each request points at the bundle's
/// Medication for it.
fn medication_requests(plan: &MedicinePlanView, patient_ref: &str) -> Vec<Value> {
    let mut medicines: Vec<uuid::Uuid> = Vec::new();
    for a in plan.steps.iter().flat_map(|s| &s.amounts) {
        if !medicines.contains(&a.medication_id) {
            medicines.push(a.medication_id);
        }
    }
    medicines
        .into_iter()
        .map(|medicine| {
            let mut instructions = Vec::new();
            for (i, step) in plan.steps.iter().enumerate() {
                let Some(a) = step.amounts.iter().find(|a| a.medication_id == medicine) else { continue };
                let (unit, code) = if a.unit == "mcg/h" { ("mcg/h", "ug/h") } else { ("mg/day", "mg/d") };
                let mut bounds = json!({"start": step.starts_on.to_string()});
                if let Some(next) = plan.steps.get(i + 1) {
                    bounds["end"] = json!((next.starts_on - Duration::days(1)).to_string());
                }
                let text = if a.how.is_empty() { format!("{} {unit}", a.daily_amount) } else { a.how.clone() };
                instructions.push(json!({
                    "sequence": i + 1,
                    "text": text,
                    "timing": {"repeat": {"boundsPeriod": bounds}},
                    "doseAndRate": [{"rateQuantity": {"value": a.daily_amount, "unit": unit, "system": "http://unitsofmeasure.org", "code": code}}],
                }));
            }
            let id = uuid::Uuid::new_v5(&medicine, format!("medicine-plan-{}", plan.version).as_bytes()).to_string();
            bundle_entry(
                &id,
                json!({
                    "resourceType": "MedicationRequest",
                    "id": id,
                    "status": "active",
                    "intent": "plan",
                    "medicationReference": {"reference": format!("urn:uuid:{medicine}")},
                    "subject": {"reference": patient_ref},
                    "authoredOn": plan.agreed_on.to_string(),
                    "requester": {"display": plan.prescriber},
                    "note": [{"text": format!(
                        "Reduction plan decided by {}, entered in Even Keel by {} (version {}). The app records the plan; it does not recommend doses.",
                        plan.prescriber, plan.entered_by, plan.version
                    )}],
                    "dosageInstruction": instructions,
                }),
            )
        })
        .collect()
}

/// One dose the person took and logged, as they reported it (see the module doc for why this type).
fn medication_statement(
    item: &Item,
    dose: &DoseEntry,
    medicine: Option<(&str, &Medication)>,
    patient_ref: &str,
) -> Option<Value> {
    let at = item.at?;
    let mut statement = json!({
        "resourceType": "MedicationStatement",
        "id": item.id,
        "status": "completed",
        "category": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/medication-statement-category",
            "code": "patientspecified", "display": "Patient Specified"}]},
        "subject": {"reference": patient_ref},
        "effectiveDateTime": at.to_rfc3339(),
        "informationSource": {"reference": patient_ref},
        "dosage": [{"doseAndRate": [{"doseQuantity": dose_quantity(dose.amount, medicine.map(|(_, m)| m))}]}],
    });
    match medicine {
        Some((id, m)) => {
            statement["medicationReference"] = json!({"reference": format!("urn:uuid:{id}"), "display": m.name});
        }
        // The dose outlived its medicine (deleted from the list since): say so rather than guess.
        None => statement["medicationCodeableConcept"] = json!({"text": "A medicine no longer in the list"}),
    }
    if !dose.reasons.is_empty() {
        statement["reasonCode"] = dose.reasons.iter().map(|r| json!({"text": r.label()})).collect();
    }
    let notes = dose_notes(item, dose, medicine.is_some_and(|(_, m)| m.is_patch()));
    if !notes.is_empty() {
        statement["note"] = notes.into_iter().map(|text| json!({"text": text})).collect();
    }
    Some(bundle_entry(&item.id, statement))
}

/// A dose's amount: mg of drug, or mcg/h for a medicine whose strength is in mcg/h (an opioid patch).
fn dose_quantity(amount: f64, medicine: Option<&Medication>) -> Value {
    match medicine.map(|m| m.unit) {
        Some(StrengthUnit::McgPerHour) => quantity(amount, "mcg/h", "ug/h"),
        Some(_) => quantity(amount, "mg", "mg"),
        // Without the medicine we can't tell mg from mcg/h, so no unit rather than a wrong one.
        None => json!({"value": amount}),
    }
}

/// What the dose's Observation used to carry beside the amount, as plain sentences.
fn dose_notes(item: &Item, dose: &DoseEntry, patch: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(mg) = item.ome_mg {
        let table = item.ome_table.as_deref().unwrap_or(evenkeel_domain::ome::TABLE_VERSION);
        let mg = (mg * 100.0).round() / 100.0;
        notes.push(if patch {
            format!("Oral morphine equivalent while this patch is worn: {mg} mg per day (table {table})")
        } else {
            format!("Oral morphine equivalent of this dose: {mg} mg (table {table})")
        });
    }
    if let Some(s) = dose.stress_before {
        notes.push(format!("Stress before this dose: {} (0-10)", s.value()));
    }
    notes
}

/// The Observations one dated entry makes (none for doses and medicines, which have their own
/// resources).
fn observations(item: &Item, patient_ref: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let survey = json!([{"coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
        "code": "survey", "display": "Survey"}]}]);
    let mut add = |item: &Item, suffix: &str, code: Value, value: (&str, Value), components: Option<Value>| {
        let Some(at) = item.at else { return };
        let id = if suffix.is_empty() { item.id.clone() } else { derived_id(&item.id, suffix) };
        let mut obs = json!({
            "resourceType": "Observation",
            "id": id,
            "status": "final",
            "category": survey,
            "code": code,
            "subject": {"reference": patient_ref},
            "performer": [{"reference": patient_ref}],
            "effectiveDateTime": at.to_rfc3339(),
        });
        obs[value.0] = value.1;
        if let Some(c) = components {
            obs["component"] = c;
        }
        out.push(bundle_entry(&id, obs));
    };
    let text = |t: &str| json!({"text": t});
    match &item.data {
        EntryData::Pain(p) => {
            let code = json!({
                "coding": [{"system": "http://loinc.org", "code": "72514-3",
                    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}],
                "text": "Pain (0-10)"
            });
            add(item, "", code, ("valueInteger", json!(p.score.value())), None);
            if let Some(peg) = p.peg {
                // PEG (Krebs 2009): no confirmed LOINC code, so text only.
                let components = json!([
                    {"code": text("PEG: average pain (0-10)"), "valueInteger": peg.average.value()},
                    {"code": text("PEG: interference with enjoyment of life (0-10)"), "valueInteger": peg.enjoyment.value()},
                    {"code": text("PEG: interference with general activity (0-10)"), "valueInteger": peg.activity.value()},
                ]);
                add(
                    item,
                    "-peg",
                    text("PEG score (mean of 3 items, 0-10)"),
                    ("valueQuantity", quantity(peg.score(), "score", "{score}")),
                    Some(components),
                );
            }
        }
        EntryData::Mood(m) => {
            add(item, "-stress", text("Stress (0-10 numeric rating)"), ("valueInteger", json!(m.stress.value())), None);
            add(item, "-mood", text("Mood (1 very low - 5 very good)"), ("valueInteger", json!(m.mood.value())), None);
            if let Some(s) = m.phq2_score() {
                add(item, "-phq2", text("PHQ-2 total score (0-6)"), ("valueInteger", json!(s)), None);
            }
            if let Some(s) = m.gad2_score() {
                add(item, "-gad2", text("GAD-2 total score (0-6)"), ("valueInteger", json!(s)), None);
            }
        }
        EntryData::Sleep(s) => {
            let metrics = s.diary.metrics();
            add(
                item,
                "",
                text("Sleep efficiency (Consensus Sleep Diary)"),
                ("valueQuantity", quantity(metrics.sleep_efficiency_pct, "%", "%")),
                Some(json!([
                    {"code": text("Total sleep time"), "valueQuantity": quantity(metrics.total_sleep_time_min as f64, "min", "min")},
                    {"code": text("Time in bed"), "valueQuantity": quantity(metrics.time_in_bed_min as f64, "min", "min")},
                ])),
            );
        }
        EntryData::Activity(a) => {
            let label = format!("{}: {}", if a.kind.as_str() == "rest" { "Rest" } else { "Activity" }, a.what);
            add(item, "", text(&label), ("valueQuantity", quantity(f64::from(a.minutes), "min", "min")), None);
        }
        EntryData::Relaxation(r) => {
            let label =
                r.pattern.map_or("Relaxation practice".to_owned(), |p| format!("Relaxation practice: {}", p.name()));
            let feel = [("before", r.feel_before), ("after", r.feel_after)]
                .into_iter()
                .filter_map(|(when, s)| s.map(|s| json!({"code": text(&format!("How the person felt {when} (0-10)")), "valueInteger": s.value()})))
                .collect::<Vec<_>>();
            add(
                item,
                "",
                text(&label),
                ("valueQuantity", quantity(f64::from(r.minutes), "min", "min")),
                (!feel.is_empty()).then(|| json!(feel)),
            );
        }
        EntryData::Dose(_) | EntryData::Medication(_) | EntryData::Withdrawal(_) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_derived_observation_id_is_a_stable_name_based_uuid() {
        let entry = "6f1c1f2e-8a53-4f3e-9d3a-2b8f7c1e0a11";
        let a = derived_id(entry, "-peg");
        assert_eq!(a, derived_id(entry, "-peg"), "the same every export");
        assert_ne!(a, derived_id(entry, "-stress"));
        assert_eq!(a.parse::<uuid::Uuid>().map(|u| u.get_version_num()).ok(), Some(5));
    }

    fn medicine(data: Value) -> Medication {
        Medication::parse(&data).expect("a valid medicine")
    }

    fn patch() -> Medication {
        medicine(json!({"name": "Butec", "opioid": "buprenorphine_patch_7day", "strength": 10,
                        "unit": "mcg_per_hour", "form": "patch", "schedule": "scheduled"}))
    }

    #[test]
    fn a_strength_is_per_tablet_per_ml_or_per_hour() {
        let tablet = medicine(json!({"name": "Oxycodone", "opioid": "oxycodone", "strength": 10, "unit": "mg",
                                     "form": "tablet", "schedule": "as_needed"}));
        let ratio = strength(&tablet);
        assert_eq!(ratio["numerator"], json!({"value": 10.0, "unit": "mg", "system": UCUM, "code": "mg"}));
        assert_eq!(ratio["denominator"], json!({"value": 1, "unit": "tablet"}));
        let liquid = medicine(json!({"name": "Oramorph", "opioid": "morphine", "strength": 2, "unit": "mg_per_ml",
                                     "form": "liquid", "schedule": "as_needed"}));
        assert_eq!(strength(&liquid)["denominator"]["code"], "mL");
        let ratio = strength(&patch());
        assert_eq!((&ratio["numerator"]["code"], &ratio["denominator"]["code"]), (&json!("ug"), &json!("h")));
        assert_eq!(ingredient_name(&patch()), "buprenorphine");
    }

    #[test]
    fn a_patch_dose_is_in_mcg_per_hour_and_its_ome_per_day() {
        let dose = DoseEntry::parse(&json!({"medication_id": "6f1c1f2e-8a53-4f3e-9d3a-2b8f7c1e0a11",
            "amount": 10, "taken_at": "2026-11-02T09:00:00+01:00", "reasons": ["pain"], "stress_before": 6}))
        .expect("a valid dose");
        let item = Item {
            id: "0b5f2c57-6d3e-4a8f-9a4e-3f1d2c7b9e10".into(),
            kind: "dose".into(),
            at: Some(dose.taken_at),
            ome_mg: Some(24.0),
            ome_table: Some("uk-opioids-aware-2020".into()),
            data: EntryData::Dose(dose.clone()),
        };
        let butec = patch();
        let entry = medication_statement(&item, &dose, Some(("6f1c1f2e", &butec)), "urn:uuid:p").expect("dated");
        let statement = &entry["resource"];
        assert_eq!(statement["medicationReference"]["reference"], "urn:uuid:6f1c1f2e");
        assert_eq!(statement["dosage"][0]["doseAndRate"][0]["doseQuantity"]["code"], "ug/h");
        assert_eq!(statement["effectiveDateTime"], "2026-11-02T09:00:00+01:00");
        assert_eq!(statement["reasonCode"], json!([{"text": "Pain"}]));
        assert_eq!(
            statement["note"],
            json!([
                {"text": "Oral morphine equivalent while this patch is worn: 24 mg per day (table uk-opioids-aware-2020)"},
                {"text": "Stress before this dose: 6 (0-10)"},
            ])
        );
        // Without its medicine the amount keeps no unit rather than a guessed one.
        let orphan = medication_statement(&item, &dose, None, "urn:uuid:p").expect("dated");
        assert_eq!(orphan["resource"]["dosage"][0]["doseAndRate"][0]["doseQuantity"], json!({"value": 10.0}));
        assert!(orphan["resource"]["medicationReference"].is_null());
    }
}
