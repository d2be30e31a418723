//! Observations and claims judged against the record: placed on the itinerary, read from CSV,
//! refused where they are wrong, and claims given the verdict kind they deserve.
use std::path::PathBuf;
use train_scenario::{Basis, ClaimOutcome, LoadErrorKind, Run, Scenario};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn text(extra: &str) -> String {
    format!(
        "Scenario(\n    title: \"t\",\n    route: \"pyongyang-vladivostok\",\n    departure: \"2023-09-10T15:00:00+09:00[Asia/Pyongyang]\",\n{extra})\n"
    )
}

fn parse(extra: &str) -> Result<Scenario, train_scenario::LoadError> {
    Scenario::parse(&root().join("scenarios/observation-test.ron"), &text(extra))
}

/// (line, col) of `needle` in the text of `extra`.
fn position(extra: &str, needle: &str) -> (usize, usize) {
    let t = text(extra);
    let offset = t.find(needle).unwrap();
    let before = &t[..offset];
    (
        before.matches('\n').count() + 1,
        before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1,
    )
}

fn refused(extra: &str, needle: &str, message: &str) {
    let e = parse(extra).unwrap_err();
    let p = e.position.unwrap();
    assert_eq!(
        (p.line, p.col),
        position(extra, needle),
        "{}",
        e.with_snippet()
    );
    assert!(e.message.contains(message), "{}", e.with_snippet());
}

#[test]
fn an_observation_is_set_against_the_simulated_time() {
    // The default journey reaches Khasan at 10:26:15 +10 (derive.py): seen at 10:36 it is 9m 45s
    // early in the model.
    let s = parse(
        "    observed: [ Seen(place: \"Khasan\", event: Arrive, at: \"2023-09-11T10:36:00+10:00\", within: \"15m\", source: \"test\"), Seen(place: \"Vladivostok\", event: Arrive, on: \"2023-09-12\", source: \"test\") ],\n",
    )
    .unwrap();
    let run = Run::new(&s).unwrap();
    let khasan = &run.observed[0];
    assert!(
        (khasan.difference_s.unwrap() + 585.0).abs() < 1.0,
        "{khasan:?}"
    );
    assert!(khasan.agrees);
    // Arrived on the 11th, seen on the 12th: a day apart.
    let vladivostok = &run.observed[1];
    assert_eq!(vladivostok.difference, "-1 day(s)");
    assert!(!vladivostok.agrees);
}

#[test]
fn bad_observations_are_located_errors() {
    refused(
        "    observed: [ Seen(place: \"Khassan\", event: Arrive, at: \"2023-09-11T10:36:00+10:00\", within: \"15m\", source: \"s\") ],\n",
        "\"Khassan\"",
        "did you mean \"Khasan\"",
    );
    refused(
        "    observed: [ Seen(place: \"Khasan\", event: Arrive, at: \"2023-09-11T10:36:00\", within: \"15m\", source: \"s\") ],\n",
        "2023-09-11T10:36:00\"",
        "has no UTC offset",
    );
    refused(
        "    observed: [ Seen(place: \"Khasan\", event: Arrive, at: \"2023-09-11T10:36:00+10:00\", source: \"s\") ],\n",
        "\"2023-09-11T10:36:00+10:00\"",
        "needs `within`",
    );
    // Vladivostok seen before Khasan, which comes first on the line.
    refused(
        "    observed: [\n        Seen(place: \"Khasan\", event: Arrive, at: \"2023-09-11T10:36:00+10:00\", within: \"15m\", source: \"s\"),\n        Seen(place: \"Vladivostok\", event: Arrive, at: \"2023-09-11T09:00:00+10:00\", within: \"15m\", source: \"s\"),\n    ],\n",
        "\"2023-09-11T09:00:00+10:00\"",
        "observations must follow the itinerary",
    );
    refused(
        "    observed: [ Seen(place: \"Vladivostok\", event: Depart, on: \"2023-09-12\", source: \"s\") ],\n",
        "Depart",
        "outside it",
    );
    refused(
        "    legs: [ Leg(leg: 2, cruise_kmh: 40.0) ],\n",
        "2,",
        "leg 2 does not exist",
    );
    refused(
        "    free: [ Cruise(from_kmh: 60.0, to_kmh: 40.0) ],\n",
        "40.0",
        "below the lower bound",
    );
}

#[test]
fn a_csv_of_observations_is_read_and_its_errors_placed() {
    let dir = std::env::temp_dir().join(format!("observations-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let header = "trip,direction,place,event,local_time_iso8601_with_offset,tz,source_url,confidence,notes\n";
    std::fs::write(
        dir.join("seen.csv"),
        format!("{header}t,out,Khasan,arrive,2023-09-11T10:36+10:00,Asia/Vladivostok,http://x,high,\"a, quoted note\"\nt,out,Nowhere,pass,2023-09-11,Asia/Vladivostok,http://y,low,\nother,out,Khasan,arrive,2023-09-11T01:00+10:00,,,,\n"),
    )
    .unwrap();
    // Outside the repository: the route by its absolute path.
    let route = root().join("assets/routes/pyongyang-vladivostok.ron");
    let here = |extra: &str| {
        text(extra).replace(
            "\"pyongyang-vladivostok\"",
            &format!("{:?}", route.display().to_string()),
        )
    };
    let scenario =
        here("    observed_csv: ObservedCsv(file: \"seen.csv\", trip: \"t\", within: \"15m\"),\n");
    let s = Scenario::parse(&dir.join("s.ron"), &scenario).unwrap();
    assert_eq!(s.observations.len(), 1);
    assert_eq!(s.observations[0].note.as_deref(), Some("a, quoted note"));
    assert!(s.unused_observations[0].contains("\"Nowhere\" is not on the itinerary"));
    // A bad row is placed at its line in the CSV.
    std::fs::write(
        dir.join("seen.csv"),
        format!("{header}t,out,Khasan,leave,2023-09-11T10:36+10:00,,,,\n"),
    )
    .unwrap();
    let e = Scenario::parse(&dir.join("s.ron"), &scenario).unwrap_err();
    assert!(
        e.path.ends_with("seen.csv") && e.position.unwrap().line == 2,
        "{}",
        e.with_snippet()
    );
    assert!(
        e.message
            .contains("\"leave\" is not arrive, depart or pass")
    );
    // A mapping to a station that does not exist is placed in the scenario.
    let mapped = here(
        "    observed_csv: ObservedCsv(file: \"seen.csv\", trip: \"t\", places: { \"Nowhere\": \"Nowher\" }, within: \"15m\"),\n",
    );
    let e = Scenario::parse(&dir.join("s.ron"), &mapped).unwrap_err();
    assert_eq!(e.kind, LoadErrorKind::UnknownName, "{}", e.with_snippet());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The verdict of the only claim of a scenario with `extra`.
fn claim(extra: &str) -> train_scenario::ClaimVerdict {
    let s = parse(extra).unwrap_or_else(|e| panic!("{}", e.with_snippet()));
    Run::new(&s).unwrap().claims.remove(0)
}

const RECORD: &str = "    observed: [ Seen(place: \"Pyongyang\", event: Depart, on: \"2023-09-10\", source: \"KCNA\"), Seen(place: \"Khasan\", event: Arrive, at: \"2023-09-12T06:00:00+10:00\", within: \"30m\", source: \"KCNA\") ],\n";

#[test]
fn claims_are_judged_against_the_record_and_say_what_they_mean() {
    // ">20 hours" is a lower bound: the record (left on the 10th, at Khasan at 06:00 on the 12th)
    // allows only more than 29 h.
    let c = claim(&format!(
        "{RECORD}    claims: [ Claim(source: \"Chosun\", says: TravelTime(to: \"Khasan\", at_least: \"20h\")) ],\n"
    ));
    assert_eq!(
        (c.verdict, c.basis),
        (ClaimOutcome::Consistent, Basis::Record),
        "{c:#?}"
    );
    // "About 20 hours" is ruled out by the same record.
    let c = claim(&format!(
        "{RECORD}    claims: [ Claim(source: \"x\", says: TravelTime(to: \"Khasan\", is: \"20h\", within: \"2h\")) ],\n"
    ));
    assert_eq!(c.verdict, ClaimOutcome::Inconsistent);
    assert!(
        c.record
            .as_ref()
            .unwrap()
            .contains("observed on 2023-09-10"),
        "{c:#?}"
    );
    // A forecast of Monday is missed; Tuesday is right.
    let c = claim(&format!(
        "{RECORD}    claims: [ Claim(source: \"x\", says: Weekday(at: Arrive(\"Khasan\"), is: Monday), forecast: true) ],\n"
    ));
    assert_eq!(c.verdict, ClaimOutcome::ForecastMissed);
    let c = claim(&format!(
        "{RECORD}    claims: [ Claim(source: \"x\", says: Weekday(at: Arrive(\"Khasan\"), is: Tuesday)) ],\n"
    ));
    assert_eq!(c.verdict, ClaimOutcome::Consistent);
    // Without a record of Vladivostok, an arrival claim is the model's alone.
    let c = claim(&format!(
        "{RECORD}    claims: [ Claim(source: \"x\", says: TravelTime(at_most: \"30h\")) ],\n"
    ));
    assert_eq!(
        (c.verdict, c.basis),
        (ClaimOutcome::ModelOnlyConsistent, Basis::Model)
    );
}

#[test]
fn geography_claims_name_the_measure_they_match() {
    // "425 miles (680 km) north of Pyongyang": the straight line to Vladivostok is 688 km, but
    // to the north-east.
    let c = claim(
        "    claims: [ Claim(source: \"x\", says: Distance(from: \"Pyongyang\", to: \"Vladivostok\", is: 680.0, within: 30.0)) ],\n",
    );
    assert_eq!(c.verdict, ClaimOutcome::ConsistentWithOtherMeasure);
    let c = claim(
        "    claims: [ Claim(source: \"x\", says: StraightDistance(from: \"Pyongyang\", to: \"Vladivostok\", is: 680.0, within: 30.0)) ],\n",
    );
    assert_eq!(c.verdict, ClaimOutcome::Consistent);
    let c = claim(
        "    claims: [ Claim(source: \"x\", says: Direction(from: \"Pyongyang\", to: \"Vladivostok\", is: North)) ],\n",
    );
    assert_eq!(c.verdict, ClaimOutcome::Inconsistent);
    assert!(c.says.actual.starts_with("NorthEast"), "{c:#?}");
    let c = claim(
        "    claims: [ Claim(source: \"x\", says: Direction(from: \"Pyongyang\", to: \"Vladivostok\", is: NorthEast)) ],\n",
    );
    assert_eq!(c.verdict, ClaimOutcome::Consistent);
    let e = parse(
        "    claims: [ Claim(source: \"x\", says: Visits(place: \"Vladivostk\", is: true)) ],\n",
    )
    .unwrap_err();
    assert!(
        e.message.contains("did you mean \"Vladivostok\""),
        "{}",
        e.with_snippet()
    );
}

#[test]
fn lesson_steps_are_kept_in_the_order_of_the_journey() {
    let s = parse(
        "    steps: [ Step(text: \"first\"), Step(at: \"2023-09-11T10:00:00+10:00\", text: \"Khasan\") ],\n",
    )
    .unwrap();
    assert_eq!(s.steps.len(), 2);
    assert!(s.steps[0].0.is_none());
    refused(
        "    steps: [ Step(at: \"2023-09-11T10:00:00+10:00\", text: \"a\"), Step(at: \"2023-09-11T09:00:00+10:00\", text: \"b\") ],\n",
        "\"2023-09-11T09:00:00+10:00\"",
        "steps are shown in the order of the journey",
    );
}
