//! Monte Carlo batches of a shipped scenario.
use std::path::PathBuf;
use train_analysis::montecarlo::run_batch;
use train_scenario::{Run, Scenario};
use train_sim::montecarlo::{BatchScratch, run_range};
use train_sim::{Options, simulate};

fn random_incidents() -> Scenario {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/random-incidents.ron");
    Scenario::load(&path).unwrap()
}

#[test]
fn run_zero_is_the_scenarios_own_journey() {
    let scenario = random_incidents();
    let spec = scenario.spec();
    let own = simulate(spec, Options::default()).unwrap().arrival_s;
    let mut arrivals = [0.0; 3];
    run_range(
        spec,
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
fn batches_do_not_depend_on_the_thread_count() {
    let base = Run::new(&random_incidents()).unwrap();
    let one = run_batch(&base, 40_000, Some(1), None).unwrap();
    let two = run_batch(&base, 40_000, Some(2), None).unwrap();
    assert_eq!(one.sorted_arrivals_s, two.sorted_arrivals_s);
    let (a, b) = (&one.summary, &two.summary);
    assert_eq!(
        (
            &a.arrival.p5,
            &a.arrival.p50,
            &a.arrival.p95,
            a.delay_s.mean
        ),
        (
            &b.arrival.p5,
            &b.arrival.p50,
            &b.arrival.p95,
            b.delay_s.mean
        )
    );
}
