//! The official FHIR R4 (4.0.1) JSON schema, draft-06, as shipped split per resource by the npm package
//! `@d4l/js-fhir-validator` (MIT; built from `fhir.schema.json`), installed into `tools/` by
//! `scripts/install-tools.sh`. The Bundle, Observation and Patient schemas are merged (their
//! definitions are the same copies of the official ones) and `ResourceList` is widened to those three
//! resources, the only ones our bundle holds.

use serde_json::{Value, json};

const PACKAGE: &str = "tools/node_modules/@d4l/js-fhir-validator/r4/json";

fn load(name: &str) -> Value {
    let path = evenkeel_tests::workspace_root().join(PACKAGE).join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e}. Install it with scripts/install-tools.sh (npm, into tools/).", path.display())
    });
    serde_json::from_str(&text).expect("schema JSON")
}

pub fn schema() -> Value {
    let mut merged = load("Bundle");
    for name in ["Observation", "Patient"] {
        let other = load(name);
        let defs = merged["definitions"].as_object_mut().expect("definitions");
        for (k, v) in other["definitions"].as_object().into_iter().flatten() {
            defs.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    merged["definitions"]["ResourceList"] = json!({"oneOf": [
        {"$ref": "#/definitions/Bundle"}, {"$ref": "#/definitions/Observation"}, {"$ref": "#/definitions/Patient"}
    ]});
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
