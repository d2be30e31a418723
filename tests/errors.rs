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
        "train.cruise_kmh: must be a positive number",
    );
    assert_error(
        "speedneg",
        &scenario_text("    train: (cruise_kmh: -5.0),\n"),
        "5:25",
        "must be a positive number",
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
        &["run", "scenarios/speed-60.ron", "--speed", "0"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--speed 0"));
    let out = cli(
        &crate::util::root(),
        &["run", "scenarios/speed-60.ron", "--depart", "tomorrow"],
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
fn an_absurdly_slow_train_is_refused_not_clamped() {
    let (code, err) = run_bad("slow", &scenario_text("    train: (cruise_kmh: 1e-9),\n"));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("years"), "{err}");
}
