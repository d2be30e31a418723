//! The command line: output formats, the JSON contract and exit codes.
use crate::util::{TempDir, cli, root, scenario_text, stderr, stdout};
use serde_json::Value;

#[test]
fn run_json_follows_the_contract() {
    let out = cli(
        &root(),
        &[
            "run",
            "scenarios/2023-sunday-afternoon.ron",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    for key in [
        "title",
        "route",
        "departure",
        "arrival",
        "travel_time_s",
        "distance_km",
        "average_kmh",
        "stations",
        "estimates",
        "security",
        "incidents",
        "expectations",
        "claims",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["departure"], "2023-09-10T15:00:00+09:00");
    assert_eq!(json["arrival"], "2023-09-11T18:04:00+10:00");
    let stations = json["stations"].as_array().unwrap();
    let first = &stations[0];
    let last = stations.last().unwrap();
    assert!(first.get("arrive").is_none() && first.get("depart").is_some());
    assert!(last.get("depart").is_none() && last.get("arrive").is_some());
    // A passed station has arrive == depart, in its local offset.
    let rajin = stations.iter().find(|s| s["name"] == "Rajin").unwrap();
    assert_eq!(rajin["arrive"], rajin["depart"]);
    assert!(rajin["arrive"].as_str().unwrap().ends_with("+09:00"));
    let khasan = stations.iter().find(|s| s["name"] == "Khasan").unwrap();
    assert!(khasan["arrive"].as_str().unwrap().ends_with("+10:00"));
    let estimate = &json["estimates"][0];
    for key in ["at", "km", "trigger", "eta"] {
        assert!(estimate.get(key).is_some(), "estimate lacks {key}");
    }
    assert_eq!(json["claims"].as_array().unwrap().len(), 3);
}

#[test]
fn run_text_shows_the_timetable_zones_and_day_markers() {
    let out = cli(
        &root(),
        &[
            "run",
            "scenarios/speed-and-departure.ron",
            "--case",
            "night 23:30",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Speed and departure: one journey, varied — night 23:30"));
    assert!(text.contains("+09") && text.contains("+10"));
    assert!(text.contains("D+2 02:34"), "{text}");
    assert!(text.contains("Arrival estimates"));
}

#[test]
fn run_csv_has_a_row_per_station() {
    let out = cli(
        &root(),
        &[
            "run",
            "scenarios/2023-sunday-afternoon.ron",
            "--format",
            "csv",
        ],
    );
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 16);
    assert!(text.starts_with("name,km,tz,"));
}

#[test]
fn overrides_change_speed_departure_and_seed() {
    let base = cli(
        &root(),
        &[
            "run",
            "scenarios/2023-sunday-afternoon.ron",
            "--format",
            "json",
            "--speed",
            "60",
        ],
    );
    let json: Value = serde_json::from_str(&stdout(&base)).unwrap();
    assert_eq!(json["arrival"], "2023-09-11T14:09:41+10:00");
    // The default file's expectations (50 km/h) then fail: exit 1.
    assert_eq!(base.status.code(), Some(1));
    let shifted = cli(
        &root(),
        &[
            "run",
            "scenarios/speed-and-departure.ron",
            "--case",
            "60 km/h",
            "--format",
            "json",
            "--depart",
            "2023-09-10T16:00:00+09:00",
        ],
    );
    let json: Value = serde_json::from_str(&stdout(&shifted)).unwrap();
    assert_eq!(json["arrival"], "2023-09-11T15:09:41+10:00");
    let seeded = cli(
        &root(),
        &[
            "run",
            "scenarios/random-incidents.ron",
            "--format",
            "json",
            "--seed",
            "2",
        ],
    );
    let json: Value = serde_json::from_str(&stdout(&seeded)).unwrap();
    assert_eq!(json["incidents"].as_array().unwrap().len(), 1);
}

#[test]
fn check_passes_on_the_shipped_scenarios() {
    let out = cli(&root(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("0 fail"));
}

#[test]
fn check_exits_1_on_an_unmet_expectation_and_2_on_bad_input() {
    let dir = TempDir::new("check");
    dir.write(
        "wrong.ron",
        &scenario_text("    expect: [ TravelTime(is: \"20h\", within: \"1h\") ],\n"),
    );
    let out = cli(&dir.0, &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("FAIL"));
    dir.write("broken.ron", "Scenario(title: \"x\",");
    let out = cli(&dir.0, &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    // Load errors go to standard error, like every command's; the summary lists the file.
    assert!(stderr(&out).contains("broken.ron:1:"), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("failing:\n  ./broken.ron\n  ./wrong.ron"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn shipped_route_names_work_from_any_directory() {
    let dir = TempDir::new("anywhere");
    dir.write("mine.ron", &scenario_text(""));
    let out = cli(&dir.0, &["run", "mine.ron", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn no_subcommand_opens_the_app_or_says_why_not() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_armored-train"))
        .current_dir(root())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    if cfg!(feature = "desktop") {
        // No display: one line saying so, then the headless report of the default scenario.
        assert!(
            text.lines()
                .next()
                .unwrap()
                .starts_with("No display available"),
            "{text}"
        );
        assert!(
            text.contains("September 2023: Sunday-afternoon departure")
                && text.contains("Arrival estimates")
        );
    } else {
        assert!(text.contains("Usage"));
    }
}

#[test]
fn lessons_are_listed_and_shown_with_claim_verdicts() {
    let out = cli(&root(), &["lessons"]);
    assert_eq!(out.status.code(), Some(0));
    let list = stdout(&out);
    for n in 1..=9 {
        assert!(
            list.contains(&format!("Lesson {n}:")),
            "lesson {n} missing:\n{list}"
        );
    }
    let out = cli(&root(), &["lessons", "show", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Which 1,180 km?") && text.contains("560 km is the straight line"));
    // The 560 km claim is not the rail distance but matches the straight line; "north" for a
    // bearing of 46 degrees is inconsistent.
    assert!(
        text.contains("'about 560 km from Pyongyang to the Tumen bridge': Distance Pyongyang → Tumangang 560 km — CONSISTENT WITH ANOTHER MEASURE")
            && text.contains("the claim matches the straight line"),
        "{text}"
    );
    assert!(
        text.contains("Direction Pyongyang → Vladivostok North — INCONSISTENT"),
        "{text}"
    );
    let out = cli(&root(), &["lessons", "show", "7"]);
    assert!(stdout(&out).contains("Uncertainty (10000 journeys"));
    let out = cli(&root(), &["lessons", "show", "99"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_estimate_at_the_origins_departure_is_the_departure_report() {
    let dir = TempDir::new("origin-estimate");
    dir.write("s.ron", &scenario_text("    expect: [ Estimate(at: Depart(\"Pyongyang\"), eta: \"2023-09-11T18:04:00+10:00\", within: \"5s\") ],\n"));
    let out = cli(&dir.0, &["check", "s.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn the_2023_circuit_prints_leg_by_leg_with_the_clock_of_each_zone() {
    let out = cli(&root(), &["run", "scenarios/trips/2023-circuit.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for leg in [
        "Leg 1 · Pyongyang → Khasan · 850 km",
        "Leg 3 · Ussuriysk → Vostochny cosmodrome · 1438 km",
        "Leg 4 · Vostochny cosmodrome → Komsomolsk-na-Amure · 1070 km",
        "Leg 6 · Artyom-Primorsky-1 → Pyongyang · 1155 km",
    ] {
        assert!(text.contains(leg), "missing {leg:?}:\n{text}");
    }
    // Arkhara is one hour behind Obluchye, both ways; Vostochny is reached on Amur time.
    let row = |name: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no row {name}"))
            .to_string()
    };
    assert!(row("Arkhara").contains("+09") && row("Obluchye").contains("+10"));
    assert!(
        row("Vostochny cosmodrome").contains("D+2 20:58"),
        "{}",
        row("Vostochny cosmodrome")
    );
    assert!(text.contains("5892 km"));
    let json = cli(
        &root(),
        &[
            "run",
            "scenarios/trips/2023-circuit.ron",
            "--format",
            "json",
        ],
    );
    let json: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let stations = json["stations"].as_array().unwrap();
    assert_eq!(stations[0]["leg"], 1);
    assert_eq!(stations.last().unwrap()["leg"], 6);
    let first = &json["estimates"][0];
    assert_eq!(first["next_stop"]["station"], "Tumangang");
    assert_eq!(first["leg_end"]["station"], "Khasan");
    assert_eq!(first["leg_end"]["eta"], "2023-09-11T10:26:15+10:00");
}
