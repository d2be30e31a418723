//! Monte Carlo batches of the core: the mean added delay against its closed form.
use train_sim::incidents::RandomIncidents;
use train_sim::montecarlo::{BatchScratch, run_range};
use train_sim::units::kmh_to_mps;
use train_sim::{JourneySpec, LevelCaps, Options, Stop, Track, Train, simulate};

#[test]
fn mean_added_delay_matches_the_closed_form() {
    // 1,000 km without stops or restrictions; 2 incidents per 1,000 km waiting U[10 min, 1 h].
    let (a, b, v) = (0.1, 0.2, kmh_to_mps(50.0));
    let track = Track::new(vec![Stop::new(0.0, 0.0), Stop::new(1.0e6, 0.0)], vec![]).unwrap();
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
