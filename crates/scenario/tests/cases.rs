//! Table-driven scenarios: cases and `vary` grids, expectations inherited and overridden, the
//! relations between cases (held, and broken on purpose), and bad tables placed in the file.
use std::path::PathBuf;
use train_scenario::{CheckKind, LoadErrorKind, MAX_CASES, Scenario, TableRun};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A scenario on the shipped route with `extra` fields, parsed as if in `scenarios/`.
fn table(extra: &str) -> Result<Scenario, train_scenario::LoadError> {
    let text = format!(
        "Scenario(\n    title: \"t\",\n    route: \"pyongyang-vladivostok\",\n    departure: \"2023-09-10T15:00:00+09:00[Asia/Pyongyang]\",\n{extra})\n"
    );
    Scenario::parse(&root().join("scenarios/table-test.ron"), &text)
}

/// "line:col" of the first `needle` in the text `table(extra)` parses.
fn position(extra: &str, needle: &str) -> (usize, usize) {
    let text = format!(
        "Scenario(\n    title: \"t\",\n    route: \"pyongyang-vladivostok\",\n    departure: \"2023-09-10T15:00:00+09:00[Asia/Pyongyang]\",\n{extra})\n"
    );
    let offset = text.find(needle).unwrap();
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Derived for the 45 and 60 km/h cases of scenarios/speed-and-departure.ron
/// (tests/reference/derive.py, `speed_and_departure()`).
const ARRIVE_45: &str = "2023-09-11T20:40:18+10:00";
const ARRIVE_60: &str = "2023-09-11T14:09:41+10:00";

#[test]
fn cases_keep_the_bases_expectations_unless_they_restate_them() {
    let s = table(&format!(
        "    expect: [\n        Arrive(station: \"Vladivostok\", at: \"2023-09-11T18:03:59+10:00\", within: \"5s\"),\n        Distance(from: \"Pyongyang\", to: \"Khasan\", is: 850.0, within: 0.5),\n    ],\n    cases: [\n        Case(name: \"45 km/h\", train: (cruise_kmh: 45.0), expect: [ Arrive(station: \"Vladivostok\", at: \"{ARRIVE_45}\", within: \"5s\") ]),\n        Case(name: \"no restatement\", train: (cruise_kmh: 60.0)),\n    ],\n"
    ))
    .unwrap();
    assert_eq!(s.case_names(), ["base", "45 km/h", "no restatement"]);
    let run = TableRun::new(&s).unwrap();
    let case = |name: &str| run.case(name).unwrap();
    // The 45 km/h case replaces the arrival and keeps the distance.
    let verdicts = &case("45 km/h").run.expectations;
    assert_eq!(verdicts.len(), 2);
    assert!(verdicts.iter().all(|v| v.holds), "{verdicts:#?}");
    // A case that restates nothing inherits the base's arrival, which its speed misses.
    let inherited = &case("no restatement").run.expectations;
    let arrival = inherited
        .iter()
        .find(|v| v.kind == CheckKind::Arrive)
        .unwrap();
    assert!(!arrival.holds && arrival.expected.contains("18:03:59"));
    assert!(!run.all_hold());
}

#[test]
fn vary_cells_are_named_from_their_values_and_run_departures_outer() {
    let s = table(
        "    vary: Vary(cruise_kmh: [45.0, 60.0], departure: [\"2023-09-10T15:00:00+09:00\", \"2016-06-05T15:00:00[Asia/Pyongyang]\"]),\n",
    )
    .unwrap();
    assert_eq!(
        s.case_names(),
        [
            "base",
            "45 km/h, dep 2023-09-10 15:00 +09",
            "60 km/h, dep 2023-09-10 15:00 +09",
            "45 km/h, dep 2016-06-05 15:00 +08:30",
            "60 km/h, dep 2016-06-05 15:00 +08:30",
        ]
    );
    let run = TableRun::new(&s).unwrap();
    let arrival = |name: &str| run.case(name).unwrap().run.timetable().arrival.rfc3339();
    // derive.py rounds down where the simulator's 18:03:59.2 and 20:40:18.6 round to the nearest
    // second; both are within the expectations' 5 s.
    assert_eq!(
        arrival("45 km/h, dep 2023-09-10 15:00 +09"),
        "2023-09-11T20:40:19+10:00"
    );
    assert_eq!(arrival("60 km/h, dep 2023-09-10 15:00 +09"), ARRIVE_60);
}

const RELATIONS_BASE: &str = "    cases: [\n        Case(name: \"45 km/h\", train: (cruise_kmh: 45.0)),\n        Case(name: \"60 km/h\", train: (cruise_kmh: 60.0)),\n        Case(name: \"dep +2h\", departure: \"2023-09-10T17:00:00+09:00\"),\n    ],\n";

fn relations(relations: &str) -> TableRun {
    let s = table(&format!(
        "{RELATIONS_BASE}    relations: [ {relations} ],\n"
    ))
    .unwrap();
    TableRun::new(&s).unwrap()
}

#[test]
fn relations_hold_where_the_physics_says_so() {
    let run = relations(
        "Shifts(from: \"base\", to: \"dep +2h\", every: Estimate, by: \"2h\", within: \"1s\"), Shifts(from: \"base\", to: \"dep +2h\", every: Station, by: \"2h\", within: \"1s\"), NotLater(faster: \"60 km/h\", slower: \"45 km/h\", at: Arrival), Converges(at: Depart(\"Khasan\"), to: Arrival, within: \"1s\")",
    );
    for v in &run.relations {
        assert!(v.holds, "{v:#?}");
    }
}

#[test]
fn a_broken_relation_names_both_cases_and_the_numbers() {
    // Two hours later is not three hours later.
    let run = relations(
        "Shifts(from: \"base\", to: \"dep +2h\", every: Estimate, by: \"3h\", within: \"1s\")",
    );
    let v = &run.relations[0];
    assert!(!v.holds);
    assert!(
        v.subject.contains("dep +2h") && v.subject.contains("base"),
        "{v:#?}"
    );
    assert!((v.difference_value.unwrap() + 3600.0).abs() < 1.0, "{v:#?}");
    assert!(v.note.as_ref().unwrap().contains("-1h 0m"), "{v:#?}");
    // The slower case is not first.
    let run = relations(
        "NotLater(faster: \"45 km/h\", slower: \"60 km/h\", at: Arrive(\"Vladivostok\"))",
    );
    let v = &run.relations[0];
    assert!(!v.holds);
    assert!(
        v.actual.contains("45 km/h at 2023-09-11T20:40:19+10:00")
            && v.actual.contains("60 km/h at 2023-09-11T14:09:41+10:00"),
        "{v:#?}"
    );
    assert!(
        v.note
            .as_ref()
            .unwrap()
            .contains("\"45 km/h\" is 6h 30m 37s later than \"60 km/h\""),
        "{v:#?}"
    );
}

#[test]
fn an_ordering_along_an_axis_catches_a_step_the_wrong_way() {
    let grid = "    vary: Vary(cruise_kmh: [40.0, 50.0, 60.0]),\n";
    let ok = table(&format!(
        "{grid}    relations: [ Ordered(along: Cruise, at: Arrival, trend: NotLater) ],\n"
    ))
    .unwrap();
    assert!(TableRun::new(&ok).unwrap().relations[0].holds);
    let wrong = table(&format!(
        "{grid}    relations: [ Ordered(along: Cruise, at: Arrival, trend: NotEarlier) ],\n"
    ))
    .unwrap();
    let v = &TableRun::new(&wrong).unwrap().relations[0];
    assert!(!v.holds);
    assert!(
        v.note
            .as_ref()
            .unwrap()
            .contains("from \"40 km/h\" to \"50 km/h\""),
        "{v:#?}"
    );
}

#[test]
fn an_estimate_that_does_not_converge_is_reported_with_its_case() {
    // An incident after Khasan: the estimate on leaving Khasan misses it by the hour waited.
    let s = table(
        "    cases: [ Case(name: \"held\", incidents: [ Incident(at_km: 1000.0, delay: \"1h\") ]) ],\n    relations: [ Converges(at: Depart(\"Khasan\"), within: \"10m\") ],\n",
    )
    .unwrap();
    let v = &TableRun::new(&s).unwrap().relations[0];
    assert!(!v.holds);
    assert!(
        v.note.as_ref().unwrap().starts_with("in \"held\""),
        "{v:#?}"
    );
}

/// Asserts that `extra` is refused with `message` at the position of `needle`.
fn refused(extra: &str, needle: &str, message: &str) {
    let e = table(extra).unwrap_err();
    let (line, col) = position(extra, needle);
    let p = e.position.unwrap();
    assert_eq!((p.line, p.col), (line, col), "{}", e.with_snippet());
    assert!(e.message.contains(message), "{}", e.with_snippet());
}

#[test]
fn bad_tables_are_located_errors() {
    refused(
        "    cases: [ Case(name: \"a\"), Case(name: \"a\") ],\n",
        "\"a\") ]",
        "the case name \"a\" is used twice",
    );
    refused(
        "    cases: [ Case(name: \"base\") ],\n",
        "\"base\"",
        "used twice",
    );
    refused(
        "    cases: [ Case(name: \"a\") ],\n    relations: [ NotLater(faster: \"a\", slower: \"b\", at: Arrival) ],\n",
        "\"b\"",
        "no case is named \"b\"; the cases are: \"base\", \"a\"",
    );
    refused(
        "    vary: Vary(cruise_kmh: []),\n",
        "[]",
        "`cruise_kmh` is empty",
    );
    refused(
        "    vary: Vary(cruise_kmh: [60.0, 40.0]),\n    relations: [ Ordered(along: Cruise, at: Arrival, trend: NotLater) ],\n",
        "[60.0",
        "must be in increasing order",
    );
    refused(
        "    vary: Vary(cruise_kmh: [60.0]),\n    relations: [ Ordered(along: Departure, at: Arrival, trend: NotLater) ],\n",
        "Departure,",
        "needs `vary: Vary(departure: [..])`",
    );
    refused(
        "    vary: Vary(cruise_kmh: [45.0], expect: { \"46 km/h\": [] }),\n",
        "\"46 km/h\"",
        "no cell is named \"46 km/h\"; the cells are: \"45 km/h\"",
    );
    refused(
        "    vary: Vary(cruise_kmh: [45.0, 45.0]),\n",
        "45.0]",
        "the cell \"45 km/h\" appears twice",
    );
    // A case writing a value its rule refuses, and one a core rule refuses.
    refused(
        "    cases: [ Case(name: \"fast\", train: (cruise_kmh: 900.0)) ],\n",
        "900.0",
        "must be a speed from 1 to 650 km/h",
    );
    refused(
        "    cases: [ Case(name: \"far\", incidents: [ Incident(at_km: 5000.0, delay: \"1h\") ]) ],\n",
        "5000.0",
        "in case \"far\"",
    );
}

#[test]
fn a_case_overriding_a_field_that_does_not_exist_is_a_parse_error_there() {
    let extra = "    cases: [ Case(name: \"a\", cruise_kmh: 45.0) ],\n";
    let e = table(extra).unwrap_err();
    assert_eq!(e.kind, LoadErrorKind::Syntax);
    assert!(e.message.contains("cruise_kmh"), "{}", e.with_snippet());
    let (line, _) = position(extra, "cruise_kmh");
    assert_eq!(e.position.unwrap().line, line);
}

#[test]
fn more_cases_than_the_limit_are_refused() {
    let speeds: Vec<String> = (0..101).map(|i| format!("{}.0", 20 + i)).collect();
    let departures: Vec<String> = (0..100)
        .map(|i| format!("\"2023-09-{:02}T{:02}:00:00+09:00\"", 1 + i / 24, i % 24))
        .collect();
    let extra = format!(
        "    vary: Vary(cruise_kmh: [{}], departure: [{}]),\n",
        speeds.join(", "),
        departures.join(", ")
    );
    let e = table(&extra).unwrap_err();
    assert!(
        e.message
            .contains(&format!("10100 cases, more than the {MAX_CASES}")),
        "{}",
        e.with_snippet()
    );
}
