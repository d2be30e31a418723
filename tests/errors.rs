//! Bad input: every error names the file and a line:column or the field, exits 2, never panics.
use crate::util::{TempDir, cli, scenario_text, stderr};

/// Runs `run` on a scenario with `text` and returns (exit code, stderr).
fn run_bad(name: &str, text: &str) -> (Option<i32>, String) {
    let dir = TempDir::new(name);
    dir.write("s.ron", text);
    let out = cli(&dir.0, &["run", "s.ron"]);
    (out.status.code(), stderr(&out))
}

fn assert_error(name: &str, text: &str, position: &str, message: &str) {
    let (code, err) = run_bad(name, text);
    assert_eq!(code, Some(2), "{name}: {err}");
    assert!(
        err.contains(&format!("s.ron:{position}")),
        "{name}: wanted position s.ron:{position} in\n{err}"
    );
    assert!(
        err.contains(message),
        "{name}: wanted {message:?} in\n{err}"
    );
    assert!(!err.contains("panicked"), "{name}: {err}");
}

#[test]
fn unknown_field() {
    assert_error("field", &scenario_text("    speed: 3.0,\n"), "5:", "speed");
}

#[test]
fn syntax_error_points_at_the_line() {
    assert_error(
        "syntax",
        "Scenario(\n    title: \"x\"\n    route: \"y\",\n)",
        "3:",
        "Expected",
    );
}

#[test]
fn unknown_station_in_stops_suggests_a_name() {
    assert_error(
        "station",
        &scenario_text("    stops: { \"Khasn\": \"1h\" },\n"),
        "5:14",
        "did you mean \"Khasan\"",
    );
}

#[test]
fn departure_without_offset() {
    let text = "Scenario(\n    title: \"t\",\n    route: \"pyongyang-vladivostok\",\n    departure: \"2023-09-10T15:00:00\",\n)\n";
    assert_error("offset", text, "4:", "no UTC offset");
}

#[test]
fn bad_duration() {
    assert_error(
        "duration",
        &scenario_text("    stops: { \"Khasan\": \"1 hour\" },\n"),
        "5:",
        "unit \"hour\"",
    );
}

#[test]
fn zero_or_negative_speed() {
    assert_error(
        "speed0",
        &scenario_text("    train: (cruise_kmh: 0.0),\n"),
        "5:25",
        "train.cruise_kmh: must be a speed from 1 to 650 km/h, got 0 km/h",
    );
    assert_error(
        "speedneg",
        &scenario_text("    train: (cruise_kmh: -5.0),\n"),
        "5:25",
        "must be a speed from 1 to 650 km/h",
    );
}

#[test]
fn lockdown_ending_at_a_km() {
    let text = scenario_text(
        "    security: [ Security(level: Lockdown, from: Km(10.0), until: Km(20.0)) ],\n",
    );
    assert_error("lockkm", &text, "5:", "a Lockdown cannot end at a km");
}

#[test]
fn a_journey_that_can_never_end() {
    let text = scenario_text("    security: [ Security(level: Lockdown, from: Km(10.0)) ],\n");
    assert_error("forever", &text, "5:", "the journey can never end");
}

#[test]
fn incident_outside_the_route() {
    assert_error(
        "incident",
        &scenario_text("    incidents: [ Incident(at_km: 2000.0, delay: \"1h\") ],\n"),
        "5:",
        "outside the route",
    );
}

#[test]
fn route_errors_name_the_route_file() {
    let dir = TempDir::new("route");
    let route = "Route(\n    name: \"r\",\n    train: Train(cruise_kmh: 50.0, accel_mps2: 0.1, brake_mps2: 0.2),\n    stations: [\n        Station(name: \"A\", km: 0.0, tz: \"Asia/Pyongyang\"),\n        Station(name: \"B\", km: 10.0, tz: \"Asia/Pyongyan\"),\n    ],\n)\n";
    dir.write("r.ron", route);
    dir.write(
        "s.ron",
        "Scenario(title: \"t\", route: \"r.ron\", departure: \"2023-09-10T15:00:00+09:00\")",
    );
    let out = cli(&dir.0, &["run", "s.ron"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("r.ron:6:") && err.contains("unknown time zone \"Asia/Pyongyan\""),
        "{err}"
    );

    let decreasing = route.replace(
        "km: 10.0, tz: \"Asia/Pyongyan\"",
        "km: 0.0, tz: \"Asia/Pyongyang\"",
    );
    dir.write("r.ron", &decreasing);
    let out = cli(&dir.0, &["run", "s.ron"]);
    let err = stderr(&out);
    assert!(
        err.contains("r.ron:6:32: stations[1].km") && err.contains("km must increase"),
        "{err}"
    );
}

#[test]
fn missing_file_and_unknown_route() {
    let dir = TempDir::new("missing");
    let out = cli(&dir.0, &["run", "nope.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.ron: cannot read scenario file"));
    let (code, err) = run_bad(
        "route-name",
        "Scenario(title: \"t\", route: \"moscow\", departure: \"2023-09-10T15:00:00+09:00\")",
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("s.ron:1:29: route: unknown route \"moscow\""),
        "{err}"
    );
}

#[test]
fn bad_override_values() {
    let out = cli(
        &crate::util::root(),
        &["run", "scenarios/2023-sunday-afternoon.ron", "--speed", "0"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--speed 0"));
    let out = cli(
        &crate::util::root(),
        &[
            "run",
            "scenarios/2023-sunday-afternoon.ron",
            "--depart",
            "tomorrow",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--depart"));
}

#[test]
fn too_many_random_incidents() {
    let text = scenario_text(
        "    random: Random(seed: 1, incidents_per_1000_km: 1e9, delay_min: \"1m\", delay_max: \"2m\"),\n",
    );
    assert_error(
        "rate",
        &text,
        "5:",
        "incidents per journey on average, more than the 10000 allowed",
    );
}

#[test]
fn departure_out_of_the_supported_range() {
    let text = "Scenario(\n    title: \"t\",\n    route: \"pyongyang-vladivostok\",\n    departure: \"1900-01-01T10:00:00+09:00\",\n)\n";
    assert_error("old", text, "4:", "outside the supported range");
}

#[test]
fn an_absurdly_slow_or_fast_train_is_refused_not_clamped() {
    for speed in ["1e-9", "1e-300", "1.5e308"] {
        let text = scenario_text(&format!("    train: (cruise_kmh: {speed}),\n"));
        assert_error("speed", &text, "5:25", "must be a speed from 1 to 650 km/h");
    }
}

/// "line:col" (1-based, columns in characters) of the `nth` (0-based) occurrence of `needle` in
/// `text`: the test knows where it put the offending value.
fn position_of(text: &str, needle: &str, nth: usize) -> String {
    let offset = text.match_indices(needle).nth(nth).map(|(i, _)| i).unwrap();
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{line}:{col}")
}

#[test]
fn positions_land_on_the_offending_value_not_a_look_alike() {
    // The same words appear earlier in a comment, the title, the lesson text, the route's name
    // or a first, valid event: the caret must land on the value at fault.
    let cases = [
        (
            "comment",
            "    // train: (cruise_kmh: 0.0) would be refused\n    train: (cruise_kmh: 0.0),\n",
            "0.0),",
            0,
            "must be a speed from 1 to 650 km/h",
        ),
        (
            "lesson",
            "    lesson: \"incidents: [ Incident(at_km: 2000.0) ] is outside\",\n    incidents: [ Incident(at_km: 2000.0, delay: \"1h\") ],\n",
            "2000.0, delay",
            0,
            "outside the route",
        ),
        (
            "second-event",
            "    security: [\n        Security(level: Lockdown, from: Km(10.0), until: After(\"1h\")),\n        Security(level: Lockdown, from: Km(20.0), until: Km(30.0)),\n    ],\n",
            "Km(30.0)",
            0,
            "a Lockdown cannot end at a km",
        ),
        (
            "second-incident",
            "    incidents: [ Incident(at_km: 10.0, delay: \"1h\"), Incident(at_km: 5000.0, delay: \"1h\") ],\n",
            "5000.0",
            0,
            "outside the route",
        ),
        (
            "route-name",
            "    stops: { \"pyongyang-vladivostok\": \"1h\" },\n",
            "\"pyongyang-vladivostok\": ",
            0,
            "unknown station",
        ),
        (
            "second-stop",
            "    stops: { \"Khasan\": \"1h\", \"Tumangang\": \"-5m\" },\n",
            "-5m\"",
            0,
            "negative",
        ),
    ];
    for (name, extra, needle, nth, message) in cases {
        let text = scenario_text(extra);
        let position = position_of(&text, needle, nth);
        assert_error(name, &text, &position, message);
    }
}

#[test]
fn silently_wrong_inputs_are_located_errors() {
    let cases = [
        (
            "offset",
            "    expect: [ Arrive(station: \"Khasan\", at: \"2023-09-11T10:26:15+25:00\", within: \"5s\") ],\n",
            "\"2023-09-11T10:26:15+25:00\"",
            "beyond the ±14:00",
        ),
        (
            "nan-speed",
            "    expect: [ AverageSpeed(is: NaN, within: 1.0) ],\n",
            "NaN",
            "must be a finite number",
        ),
        (
            "negative-tolerance",
            "    expect: [ Distance(from: \"Pyongyang\", to: \"Khasan\", is: 850.0, within: -1.0) ],\n",
            "-1.0",
            "must be zero or positive",
        ),
        (
            "stop-at-origin",
            "    stops: { \"Pyongyang\": \"1h\" },\n",
            "\"Pyongyang\"",
            "is the origin",
        ),
        (
            "stop-at-destination",
            "    stops: { \"Vladivostok\": \"1h\" },\n",
            "\"Vladivostok\"",
            "is the destination",
        ),
        (
            "until-before-from",
            "    security: [ Security(level: High, from: At(\"2023-09-11T10:00:00+10:00\"), until: At(\"2023-09-11T09:00:00+10:00\")) ],\n",
            "At(\"2023-09-11T09",
            "`until` is not after `from`",
        ),
        (
            "before-departure",
            "    security: [ Security(level: High, from: At(\"2023-09-09T10:00:00+09:00\"), until: After(\"2h\")) ],\n",
            "After(",
            "over before the departure",
        ),
        (
            "arrive-at-origin",
            "    expect: [ Arrive(station: \"Pyongyang\", at: \"2023-09-10T15:00:00+09:00\", within: \"1m\") ],\n",
            "\"Pyongyang\", at",
            "never arrives there",
        ),
        (
            "depart-destination",
            "    expect: [ Depart(station: \"Vladivostok\", at: \"2023-09-11T18:00:00+10:00\", within: \"1m\") ],\n",
            "\"Vladivostok\", at",
            "never departs from there",
        ),
        (
            "pass-a-stop",
            "    expect: [ Estimate(at: Pass(\"Khasan\"), eta: \"2023-09-11T18:03:59+10:00\", within: \"5s\") ],\n",
            "\"Khasan\")",
            "never passes it",
        ),
        (
            "backwards",
            "    expect: [ TravelTime(from: \"Khasan\", to: \"Tumangang\", is: \"1h\", within: \"5m\") ],\n",
            "\"Tumangang\"",
            "is not after \"Khasan\"",
        ),
        (
            "duplicate-stop",
            "    stops: { \"Khasan\": \"1h\", \"Khasan\": \"2h\" },\n",
            ": \"2h\"",
            "\"Khasan\" appears twice",
        ),
    ];
    for (name, extra, needle, message) in cases {
        let text = scenario_text(extra);
        let (code, err) = run_bad(name, &text);
        assert_eq!(code, Some(2), "{name}: {err}");
        assert!(
            err.contains(message),
            "{name}: wanted {message:?} in\n{err}"
        );
        let line = position_of(&text, needle, 0);
        let line = line.split(':').next().unwrap();
        assert!(
            err.contains(&format!("s.ron:{line}:")),
            "{name}: wanted line {line} in\n{err}"
        );
    }
}

#[test]
fn an_override_or_a_late_event_that_does_nothing_is_said() {
    let dir = TempDir::new("idle-events");
    dir.write(
        "s.ron",
        &scenario_text(
            "    security: [ Security(level: High, from: At(\"2023-09-11T00:00:00+09:00\"), until: After(\"2h\")) ],\n",
        ),
    );
    // Leaving a day later, the event is over before the departure.
    let out = cli(
        &dir.0,
        &["run", "s.ron", "--depart", "2023-09-12T15:00:00+09:00"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("security event 1 (High) is over before this departure"),
        "{}",
        stderr(&out)
    );
    // Leaving two days earlier, it starts after the arrival.
    let out = cli(
        &dir.0,
        &[
            "run",
            "s.ron",
            "--depart",
            "2023-09-08T15:00:00+09:00",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("starts after the arrival"),
        "{}",
        stderr(&out)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["warnings"][0]
            .as_str()
            .unwrap()
            .contains("starts after the arrival")
    );
}

#[test]
fn a_journey_too_long_to_write_names_its_cause() {
    let cases = [
        (
            "dwell",
            "    stops: { \"Khasan\": \"100000d\" },\n",
            "\"100000d\"",
            "the stop at Khasan",
        ),
        (
            "delay",
            "    incidents: [ Incident(at_km: 5.0, delay: \"1h\"), Incident(at_km: 9.0, delay: \"100000000h\") ],\n",
            "\"100000000h\"",
            "the incident at km 9.0",
        ),
        (
            "lockdown",
            "    security: [ Security(level: Lockdown, from: Km(1.0), until: After(\"100000000h\")) ],\n",
            "After(",
            "Lockdown 1",
        ),
        (
            "random",
            "    random: Random(seed: 1, incidents_per_1000_km: 5.0, delay_min: \"1h\", delay_max: \"10000000h\"),\n",
            "\"10000000h\"",
            "random incidents of 5000000h 30m each on average",
        ),
        (
            // In a case of a table-driven file: the case's own value.
            "case",
            "    cases: [ Case(name: \"long\", stops: { \"Khasan\": \"100000d\" }) ],\n",
            "\"100000d\"",
            "the stop at Khasan",
        ),
    ];
    for (name, extra, needle, cause) in cases {
        let text = scenario_text(extra);
        assert_error(name, &text, &position_of(&text, needle, 0), cause);
        let (_, err) = run_bad(name, &text);
        assert!(
            err.contains("years, more than the 100 years whose times can be written"),
            "{err}"
        );
    }
}

#[test]
fn text_encodings_and_long_lines() {
    // A byte-order mark is accepted.
    let dir = TempDir::new("bom");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(scenario_text("").bytes());
    std::fs::write(dir.0.join("s.ron"), &bytes).unwrap();
    let out = cli(&dir.0, &["run", "s.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Bytes that are not UTF-8: their line and column.
    let mut bytes = scenario_text("    lesson: \"caf").into_bytes();
    bytes.truncate(bytes.len() - 2); // drop ")\n"
    bytes.extend([0xE9, b'"', b',', b'\n', b')', b'\n']);
    std::fs::write(dir.0.join("s.ron"), &bytes).unwrap();
    let out = cli(&dir.0, &["run", "s.ron"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("s.ron:5:17: byte 0xe9 is not UTF-8"), "{err}");

    // A 10 MB line is quoted around the column only.
    let long = format!(
        "    lesson: \"{}\", train: (cruise_kmh: 0.0),\n",
        "x".repeat(9_000_000)
    );
    let (code, err) = run_bad("long-line", &scenario_text(&long));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("must be a speed"),
        "{}",
        &err[..err.len().min(500)]
    );
    assert!(err.len() < 2_000, "{} bytes of error", err.len());

    // Tabs do not shift the caret: the caret line keeps the tabs before the column.
    let text = scenario_text("\t\ttrain: (cruise_kmh: 0.0),\n");
    let (_, err) = run_bad("tabs", &text);
    let lines: Vec<&str> = err.lines().collect();
    let source = lines
        .iter()
        .position(|l| l.contains("cruise_kmh: 0.0"))
        .unwrap();
    let (code_line, caret_line) = (lines[source], lines[source + 1]);
    let column = code_line.find("0.0").unwrap();
    assert_eq!(
        caret_line.find('^'),
        Some(column),
        "\n{code_line}\n{caret_line}"
    );
    assert!(caret_line.contains('\t'), "{caret_line:?}");
}

#[test]
fn files_that_are_not_files() {
    let dir = TempDir::new("not-files");
    std::fs::create_dir(dir.0.join("folder.ron")).unwrap();
    let out = cli(&dir.0, &["run", "folder.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("it is a directory"),
        "{}",
        stderr(&out)
    );

    std::os::unix::fs::symlink("loop.ron", dir.0.join("loop.ron")).unwrap();
    let out = cli(&dir.0, &["run", "loop.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("symbolic links"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("not found"), "{}", stderr(&out));

    let out = cli(&dir.0, &["run", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );

    let status = std::process::Command::new("mkfifo")
        .arg(dir.0.join("fifo.ron"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = cli(&dir.0, &["run", "fifo.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_route_says_where_it_was_looked_for() {
    let (code, err) = run_bad(
        "where",
        "Scenario(title: \"t\", route: \"moscow-beijing\", departure: \"2023-09-10T15:00:00+09:00\")",
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("not a shipped route (pyongyang-vladivostok, khasan-vladivostok)")
            || err.contains("not a shipped route ("),
        "{err}"
    );
    assert!(err.contains("assets/routes/moscow-beijing.ron and each folder above, up to /assets/routes/moscow-beijing.ron"), "{err}");
}

#[test]
fn a_title_with_a_control_character_is_refused_at_the_title() {
    // It would end up in terminals, SVG charts, JUnit XML and HTML worksheets.
    let text = "Scenario(\n    title: \"bell\\u{7}\",\n    route: \"pyongyang-vladivostok\",\n    departure: \"2023-09-10T15:00:00+09:00\",\n)\n";
    assert_error("control", text, "2:", "control character U+0007");
    let text = "Scenario(\n    title: \" \",\n    route: \"pyongyang-vladivostok\",\n    departure: \"2023-09-10T15:00:00+09:00\",\n)\n";
    assert_error("empty-title", text, "2:", "cannot be empty");
}

#[test]
fn an_override_that_no_longer_fits_the_file_says_so_in_the_files_words() {
    // Leaving Pyongyang on the 14th cannot meet the stay at Vostochny that the file ends on
    // the 13th: named by station, placed where the file states it.
    let out = cli(
        &crate::util::root(),
        &[
            "run",
            "scenarios/trips/2023-circuit.ron",
            "--depart",
            "2023-09-14T15:00:00+09:00",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("--depart 2023-09-14T15:00:00+09:00: the stay at \"Vostochny cosmodrome\" ends before the journey's departure (scenarios/trips/2023-circuit.ron:"),
        "{err}"
    );
    assert!(!err.contains(" s before"), "{err}");
}

#[test]
fn a_value_of_the_wrong_type_is_pointed_at_not_the_space_before_it() {
    let text = "Scenario(\n    title: \"t\",\n    route: \"pyongyang-vladivostok\",\n    departure:    15,\n)\n";
    assert_error("type", text, "4:19", "Expected string");
    let text = "Scenario(\n    title: \"t\",\n    route: \"pyongyang-vladivostok\",\n    departure: \"2023-09-10T15:00:00+09:00\",\n    stops: // dwell overrides\n        5,\n)\n";
    assert_error("type-after-comment", text, "6:9", "Expected opening `{`");
}

#[test]
fn an_itinerary_on_a_route_says_what_to_write() {
    let text = "Scenario(title: \"t\", route: \"pyongyang-vladivostok\", itinerary: Itinerary(from: \"Khasan\", to: \"Ussuriysk\"), departure: \"2023-09-10T15:00:00+09:00\")\n";
    assert_error(
        "route-and-itinerary",
        text,
        "1:54",
        "an itinerary runs on a `network`, not on a `route`",
    );
}
