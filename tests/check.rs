//! What scenario-test authors need in CI: `check --format json`, `--junit`, `--quiet`, colour,
//! seconds where expectations are written to the second, tolerances as written, verdicts that
//! never read "0s ... FAIL", what-if runs, and checks between any two stations.
use crate::util::{TempDir, cli, root, scenario_text, stderr, stdout};
use serde_json::Value;

/// A folder with one passing, one failing and one broken scenario.
fn mixed_folder() -> TempDir {
    let dir = TempDir::new("mixed");
    dir.write(
        "pass.ron",
        &scenario_text(
            "    expect: [ TravelTime(is: \"26h 4m\", within: \"5s\") ],\n    claims: [ Claim(source: \"A paper\", says: TravelTime(is: \"20h\", within: \"1h\")) ],\n",
        ),
    );
    dir.write(
        "fail.ron",
        &scenario_text("    expect: [ Arrive(station: \"Khasan\", at: \"2023-09-11T10:26:14+10:00\", within: \"0.5s\") ],\n"),
    );
    dir.write("broken.ron", "Scenario(title: \"x\",");
    dir
}

#[test]
fn json_has_one_object_per_expectation_and_claim() {
    let dir = mixed_folder();
    let out = cli(&dir.0, &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "{results:#?}");
    let fail = results.iter().find(|r| r["file"] == "./fail.ron").unwrap();
    assert_eq!(fail["kind"], "expectation");
    assert_eq!(fail["check"], "Arrive");
    assert_eq!(fail["description"], "Arrive Khasan");
    assert_eq!(fail["within"], "0.5s");
    assert_eq!(fail["unit"], "s");
    assert_eq!(fail["ok"], false);
    assert!(
        (fail["difference_value"].as_f64().unwrap() - 1.2).abs() < 0.5,
        "{fail}"
    );
    let claim = results.iter().find(|r| r["kind"] == "claim").unwrap();
    assert_eq!(
        claim["description"],
        "A paper: TravelTime Pyongyang → Vladivostok"
    );
    assert_eq!(claim["ok"], false);
    let error = &report["errors"][0];
    assert_eq!(error["file"], "./broken.ron");
    assert_eq!(error["line"], 1);
    assert_eq!(
        report["summary"]["failing_files"],
        serde_json::json!(["./broken.ron", "./fail.ron"])
    );
    // The load error is also on standard error, as in every command.
    assert!(stderr(&out).contains("broken.ron:1:"), "{}", stderr(&out));
}

#[test]
fn junit_is_well_formed_with_a_suite_per_file() {
    let dir = mixed_folder();
    let out = cli(&dir.0, &["check", ".", "--junit", "report.xml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let xml = std::fs::read_to_string(dir.0.join("report.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("3"));
    assert_eq!(root.attribute("failures"), Some("1"));
    assert_eq!(root.attribute("errors"), Some("1"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 3);
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .contains("within 0.5s")
    );
    let error = doc.descendants().find(|n| n.has_tag_name("error")).unwrap();
    assert!(
        error
            .attribute("message")
            .unwrap()
            .contains("broken.ron:1:")
    );
    // Run again: its own report is replaced; a file it did not write is not.
    let out = cli(&dir.0, &["check", "pass.ron", "--junit", "report.xml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // On standard output instead of the report.
    let out = cli(&dir.0, &["check", "pass.ron", "--junit", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        roxmltree::Document::parse(&stdout(&out)).is_ok(),
        "{}",
        stdout(&out)
    );
    dir.write("other.xml", "<mine/>");
    let out = cli(&dir.0, &["check", "pass.ron", "--junit", "other.xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.0.join("other.xml")).unwrap(),
        "<mine/>"
    );
}

#[test]
fn quiet_text_shows_failures_and_the_failing_files() {
    let dir = mixed_folder();
    let out = cli(&dir.0, &["check", ".", "--quiet"]);
    let text = stdout(&out);
    assert!(!text.contains("pass.ron"), "{text}");
    assert!(
        text.contains("Arrive Khasan") && text.contains("FAIL"),
        "{text}"
    );
    assert!(
        text.contains("failing:\n  ./broken.ron\n  ./fail.ron\n"),
        "{text}"
    );
}

#[test]
fn colour_follows_the_terminal_no_color_and_the_option() {
    let dir = mixed_folder();
    let red = "\u{1b}[1;31mFAIL";
    let out = cli(&dir.0, &["check", "fail.ron", "--color", "always"]);
    assert!(stdout(&out).contains(red), "{}", stdout(&out));
    // Not a terminal: no colour by default, nor with NO_COLOR.
    let out = cli(&dir.0, &["check", "fail.ron"]);
    assert!(!stdout(&out).contains('\u{1b}'));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_armored-train"))
        .args(["check", "fail.ron", "--color", "never"])
        .current_dir(&dir.0)
        .output()
        .unwrap();
    assert!(!stdout(&out).contains('\u{1b}'));
}

#[test]
fn times_show_seconds_when_expectations_are_written_to_the_second() {
    let dir = mixed_folder();
    let out = cli(&dir.0, &["run", "fail.ron"]);
    let text = stdout(&out);
    let khasan = |text: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with("Khasan "))
            .unwrap()
            .to_string()
    };
    assert!(
        khasan(&text).contains("D+1 10:26:15  D+1 10:26:15"),
        "{text}"
    );
    assert!(
        text.contains("Arrival: Vladivostok Mon 2023-09-11 18:04:00 +10"),
        "{text}"
    );
    // The tolerance as written.
    let verdict = text.lines().find(|l| l.contains("Arrive Khasan")).unwrap();
    assert!(verdict.ends_with("0.5s  FAIL"), "{verdict}");
    // Without expectations to the second, the table stays to the minute.
    dir.write("plain.ron", &scenario_text(""));
    let default = stdout(&cli(&dir.0, &["run", "plain.ron"]));
    assert!(
        khasan(&default).contains("D+1 10:26  ") && !khasan(&default).contains("10:26:"),
        "{default}"
    );
}

#[test]
fn a_sub_second_miss_never_reads_zero_seconds() {
    let dir = TempDir::new("subsecond");
    // The arrival is a fraction of a second before 18:04:00: expecting 18:04:00 within 0s misses
    // by less than half a second.
    dir.write(
        "s.ron",
        &scenario_text("    expect: [ Arrive(station: \"Vladivostok\", at: \"2023-09-11T18:04:00+10:00\", within: \"0s\") ],\n"),
    );
    let out = cli(&dir.0, &["run", "s.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let line = stdout(&out)
        .lines()
        .find(|l| l.contains("Arrive Vladivostok"))
        .unwrap()
        .to_string();
    let columns: Vec<&str> = line.split_whitespace().collect();
    // check, subject, expected, actual, difference, within, verdict
    assert_eq!(columns.len(), 7, "{line}");
    let (difference, within, verdict) = (columns[4], columns[5], columns[6]);
    assert_eq!((within, verdict), ("0s", "FAIL"), "{line}");
    assert!(
        difference.starts_with("-0.") && difference.ends_with('s'),
        "{line}"
    );
}

#[test]
fn no_expect_runs_a_what_if_and_exits_0() {
    let dir = mixed_folder();
    let out = cli(&dir.0, &["run", "fail.ron", "--speed", "60"]);
    assert_eq!(out.status.code(), Some(1));
    let out = cli(&dir.0, &["run", "fail.ron", "--speed", "60", "--no-expect"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stdout(&out).contains("Expectations"));
}

#[test]
fn checks_between_any_two_stations_and_at_incidents_and_level_changes() {
    let dir = TempDir::new("between");
    // Khasan -> Vladivostok in the default scenario: 330 km in 23,864 s (derive.py), after a
    // 1 h stop; Tumangang -> Khasan is 5 km at 15 km/h.
    dir.write(
        "s.ron",
        &scenario_text(
            "    incidents: [ Incident(at_km: 900.0, delay: \"1h\") ],\n    security: [ Security(level: Elevated, from: Km(1000.0)) ],\n    expect: [\n        TravelTime(from: \"Khasan\", to: \"Vladivostok\", is: \"7h 37m 44s\", within: \"2m\"),\n        AverageSpeed(from: \"Tumangang\", to: \"Khasan\", is: 14.6, within: 0.5),\n        Estimate(at: IncidentStop(1), eta: \"2023-09-11T19:05:00+10:00\", within: \"5m\"),\n        Estimate(at: LevelChange(Elevated), eta: \"2023-09-11T19:20:00+10:00\", within: \"30m\"),\n    ],\n",
        ),
    );
    let out = cli(&dir.0, &["run", "s.ron", "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let verdicts = report["expectations"].as_array().unwrap();
    assert_eq!(verdicts.len(), 4);
    assert_eq!(verdicts[0]["subject"], "Khasan → Vladivostok");
    assert_eq!(verdicts[1]["subject"], "Tumangang → Khasan");
    assert_eq!(verdicts[2]["subject"], "IncidentStop(1)");
    assert_eq!(verdicts[3]["subject"], "LevelChange(Elevated)");
    // 5 km at the 15 km/h border limit: 1,231 s (derive.py), 14.6 km/h.
    assert_eq!(verdicts[1]["holds"], true, "{}", verdicts[1]);
    // Each was found on the way (an expectation never met has no difference).
    for v in verdicts {
        assert!(v["difference_value"].is_number(), "{v}");
    }
}

#[test]
fn a_route_beside_the_scenarios_is_skipped_saying_so() {
    let dir = TempDir::new("beside");
    dir.write("s.ron", &scenario_text(""));
    std::fs::copy(
        root().join("assets/routes/khasan-vladivostok.ron"),
        dir.0.join("r.ron"),
    )
    .unwrap();
    let out = cli(&dir.0, &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("skipped ./r.ron: a Route file, not a scenario"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("in 1 file(s), 1 skipped"),
        "{}",
        stdout(&out)
    );
}
