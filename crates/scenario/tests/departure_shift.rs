//! Moving the departure moves every reported instant by the same amount when no event is
//! triggered by time (property-tested through the scenario layer).
use proptest::prelude::*;
use train_scenario::{Run, Scenario};

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Moving the departure moves every reported instant by the same amount when no event is
    /// triggered by time.
    #[test]
    fn shifting_the_departure_shifts_every_time(shift_min in -100_000i64..100_000, incident_km in 1.0f64..1100.0) {
        let text = format!(
            "Scenario(title: \"t\", route: \"pyongyang-vladivostok\", departure: \"2023-09-10T15:00:00+09:00\",\n\
             security: [ Security(level: High, from: Km(500.0), until: Km(700.0)) ],\n\
             incidents: [ Incident(at_km: {incident_km}, delay: \"25m\") ])"
        );
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/shift.ron");
            let base = Scenario::parse(&path, &text).unwrap();
        let shifted_departure = base.departure.checked_add(jiff::SignedDuration::from_mins(shift_min)).unwrap();
        let a = Run::new(&base).unwrap();
        let b = Run::new(&base.with_departure(shifted_departure).unwrap()).unwrap();
        prop_assert_eq!(a.journey.stations.len(), b.journey.stations.len());
        let shift_s = (shift_min * 60) as f64;
        let instant = |run: &Run, t: f64| train_scenario::time::instant_after(run.scenario.departure, t);
        for (sa, sb) in a.journey.stations.iter().zip(&b.journey.stations) {
            if let (Some(ta), Some(tb)) = (sa.arrive_s, sb.arrive_s) {
                let d = train_scenario::time::seconds_between(instant(&a, ta), instant(&b, tb));
                prop_assert!((d - shift_s).abs() < 1e-6, "shifted by {d}, not {shift_s}");
            }
        }
        prop_assert_eq!(a.journey.arrival_s, b.journey.arrival_s);
    }
}
