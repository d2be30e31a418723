//! The train on the map, and `Now`: everything the screen shows about the current simulated instant.
use super::geo::{Projection, RouteLine};
use super::journey::JourneyState;
use super::playback::Playback;
use super::theme;
use bevy::prelude::*;
use jiff::Zoned;
use train_sim::Level;
use train_sim::units::{m_to_km, mps_to_kmh};

/// Radius of the train marker, world units.
const MARKER_RADIUS: f32 = 7.0;
/// Width of the white ring around the marker, world units.
const MARKER_RING: f32 = 2.5;
/// The marker sits above the route line and the labels.
const MARKER_Z: f32 = 10.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Now>()
        .init_resource::<MapGeometry>()
        .add_systems(Startup, spawn_marker)
        .add_systems(
            Update,
            (update_geometry, update_now, place_marker)
                .chain()
                .after(super::playback::advance),
        );
}

/// Marks the train marker entity.
#[derive(Component, Debug)]
pub(crate) struct TrainMarker;

/// The projection and the drawn route of the current journey.
#[derive(Resource, Debug, Clone, Default)]
pub(crate) struct MapGeometry {
    pub(crate) projection: Option<Projection>,
    pub(crate) line: RouteLine,
    generation: Option<u64>,
    route_name: String,
}

/// The simulated instant on screen.
#[derive(Resource, Debug, Clone, Default)]
pub(crate) struct Now {
    /// Seconds since the scheduled departure.
    pub(crate) t_s: f64,
    /// Position, km.
    pub(crate) km: f64,
    /// Speed, km/h.
    pub(crate) speed_kmh: f64,
    /// Effective security level.
    pub(crate) level: Level,
    /// Why (the event's reason).
    pub(crate) level_reason: Option<String>,
    /// Local time at the train's position.
    pub(crate) local: Option<Zoned>,
    /// The IANA zone in force there.
    pub(crate) zone_name: String,
    /// The same instant in UTC.
    pub(crate) utc: Option<Zoned>,
    /// Days since the departure's local date.
    pub(crate) day: i32,
    /// Next station where the train stands, with its arrival (s).
    pub(crate) next_stop: Option<(String, f64)>,
    /// The latest destination estimate reported so far (s), and its drift from the first (s).
    pub(crate) eta_s: f64,
    pub(crate) drift_s: f64,
}

/// What the screen shows at `t_s`.
pub(crate) fn now_at(state: &JourneyState, t_s: f64) -> Now {
    let run = &state.run;
    let journey = &run.journey;
    let (x_m, v_mps) = journey.state_at(t_s).unwrap_or((0.0, 0.0));
    let km = m_to_km(x_m);
    let level = journey.level_at(t_s);
    let level_reason = journey
        .security
        .iter()
        .find(|p| p.from_s <= t_s && t_s < p.to_s)
        .and_then(|p| run.scenario.security.get(p.event))
        .and_then(|e| e.reason.clone());
    let local = run.local_at_km(t_s, km);
    let zone_name = run.scenario.route.zone_at(km).tz_name.clone();
    let utc = local.with_time_zone(jiff::tz::TimeZone::UTC);
    let day = run.days_after_departure(&local);
    let next_stop = run
        .scenario
        .route
        .stations
        .iter()
        .zip(&journey.stations)
        .filter(|(_, times)| times.stopped)
        .find_map(|(s, times)| {
            times
                .arrive_s
                .filter(|&a| a > t_s)
                .map(|a| (s.name.clone(), a))
        });
    let first_eta = journey
        .estimates
        .first()
        .map_or(journey.arrival_s, |e| e.eta_s);
    let eta_s = journey
        .estimates
        .iter()
        .take_while(|e| e.t_s <= t_s)
        .last()
        .map_or(first_eta, |e| e.eta_s);
    Now {
        t_s,
        km,
        speed_kmh: mps_to_kmh(v_mps),
        level,
        level_reason,
        local: Some(local),
        zone_name,
        utc: Some(utc),
        day,
        next_stop,
        eta_s,
        drift_s: eta_s - first_eta,
    }
}

fn spawn_marker(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    commands
        .spawn((
            Name::new("Train"),
            TrainMarker,
            Mesh2d(meshes.add(Circle::new(MARKER_RADIUS))),
            MeshMaterial2d(materials.add(ColorMaterial::from(theme::level(Level::Normal)))),
            Transform::from_xyz(0.0, 0.0, MARKER_Z),
        ))
        .with_children(|marker| {
            // A white ring so the marker stands out on land, sea and the route line.
            marker.spawn((
                Mesh2d(meshes.add(Circle::new(MARKER_RADIUS + MARKER_RING))),
                MeshMaterial2d(materials.add(ColorMaterial::from(Color::WHITE))),
                Transform::from_xyz(0.0, 0.0, -0.5),
            ));
        });
}

/// Rebuilds the projection and route line when the journey's route changes.
pub(crate) fn update_geometry(state: Res<JourneyState>, mut geometry: ResMut<MapGeometry>) {
    let route = &state.run.scenario.route;
    if geometry.generation == Some(state.generation) && geometry.route_name == route.name {
        return;
    }
    let projection = Projection::for_route(route);
    geometry.line = RouteLine::new(route, &projection);
    geometry.projection = Some(projection);
    geometry.generation = Some(state.generation);
    geometry.route_name = route.name.clone();
}

/// Computes `Now` from the playback time.
pub(crate) fn update_now(state: Res<JourneyState>, playback: Res<Playback>, mut now: ResMut<Now>) {
    *now = now_at(&state, playback.t_s);
}

/// Puts the marker at the train's km on the drawn route, coloured by security level.
pub(crate) fn place_marker(
    now: Res<Now>,
    geometry: Res<MapGeometry>,
    mut markers: Query<(&mut Transform, Option<&MeshMaterial2d<ColorMaterial>>), With<TrainMarker>>,
    materials: Option<ResMut<Assets<ColorMaterial>>>,
) {
    let position = geometry.line.at_km(now.km);
    let mut materials = materials;
    for (mut transform, material) in &mut markers {
        transform.translation = position.extend(MARKER_Z);
        if let (Some(material), Some(materials)) = (material, materials.as_mut())
            && let Some(mut m) = materials.get_mut(&material.0)
        {
            m.color = theme::level(now.level);
        }
    }
}
