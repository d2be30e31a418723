//! Networks and itineraries: reversals, zones crossed both ways, doubling back, bad input placed
//! in the file, and a one-line network giving bit-identical journeys to the route it came from.
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use train_scenario::{LoadErrorKind, Route, Run, Scenario};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A scratch folder, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "train-scenario-{}-{name}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A scenario on the shipped network, written where it finds `assets/network/` upward.
fn on_shipped_network(body: &str) -> Result<Scenario, train_scenario::LoadError> {
    let text = format!(
        "Scenario(\n    title: \"t\",\n    network: \"far-east\",\n{body}    departure: \"2023-09-12T07:00:00+10:00\",\n)\n"
    );
    Scenario::parse(&root().join("scenarios/itinerary-test.ron"), &text)
}

/// A small network: A -10- B -10- J -10- C, and a branch J -5- D whose turn from B is a reversal.
const SMALL: &str = r#"Network(
    name: "small",
    train: Train(cruise_kmh: 50.0, accel_mps2: 0.1, brake_mps2: 0.2),
    stations: [
        Station(name: "A", tz: "Asia/Vladivostok", lat: 43.0, lon: 131.0),
        Station(name: "B", tz: "Asia/Vladivostok"),
        Station(name: "J", tz: "Asia/Vladivostok"),
        Station(name: "C", tz: "Asia/Vladivostok"),
        Station(name: "D", tz: "Asia/Vladivostok"),
        Station(name: "Island", tz: "Asia/Vladivostok"),
        Station(name: "Far", tz: "Asia/Vladivostok"),
    ],
    lines: [
        Line(name: "main", chainage: "km", posts: [
            Post(station: "A", km: 0.0), Post(station: "B", km: 10.0),
            Post(station: "J", km: 20.0), Post(station: "C", km: 30.0),
        ]),
        Line(name: "branch", chainage: "km", max_kmh: 30.0, posts: [
            Post(station: "J", km: 0.0), Post(station: "D", km: 5.0),
        ]),
        Line(name: "apart", chainage: "km", posts: [
            Post(station: "Island", km: 0.0), Post(station: "Far", km: 7.0),
        ]),
    ],
    junctions: [
        Junction(station: "J", turns: [
            Turn(between: ("B", "D"), kind: Reversal, reversal: "20m", note: "test"),
        ]),
    ],
)
"#;

fn on_small(scratch: &Scratch, body: &str) -> Result<Scenario, train_scenario::LoadError> {
    scratch.write("small.ron", SMALL);
    let text = format!(
        "Scenario(\n    title: \"t\",\n    network: \"small.ron\",\n{body}    departure: \"2023-09-12T07:00:00+10:00\",\n)\n"
    );
    let path = scratch.write("s.ron", &text);
    Scenario::load(&path)
}

#[test]
fn a_junction_that_needs_a_reversal_becomes_a_stop() {
    let scratch = Scratch::new("reversal");
    let s = on_small(
        &scratch,
        "    itinerary: Itinerary(from: \"A\", to: \"D\"),\n",
    )
    .unwrap();
    let names: Vec<&str> = s.route.stations.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["A", "B", "J", "D"]);
    let j = &s.route.stations[2];
    assert!(j.reversal && j.dwell_s == 20.0 * 60.0, "{j:?}");
    assert_eq!(s.route.stations[3].km, 25.0);
    // The branch's line speed applies on the branch only.
    assert_eq!(s.route.restrictions.len(), 1);
    let r = &s.route.restrictions[0];
    assert_eq!((r.from_km, r.to_km, r.max_kmh), (20.0, 25.0, 30.0));
    let run = Run::new(&s).unwrap();
    assert!(run.journey.stations[2].stopped);
    // Toward C there is no reversal at J.
    let s = on_small(
        &scratch,
        "    itinerary: Itinerary(from: \"A\", to: \"C\"),\n",
    )
    .unwrap();
    assert!(!s.route.stations[2].reversal && s.route.stations[2].dwell_s == 0.0);
}

#[test]
fn a_junction_used_without_its_reversal_is_refused() {
    let scratch = Scratch::new("no-reversal");
    let e = on_small(
        &scratch,
        "    itinerary: Itinerary(from: \"A\", to: \"D\"),\n    junctions: { \"J\": Direct },\n",
    )
    .unwrap_err();
    assert_eq!(e.kind, LoadErrorKind::Inconsistent);
    assert_eq!(e.field.as_ref().unwrap().to_string(), "junctions[\"J\"]");
    assert!(e.message.contains("reversal is needed"), "{e}");
    assert_eq!(e.position.unwrap().line, 5);
}

#[test]
fn a_leg_crosses_utc_plus_10_to_9_and_back() {
    let s = on_shipped_network(
        "    itinerary: Itinerary(from: \"Obluchye\", via: [ Stop(place: \"Arkhara\", stay: \"20m\") ], to: \"Izvestkovaya\"),\n",
    )
    .unwrap();
    let run = Run::new(&s).unwrap();
    let tt = run.timetable();
    let offsets: Vec<String> = tt.stations.iter().map(|s| s.offset.clone()).collect();
    assert_eq!(offsets, ["+10", "+09", "+10", "+10"]);
    // The clock changes at the (estimated) border, 55 km out of Obluchye, both ways.
    assert_eq!(s.route.zone_at(54.9).tz_name, "Asia/Vladivostok");
    assert_eq!(s.route.zone_at(55.1).tz_name, "Asia/Yakutsk");
    assert_eq!(s.route.zone_at(110.0 + 54.9).tz_name, "Asia/Yakutsk");
    assert_eq!(s.route.zone_at(110.0 + 55.1).tz_name, "Asia/Vladivostok");
    // 110 km each way: leaving at 07:00 +10, the train reaches Arkhara about 08:15 +09 and is
    // back at Obluchye about 11:00 +10.
    let arkhara = tt.stations[1].arrive.as_ref().unwrap();
    assert_eq!(arkhara.offset(), "+09");
    assert_eq!(arkhara.zoned.strftime("%H").to_string(), "08");
    assert_eq!(tt.legs.len(), 2);
}

#[test]
fn an_itinerary_that_doubles_back_visits_stations_twice() {
    let s = on_shipped_network(
        "    itinerary: Itinerary(from: \"Svobodny\", via: [ Stop(place: \"Vostochny cosmodrome\", stay: \"5h\") ], to: \"Shimanovskaya\"),\n    junctions: { \"Ledyanaya\": Direct },\n",
    )
    .unwrap();
    let refs: Vec<String> = s.route.stations.iter().map(|s| s.reference()).collect();
    assert_eq!(
        refs,
        [
            "Svobodny",
            "Ledyanaya",
            "Uglegorsk",
            "Vostochny cosmodrome",
            "Uglegorsk#2",
            "Ledyanaya#2",
            "Shimanovskaya"
        ]
    );
    let vostochny = &s.route.stations[3];
    assert!(vostochny.reversal && vostochny.leg_end && vostochny.dwell_s == 5.0 * 3600.0);
    // 43 + 25 km there, 25 + 41 km on: the path's km are the lines' chainage differences.
    assert_eq!(vostochny.km, 43.0 + 25.0);
    assert_eq!(s.route.length_km(), 43.0 + 25.0 + 25.0 + 41.0);
    assert_eq!(s.route.station_index("Uglegorsk#2"), Some(4));
    let run = Run::new(&s).unwrap();
    assert!(run.all_hold());
}

#[test]
fn an_unconfirmed_turn_must_be_stated_and_the_error_says_how() {
    let e =
        on_shipped_network("    itinerary: Itinerary(from: \"Khasan\", to: \"Vladivostok\"),\n")
            .unwrap_err();
    assert_eq!(e.field.as_ref().unwrap().to_string(), "itinerary.to");
    assert!(
        e.message
            .contains("\"Vladivostok\" cannot be reached from \"Khasan\"")
            && e.message.contains("\"Baranovsky\": Direct")
            && !e.message.contains("Ledyanaya"),
        "{e}"
    );
    // Reversing at Ussuriysk is the sourced alternative (+46 km), with no choice to state.
    let via = on_shipped_network(
        "    itinerary: Itinerary(from: \"Khasan\", via: [ Stop(place: \"Ussuriysk\", stay: \"30m\") ], to: \"Vladivostok\"),\n",
    )
    .unwrap();
    let direct = on_shipped_network(
        "    itinerary: Itinerary(from: \"Khasan\", to: \"Vladivostok\"),\n    junctions: { \"Baranovsky\": Direct },\n",
    )
    .unwrap();
    assert_eq!(via.route.length_km() - direct.route.length_km(), 46.0);
    assert_eq!(direct.route.length_km(), 326.0);
}

#[test]
fn bad_itineraries_are_located_errors() {
    let cases = [
        (
            "    itinerary: Itinerary(from: \"Khasn\", to: \"Vladivostok\"),\n",
            "itinerary.from",
            "unknown place \"Khasn\" (did you mean \"Khasan\"?)",
        ),
        (
            // Through a dead end the train cannot turn back: Vostochny is not on a way on.
            "    itinerary: Itinerary(from: \"Svobodny\", via: [ Pass(place: \"Vostochny cosmodrome\") ], to: \"Belogorsk\"),\n    junctions: { \"Ledyanaya\": Direct },\n",
            "itinerary.to",
            "\"Belogorsk\" cannot be reached from \"Vostochny cosmodrome\"",
        ),
        (
            "    itinerary: Itinerary(from: \"Khasan\", via: [ Stop(place: \"Baranovsky\", depart: \"2023-09-12T20:00:00+10:00\"), Stop(place: \"Ussuriysk\", depart: \"2023-09-12T19:00:00+10:00\") ], to: \"Bikin\"),\n",
            "itinerary.via[1]",
            "the stay at \"Ussuriysk\" ends before the train leaves \"Baranovsky\"",
        ),
        (
            "    itinerary: Itinerary(from: \"Khasan\", via: [ Stop(place: \"Baranovsky\", depart: \"2023-09-11T20:00:00+10:00\") ], to: \"Bikin\"),\n",
            "itinerary.via[0]",
            "ends before the journey's departure",
        ),
        (
            "    itinerary: Itinerary(from: \"Khasan\", via: [ Stop(place: \"Baranovsky\") ], to: \"Bikin\"),\n",
            "itinerary.via[0]",
            "say how long the train stops at \"Baranovsky\"",
        ),
        (
            "    itinerary: Itinerary(from: \"Bikin\", to: \"Bikin\"),\n",
            "itinerary.to",
            "\"Bikin\" follows itself",
        ),
        (
            "    itinerary: Itinerary(from: \"Khasan\", to: \"Bikin\"),\n    junctions: { \"Bikin\": Direct },\n",
            "junctions[\"Bikin\"]",
            "not a junction with a turn to choose",
        ),
    ];
    for (body, field, message) in cases {
        let e = on_shipped_network(body).unwrap_err();
        assert_eq!(
            e.field.as_ref().map(|f| f.to_string()).as_deref(),
            Some(field),
            "{body}: {e}"
        );
        assert!(e.message.contains(message), "{body}: {e}");
        assert!(e.position.is_some(), "{body}: {e}");
    }
    // A network is not a route, and an itinerary needs one.
    let e = Scenario::parse(
        &root().join("scenarios/x.ron"),
        "Scenario(title: \"t\", route: \"pyongyang-vladivostok\", itinerary: Itinerary(from: \"A\", to: \"B\"), departure: \"2023-09-12T07:00:00+10:00\")",
    )
    .unwrap_err();
    assert!(
        e.message
            .contains("an itinerary runs on a `network`, not on a `route`"),
        "{e}"
    );
}

#[test]
fn bad_networks_are_located_errors() {
    let scratch = Scratch::new("bad-network");
    let cases = [
        (
            SMALL.replace(
                "Station(name: \"D\", tz: \"Asia/Vladivostok\")",
                "Station(name: \"D\")",
            ),
            "missing field named `tz`",
            None,
        ),
        (
            SMALL.replace("Station(name: \"Far\",", "Station(name: \"A\","),
            "station name \"A\" is defined twice",
            Some("stations[6].name"),
        ),
        (
            SMALL.replace(
                "Post(station: \"D\", km: 5.0)",
                "Post(station: \"E\", km: 5.0)",
            ),
            "unknown station \"E\"",
            Some("lines[1].posts[1].station"),
        ),
        (
            SMALL.replace(
                "Post(station: \"C\", km: 30.0)",
                "Post(station: \"C\", km: 15.0)",
            ),
            "posts go in chainage order",
            Some("lines[0].posts[3].km"),
        ),
        (
            SMALL.replace("between: (\"B\", \"D\")", "between: (\"A\", \"D\")"),
            "\"A\" is not a neighbour of \"J\"",
            Some("junctions[0].turns[0].between[0]"),
        ),
    ];
    for (text, message, field) in cases {
        let path = scratch.write("n.ron", &text);
        let e = train_scenario::Network::load(&path).unwrap_err();
        assert!(e.message.contains(message), "{e}");
        assert!(e.position.is_some(), "{e}");
        if let Some(field) = field {
            assert_eq!(e.field.as_ref().unwrap().to_string(), field, "{e}");
        }
    }
}

/// The network text of a route: one line through its stations, its restrictions and borders.
fn one_line_network(route: &Route) -> String {
    let mut stations = String::new();
    let mut posts = String::new();
    for s in &route.stations {
        let coords = match (s.lat, s.lon) {
            (Some(lat), Some(lon)) => format!(", lat: {lat:?}, lon: {lon:?}"),
            _ => String::new(),
        };
        stations.push_str(&format!(
            "Station(name: {:?}, tz: {:?}, dwell: \"{}s\"{coords}),\n",
            s.name, s.tz_name, s.dwell_s
        ));
        posts.push_str(&format!("Post(station: {:?}, km: {:?}),\n", s.name, s.km));
    }
    let restrictions: String = route
        .restrictions
        .iter()
        .map(|r| {
            format!(
                "Restriction(from_km: {:?}, to_km: {:?}, max_kmh: {:?}),\n",
                r.from_km, r.to_km, r.max_kmh
            )
        })
        .collect();
    let borders: String = route
        .borders
        .iter()
        .map(|b| format!("Border(name: {:?}, km: {:?}),\n", b.name, b.km))
        .collect();
    format!(
        "Network(name: \"one line\", train: Train(cruise_kmh: {:?}, accel_mps2: {:?}, brake_mps2: {:?}),\nstations: [\n{stations}],\nlines: [ Line(name: \"the route\", chainage: \"km\", posts: [\n{posts}], restrictions: [\n{restrictions}], borders: [\n{borders}]) ],\n)\n",
        route.train.cruise_kmh, route.train.accel_mps2, route.train.brake_mps2
    )
}

/// Every shipped scenario on a route, with its route turned into a one-line network.
fn shipped_pairs() -> Vec<(Scenario, Scenario, Scratch)> {
    let mut pairs = Vec::new();
    let mut dirs = vec![root().join("scenarios")];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "ron") {
                files.push(p);
            }
        }
    }
    files.sort();
    for (n, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).unwrap();
        let scenario = Scenario::load(file).unwrap();
        if scenario.route.itinerary {
            continue;
        }
        let scratch = Scratch::new(&format!("one-line-{n}"));
        let route = Route::load(&scenario.route.source.path).unwrap();
        scratch.write("one-line.ron", &one_line_network(&route));
        let (first, last) = (
            &route.stations[0].name,
            &route.stations[route.stations.len() - 1].name,
        );
        let route_line = format!("route: {:?},", scenario.route_ref);
        assert!(text.contains(&route_line), "{}", file.display());
        let on_network = text.replace(
            &route_line,
            &format!(
                "network: \"one-line.ron\", itinerary: Itinerary(from: {first:?}, to: {last:?}),"
            ),
        );
        let copy = Scenario::load(&scratch.write("copy.ron", &on_network)).unwrap();
        pairs.push((scenario, copy, scratch));
    }
    // Every shipped scenario on a route file (the lessons and trips on the network are not).
    assert!(pairs.len() >= 10, "{}", pairs.len());
    pairs
}

fn same_journeys(a: &Scenario, b: &Scenario) {
    let (ra, rb) = (Run::new(a).unwrap(), Run::new(b).unwrap());
    assert_eq!(ra.journey, rb.journey, "{}", a.path().display());
    assert_eq!(ra.planned, rb.planned);
    assert_eq!(ra.expectations, rb.expectations);
    // And every case of a table-driven file.
    assert_eq!(a.cases.len(), b.cases.len());
    for (x, y) in a.cases.iter().zip(&b.cases) {
        same_journeys(&x.scenario, &y.scenario);
    }
}

#[test]
fn a_one_line_network_gives_the_routes_journeys_bit_for_bit() {
    for (route, network, _scratch) in shipped_pairs() {
        assert_eq!(
            route.spec().track(),
            network.spec().track(),
            "{}",
            route.path().display()
        );
        same_journeys(&route, &network);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// With any cruise speed and departure, the one-line network and the route give the same
    /// journey, bit for bit.
    #[test]
    fn one_line_networks_stay_identical_under_overrides(kmh in 20.0f64..90.0, shift_min in -3000i64..3000) {
        for (route, network, _scratch) in shipped_pairs() {
            let departure = route.departure.checked_add(jiff::SignedDuration::from_mins(shift_min)).unwrap();
            let a = route.with_cruise_kmh(kmh).unwrap().with_departure(departure).unwrap();
            let b = network.with_cruise_kmh(kmh).unwrap().with_departure(departure).unwrap();
            same_journeys(&a, &b);
        }
    }
}

#[test]
fn network_paths_are_found_from_the_scenario_folder_upward() {
    assert!(Path::new(&root().join("assets/network/far-east.ron")).is_file());
    let s = on_shipped_network(
        "    itinerary: Itinerary(from: \"Pyongyang\", via: [ Pass(place: \"Tumangang\") ], to: \"Khasan\"),\n",
    )
    .unwrap();
    // Passing Tumangang skips its usual stop; the border section keeps its limit.
    assert_eq!(
        s.route.stations[s.route.station_index("Tumangang").unwrap()].dwell_s,
        0.0
    );
    assert_eq!(s.route.restrictions.len(), 1);
    assert_eq!(s.route.length_km(), 850.0);
}

/// Arrival at each station, seconds after departure.
fn arrivals_s(s: &Scenario) -> Vec<f64> {
    Run::new(s)
        .unwrap()
        .journey
        .stations
        .iter()
        .map(|t| t.arrive_s.unwrap_or(0.0))
        .collect()
}

#[test]
fn a_legs_own_cruise_changes_that_leg_only() {
    // A -> B (leg 1), B -> C (leg 2). A faster cruise on leg 2 used to become the train's
    // cruise everywhere, so leg 1 sped up too.
    let scratch = Scratch::new("leg-cruise");
    let itinerary = "    itinerary: Itinerary(from: \"A\", via: [ Stop(place: \"B\", stay: \"10m\") ], to: \"C\"),\n";
    let plain = arrivals_s(&on_small(&scratch, itinerary).unwrap());
    let fast_second = arrivals_s(
        &on_small(
            &scratch,
            &format!("{itinerary}    legs: [ Leg(leg: 2, cruise_kmh: 90.0) ],\n"),
        )
        .unwrap(),
    );
    assert_eq!(
        plain[1], fast_second[1],
        "leg 1 must keep the scenario's cruise"
    );
    assert!(
        fast_second[3] < plain[3] - 60.0,
        "{plain:?} {fast_second:?}"
    );
    let slow_first = arrivals_s(
        &on_small(
            &scratch,
            &format!("{itinerary}    legs: [ Leg(leg: 1, cruise_kmh: 20.0) ],\n"),
        )
        .unwrap(),
    );
    assert!(slow_first[1] > plain[1] + 60.0);
    // Leg 2's running time (arrival at C less departure from B) is unchanged.
    assert!(((slow_first[3] - slow_first[1]) - (plain[3] - plain[1])).abs() < 1e-6);
}

#[test]
fn a_stated_departure_the_train_cannot_meet_is_a_warning() {
    // 261 km from Khasan to Ussuriysk cannot be run in the two hours before 09:00.
    let s = on_shipped_network(
        "    itinerary: Itinerary(from: \"Khasan\", via: [ Stop(place: \"Ussuriysk\", depart: \"2023-09-12T09:00:00+10:00\") ], to: \"Vladivostok\"),\n    junctions: { \"Baranovsky\": Direct },\n",
    )
    .unwrap();
    let run = Run::new(&s).unwrap();
    assert_eq!(run.warnings.len(), 1, "{:?}", run.warnings);
    assert!(
        run.warnings[0].starts_with("Ussuriysk is reached at Tue 2023-09-12 ")
            && run.warnings[0]
                .contains("after its stated departure Tue 2023-09-12 09:00:00 +10:00"),
        "{:?}",
        run.warnings
    );
    // A departure it can meet says nothing.
    let s = on_shipped_network(
        "    itinerary: Itinerary(from: \"Khasan\", via: [ Stop(place: \"Ussuriysk\", depart: \"2023-09-12T23:00:00+10:00\") ], to: \"Vladivostok\"),\n    junctions: { \"Baranovsky\": Direct },\n",
    )
    .unwrap();
    assert!(Run::new(&s).unwrap().warnings.is_empty());
}
