//! The record through the command line: calibrate (writes a new file, never over one), nowcast
//! (text and JSON), and the lesson worksheets.
use crate::util::{TempDir, cli, root, stderr, stdout};
use serde_json::Value;

/// A copy of a trip and the observations it reads, in a scratch repository layout.
fn trip_copy(dir: &TempDir, trip: &str) -> String {
    std::fs::create_dir_all(dir.0.join("scenarios/trips")).unwrap();
    std::fs::create_dir_all(dir.0.join("assets/observations")).unwrap();
    std::fs::copy(
        root().join("assets/observations/observed-times.csv"),
        dir.0.join("assets/observations/observed-times.csv"),
    )
    .unwrap();
    let path = format!("scenarios/trips/{trip}.ron");
    std::fs::copy(root().join(&path), dir.0.join(&path)).unwrap();
    path
}

#[test]
fn calibrate_writes_a_calibrated_copy_that_checks_clean_and_never_overwrites() {
    let dir = TempDir::new("calibrate");
    let trip = trip_copy(&dir, "2019-outbound");
    let out = cli(&dir.0, &["calibrate", &trip]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Levenberg-Marquardt") && text.contains("cruise, leg 2+3"),
        "{text}"
    );
    let written = dir.0.join("scenarios/trips/2019-outbound.calibrated.ron");
    let calibrated = std::fs::read_to_string(&written).unwrap();
    assert!(calibrated.contains("legs: [") && calibrated.contains("(calibrated)"));
    let check = cli(
        &dir.0,
        &["check", "scenarios/trips/2019-outbound.calibrated.ron"],
    );
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    // Again: the calibrated file exists and is left alone.
    let again = cli(&dir.0, &["calibrate", &trip]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("exists: a new file is never written over an existing one"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&written).unwrap(), calibrated);
    // Nothing free to fit: said, exit 2.
    let nothing = cli(
        &root(),
        &["calibrate", "scenarios/trips/2019-return.ron", "--dry-run"],
    );
    assert_eq!(nothing.status.code(), Some(2));
    assert!(
        stderr(&nothing).contains("nothing to fit"),
        "{}",
        stderr(&nothing)
    );
}

#[test]
fn nowcast_reports_later_stops_with_a_band_and_the_hold_out_error() {
    let out = cli(
        &root(),
        &[
            "nowcast",
            "scenarios/trips/2023-circuit.ron",
            "--as-of",
            "2023-09-12T12:15:00+10:00",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["as_of"], "2023-09-12T12:15:00+10:00");
    assert_eq!(
        report["used"],
        serde_json::json!(["Khasan Arrive", "Baranovsky Pass"])
    );
    let stops = report["stops"].as_array().unwrap();
    let vostochny = stops
        .iter()
        .find(|s| s["name"] == "Vostochny cosmodrome")
        .unwrap();
    for key in ["eta", "low", "high", "observed"] {
        assert!(
            vostochny[key].as_str().unwrap().starts_with("2023-09-13T"),
            "{vostochny}"
        );
    }
    assert!(
        vostochny["low"].as_str() < vostochny["eta"].as_str()
            && vostochny["eta"].as_str() < vostochny["high"].as_str()
    );
    let text = stdout(&cli(
        &root(),
        &[
            "nowcast",
            "scenarios/trips/2023-circuit.ron",
            "--as-of",
            "2023-09-12T06:00:00+10:00",
        ],
    ));
    assert!(
        text.contains("Used: Khasan Arrive") && text.contains("Komsomolsk-na-Amure"),
        "{text}"
    );
    let bad = cli(
        &root(),
        &[
            "nowcast",
            "scenarios/trips/2023-circuit.ron",
            "--as-of",
            "Tuesday noon",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--as-of"), "{}", stderr(&bad));
}

#[test]
fn a_worksheet_and_its_answer_key_are_written_and_not_over_other_files() {
    let dir = TempDir::new("worksheets");
    let out = cli(
        &root(),
        &["lessons", "export", "2", "--to", dir.0.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sheet = std::fs::read_to_string(dir.0.join("lesson-2-which-1180-km.html")).unwrap();
    let key = std::fs::read_to_string(dir.0.join("lesson-2-which-1180-km-answers.html")).unwrap();
    assert!(
        sheet.contains("<svg")
            && sheet.contains("class=\"blank\"")
            && !sheet.contains("class=\"key\"")
    );
    assert!(key.contains("class=\"key\"") && key.contains("1180 km"));
    // Its own files are replaced; someone else's are not.
    let again = cli(
        &root(),
        &["lessons", "export", "2", "--to", dir.0.to_str().unwrap()],
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    std::fs::write(dir.0.join("lesson-1-twenty-hours.html"), "<p>my notes</p>").unwrap();
    let other = cli(
        &root(),
        &["lessons", "export", "1", "--to", dir.0.to_str().unwrap()],
    );
    assert_eq!(other.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.0.join("lesson-1-twenty-hours.html")).unwrap(),
        "<p>my notes</p>"
    );
}

/// The verdicts of the five seed articles' claims, as a reader of the articles and the record
/// would give them (each reason is in the claim file's comments and notes).
#[test]
fn the_seed_articles_claims_get_the_verdicts_the_record_gives() {
    let expected: [(&str, &[(&str, &str, &str)]); 5] = [
        (
            "000-seoul-moscow-sep-11",
            &[
                // Left Pyongyang on Sunday 10 Sep; "expected to cross into Russia": it did.
                ("Depart", "Pyongyang", "consistent"),
                ("Visits", "Khasan", "forecast_came_true"),
            ],
        ),
        (
            "001-anaedo-arrives-in-russia",
            &[
                // "A 20-hour journey": the record's Sunday departure and Tuesday 06:00 arrival
                // leave at least 34 h, and the implied speed is far off too.
                ("TravelTime", "Pyongyang → Khasan", "inconsistent"),
                ("AverageSpeed", "Pyongyang → Khasan", "inconsistent"),
                ("Visits", "Khasan", "consistent"),
                // The summit was at Vostochny, not Vladivostok.
                ("Visits", "Vladivostok", "forecast_missed"),
            ],
        ),
        (
            "002-whatsnew2day-sep-11",
            &[
                ("Weekday", "Depart(Pyongyang)", "consistent"),
                ("Visits", "Khasan", "forecast_came_true"),
                ("Visits", "Vladivostok", "forecast_missed"),
            ],
        ),
        (
            "003-early-september-preview",
            &[
                ("Visits", "Vladivostok", "forecast_missed"),
                ("Arrive", "Vostochny cosmodrome", "forecast_came_true"),
            ],
        ),
        (
            "004-plans-to-visit-russia",
            &[
                // "This month": it entered Russia on 12 September.
                ("Arrive", "Khasan", "forecast_came_true"),
                ("Visits", "Vladivostok", "forecast_missed"),
            ],
        ),
    ];
    for (file, claims) in expected {
        let path = format!("scenarios/claims/{file}.ron");
        let out = cli(&root(), &["run", &path, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{path}: {}", stderr(&out));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let got: Vec<(String, String, String)> = report["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                assert_eq!(
                    c["basis"], "record",
                    "{path}: judged on the model only: {c}"
                );
                assert!(
                    c["source"].as_str().is_some_and(|s| s.len() > 20),
                    "{path}: a claim without its source: {c}"
                );
                (
                    c["says"]["kind"].as_str().unwrap().to_owned(),
                    c["says"]["subject"].as_str().unwrap().to_owned(),
                    c["verdict"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let want: Vec<(String, String, String)> = claims
            .iter()
            .map(|(k, s, v)| ((*k).to_owned(), (*s).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(got, want, "{path}");
    }
}

#[test]
fn a_calibrated_copy_or_frozen_sweep_written_elsewhere_still_finds_its_files() {
    let dir = TempDir::new("calibrate-elsewhere");
    let trip = trip_copy(&dir, "2023-outbound");
    // The network is named ("far-east"), found in the repository's assets/ above the trip; the
    // CSV is a path relative to the trip. Written two folders away, both must still be found.
    std::fs::create_dir_all(dir.0.join("assets/network")).unwrap();
    std::fs::copy(
        root().join("assets/network/far-east.ron"),
        dir.0.join("assets/network/far-east.ron"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.0.join("out/deeper")).unwrap();
    for args in [
        vec![
            "calibrate",
            trip.as_str(),
            "-o",
            "out/deeper/calibrated.ron",
        ],
        vec![
            "sweep",
            trip.as_str(),
            "--speed",
            "40:50:10",
            "--freeze",
            "out/deeper/frozen.ron",
        ],
    ] {
        let out = cli(&dir.0, &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    for written in ["out/deeper/calibrated.ron", "out/deeper/frozen.ron"] {
        let text = std::fs::read_to_string(dir.0.join(written)).unwrap();
        assert!(
            text.contains("\"../../assets/observations/observed-times.csv\""),
            "{written}: {text}"
        );
        let check = cli(&dir.0, &["check", written]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "{written}: {}{}",
            stdout(&check),
            stderr(&check)
        );
    }
}

#[test]
fn a_nowcast_with_random_incidents_says_its_band_and_never_reaches_back_before_its_moment() {
    let dir = TempDir::new("nowcast-random");
    let trip = trip_copy(&dir, "2023-circuit");
    std::fs::create_dir_all(dir.0.join("assets/network")).unwrap();
    std::fs::copy(
        root().join("assets/network/far-east.ron"),
        dir.0.join("assets/network/far-east.ron"),
    )
    .unwrap();
    let path = dir.0.join(&trip);
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "    departure: \"2023-09-10T15:00:00+09:00[Asia/Pyongyang]\",",
        "    departure: \"2023-09-10T15:00:00+09:00[Asia/Pyongyang]\",\n    random: Random(seed: 7, incidents_per_1000_km: 2.0, delay_min: \"10m\", delay_max: \"1h\"),",
        1,
    );
    assert!(text.contains("random: Random"));
    std::fs::write(&path, text).unwrap();
    let as_of = "2023-09-12T12:15:00+10:00";
    let out = cli(
        &dir.0,
        &["nowcast", &trip, "--as-of", as_of, "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["band"]
            .as_str()
            .unwrap()
            .contains("percentile of 1000 journeys with the scenario's random incidents"),
        "{}",
        report["band"]
    );
    let moment: jiff::Timestamp = as_of.parse().unwrap();
    for stop in report["stops"].as_array().unwrap() {
        let low: jiff::Timestamp = stop["low"].as_str().unwrap().parse().unwrap();
        assert!(low >= moment, "{stop}");
    }
}
