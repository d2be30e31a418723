//! Hostile input costs little: each of these used to hang, eat memory or mislead; now each ends
//! at once with a clear message (the limits are documented in the README).
use crate::util::{TempDir, cli, root, scenario_text, stderr, stdout};
use std::fmt::Write as _;

#[test]
fn a_very_long_unknown_name_gets_a_short_error() {
    let dir = TempDir::new("long-name");
    let name = "K".repeat(1_000_000);
    dir.write(
        "s.ron",
        &scenario_text(&format!("    stops: {{ \"{name}\": \"1h\" }},\n")),
    );
    let out = cli(&dir.0, &["run", "s.ron"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("unknown station \"KKKK") && err.contains("(1000000 characters)"),
        "{}",
        &err[..300]
    );
    assert!(err.len() < 3_000, "{} bytes", err.len());
}

/// A route file with `count` speed restrictions over its 100 km.
fn route_with_restrictions(count: usize) -> String {
    let mut restrictions = String::new();
    for i in 0..count {
        let from = (i % 90) as f64 + (i as f64) * 1e-6;
        let _ = writeln!(
            restrictions,
            "        Restriction(from_km: {from}, to_km: {}, max_kmh: {}),",
            from + 5.0,
            20 + i % 30
        );
    }
    format!(
        "Route(\n    name: \"r\",\n    train: Train(cruise_kmh: 50.0, accel_mps2: 0.1, brake_mps2: 0.2),\n    stations: [\n        Station(name: \"A\", km: 0.0, tz: \"Asia/Pyongyang\"),\n        Station(name: \"B\", km: 100.0, tz: \"Asia/Pyongyang\"),\n    ],\n    restrictions: [\n{restrictions}    ],\n)\n"
    )
}

#[test]
fn many_restrictions_merge_quickly_and_too_many_are_refused() {
    let dir = TempDir::new("restrictions");
    dir.write(
        "s.ron",
        "Scenario(title: \"t\", route: \"r.ron\", departure: \"2023-09-10T15:00:00+09:00\")",
    );
    // 10,000 overlapping restrictions: the merge is O(n log n).
    dir.write("r.ron", &route_with_restrictions(10_000));
    let out = cli(&dir.0, &["run", "s.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir.write("r.ron", &route_with_restrictions(10_001));
    let out = cli(&dir.0, &["run", "s.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "r.ron:8:5: restrictions: at most 10000 speed restrictions are allowed, got 10001"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn too_many_scripted_incidents_are_refused() {
    let incidents: String = (0..10_001)
        .map(|i| format!("Incident(at_km: {}, delay: \"1m\"), ", i % 1000))
        .collect();
    let dir = TempDir::new("incidents");
    dir.write(
        "s.ron",
        &scenario_text(&format!("    incidents: [ {incidents} ],\n")),
    );
    let out = cli(&dir.0, &["run", "s.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("at most 10000 scripted incidents are allowed, got 10001"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn files_over_the_size_limit_are_not_read() {
    let dir = TempDir::new("big");
    let path = dir.0.join("s.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(10 * 1024 * 1024 + 1).unwrap();
    let out = cli(&dir.0, &["run", "s.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("more than the 10485760 allowed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn absurd_ranges_and_counts_are_refused() {
    let cases: [&[&str]; 6] = [
        &[
            "sweep",
            "scenarios/2023-sunday-afternoon.ron",
            "--speed",
            "35:inf:5",
        ],
        &[
            "sweep",
            "scenarios/2023-sunday-afternoon.ron",
            "--speed",
            "35:60:1e-300",
        ],
        &[
            "sweep",
            "scenarios/2023-sunday-afternoon.ron",
            "--depart",
            "2023-09-10T06:00:00+09:00..2023-09-11T06:00:00+09:00/1s",
        ],
        &[
            "montecarlo",
            "scenarios/random-incidents.ron",
            "--threads",
            "100000",
        ],
        &[
            "chart",
            "scenarios/2023-sunday-afternoon.ron",
            "--kind",
            "speed",
            "--speed",
            "1.5e308",
            "-o",
            "-",
        ],
        &[
            "run",
            "scenarios/2023-sunday-afternoon.ron",
            "--speed",
            "1e-300",
        ],
    ];
    let messages = [
        "\"inf\" is not a finite number",
        "speeds, more than the 10000 allowed",
        "86401 departures, more than the 10000 allowed",
        "--threads 100000: must be between 1 and 256",
        "must be a speed from 1 to 650 km/h, got 1.5e308 km/h",
        "must be a speed from 1 to 650 km/h, got 1e-300 km/h",
    ];
    for (args, message) in cases.iter().zip(messages) {
        let out = cli(&root(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
}

#[test]
fn a_chart_of_a_journey_of_decades_is_thinned_to_its_resolution() {
    let dir = TempDir::new("decades");
    // 95 years at Khasan: the longest journey whose times can still be written.
    dir.write(
        "s.ron",
        &scenario_text("    stops: { \"Khasan\": \"34700d\" },\n"),
    );
    let out = cli(
        &dir.0,
        &["chart", "s.ron", "--kind", "marey", "-o", "m.svg"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let size = std::fs::metadata(dir.0.join("m.svg")).unwrap().len();
    assert!(size < 1_000_000, "{size} bytes");
}

#[test]
fn check_survives_loops_unreadable_folders_fifos_and_neighbours() {
    let dir = TempDir::new("check-tree");
    dir.write("a/one.ron", &scenario_text(""));
    dir.write("a/b/two.ron", &scenario_text(""));
    // A route kept beside the scenarios.
    std::fs::copy(
        root().join("assets/routes/khasan-vladivostok.ron"),
        dir.0.join("a/route.ron"),
    )
    .unwrap();
    // A directory symlink loop, and a FIFO named like a scenario.
    std::os::unix::fs::symlink("..", dir.0.join("a/b/up")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.0.join("a/pipe.ron"))
        .status()
        .unwrap();
    assert!(fifo.success());
    // A folder that cannot be listed (root can list anything, so only checked for others).
    let locked = dir.0.join("a/locked");
    std::fs::create_dir(&locked).unwrap();
    dir.write("a/locked/three.ron", &scenario_text(""));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let listable = std::fs::read_dir(&locked).is_ok();

    let out = cli(&dir.0, &["check", "a"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (text, err) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{text}\n{err}");
    let checked = if listable { 3 } else { 2 };
    assert!(
        text.contains(&format!("in {checked} file(s)")),
        "{text}\n{err}"
    );
    assert!(
        err.contains("skipped a/route.ron: a Route file, not a scenario"),
        "{err}"
    );
    assert!(
        err.contains("skipped a/pipe.ron: not a regular file"),
        "{err}"
    );
    assert!(err.contains("a/b/up: already searched"), "{err}");
    if !listable {
        assert!(err.contains("a/locked: cannot list it"), "{err}");
    }
}

/// A route of `n` stations 0.5 km apart.
fn route_with_stations(n: usize) -> String {
    let stations: String = (0..n)
        .map(|i| {
            format!(
                "        Station(name: \"S{i}\", km: {}, tz: \"Asia/Pyongyang\"),\n",
                i as f64 * 0.5
            )
        })
        .collect();
    format!(
        "Route(\n    name: \"many\",\n    train: Train(cruise_kmh: 50.0, accel_mps2: 0.1, brake_mps2: 0.2),\n    stations: [\n{stations}    ],\n)\n"
    )
}

#[test]
fn too_many_stations_are_refused() {
    // Estimates at every stop make the work grow with the square of the stops: the limit keeps
    // a hostile route under a second.
    let dir = TempDir::new("stations");
    dir.write(
        "s.ron",
        "Scenario(title: \"t\", route: \"r.ron\", departure: \"2023-09-10T15:00:00+09:00\")",
    );
    dir.write("r.ron", &route_with_stations(2_000));
    let out = cli(&dir.0, &["run", "s.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir.write("r.ron", &route_with_stations(2_001));
    let out = cli(&dir.0, &["run", "s.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("r.ron:4:5: stations: a route may have at most 2000 stations, got 2001"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn long_lists_and_oversized_batches_are_refused() {
    let dir = TempDir::new("lists");
    let expectations: String = (0..10_001)
        .map(|_| "Arrive(station: \"Khasan\", at: \"2023-09-11T10:26:15+10:00\", within: \"5s\"), ")
        .collect();
    dir.write(
        "s.ron",
        &format!(
            "Scenario(title: \"t\", route: \"pyongyang-vladivostok\", departure: \"2023-09-10T15:00:00+09:00\",\n    expect: [{expectations}],\n)\n"
        ),
    );
    let out = cli(&dir.0, &["run", "s.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("s.ron:2:13: expect: 10001 entries, more than the 10000 a list may hold"),
        "{}",
        stderr(&out)
    );
    // 2,000 stations a journey: 50 million runs would be 1e11 events.
    dir.write("r.ron", &route_with_stations(2_000));
    dir.write(
        "m.ron",
        "Scenario(title: \"t\", route: \"r.ron\", departure: \"2023-09-10T15:00:00+09:00\")",
    );
    let out = cli(&dir.0, &["montecarlo", "m.ron", "--runs", "50000000"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("use at most 500000 runs"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn many_cases_of_a_long_journey_are_refused_at_once() {
    // 600 cases of a 2,000-station journey: 1.2 million stations to run through.
    let dir = TempDir::new("case-budget");
    dir.write("r.ron", &route_with_stations(2_000));
    let speeds: String = (0..600)
        .map(|i| format!("{:.2}, ", 40.0 + f64::from(i) * 0.01))
        .collect();
    dir.write(
        "s.ron",
        &format!(
            "Scenario(title: \"t\", route: \"r.ron\", departure: \"2023-09-10T15:00:00+09:00\",\n    vary: Vary(cruise_kmh: [{speeds}]),\n)\n"
        ),
    );
    let out = cli(&dir.0, &["run", "s.ron"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("s.ron:2:5: vary: 600 cases of a journey through 2000 stations with 0 stops are more than a file may run: at most 500 cases here"),
        "{}",
        stderr(&out)
    );
}
