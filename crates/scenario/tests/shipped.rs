//! Runs every scenario shipped in `scenarios/` (recursively) and fails on any unmet expectation.
use std::path::PathBuf;
use train_scenario::{Scenario, TableRun};

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scenario_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![root().join("scenarios")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_shipped_scenario_meets_its_expectations() {
    let files = scenario_files();
    assert!(
        files.len() >= 8,
        "expected at least 8 shipped scenarios, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let scenario = match Scenario::load(file) {
            Ok(s) => s,
            Err(e) => {
                failures.push(e.with_snippet());
                continue;
            }
        };
        let table = match TableRun::new(&scenario) {
            Ok(r) => r,
            Err(e) => {
                failures.push(e.with_snippet());
                continue;
            }
        };
        assert!(
            !table.base().expectations.is_empty() || scenario.lesson.is_some(),
            "{} states no expectation",
            file.display()
        );
        // Every case of a table-driven file, and the relations between them.
        let verdicts = table
            .cases
            .iter()
            .flat_map(|c| c.run.expectations.iter().map(move |v| (c.name.as_str(), v)))
            .chain(table.relations.iter().map(|v| ("relations", v)));
        for (case, v) in verdicts.filter(|(_, v)| !v.holds) {
            failures.push(format!(
                "{} [{case}]: {} {}: expected {}, got {} ({} outside {})",
                file.display(),
                v.kind,
                v.subject,
                v.expected,
                v.actual,
                v.difference,
                v.within
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "unmet expectations:\n{}",
        failures.join("\n")
    );
}

#[test]
fn shipped_scenarios_cover_the_required_cases() {
    // Each file's journeys: a table-driven file counts with every case.
    let scenarios: Vec<Scenario> = scenario_files()
        .iter()
        .map(|f| Scenario::load(f).unwrap())
        .flat_map(|s| {
            let cases: Vec<Scenario> = s.cases.iter().map(|c| (*c.scenario).clone()).collect();
            std::iter::once(s).chain(cases)
        })
        .collect();
    let speeds: Vec<f64> = scenarios.iter().map(|s| s.cruise_kmh).collect();
    assert!(
        speeds.iter().any(|&v| v <= 35.0) && speeds.iter().any(|&v| v >= 60.0),
        "speeds {speeds:?}"
    );
    let local_departures: Vec<String> = scenarios
        .iter()
        .map(|s| {
            s.departure
                .to_zoned(s.route.stations[0].tz.clone())
                .strftime("%Y %H:%M")
                .to_string()
        })
        .collect();
    assert!(
        local_departures.iter().any(|d| d.ends_with("23:30")),
        "{local_departures:?}"
    );
    assert!(
        local_departures.iter().any(|d| d.starts_with("2016")),
        "{local_departures:?}"
    );
    assert!(scenarios.iter().any(|s| !s.security.is_empty()));
    assert!(scenarios.iter().any(|s| !s.incidents.is_empty()));
    assert!(scenarios.iter().any(|s| s.random.is_some()));
}

#[test]
fn the_shipped_route_holds_the_sourced_facts() {
    let route =
        train_scenario::Route::load(&root().join("assets/routes/pyongyang-vladivostok.ron"))
            .unwrap();
    let names: Vec<&str> = route.stations.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Pyongyang",
            "Sinsongchon",
            "Kowon",
            "Hamhung",
            "Tanchon",
            "Kilju",
            "Chongjin",
            "Rajin",
            "Hongui",
            "Tumangang",
            "Khasan",
            "Makhalino",
            "Primorskaya",
            "Baranovsky",
            "Vladivostok"
        ]
    );
    let km = |n: &str| route.stations[route.station_index(n).unwrap()].km;
    assert_eq!(
        (
            km("Tumangang"),
            km("Khasan"),
            km("Baranovsky"),
            km("Vladivostok")
        ),
        (845.0, 850.0, 1088.0, 1180.0)
    );
    assert_eq!(route.train.cruise_kmh, 50.0);
    // The clock changes on the bridge, not at a station.
    assert_eq!(route.zone_at(846.0).tz_name, "Asia/Pyongyang");
    assert_eq!(route.zone_at(847.0).tz_name, "Asia/Vladivostok");
    // Every station without sourced coordinates says so.
    assert!(route.stations.iter().all(|s| s.lat.is_some()));
    for name in [
        "Sinsongchon",
        "Kowon",
        "Hamhung",
        "Tanchon",
        "Makhalino",
        "Primorskaya",
    ] {
        assert!(
            route.stations[route.station_index(name).unwrap()].coords_estimated,
            "{name}"
        );
    }
}

#[test]
fn the_readme_example_scenarios_are_valid() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```ron\n")
        .skip(1)
        .map(|rest| &rest[..rest.find("```").unwrap()])
        .collect();
    assert!(blocks.len() >= 3, "README has its ```ron examples");
    let dir = std::env::temp_dir().join(format!("readme-route-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for text in blocks {
        // A route example is run by a scenario that names it.
        let (path, text) = if text.trim_start().starts_with("Route(") {
            std::fs::write(dir.join("route.ron"), text).unwrap();
            let scenario = "Scenario(title: \"README route\", route: \"route.ron\", departure: \"2023-09-11T09:00:00+09:00\")";
            (dir.join("s.ron"), scenario)
        } else {
            (root().join("scenarios/readme-example.ron"), text)
        };
        let scenario =
            Scenario::parse(&path, text).unwrap_or_else(|e| panic!("{}", e.with_snippet()));
        let table = TableRun::new(&scenario).unwrap();
        // The table-driven example is a real check: every case and relation holds.
        if !scenario.cases.is_empty() {
            assert!(table.all_hold(), "{:#?}", table.relations);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
