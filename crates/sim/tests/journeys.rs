//! Journey behaviours checked against closed forms: incidents, security levels, holds and estimates.
use train_sim::units::{km_to_m, kmh_to_mps};
use train_sim::{
    EventEnd, EventStart, Incident, JourneySpec, Level, LevelCaps, Options, SecurityEvent, Stop,
    Track, Train, Trigger, simulate,
};

const A: f64 = 0.1;
const B: f64 = 0.2;

fn v50() -> f64 {
    kmh_to_mps(50.0)
}

/// 0 -> 100 km (station, dwell `dwell_s`) -> 200 km.
fn spec(dwell_s: f64, security: Vec<SecurityEvent>, incidents: Vec<Incident>) -> JourneySpec {
    let track = Track::new(
        vec![
            Stop::new(0.0, 0.0),
            Stop::new(km_to_m(100.0), dwell_s),
            Stop::new(km_to_m(200.0), 0.0),
        ],
        vec![],
    )
    .unwrap();
    JourneySpec::with_all(
        track,
        Train::from_kmh(50.0, A, B).unwrap(),
        LevelCaps::default(),
        security,
        incidents,
        None,
    )
    .unwrap()
}

fn run_time(d_m: f64) -> f64 {
    d_m / v50() + v50() / (2.0 * A) + v50() / (2.0 * B)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn constant_speed_journey_is_distance_over_speed_plus_start_and_stop() {
    let j = simulate(&spec(0.0, vec![], vec![]), Options::default()).unwrap();
    assert!(close(j.arrival_s, run_time(200_000.0)));
    // The passed station at 100 km: accelerating took v/a for v²/2a metres.
    let pass = j.stations[1].arrive_s.unwrap();
    let expected = v50() / A + (100_000.0 - v50() * v50() / (2.0 * A)) / v50();
    assert!(close(pass, expected), "{pass} vs {expected}");
}

#[test]
fn an_incident_costs_its_wait_plus_stopping_and_restarting() {
    let incident = Incident {
        at_m: 50_000.0,
        delay_s: 600.0,
        cause: 0,
    };
    let j = simulate(&spec(0.0, vec![], vec![incident]), Options::default()).unwrap();
    assert!(close(
        j.arrival_s,
        run_time(200_000.0) + 600.0 + v50() / (2.0 * A) + v50() / (2.0 * B)
    ));
    let stop = j.incidents[0];
    assert!(close(
        stop.stopped_at_m,
        50_000.0 + v50() * v50() / (2.0 * B)
    ));
    assert!(close(stop.to_s - stop.from_s, 600.0));
    let triggers: Vec<Trigger> = j.estimates.iter().map(|e| e.trigger).collect();
    assert!(
        triggers.contains(&Trigger::IncidentStart(0))
            && triggers.contains(&Trigger::IncidentEnd(0))
    );
}

#[test]
fn an_incident_at_a_stop_runs_alongside_the_dwell() {
    let incident = Incident {
        at_m: 100_000.0,
        delay_s: 600.0,
        cause: 0,
    };
    let short = simulate(&spec(1200.0, vec![], vec![incident]), Options::default()).unwrap();
    let none = simulate(&spec(1200.0, vec![], vec![]), Options::default()).unwrap();
    assert!(
        close(short.arrival_s, none.arrival_s),
        "a 10 min incident inside a 20 min dwell costs nothing: {} vs {} {:?}",
        short.arrival_s,
        none.arrival_s,
        short.incidents
    );
    let long = simulate(&spec(300.0, vec![], vec![incident]), Options::default()).unwrap();
    assert!(close(long.arrival_s, none.arrival_s - 1200.0 + 600.0));
}

#[test]
fn an_incident_at_the_origin_delays_the_departure() {
    let incident = Incident {
        at_m: 0.0,
        delay_s: 900.0,
        cause: 0,
    };
    let j = simulate(&spec(0.0, vec![], vec![incident]), Options::default()).unwrap();
    assert!(close(j.arrival_s, run_time(200_000.0) + 900.0));
    assert!(close(j.stations[0].depart_s.unwrap(), 900.0));
}

#[test]
fn a_cap_drop_starts_braking_at_once() {
    let elevated = SecurityEvent {
        level: Level::Elevated,
        start: EventStart::AtTime(3600.0),
        until: None,
    };
    let j = simulate(&spec(0.0, vec![elevated], vec![]), Options::default()).unwrap();
    let after = j
        .trajectory
        .iter()
        .find(|s| s.t0_s >= 3600.0 - 1e-9)
        .unwrap();
    assert!(close(after.t0_s, 3600.0));
    assert_eq!(after.accel_mps2, -B);
    assert_eq!(j.level_at(3601.0), Level::Elevated);
}

#[test]
fn a_lockdown_at_departure_holds_the_train_at_the_origin() {
    let lockdown = SecurityEvent {
        level: Level::Lockdown,
        start: EventStart::AtTime(-60.0),
        until: Some(EventEnd::AtTime(1800.0)),
    };
    let j = simulate(&spec(0.0, vec![lockdown], vec![]), Options::default()).unwrap();
    assert!(close(j.stations[0].depart_s.unwrap(), 1800.0));
    assert!(close(j.arrival_s, 1800.0 + run_time(200_000.0)));
    // The departure estimate knows nothing of it; the level change does.
    assert!(close(j.estimates[0].eta_s, run_time(200_000.0)));
    assert!(close(j.estimates[1].eta_s, j.arrival_s));
}

#[test]
fn a_lockdown_while_running_stops_at_the_first_reachable_station() {
    // At t = 1 h the train is cruising at ~48 km; Lockdown for 4 h: stop at the 100 km station.
    let lockdown = SecurityEvent {
        level: Level::Lockdown,
        start: EventStart::AtTime(3600.0),
        until: Some(EventEnd::After(14_400.0)),
    };
    let j = simulate(&spec(0.0, vec![lockdown], vec![]), Options::default()).unwrap();
    assert!(j.stations[1].stopped);
    let u = kmh_to_mps(25.0);
    let x0 = v50() * v50() / (2.0 * A) + (3600.0 - v50() / A) * v50();
    let d_brake = (v50() * v50() - u * u) / (2.0 * B);
    let arrive =
        3600.0 + (v50() - u) / B + (100_000.0 - x0 - d_brake - u * u / (2.0 * B)) / u + u / B;
    assert!(
        close(j.stations[1].arrive_s.unwrap(), arrive),
        "{:?} vs {arrive}",
        j.stations[1].arrive_s
    );
    assert!(close(j.stations[1].depart_s.unwrap(), 3600.0 + 14_400.0));
    assert!(close(j.arrival_s, 18_000.0 + run_time(100_000.0)));
}

#[test]
fn a_high_arrival_adds_the_sweep_to_a_planned_stop() {
    let high = SecurityEvent {
        level: Level::High,
        start: EventStart::AtKm(99_000.0),
        until: Some(EventEnd::AtKm(101_000.0)),
    };
    let j = simulate(&spec(600.0, vec![high], vec![]), Options::default()).unwrap();
    let dwell = j.stations[1].depart_s.unwrap() - j.stations[1].arrive_s.unwrap();
    assert!(close(dwell, 600.0 + 1800.0));
}

#[test]
fn estimates_keep_active_events_until_their_known_end() {
    // Elevated from km 20 for 1 h: the estimate at its start includes exactly one hour at 40 km/h.
    let e = SecurityEvent {
        level: Level::Elevated,
        start: EventStart::AtKm(20_000.0),
        until: Some(EventEnd::After(3600.0)),
    };
    let j = simulate(&spec(0.0, vec![e], vec![]), Options::default()).unwrap();
    let at_change = j
        .estimates
        .iter()
        .find(|e| e.trigger == Trigger::LevelChange(Level::Elevated))
        .unwrap();
    assert!(
        close(at_change.eta_s, j.arrival_s),
        "{} vs {}",
        at_change.eta_s,
        j.arrival_s
    );
    assert!(j.arrival_s > run_time(200_000.0));
}

#[test]
fn faster_is_not_always_earlier_when_events_are_timed() {
    // A timed High period: the faster train reaches the stop while High is in force and gets
    // the 30 min sweep; the slower one arrives after it ends. This is why the "faster never
    // arrives later" property is stated for position-triggered events only.
    let high = SecurityEvent {
        level: Level::High,
        start: EventStart::AtTime(0.0),
        until: Some(EventEnd::AtTime(7000.0)),
    };
    let make = |kmh: f64| {
        let track = Track::new(
            vec![
                Stop::new(0.0, 0.0),
                Stop::new(km_to_m(48.0), 60.0),
                Stop::new(km_to_m(60.0), 0.0),
            ],
            vec![],
        )
        .unwrap();
        JourneySpec::with_all(
            track,
            Train::from_kmh(kmh, A, B).unwrap(),
            LevelCaps::new(
                LevelCaps::default().elevated_mps(),
                kmh_to_mps(100.0),
                LevelCaps::default().high_sweep_s(),
            )
            .unwrap(),
            vec![high],
            vec![],
            None,
        )
        .unwrap()
    };
    let slow = simulate(&make(24.0), Options::default()).unwrap();
    let fast = simulate(&make(26.0), Options::default()).unwrap();
    assert!(
        fast.arrival_s > slow.arrival_s,
        "{} vs {}",
        fast.arrival_s,
        slow.arrival_s
    );
}

/// Found by `properties::the_same_seed_gives_the_identical_journey`: an incident triggered while
/// braking into the destination left a stop record with no times (NaN), so two identical runs
/// compared unequal. The arrival now absorbs it.
#[test]
fn regression_incident_inside_the_destination_braking_distance() {
    let track = Track::new(vec![Stop::new(0.0, 0.0), Stop::new(500.0, 0.0)], vec![]).unwrap();
    let train = Train::from_mps(6.944444444444445, 0.441885099513979, 0.16240645477894225).unwrap();
    let incident = Incident {
        at_m: 422.0471760165878,
        delay_s: 0.0,
        cause: 0,
    };
    let spec = JourneySpec::with_all(
        track,
        train,
        LevelCaps::default(),
        vec![],
        vec![incident],
        None,
    )
    .unwrap();
    let a = simulate(&spec, Options::default()).unwrap();
    // Kept, standing at the destination with no wait.
    assert_eq!(a.incidents.len(), 1);
    assert_eq!(
        (
            a.incidents[0].stopped_at_m,
            a.incidents[0].from_s,
            a.incidents[0].to_s
        ),
        (500.0, a.arrival_s, a.arrival_s)
    );
    assert_eq!(a, simulate(&spec, Options::default()).unwrap());
}

/// Found in review: events starting at the departure by time and at the origin's km were applied
/// in two passes, so the level flickered (a zero-length Elevated period before the Lockdown).
#[test]
fn regression_events_at_the_departure_change_the_level_once() {
    let lockdown = SecurityEvent {
        level: Level::Lockdown,
        start: EventStart::AtKm(0.0),
        until: Some(EventEnd::After(3600.0)),
    };
    let elevated = SecurityEvent {
        level: Level::Elevated,
        start: EventStart::AtTime(-3600.0),
        until: Some(EventEnd::AtTime(7200.0)),
    };
    let j = simulate(
        &spec(0.0, vec![lockdown, elevated], vec![]),
        Options::default(),
    )
    .unwrap();
    assert_eq!(j.security[0].level, Level::Lockdown);
    assert!(
        j.security.iter().all(|p| p.to_s > p.from_s),
        "{:?}",
        j.security
    );
    let level_reports = j
        .estimates
        .iter()
        .filter(|e| e.t_s == 0.0 && matches!(e.trigger, Trigger::LevelChange(_)))
        .count();
    assert_eq!(level_reports, 1);
    // Held at the origin, which then counts as a stop.
    assert!(j.stations[0].stopped && close(j.stations[0].depart_s.unwrap(), 3600.0));
}

#[test]
fn a_lockdown_without_end_ends_the_journey_if_the_destination_is_next() {
    let lockdown = SecurityEvent {
        level: Level::Lockdown,
        start: EventStart::AtKm(150_000.0),
        until: None,
    };
    let j = simulate(&spec(0.0, vec![lockdown], vec![]), Options::default()).unwrap();
    assert!(j.arrival_s.is_finite());
    let held = SecurityEvent {
        level: Level::Lockdown,
        start: EventStart::AtKm(50_000.0),
        until: None,
    };
    let err = simulate(&spec(0.0, vec![held], vec![]), Options::default()).unwrap_err();
    assert!(err.to_string().contains("can never end"), "{err}");
}

/// Found by `properties::a_faster_cruise_never_arrives_later` (a rare random case): an incident
/// triggered while the train brakes into the destination is absorbed by the arrival, so whether
/// its wait counts depends on the braking distance, hence on the speed. Here the slower train
/// brakes for the destination before the second incident (no wait); the faster one, restarting
/// from the first incident's stop, meets it still accelerating and waits its 25 minutes. This is
/// why "faster never arrives later" is stated for journeys without incidents.
#[test]
fn faster_is_not_always_earlier_with_an_incident_near_the_end() {
    let length_m = km_to_m(62.77319006855749);
    let make = |kmh: f64| {
        let track =
            Track::new(vec![Stop::new(0.0, 0.0), Stop::new(length_m, 0.0)], vec![]).unwrap();
        let incidents = [
            (0.9973985518005534, 1503.6721794162968),
            (0.984803361324919, 0.0),
        ]
        .iter()
        .enumerate()
        .map(|(i, &(at, delay_s))| Incident {
            at_m: at * length_m * 0.999,
            delay_s,
            cause: i as u32,
        })
        .collect();
        JourneySpec::with_all(
            track,
            Train::from_kmh(kmh, 0.23698315475786869, 0.4029845239827184).unwrap(),
            LevelCaps::default(),
            vec![],
            incidents,
            None,
        )
        .unwrap()
    };
    let slow = simulate(&make(61.81282234466118), Options::default()).unwrap();
    let fast = simulate(
        &make(61.81282234466118 + 22.94258403238077),
        Options::default(),
    )
    .unwrap();
    let waited =
        |j: &train_sim::Journey| j.incidents.iter().map(|s| s.to_s - s.from_s).sum::<f64>();
    assert_eq!(waited(&slow), 0.0, "{:?}", slow.incidents);
    assert!(waited(&fast) > 1500.0, "{:?}", fast.incidents);
    assert!(fast.arrival_s > slow.arrival_s);
}

/// 0 -> 100 km (a stop) -> 200 km, the stop given a stated departure.
fn with_departure_at(depart_at_s: f64, dwell_s: f64) -> Result<JourneySpec, train_sim::SpecError> {
    let mut stop = Stop::new(km_to_m(100.0), dwell_s);
    stop.depart_at_s = Some(depart_at_s);
    stop.leg_end = true;
    let mut end = Stop::new(km_to_m(200.0), 0.0);
    end.leg_end = true;
    let track = Track::new(vec![Stop::new(0.0, 0.0), stop, end], vec![])?;
    JourneySpec::new(track, Train::from_kmh(50.0, A, B)?)
}

#[test]
fn a_stated_departure_holds_the_train_until_then_and_no_longer() {
    // The train reaches km 100 after run_time(100 km) = 7,270 s; told to leave at 10,000 s.
    let j = simulate(
        &with_departure_at(10_000.0, 0.0).unwrap(),
        Options::default(),
    )
    .unwrap();
    assert!(close(j.stations[1].arrive_s.unwrap(), run_time(100_000.0)));
    assert_eq!(j.stations[1].depart_s, Some(10_000.0));
    assert!(close(j.arrival_s, 10_000.0 + run_time(100_000.0)));
    // Arriving after the stated time, it leaves after its dwell.
    let late = simulate(
        &with_departure_at(1_000.0, 600.0).unwrap(),
        Options::default(),
    )
    .unwrap();
    assert!(close(
        late.stations[1].depart_s.unwrap(),
        run_time(100_000.0) + 600.0
    ));
}

#[test]
fn estimates_name_the_next_stop_and_the_end_of_the_leg() {
    let j = simulate(
        &with_departure_at(10_000.0, 0.0).unwrap(),
        Options::default(),
    )
    .unwrap();
    let departure = j.estimates[0];
    assert_eq!(departure.trigger, Trigger::Departure);
    let next = departure.next_stop.unwrap();
    assert_eq!(next.station, 1);
    assert!(close(next.eta_s, run_time(100_000.0)));
    assert_eq!(departure.leg_end.unwrap().station, 1);
    let at_stop = j
        .estimates
        .iter()
        .find(|e| e.trigger == Trigger::Arrive(1))
        .unwrap();
    assert_eq!(at_stop.next_stop.unwrap().station, 2);
    assert_eq!(at_stop.leg_end.unwrap().station, 2);
    assert!(close(at_stop.leg_end.unwrap().eta_s, j.arrival_s));
    let last = j.estimates.last().unwrap();
    assert!(last.next_stop.is_none() && last.leg_end.is_none());
}

#[test]
fn stated_departures_must_follow_each_other_and_the_journey() {
    let early = with_departure_at(-60.0, 0.0).unwrap_err();
    assert!(matches!(
        early,
        train_sim::SpecError::DepartsBeforeJourney { index: 1, .. }
    ));
    let mut a = Stop::new(km_to_m(10.0), 0.0);
    a.depart_at_s = Some(5_000.0);
    let mut b = Stop::new(km_to_m(20.0), 0.0);
    b.depart_at_s = Some(4_000.0);
    let error = Track::new(
        vec![Stop::new(0.0, 0.0), a, b, Stop::new(km_to_m(30.0), 0.0)],
        vec![],
    )
    .unwrap_err();
    assert!(matches!(
        error,
        train_sim::SpecError::DeparturesOutOfOrder {
            index: 2,
            previous: 1,
            ..
        }
    ));
    assert_eq!(error.location(), train_sim::Location::StationDwell(2));
}
