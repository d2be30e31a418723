//! Benchmarks: one full journey of the shipped route with all its estimate reports, and Monte
//! Carlo journeys (random incidents, no estimates) per second. Numbers are in the README.
// A benchmark that cannot load its scenario has nothing to measure.
#![allow(clippy::unwrap_used)]
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;
use train_scenario::{Scenario, TableRun};
use train_sim::montecarlo::{BatchScratch, run_range};
use train_sim::{Journey, JourneySpec, Options, Workspace, simulate_into};

fn scenarios() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

fn spec(file: &str) -> JourneySpec {
    Scenario::load(&scenarios().join(file))
        .unwrap()
        .spec()
        .clone()
}

fn journey(c: &mut Criterion) {
    let default = spec("2023-sunday-afternoon.ron");
    let lockdown = spec("security-lockdown.ron");
    let circuit = spec("trips/2023-circuit.ron");
    let mut workspace = Workspace::default();
    let mut journey = Journey::default();
    let mut group = c.benchmark_group("journey");
    group.bench_function("shipped route, all estimates and trajectory", |b| {
        b.iter(|| {
            simulate_into(
                black_box(&default),
                Options::default(),
                &mut workspace,
                &mut journey,
            )
            .unwrap()
        })
    });
    group.bench_function("lockdown scenario, all estimates and trajectory", |b| {
        b.iter(|| {
            simulate_into(
                black_box(&lockdown),
                Options::default(),
                &mut workspace,
                &mut journey,
            )
            .unwrap()
        })
    });
    group.bench_function(
        "2023 circuit (89 stations, 5,892 km), all estimates and trajectory",
        |b| {
            b.iter(|| {
                simulate_into(
                    black_box(&circuit),
                    Options::default(),
                    &mut workspace,
                    &mut journey,
                )
                .unwrap()
            })
        },
    );
    group.finish();
}

fn loading(c: &mut Criterion) {
    let path = scenarios().join("trips/2023-circuit.ron");
    c.bench_function(
        "load: read the network, resolve the 2023 itinerary, build the spec",
        |b| b.iter(|| Scenario::load(black_box(&path)).unwrap()),
    );
}

/// A table-driven scenario of 100 cases: ten cruise speeds at ten departures on the shipped route.
fn hundred_cases() -> String {
    let speeds: Vec<String> = (0..10).map(|i| format!("{}.0", 35 + 3 * i)).collect();
    let departures: Vec<String> = (0..10)
        .map(|i| format!("\"2023-09-10T{:02}:00:00+09:00[Asia/Pyongyang]\"", 6 + i))
        .collect();
    format!(
        "Scenario(title: \"100 cases\", route: \"pyongyang-vladivostok\", departure: \"2023-09-10T15:00:00+09:00[Asia/Pyongyang]\",\n    vary: Vary(cruise_kmh: [{}], departure: [{}]),\n    relations: [ Ordered(along: Cruise, at: Arrival, trend: NotLater), Ordered(along: Departure, at: Arrival, trend: NotEarlier), Converges(at: Depart(\"Khasan\"), within: \"1m\") ],\n)\n",
        speeds.join(", "),
        departures.join(", ")
    )
}

fn table(c: &mut Criterion) {
    let path = scenarios().join("bench-100-cases.ron");
    let text = hundred_cases();
    let loaded = Scenario::parse(&path, &text).unwrap();
    assert_eq!(loaded.cases.len(), 100);
    let mut group = c.benchmark_group("table");
    group.bench_function("100 cases: run every case and judge 3 relations", |b| {
        b.iter(|| TableRun::new(black_box(&loaded)).unwrap())
    });
    group.bench_function("100 cases: load the file, then run and judge", |b| {
        b.iter(|| {
            let s = Scenario::parse(black_box(&path), black_box(&text)).unwrap();
            TableRun::new(&s).unwrap()
        })
    });
    group.finish();
}

fn montecarlo(c: &mut Criterion) {
    let random = spec("random-incidents.ron");
    let circuit = spec("hypothetical/2023-circuit-random-incidents.ron");
    const BATCH: usize = 1000;
    let mut arrivals = vec![0.0; BATCH];
    let mut scratch = BatchScratch::default();
    let mut group = c.benchmark_group("montecarlo");
    group.throughput(Throughput::Elements(BATCH as u64));
    let mut first = 0u64;
    group.bench_function("random incidents, one thread", |b| {
        b.iter(|| {
            run_range(
                black_box(&random),
                first,
                &mut arrivals,
                &[],
                &mut [],
                &mut scratch,
            )
            .unwrap();
            first += BATCH as u64;
        })
    });
    group.bench_function("2023 circuit, random incidents, one thread", |b| {
        b.iter(|| {
            run_range(
                black_box(&circuit),
                first,
                &mut arrivals,
                &[],
                &mut [],
                &mut scratch,
            )
            .unwrap();
            first += BATCH as u64;
        })
    });
    group.finish();
}

criterion_group!(benches, journey, loading, table, montecarlo);
criterion_main!(benches);
