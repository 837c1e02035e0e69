//! The official FHIR R4 (4.0.1) JSON schema, draft-06, as shipped split per resource by the npm package
//! `@d4l/js-fhir-validator` (MIT; built from `fhir.schema.json`), installed into `tools/` by
//! `scripts/install-tools.sh`. The Bundle schema and those of the resources our bundle holds are merged
//! (their definitions are the same copies of the official ones) and `ResourceList` is widened to
//! exactly those resources.

use serde_json::{Value, json};

const PACKAGE: &str = "tools/node_modules/@d4l/js-fhir-validator/r4/json";

fn load(name: &str) -> Value {
    let path = evenkeel_tests::workspace_root().join(PACKAGE).join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e}. Install it with scripts/install-tools.sh (npm, into tools/).", path.display())
    });
    serde_json::from_str(&text).expect("schema JSON")
}

/// The resource types the export's Bundle may hold.
const RESOURCES: [&str; 5] = ["Patient", "Medication", "MedicationRequest", "MedicationStatement", "Observation"];

pub fn schema() -> Value {
    let mut merged = load("Bundle");
    for name in RESOURCES {
        let other = load(name);
        let defs = merged["definitions"].as_object_mut().expect("definitions");
        for (k, v) in other["definitions"].as_object().into_iter().flatten() {
            defs.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    let one_of: Vec<Value> =
        ["Bundle"].into_iter().chain(RESOURCES).map(|r| json!({"$ref": format!("#/definitions/{r}")})).collect();
    merged["definitions"]["ResourceList"] = json!({"oneOf": one_of});
    merged
}

/// Every schema violation in `instance`, as "path: message".
pub fn validate(instance: &Value) -> Vec<String> {
    let validator = jsonschema::draft6::new(&schema()).expect("the FHIR schema compiles");
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path)).collect()
}

#[test]
fn the_schema_rejects_a_broken_observation() {
    let bad = json!({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
        "resourceType": "Observation", "status": "done", "code": {"text": "Pain"}}}]});
    assert!(!validate(&bad).is_empty(), "an unknown status is refused");
    let good = json!({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
        "resourceType": "Observation", "status": "final", "code": {"text": "Pain"}, "valueInteger": 3}}]});
    assert_eq!(validate(&good), Vec::<String>::new());
}

#[test]
fn the_schema_knows_medicines_and_refuses_other_resources() {
    let bundle =
        |resource: Value| json!({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": resource}]});
    let statement = json!({"resourceType": "MedicationStatement", "status": "completed",
        "subject": {"reference": "urn:uuid:p"}, "medicationReference": {"reference": "urn:uuid:m"},
        "dosage": [{"doseAndRate": [{"doseQuantity": {"value": 10, "unit": "mg"}}]}]});
    assert_eq!(validate(&bundle(statement.clone())), Vec::<String>::new());
    let mut no_subject = statement;
    no_subject.as_object_mut().map(|o| o.remove("subject"));
    assert!(!validate(&bundle(no_subject)).is_empty(), "a statement needs its subject");
    let medication = json!({"resourceType": "Medication", "code": {"text": "Oxycodone"},
        "ingredient": [{"strength": {"numerator": {"value": 10, "unit": "mg"}, "denominator": {"value": 1, "unit": "tablet"}}}]});
    assert_eq!(validate(&bundle(medication.clone())), Vec::<String>::new());
    let mut bad_strength = medication;
    bad_strength["ingredient"][0]["strength"] = json!({"numerator": {"value": 10, "unit": "mg"}, "per": "tablet"});
    assert!(!validate(&bundle(bad_strength)).is_empty(), "strength is a Ratio: numerator and denominator");
    let request = json!({"resourceType": "MedicationRequest", "status": "active", "intent": "plan",
        "subject": {"reference": "urn:uuid:p"}, "medicationReference": {"reference": "urn:uuid:m"}});
    assert_eq!(validate(&bundle(request)), Vec::<String>::new(), "the medicine plan's steps");
    let other = json!({"resourceType": "Condition", "subject": {"reference": "urn:uuid:p"}});
    assert!(
        !validate(&bundle(other)).is_empty(),
        "only the resources we export (add one to RESOURCES when the export holds it)"
    );
}
