//! Monte Carlo, sweeps and charts through the command line: determinism across thread counts,
//! reports, limits.
use crate::util::{cli, root, stdout};

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
        &[
            "sweep",
            "scenarios/2023-sunday-afternoon.ron",
            "--speed",
            "1:1000:0.01",
        ],
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
    // 15:00 at 35 and 60 km/h: the arrivals derived for the "35 km/h" and "60 km/h" cases of
    // scenarios/speed-and-departure.ron.
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
        assert!(
            svg.starts_with("<!-- written by armored-train chart -->\n<svg") && svg.len() > 2000,
            "{kind}"
        );
    }
    let out = cli(
        &root(),
        &[
            "chart",
            "scenarios/2023-sunday-afternoon.ron",
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
            "scenarios/2023-sunday-afternoon.ron",
            "--kind",
            "montecarlo",
            "-o",
            dir.0.join("mc.svg").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::util::stderr(&out).contains("has no `random` incidents"));
}
