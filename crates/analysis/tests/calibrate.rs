//! Calibration and nowcasts: the fit recovers parameters a synthetic record was made with, says
//! why it cannot fit, and the nowcast of the 2023 circuit states its hold-out errors.
use std::path::PathBuf;
use train_analysis::calibrate::{FitError, fit, fit_within};
use train_analysis::nowcast::nowcast;
use train_scenario::Scenario;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shipped route with `extra` fields.
fn scenario(extra: &str) -> Scenario {
    let text = format!(
        "Scenario(\n    title: \"t\",\n    route: \"pyongyang-vladivostok\",\n    departure: \"2023-09-10T15:00:00+09:00[Asia/Pyongyang]\",\n{extra})\n"
    );
    Scenario::parse(&root().join("scenarios/calibrate-test.ron"), &text)
        .unwrap_or_else(|e| panic!("{}", e.with_snippet()))
}

/// Observations at Tumangang, Khasan and Vladivostok made from a run of `truth` (the record a
/// fit should recover).
fn record_of(truth: &Scenario) -> String {
    let run = train_scenario::Run::new(truth).unwrap();
    let tt = run.timetable();
    let mut seen = String::from("    observed: [\n");
    for name in ["Tumangang", "Khasan", "Vladivostok"] {
        let row = tt.stations.iter().find(|s| s.name == name).unwrap();
        let at = row.arrive.as_ref().unwrap().rfc3339();
        seen.push_str(&format!(
            "        Seen(place: \"{name}\", event: Arrive, at: \"{at}\", within: \"10m\", source: \"synthetic\"),\n"
        ));
    }
    seen.push_str("    ],\n");
    seen
}

#[test]
fn a_fit_recovers_the_cruise_that_made_the_record() {
    let truth = scenario("    train: (cruise_kmh: 42.0),\n");
    let s = scenario(&format!(
        "{}    free: [ Cruise(from_kmh: 20.0, to_kmh: 80.0) ],\n",
        record_of(&truth)
    ));
    let f = fit(&s, None).unwrap();
    // The record is rounded to the second: the speed comes back to within a few thousandths.
    assert!((f.fitted[0].value - 42.0).abs() < 0.01, "{:?}", f.fitted);
    assert!(f.rms_s < 1.0, "{}", f.rms_s);
}

#[test]
fn a_fit_recovers_a_departure_and_a_standing_time() {
    let truth = scenario("    legs: [ Leg(leg: 1, standing: \"3h\") ],\n")
        .with_departure("2023-09-10T17:30:00+09:00".parse().unwrap())
        .unwrap();
    let s = scenario(&format!(
        "{}    free: [ Departure(from: \"2023-09-10T12:00:00+09:00\", to: \"2023-09-10T20:00:00+09:00\"), Standing(leg: 1, from: \"0s\", to: \"10h\") ],\n",
        record_of(&truth)
    ));
    let f = fit(&s, None).unwrap();
    // 17:30 is 5.5 h after the window opens; 3 h of standing (at Tumangang, the first stop).
    assert!(
        (f.fitted[0].value - 5.5 * 3600.0).abs() < 5.0,
        "{:?}",
        f.fitted
    );
    assert!(
        (f.fitted[1].value - 3.0 * 3600.0).abs() < 5.0,
        "{:?}",
        f.fitted
    );
}

#[test]
fn fits_that_cannot_be_made_say_why() {
    let plain = scenario("");
    assert_eq!(fit(&plain, None).unwrap_err(), FitError::NothingFree);
    let no_record = scenario("    free: [ Cruise(from_kmh: 20.0, to_kmh: 80.0) ],\n");
    assert!(matches!(
        fit(&no_record, None),
        Err(FitError::NoObservations(_))
    ));
    let truth = scenario("    train: (cruise_kmh: 42.0),\n");
    let s = scenario(&format!(
        "{}    free: [ Cruise(from_kmh: 20.0, to_kmh: 80.0) ],\n",
        record_of(&truth)
    ));
    let e = fit_within(&s, None, 1).unwrap_err();
    assert!(
        matches!(e, FitError::NoConvergence { iterations: 1, .. }),
        "{e}"
    );
    assert!(e.to_string().contains("did not converge in 1 iterations"));
}

#[test]
fn the_2023_nowcasts_state_their_hold_out_errors() {
    let circuit = Scenario::load(&root().join("scenarios/trips/2023-circuit.ron")).unwrap();
    let at = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
    // Before the first timed observation there is nothing to fit.
    assert!(matches!(
        nowcast(&circuit, at("2023-09-11T00:00:00+10:00")),
        Err(FitError::NoObservations(_))
    ));
    for as_of in ["2023-09-12T06:00:00+10:00", "2023-09-12T12:15:00+10:00"] {
        let (report, _) = nowcast(&circuit, at(as_of)).unwrap();
        let stop = |name: &str| report.stops.iter().find(|s| s.name == name).unwrap();
        // Vostochny: observed shortly before 13:00; the nowcast, at 50 km/h from Ussuriysk,
        // comes later. Komsomolsk: the assumed 20:00 departure from Vostochny leaves it early.
        let vostochny = stop("Vostochny cosmodrome").error_s.unwrap();
        let komsomolsk = stop("Komsomolsk-na-Amure").error_s.unwrap();
        assert!(
            (3.0 * 3600.0..5.0 * 3600.0).contains(&vostochny),
            "{as_of}: {vostochny}"
        );
        assert!(
            (-15.0 * 3600.0..-14.0 * 3600.0).contains(&komsomolsk),
            "{as_of}: {komsomolsk}"
        );
        // The stops already passed are not estimated.
        assert!(report.stops.iter().all(|s| s.name != "Khasan"));
    }
}
