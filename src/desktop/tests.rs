//! Headless ECS tests (MinimalPlugins, manual time) of the systems that map the journey to the screen.
use super::geo::{self, MapGeometry};
use super::intent::{self, Intent};
use super::journey::JourneyState;
use super::map::{CameraFit, Overlays};
use super::now::{self, Now};
use super::playback::{self, Playback};
use super::train::{self, TrainMarker};
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use std::path::Path;
use std::time::Duration;

/// The app's state on the default scenario (also for other modules' tests).
pub(super) fn state() -> JourneyState {
    JourneyState::open(
        crate::shipped::loader(),
        Path::new(crate::shipped::DEFAULT_SCENARIO),
        None,
    )
    .unwrap()
}

fn app_at(t_s: f64) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(state())
        .insert_resource(Playback {
            t_s,
            paused: true,
            ..Playback::default()
        })
        .init_resource::<Now>()
        .init_resource::<MapGeometry>()
        .add_systems(
            Update,
            (geo::update_geometry, now::update_now, train::place_marker).chain(),
        );
    app.world_mut().spawn((TrainMarker, Transform::default()));
    app
}

/// An app with the keyboard and the intents wired as in the real one.
fn app_with_intents(playback: Playback) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(state())
        .insert_resource(playback)
        .init_resource::<Overlays>()
        .init_resource::<CameraFit>()
        .init_resource::<ButtonInput<KeyCode>>()
        .add_message::<Intent>()
        .add_systems(
            Update,
            (playback::keyboard_controls, intent::apply_intents).chain(),
        );
    app
}

#[test]
fn the_marker_sits_at_the_simulated_km_on_the_drawn_route() {
    let t_s = 10.0 * 3600.0;
    let mut app = app_at(t_s);
    app.update();
    let world = app.world_mut();
    let now = world.resource::<Now>().clone();
    let expected_km = world
        .resource::<JourneyState>()
        .run
        .journey
        .state_at(t_s)
        .unwrap()
        .0
        / 1000.0;
    assert!((now.km - expected_km).abs() < 1e-9);
    assert!(
        now.km > 400.0 && now.km < 600.0,
        "after 10 h at 50 km/h: {}",
        now.km
    );
    let expected = world.resource::<MapGeometry>().line.at_km(expected_km);
    let transform = world
        .query_filtered::<&Transform, With<TrainMarker>>()
        .single(world)
        .unwrap();
    assert!((transform.translation.truncate() - expected).length() < 1e-3);
}

#[test]
fn the_clock_switches_zone_at_the_border() {
    let s = state();
    let times = &s.run.journey.stations;
    let tumangang = s.run.scenario.route.station_index("Tumangang").unwrap();
    let khasan = s.run.scenario.route.station_index("Khasan").unwrap();
    let before = times[tumangang].depart_s.unwrap() + 60.0;
    let after = times[khasan].arrive_s.unwrap() - 1.0;
    let mut app = app_at(before);
    app.update();
    let west = app.world().resource::<Now>().clone();
    app.world_mut().resource_mut::<Playback>().t_s = after;
    app.update();
    let east = app.world().resource::<Now>().clone();
    assert_eq!(west.zone_name, "Asia/Pyongyang");
    assert_eq!(east.zone_name, "Asia/Vladivostok");
    let (wl, el) = (west.local.unwrap(), east.local.unwrap());
    let (wu, eu) = (west.utc.unwrap(), east.utc.unwrap());
    // Local time jumps one hour more than UTC advances.
    let local_gap = el.datetime().duration_since(wl.datetime()).as_secs();
    let utc_gap = eu.datetime().duration_since(wu.datetime()).as_secs();
    assert_eq!(local_gap - utc_gap, 3600);
}

#[test]
fn keys_set_the_time_scale_pause_jump_and_restart() {
    let mut app = app_with_intents(Playback {
        t_s: 100.0,
        ..Playback::default()
    });
    let press = |app: &mut App, key: KeyCode| {
        let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
        keys.reset_all();
        keys.press(key);
        app.update();
    };
    for (key, speed) in [
        (KeyCode::Digit1, 1.0),
        (KeyCode::Digit2, 60.0),
        (KeyCode::Digit3, 600.0),
        (KeyCode::Digit4, 3600.0),
    ] {
        press(&mut app, key);
        assert_eq!(app.world().resource::<Playback>().scale, speed);
    }
    let paused = app.world().resource::<Playback>().paused;
    press(&mut app, KeyCode::Space);
    assert_eq!(app.world().resource::<Playback>().paused, !paused);
    press(&mut app, KeyCode::KeyN);
    let next = app.world().resource::<Playback>().t_s;
    let expected =
        playback::next_event_after(app.world().resource::<JourneyState>(), 100.0).unwrap();
    assert_eq!(next, expected);
    assert!(next > 100.0);
    press(&mut app, KeyCode::KeyR);
    assert_eq!(app.world().resource::<Playback>().t_s, 0.0);
}

#[test]
fn playback_advances_by_frame_time_times_the_speed_up() {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            100,
        )))
        .insert_resource(state())
        .insert_resource(Playback {
            t_s: 0.0,
            scale: 600.0,
            paused: false,
        })
        .add_systems(Update, playback::advance);
    app.update();
    app.update();
    app.update();
    let t = app.world().resource::<Playback>().t_s;
    // The first frame has no delta; the next two advance 0.1 s x 600 each.
    assert!((t - 120.0).abs() < 1e-6, "{t}");
}

#[test]
fn a_broken_edit_keeps_the_last_good_journey_and_a_fix_reloads() {
    let dir = std::env::temp_dir().join(format!("armored-train-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("edit.ron");
    let good = crate::shipped::DEFAULT_SCENARIO_TEXT;
    std::fs::write(&path, good).unwrap();
    let mut s = JourneyState::open(crate::shipped::loader(), &path, None).unwrap();
    let first_run = s.run.clone();
    let touch = |text: &str, secs: u64| {
        std::fs::write(&path, text).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
            .unwrap();
    };
    assert!(!s.file_changed());
    touch("Scenario(title: \"broken\",\n  route: 3,\n)", 1_000_000);
    assert!(s.file_changed());
    s.reload();
    assert!(!s.file_changed());
    let error = s.error.clone().unwrap();
    assert!(error.contains("edit.ron:2:"), "{error}");
    // The same run stays on screen.
    assert!(std::sync::Arc::ptr_eq(&s.run, &first_run));
    touch(
        &good.replace(
            "departure: \"2023-09-10T15:00:00",
            "departure: \"2023-09-10T16:00:00",
        ),
        2_000_000,
    );
    assert!(s.file_changed());
    s.reload();
    assert!(s.error.is_none());
    assert!(!std::sync::Arc::ptr_eq(&s.run, &first_run));
    assert_eq!(
        s.run.scenario.title,
        "September 2023: Sunday-afternoon departure"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn only_a_real_change_marks_the_journey_changed() {
    // Bevy's change detection replaces hand-made generation counters: reading the journey or
    // polling an unchanged file must not mark it changed (the map would rebuild every frame).
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(state())
        .init_resource::<Playback>()
        .init_resource::<Overlays>()
        .init_resource::<CameraFit>()
        .add_message::<Intent>()
        .add_systems(Update, intent::apply_intents);
    app.update();
    let tick = app.world().resource_ref::<JourneyState>().last_changed();
    app.update();
    assert_eq!(
        app.world().resource_ref::<JourneyState>().last_changed(),
        tick
    );
    app.world_mut().write_message(Intent::SetCruise(60.0));
    app.update();
    assert_ne!(
        app.world().resource_ref::<JourneyState>().last_changed(),
        tick
    );
    assert_eq!(app.world().resource::<JourneyState>().cruise_kmh, 60.0);
}

#[test]
fn chart_series_follow_the_journey() {
    let s = state();
    let marey = super::charts::marey_series(&s.run.journey);
    assert!(
        marey
            .windows(2)
            .all(|w| w[1][0] >= w[0][0] && w[1][1] >= w[0][1] - 1e-9)
    );
    let last = marey.last().unwrap();
    assert!((last[0] - s.arrival_s() / 3600.0).abs() < 1e-9 && (last[1] - 1180.0).abs() < 1e-6);
    let drift = super::charts::drift_series(&s.timetable);
    assert!(
        drift.iter().all(|p| p[1].abs() < 1.0),
        "no disturbance, no drift"
    );
}

#[test]
fn jumps_by_day_and_by_leg_on_the_2023_circuit() {
    let state = trip_state("scenarios/trips/2023-circuit.ron");
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(state)
        .insert_resource(Playback {
            t_s: 0.0,
            paused: true,
            ..Playback::default()
        })
        .init_resource::<Overlays>()
        .init_resource::<CameraFit>()
        .add_message::<Intent>()
        .add_systems(Update, intent::apply_intents);
    let jump = |app: &mut App, intent: Intent| {
        app.world_mut().write_message(intent);
        app.update();
        app.world().resource::<Playback>().t_s
    };
    // Sunday 15:00 +09: the next local midnight is 9 h later.
    assert_eq!(jump(&mut app, Intent::NextDay), 9.0 * 3600.0);
    // The end of the first leg is the arrival at Khasan, then its departure.
    let leg = jump(&mut app, Intent::NextLeg);
    let s = app.world().resource::<JourneyState>();
    let khasan = s.run.scenario.route.station_index("Khasan").unwrap();
    assert_eq!(Some(leg), s.timetable.stations[khasan].arrive_s);
    let leave = jump(&mut app, Intent::NextLeg);
    let s = app.world().resource::<JourneyState>();
    assert_eq!(Some(leave), s.timetable.stations[khasan].depart_s);
}

#[test]
fn the_picker_lists_cases_and_the_sliders_snap_to_them() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let file = root.join("scenarios/speed-and-departure.ron");
    let catalogue = super::journey::catalogue(&crate::shipped::loader(), &root.join("scenarios"));
    let entry = catalogue.iter().find(|e| e.path == file).unwrap();
    assert!(
        entry.cases.iter().any(|c| c == "60 km/h"),
        "{:?}",
        entry.cases
    );
    assert!(entry.cases.iter().any(|c| c == "night 23:30"));

    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(state())
        .init_resource::<Playback>()
        .init_resource::<Overlays>()
        .init_resource::<CameraFit>()
        .add_message::<Intent>()
        .add_systems(Update, intent::apply_intents);
    app.world_mut()
        .write_message(Intent::OpenCase(file.clone(), "45 km/h".into()));
    app.update();
    let s = app.world().resource::<JourneyState>();
    assert_eq!(s.case.as_deref(), Some("45 km/h"));
    assert_eq!(s.run.scenario.cruise_kmh, 45.0);
    assert_eq!(s.timetable.arrival.rfc3339(), "2023-09-11T20:40:19+10:00");

    // 58 km/h at the same departure snaps to the 60 km/h case.
    app.world_mut().write_message(Intent::SetCruise(58.0));
    app.update();
    let s = app.world().resource::<JourneyState>();
    assert_eq!(s.case.as_deref(), Some("60 km/h"));
    assert_eq!((s.cruise_kmh, s.shift_h), (60.0, 0.0));
    assert_eq!(s.timetable.arrival.rfc3339(), "2023-09-11T14:09:41+10:00");

    // Moving the departure 1.5 h later at 50 km/h snaps to "dep +2h" (the base is at 0 h).
    app.world_mut()
        .write_message(Intent::OpenCase(file, "base".into()));
    app.update();
    app.world_mut()
        .write_message(Intent::SetDepartureShift(1.5));
    app.update();
    let s = app.world().resource::<JourneyState>();
    assert_eq!(s.case.as_deref(), Some("dep +2h"));
    assert_eq!(s.shift_h, 2.0);
    assert_eq!(s.timetable.arrival.rfc3339(), "2023-09-11T20:04:00+10:00");
}

/// The app's state on a shipped trip (also for other modules' tests).
pub(super) fn trip_state(file: &str) -> JourneyState {
    JourneyState::open(
        crate::shipped::loader(),
        &std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(file),
        None,
    )
    .unwrap()
}

/// `Now` at a local time, given as seconds after the trip's departure.
fn now_on(state: JourneyState, t_s: f64) -> Now {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(state)
        .insert_resource(Playback {
            t_s,
            paused: true,
            ..Playback::default()
        })
        .init_resource::<Now>()
        .add_systems(Update, now::update_now);
    app.update();
    app.world().resource::<Now>().clone()
}

#[test]
fn day_and_night_at_khasan_on_12_september_2023_match_the_almanac() {
    use train_analysis::sun::Light;
    // The calibrated 2023 trip stands at Khasan from about 06:00 to 07:28 (+10). NOAA's solar
    // equations (tests/reference/derive.py, civil_dawn) put civil dawn there at 06:24:30 and
    // sunrise at 06:52:53: the Sun's centre 6 degrees below the horizon, then the upper limb on it.
    let state = trip_state("scenarios/trips/2023-outbound.calibrated.ron");
    let departure = state.run.scenario.departure;
    let at = |text: &str| {
        train_scenario::time::seconds_between(departure, text.parse::<jiff::Timestamp>().unwrap())
    };
    let dawn = now_on(state.clone(), at("2023-09-12T06:24:30+10:00"));
    assert_eq!(dawn.zone_name, "Asia/Vladivostok");
    assert!(dawn.km >= 850.0 - 1e-6, "at Khasan: km {}", dawn.km);
    let altitude = dawn.sun_altitude_deg.unwrap();
    assert!((altitude + 6.0).abs() < 0.5, "civil dawn: {altitude}°");
    let sunrise = now_on(state.clone(), at("2023-09-12T06:52:53+10:00"));
    let altitude = sunrise.sun_altitude_deg.unwrap();
    // Geometric altitude of the centre at sunrise: -0.833° (refraction and the Sun's radius).
    assert!((altitude + 0.833).abs() < 0.5, "sunrise: {altitude}°");
    // The flag the HUD shows, either side of them.
    let arrival = now_on(state.clone(), at("2023-09-12T06:00:30+10:00"));
    assert_eq!(
        arrival.light(),
        Some(Light::Night),
        "{:?}",
        arrival.sun_altitude_deg
    );
    assert_eq!(
        now_on(state.clone(), at("2023-09-12T06:40:00+10:00")).light(),
        Some(Light::Twilight)
    );
    assert_eq!(
        now_on(state, at("2023-09-12T07:20:00+10:00")).light(),
        Some(Light::Day)
    );
}

#[test]
fn the_manchette_of_a_circuit_lists_each_visit_in_the_order_travelled() {
    let state = trip_state("scenarios/trips/2023-circuit.ron");
    let route = &state.run.scenario.route;
    let manchette = super::charts::manchette(route);
    assert_eq!(manchette.len(), route.stations.len());
    assert!(
        manchette.windows(2).all(|w| w[0].0 < w[1].0),
        "km must increase along the itinerary"
    );
    let position = |name: &str| {
        manchette
            .iter()
            .position(|(_, n)| n == name)
            .unwrap_or_else(|| panic!("{name} not on the manchette"))
    };
    // Out through Khasan, the summit, Komsomolsk, Artyom, and home through Khasan again.
    let order = [
        "Pyongyang",
        "Tumangang",
        "Khasan",
        "Ussuriysk",
        "Vostochny cosmodrome",
        "Komsomolsk-na-Amure",
        "Artyom-Primorsky-1",
        "Khasan (again)",
        "Tumangang (again)",
        "Pyongyang (again)",
    ];
    let positions: Vec<usize> = order.iter().map(|n| position(n)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    // The second visit is drawn where it happens: thousands of km after the first.
    assert!(manchette[position("Khasan (again)")].0 - manchette[position("Khasan")].0 > 4000.0);
}

#[test]
fn the_chart_cursor_shows_a_ghost_train_on_the_map_and_a_click_seeks() {
    use super::charts::ChartCursor;
    use super::train::GhostMarker;
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(state())
        .insert_resource(Playback {
            t_s: 0.0,
            paused: true,
            ..Playback::default()
        })
        .init_resource::<Now>()
        .init_resource::<MapGeometry>()
        .init_resource::<ChartCursor>()
        .init_resource::<Overlays>()
        .init_resource::<CameraFit>()
        .add_message::<Intent>()
        .add_systems(
            Update,
            (
                intent::apply_intents,
                geo::update_geometry,
                now::update_now,
                train::place_marker,
                train::place_ghost,
            )
                .chain(),
        );
    app.world_mut().spawn((TrainMarker, Transform::default()));
    let ghost = app
        .world_mut()
        .spawn((GhostMarker, Transform::default(), Visibility::Hidden))
        .id();
    // The pointer over the diagram at 10 h: the ghost stands where the train is then.
    let hovered_s = 10.0 * 3600.0;
    app.world_mut().resource_mut::<ChartCursor>().t_s = Some(hovered_s);
    app.update();
    let km_then = app
        .world()
        .resource::<JourneyState>()
        .run
        .journey
        .state_at(hovered_s)
        .unwrap()
        .0
        / 1000.0;
    let expected = app.world().resource::<MapGeometry>().line.at_km(km_then);
    let (transform, visibility) = app
        .world_mut()
        .query::<(&Transform, &Visibility)>()
        .get(app.world(), ghost)
        .map(|(t, v)| (*t, *v))
        .unwrap();
    assert_eq!(visibility, Visibility::Visible);
    assert!((transform.translation.truncate() - expected).length() < 1e-3);
    // A click there moves the journey's time (and the train) to it; the pointer leaving hides
    // the ghost.
    app.world_mut()
        .write_message(Intent::Seek(hovered_s))
        .unwrap();
    app.world_mut().resource_mut::<ChartCursor>().t_s = None;
    app.update();
    assert_eq!(app.world().resource::<Playback>().t_s, hovered_s);
    let train = app
        .world_mut()
        .query_filtered::<&Transform, With<TrainMarker>>()
        .single(app.world())
        .unwrap()
        .translation
        .truncate();
    assert!((train - expected).length() < 1e-3);
    let visibility = *app
        .world_mut()
        .query::<&Visibility>()
        .get(app.world(), ghost)
        .unwrap();
    assert_eq!(visibility, Visibility::Hidden);
}
