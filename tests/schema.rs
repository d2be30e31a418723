//! The JSON Schemas of the `run` and `check` reports: generated from the report types, kept in
//! docs/schema/ (`UPDATE_SCHEMA=1 cargo test schema` rewrites them), and every shipped scenario's
//! real output validated against them.
use crate::util::{cli, root, stderr};
use serde_json::Value;

fn schema_of(report: &str) -> Value {
    let out = cli(&root(), &["schema", report]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let path = root().join(format!("docs/schema/{report}-report.schema.json"));
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &out.stdout).unwrap();
    }
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        printed,
        committed,
        "{} is out of date: run UPDATE_SCHEMA=1 cargo test schema",
        path.display()
    );
    printed
}

fn assert_valid(schema: &Value, instance: &Value, what: &str) {
    let validator = jsonschema::validator_for(schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn run_reports_of_every_shipped_scenario_follow_the_schema() {
    let schema = schema_of("run");
    let files = train_analysis::scenario_files(&root().join("scenarios"))
        .unwrap()
        .files;
    assert!(files.len() > 10);
    for file in files {
        let out = cli(
            &root(),
            &["run", file.to_str().unwrap(), "--format", "json"],
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_valid(&schema, &report, &file.display().to_string());
    }
    // A report missing a field, or with a wrong type, is caught.
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(!validator.is_valid(&serde_json::json!({ "title": 5 })));
}

#[test]
fn check_reports_follow_the_schema() {
    let schema = schema_of("check");
    let out = cli(&root(), &["check", "scenarios", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&schema, &report, "check scenarios");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut broken = report.clone();
    broken["results"][0]["ok"] = Value::from("yes");
    assert!(!validator.is_valid(&broken));
}
