//! Invariants of the core, property-tested with proptest over random routes, trains and disturbances.
use proptest::prelude::*;
use train_sim::units::{km_to_m, kmh_to_mps};
use train_sim::{
    EventEnd, EventStart, Incident, JourneySpec, Level, LevelCaps, Options, RandomIncidents,
    SecurityEvent, SpeedLimit, Stop, Track, Train, simulate,
};

/// A journey with only position-triggered disturbances (so that speed and departure changes are
/// comparable), built from proptest's raw numbers.
#[derive(Debug, Clone)]
struct Case {
    gaps_km: Vec<f64>,
    dwells_s: Vec<f64>,
    restriction: Option<(f64, f64, f64)>,
    cruise_kmh: f64,
    accel: f64,
    brake: f64,
    security: Vec<(u8, f64, f64)>,
    incidents: Vec<(f64, f64)>,
    random: Option<(u64, f64)>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(0.5f64..150.0, 1..7),
        prop::collection::vec(prop_oneof![Just(0.0), 60.0f64..5400.0], 7),
        prop::option::of((0.0f64..1.0, 0.1f64..20.0, 5.0f64..40.0)),
        25.0f64..80.0,
        0.05f64..0.5,
        0.1f64..0.8,
        prop::collection::vec((1u8..3, 0.0f64..1.0, 0.01f64..0.5), 0..3),
        prop::collection::vec((0.0f64..1.0, 0.0f64..3600.0), 0..3),
        prop::option::of((any::<u64>(), 0.0f64..10.0)),
    )
        .prop_map(
            |(
                gaps_km,
                dwells_s,
                restriction,
                cruise_kmh,
                accel,
                brake,
                security,
                incidents,
                random,
            )| Case {
                gaps_km,
                dwells_s,
                restriction,
                cruise_kmh,
                accel,
                brake,
                security,
                incidents,
                random,
            },
        )
}

impl Case {
    fn without_incidents(self) -> Self {
        Self {
            incidents: Vec::new(),
            random: None,
            ..self
        }
    }

    fn length_m(&self) -> f64 {
        km_to_m(self.gaps_km.iter().sum())
    }

    fn spec(&self, cruise_kmh: f64) -> JourneySpec {
        let mut x = 0.0;
        let mut stops = vec![Stop::new(0.0, 0.0)];
        for (i, gap) in self.gaps_km.iter().enumerate() {
            x += km_to_m(*gap);
            stops.push(Stop::new(x, self.dwells_s[i]));
        }
        let length = self.length_m();
        let limits = self
            .restriction
            .map(|(start, len_km, kmh)| {
                let from_m = start * length * 0.9;
                vec![SpeedLimit {
                    from_m,
                    to_m: (from_m + km_to_m(len_km)).min(length),
                    max_mps: kmh_to_mps(kmh),
                }]
            })
            .unwrap_or_default();
        let track = Track::new(stops, limits).unwrap();
        let train = Train::from_kmh(cruise_kmh, self.accel, self.brake).unwrap();
        let security = self
            .security
            .iter()
            .map(|&(level, start, len)| SecurityEvent {
                level: if level == 1 {
                    Level::Elevated
                } else {
                    Level::High
                },
                start: EventStart::AtKm(start * length),
                until: Some(EventEnd::AtKm(start * length + len * length)),
            })
            .collect();
        let incidents = self
            .incidents
            .iter()
            .enumerate()
            .map(|(i, &(at, delay_s))| Incident {
                at_m: at * length * 0.999,
                delay_s,
                cause: i as u32,
            })
            .collect();
        let random = self.random.map(|(seed, rate)| RandomIncidents {
            seed,
            per_1000_km: rate,
            delay_min_s: 60.0,
            delay_max_s: 1800.0,
        });
        JourneySpec::with_all(
            track,
            train,
            LevelCaps::default(),
            security,
            incidents,
            random,
        )
        .unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn position_never_decreases_and_speed_stays_admissible(c in case()) {
        let spec = c.spec(c.cruise_kmh);
        let journey = simulate(&spec, Options::default()).unwrap();
        let cruise = kmh_to_mps(c.cruise_kmh);
        let mut last_t = 0.0;
        let mut last_x = 0.0;
        for seg in &journey.trajectory {
            prop_assert!((seg.t0_s - last_t).abs() < 1e-6, "gap in time at {}", seg.t0_s);
            prop_assert!(seg.x0_m >= last_x - 1e-6, "went back from {last_x} to {}", seg.x0_m);
            let (x1, v1) = seg.state_at(seg.t1_s);
            prop_assert!(x1 >= seg.x0_m - 1e-6);
            prop_assert!(seg.v0_mps >= 0.0 && v1 >= 0.0);
            prop_assert!(seg.v0_mps <= cruise + 1e-6 && v1 <= cruise + 1e-6);
            last_t = seg.t1_s;
            last_x = x1;
        }
        prop_assert!((last_t - journey.arrival_s).abs() < 1e-6);
        prop_assert!((last_x - c.length_m()).abs() < 1e-3, "ends at {last_x}, route is {}", c.length_m());
    }

    #[test]
    fn arrival_is_never_before_the_pure_running_bound(c in case()) {
        let spec = c.spec(c.cruise_kmh);
        let journey = simulate(&spec, Options::default()).unwrap();
        let dwell: f64 = spec.track().stations()[1..spec.track().stations().len() - 1].iter().map(|s| s.dwell_s).sum();
        let bound = c.length_m() / kmh_to_mps(c.cruise_kmh) + dwell;
        prop_assert!(journey.arrival_s >= bound - 1e-6, "{} < {bound}", journey.arrival_s);
    }

    /// Without incidents: an incident inside the destination's braking distance is absorbed by the
    /// arrival, and whether it is depends on the speed (see
    /// `journeys::faster_is_not_always_earlier_with_an_incident_near_the_end`).
    #[test]
    fn a_faster_cruise_never_arrives_later(c in case().prop_map(Case::without_incidents), extra_kmh in 0.1f64..40.0) {
        let slow = simulate(&c.spec(c.cruise_kmh), Options::default()).unwrap();
        let fast = simulate(&c.spec(c.cruise_kmh + extra_kmh), Options::default()).unwrap();
        prop_assert!(fast.arrival_s <= slow.arrival_s + 1e-6, "{} > {}", fast.arrival_s, slow.arrival_s);
    }

    #[test]
    fn the_same_seed_gives_the_identical_journey(c in case()) {
        let spec = c.spec(c.cruise_kmh);
        let a = simulate(&spec, Options::default()).unwrap();
        let b = simulate(&spec, Options::default()).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn first_estimate_is_the_undisturbed_arrival_and_last_is_the_arrival(c in case()) {
        let spec = c.spec(c.cruise_kmh);
        let journey = simulate(&spec, Options::default()).unwrap();
        let plain = simulate(&spec.undisturbed(), Options::default()).unwrap();
        let first = journey.estimates.first().unwrap();
        let last = journey.estimates.last().unwrap();
        prop_assert!((first.eta_s - plain.arrival_s).abs() < 1e-6, "{} vs {}", first.eta_s, plain.arrival_s);
        prop_assert_eq!(last.eta_s, journey.arrival_s);
        for e in &journey.estimates {
            prop_assert!(e.eta_s >= e.t_s - 1e-9);
        }
    }
}
