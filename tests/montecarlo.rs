//! Monte Carlo: the mean added delay against its closed form, determinism across thread counts.
use crate::util::{cli, root, stdout};
use train_sim::incidents::RandomIncidents;
use train_sim::montecarlo::{BatchScratch, run_range};
use train_sim::units::kmh_to_mps;
use train_sim::{JourneySpec, LevelCaps, Options, Stop, Track, Train, simulate};

#[test]
fn mean_added_delay_matches_the_closed_form() {
    // 1,000 km without stops or restrictions; 2 incidents per 1,000 km waiting U[10 min, 1 h].
    let (a, b, v) = (0.1, 0.2, kmh_to_mps(50.0));
    let track = Track::new(
        vec![
            Stop {
                x_m: 0.0,
                dwell_s: 0.0,
            },
            Stop {
                x_m: 1.0e6,
                dwell_s: 0.0,
            },
        ],
        vec![],
    )
    .unwrap();
    let random = RandomIncidents {
        seed: 11,
        per_1000_km: 2.0,
        delay_min_s: 600.0,
        delay_max_s: 3600.0,
    };
    let spec = JourneySpec::with_all(
        track,
        Train::from_kmh(50.0, a, b).unwrap(),
        LevelCaps::default(),
        vec![],
        vec![],
        Some(random),
    )
    .unwrap();
    let undisturbed = simulate(&spec.undisturbed(), Options::default())
        .unwrap()
        .arrival_s;
    let runs = 40_000;
    let mut arrivals = vec![0.0; runs];
    run_range(
        &spec,
        0,
        &mut arrivals,
        &[],
        &mut [],
        &mut BatchScratch::default(),
    )
    .unwrap();
    let delays: Vec<f64> = arrivals.iter().map(|t| t - undisturbed).collect();
    let n = runs as f64;
    let mean = delays.iter().sum::<f64>() / n;
    let std_error = (delays.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0) / n).sqrt();
    // Expected count x (mean wait + time lost braking from and accelerating back to cruise).
    let expected = 2.0 * ((600.0 + 3600.0) / 2.0 + v / (2.0 * a) + v / (2.0 * b));
    assert!(
        (mean - expected).abs() < 4.0 * std_error,
        "mean {mean:.1} s, closed form {expected:.1} s, standard error {std_error:.1} s"
    );
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let run = |threads: &str| {
        let out = cli(
            &root(),
            &[
                "montecarlo",
                "scenarios/random-incidents.ron",
                "--runs",
                "40000",
                "--threads",
                threads,
                "--format",
                "json",
            ],
        );
        assert_eq!(out.status.code(), Some(0));
        let mut json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        json.as_object_mut().unwrap().remove("journeys_per_second");
        json.as_object_mut().unwrap().remove("threads");
        json
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn run_zero_is_the_scenarios_own_journey() {
    let scenario =
        train_scenario::Scenario::load(&root().join("scenarios/random-incidents.ron")).unwrap();
    let spec = scenario.spec().unwrap();
    let own = simulate(&spec, Options::default()).unwrap().arrival_s;
    let mut arrivals = [0.0; 3];
    run_range(
        &spec,
        0,
        &mut arrivals,
        &[],
        &mut [],
        &mut BatchScratch::default(),
    )
    .unwrap();
    assert_eq!(arrivals[0], own);
    assert_ne!(arrivals[1], own);
}

#[test]
fn text_report_has_percentiles_histogram_and_throughput() {
    let out = cli(
        &root(),
        &[
            "montecarlo",
            "scenarios/random-incidents.ron",
            "--runs",
            "5000",
        ],
    );
    let text = stdout(&out);
    for needle in [
        "P5",
        "P50",
        "P95",
        "mean",
        "arrival distribution",
        "journeys per second",
        "#",
    ] {
        assert!(text.contains(needle), "missing {needle}:\n{text}");
    }
}

#[test]
fn limits_give_clear_errors() {
    let out = cli(
        &root(),
        &[
            "montecarlo",
            "scenarios/random-incidents.ron",
            "--runs",
            "0",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::util::stderr(&out).contains("--runs 0: must be between 1 and"));
    let out = cli(
        &root(),
        &["sweep", "scenarios/speed-45.ron", "--speed", "1:1000:0.01"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::util::stderr(&out).contains("more than the 10000 allowed"));
}

#[test]
fn sweep_grid_matches_single_runs() {
    let out = cli(
        &root(),
        &[
            "sweep",
            "scenarios/2023-sunday-afternoon.ron",
            "--speed",
            "35:60:25",
            "--depart",
            "2023-09-10T15:00:00+09:00..2023-09-10T16:00:00+09:00/1h",
            "--format",
            "csv",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 5, "{text}");
    // 15:00 at 35 and 60 km/h: the arrivals derived for scenarios/speed-35.ron and speed-60.ron.
    assert!(
        rows[1].contains(",35,2023-09-12T04:07:14+10:00,"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].contains(",60,2023-09-11T14:09:41+10:00,"),
        "{}",
        rows[2]
    );
    assert!(
        rows[3].starts_with("2023-09-10T16:00:00+09:00,35,2023-09-12T05:07:14+10:00"),
        "{}",
        rows[3]
    );
}

#[test]
fn charts_are_written_as_svg() {
    let dir = crate::util::TempDir::new("charts");
    for kind in ["marey", "speed", "eta", "montecarlo"] {
        let file = dir.0.join(format!("{kind}.svg"));
        let scenario = if kind == "montecarlo" {
            "scenarios/random-incidents.ron"
        } else {
            "scenarios/security-lockdown.ron"
        };
        let out = cli(
            &root(),
            &[
                "chart",
                scenario,
                "--kind",
                kind,
                "--runs",
                "500",
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind}: {}",
            crate::util::stderr(&out)
        );
        let svg = std::fs::read_to_string(&file).unwrap();
        assert!(svg.starts_with("<svg") && svg.len() > 2000, "{kind}");
    }
    let out = cli(
        &root(),
        &[
            "chart",
            "scenarios/speed-45.ron",
            "--kind",
            "marey",
            "-o",
            dir.0.join("x.png").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    // No random incidents, no distribution: a clear error instead of a meaningless chart.
    let out = cli(
        &root(),
        &[
            "chart",
            "scenarios/speed-45.ron",
            "--kind",
            "montecarlo",
            "-o",
            dir.0.join("mc.svg").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::util::stderr(&out).contains("has no `random` incidents"));
}
