//! CSV and FHIR R4 exports of the granted kinds' entries in a range.
//!
//! FHIR (`domain.md` §9): a `collection` Bundle holding the Patient and one Observation per measure,
//! each `status: final`, category `survey`, subject and performer the Patient, `effectiveDateTime`
//! with the patient's offset. Pain carries LOINC 72514-3 (0–10 numeric rating, `valueInteger`). Every
//! other code in `domain.md` is unconfirmed or is for a different instrument (PHQ-9 44261-6 and
//! GAD-7 70274-6 are the full questionnaires, not PHQ-2/GAD-2), so those Observations carry
//! `code.text` only, with no coding. We hold no NHS number: the Patient is identified by our user id
//! (`urn:uuid:`), and the identifier says so.

use chrono::{DateTime, Duration, Utc};
use evenkeel_domain::EntryData;
use evenkeel_domain::diary::EntryTime;
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
    data: EntryData,
}

fn items(conn: &mut DbConn, grant: &Grant, range: DateRange) -> AppResult<(Vec<Item>, Vec<Item>)> {
    let rows = load_entries(conn, grant, range, false)?;
    let ome: std::collections::HashMap<String, Option<f64>> =
        rows.iter().map(|r: &Entry| (r.id.clone(), r.ome_mg)).collect();
    let mut dated = Vec::new();
    let mut medicines = Vec::new();
    for (id, data) in parse_rows(&rows) {
        let item = Item {
            id: id.to_string(),
            kind: data.kind().as_str().to_owned(),
            at: data.recorded_at(),
            ome_mg: ome.get(&id.to_string()).copied().flatten(),
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

/// The FHIR R4 Bundle (type `collection`) of the granted kinds' measures in the range.
pub fn fhir(conn: &mut DbConn, grant: &Grant, range: DateRange) -> AppResult<Value> {
    grant.covers(Need::ReadShared)?;
    let (dated, medicines) = items(conn, grant, range)?;
    let name = patient_name(conn, grant)?;
    let patient_ref = format!("urn:uuid:{}", grant.patient_id());
    let mut entries = vec![json!({
        "fullUrl": patient_ref,
        "resource": {
            "resourceType": "Patient",
            "id": grant.patient_id(),
            "identifier": [{
                "use": "secondary",
                "type": {"text": "Even Keel user id (no NHS number is held by the app)"},
                "system": "urn:ietf:rfc:3986",
                "value": patient_ref,
            }],
            "name": [{"text": name}],
        }
    })];
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
        entries.push(json!({"fullUrl": format!("urn:uuid:{id}"), "resource": obs}));
    };
    let text = |t: &str| json!({"text": t});
    for item in &dated {
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
            EntryData::Dose(d) => {
                let medicine =
                    medicines.iter().find(|m| m.id == d.medication_id.to_string()).and_then(|m| match &m.data {
                        EntryData::Medication(m) => Some(m.clone()),
                        _ => None,
                    });
                let label =
                    medicine.as_ref().map_or("Medicine dose taken".to_owned(), |m| format!("Dose taken: {}", m.name));
                let unit = medicine.as_ref().map_or("unit".to_owned(), |m| m.unit.as_str().to_owned());
                let mut components = Vec::new();
                if let Some(mg) = item.ome_mg {
                    components.push(json!({"code": text("Oral morphine equivalent (UK table uk-opioids-aware-2020)"), "valueQuantity": quantity(mg, "mg", "mg")}));
                }
                if !d.reasons.is_empty() {
                    let reasons: Vec<&str> = d.reasons.iter().map(|r| r.label()).collect();
                    components.push(
                        json!({"code": text("Reason for dose (patient-reported)"), "valueString": reasons.join("; ")}),
                    );
                }
                if let Some(s) = d.stress_before {
                    components.push(json!({"code": text("Stress before dose (0-10)"), "valueInteger": s.value()}));
                }
                let value = json!({"value": d.amount, "unit": unit});
                add(
                    item,
                    "",
                    text(&label),
                    ("valueQuantity", value),
                    (!components.is_empty()).then(|| json!(components)),
                );
            }
            EntryData::Mood(m) => {
                add(
                    item,
                    "-stress",
                    text("Stress (0-10 numeric rating)"),
                    ("valueInteger", json!(m.stress.value())),
                    None,
                );
                add(
                    item,
                    "-mood",
                    text("Mood (1 very low - 5 very good)"),
                    ("valueInteger", json!(m.mood.value())),
                    None,
                );
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
                let label = r
                    .pattern
                    .map_or("Relaxation practice".to_owned(), |p| format!("Relaxation practice: {}", p.name()));
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
            EntryData::Medication(_) | EntryData::Withdrawal(_) => {}
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
}
