//! Table-driven scenarios through the command line: the summary per case, one case in full, the
//! JSON and check reports per case and relation, and the frozen-sweep round trip.
use crate::util::{TempDir, cli, root, scenario_text, stderr, stdout};
use serde_json::Value;

const FILE: &str = "scenarios/speed-and-departure.ron";

#[test]
fn run_prints_a_row_per_case_and_the_relations() {
    let out = cli(&root(), &["run", FILE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("28 cases"), "{text}");
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("60 km/h "))
        .unwrap();
    assert!(
        row.contains("D+1 14:09:41 +10") && row.contains("22h 9m 41s") && row.contains("6 ok"),
        "{row}"
    );
    assert!(text.contains("Relations between cases"));
    assert!(
        text.contains("Shifts dep +2h vs base, every estimate"),
        "{text}"
    );
}

#[test]
fn one_case_in_full_and_overrides_only_with_a_case() {
    let out = cli(&root(), &["run", FILE, "--case", "2016 Pyongyang Time"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("departs Sun 2016-06-05 15:00 +08:30"),
        "{text}"
    );
    assert!(text.contains("Arrival estimates"));
    let out = cli(&root(), &["run", FILE, "--case", "70 km/h"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no such case; its cases are \"base\", \"35 km/h\""),
        "{}",
        stderr(&out)
    );
    let out = cli(&root(), &["run", FILE, "--speed", "55"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("pick it with --case NAME"),
        "{}",
        stderr(&out)
    );
    let out = cli(
        &root(),
        &[
            "run",
            FILE,
            "--case",
            "base",
            "--speed",
            "60",
            "--no-expect",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn json_carries_the_cases_and_the_relations() {
    let out = cli(&root(), &["run", FILE, "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cases = report["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 28);
    assert_eq!(cases[0]["name"], "base");
    let night = cases.iter().find(|c| c["name"] == "night 23:30").unwrap();
    assert_eq!(night["departure"], "2023-09-09T23:30:00+09:00");
    assert_eq!(night["holds"], true);
    assert_eq!(report["relations"].as_array().unwrap().len(), 7);
    // The base journey's report is the contract's top level, as for any scenario.
    assert_eq!(report["departure"], "2023-09-10T15:00:00+09:00");
}

#[test]
fn check_lists_each_case_and_relation_as_a_test() {
    let dir = TempDir::new("cases-check");
    let out = cli(
        &root(),
        &[
            "check",
            FILE,
            "--format",
            "json",
            "--junit",
            dir.0.join("j.xml").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = report["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["case"] == "night 23:30" && r["check"] == "Arrive")
    );
    assert_eq!(
        results.iter().filter(|r| r["kind"] == "relation").count(),
        7
    );
    let xml = std::fs::read_to_string(dir.0.join("j.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let names: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("[45 km/h] Arrive Vladivostok")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("relation: Ordered along departure")),
        "{names:?}"
    );
}

#[test]
fn a_broken_relation_fails_the_run_naming_both_cases() {
    let dir = TempDir::new("cases-broken");
    dir.write(
        "s.ron",
        &scenario_text(
            "    cases: [ Case(name: \"late\", departure: \"2023-09-10T17:00:00+09:00\") ],\n    relations: [ Shifts(from: \"base\", to: \"late\", every: Arrival, by: \"3h\", within: \"1m\") ],\n",
        ),
    );
    let out = cli(&dir.0, &["check", "s.ron"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("Shifts late vs base"))
        .unwrap();
    assert!(line.contains("FAIL") && line.contains("-1h 0m"), "{line}");
    assert!(text.contains("failing:\n  s.ron"), "{text}");
}

#[test]
fn a_frozen_sweep_checks_clean_and_is_never_written_over() {
    let dir = TempDir::new("freeze");
    let frozen = dir.0.join("frozen.ron");
    let args = [
        "sweep",
        "scenarios/2023-sunday-afternoon.ron",
        "--speed",
        "40:60:10",
        "--depart",
        "2023-09-10T06:00:00+09:00..2023-09-10T18:00:00+09:00/6h",
        "--freeze",
        frozen.to_str().unwrap(),
    ];
    let out = cli(&root(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&frozen).unwrap();
    assert!(
        text.contains("vary: Vary(") && text.contains("\"60 km/h, dep 2023-09-10 18:00 +09\": ["),
        "{text}"
    );
    let check = cli(&dir.0, &["check", "frozen.ron"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(stdout(&check).contains("in 1 file(s)"));
    // The frozen file is not written over, even by the same command.
    let again = cli(&root(), &args);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("exists: a new file is never written over an existing one"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&frozen).unwrap(), text);
    // A route given by path still resolves from the frozen file's folder.
    let src = TempDir::new("freeze-src");
    std::fs::copy(
        root().join("assets/routes/khasan-vladivostok.ron"),
        src.0.join("r.ron"),
    )
    .unwrap();
    src.write(
        "s.ron",
        "Scenario(title: \"t\", route: \"r.ron\", departure: \"2019-04-24T11:40:00+10:00\")\n",
    );
    let elsewhere = dir.0.join("elsewhere.ron");
    let out = cli(
        &src.0,
        &[
            "sweep",
            "s.ron",
            "--speed",
            "45:55:5",
            "--freeze",
            elsewhere.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = cli(&dir.0, &["check", "elsewhere.ron"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
}
