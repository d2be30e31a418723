//! Map geometry: an equirectangular projection at the route's mid-latitude, the route as drawn,
//! and the train's position on it by kilometre; rebuilt only when the route changes.
use super::AppSystems;
use super::journey::JourneyState;
use bevy::prelude::*;
use train_scenario::Route;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MapGeometry>()
        .add_systems(Update, update_geometry.in_set(AppSystems::Derive));
}

/// The projection and the drawn route of the current journey.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub(crate) struct MapGeometry {
    pub(crate) projection: Option<Projection>,
    pub(crate) line: RouteLine,
}

/// Which station names a crowded map or chart axis keeps first: the itinerary's places (the
/// origin and the ends of its legs) 0, the other planned stops 1, the rest 2.
pub(crate) fn label_rank(route: &Route, index: usize) -> u8 {
    if index == 0 || route.stations[index].leg_end {
        0
    } else if route.is_planned_stop(index) {
        1
    } else {
        2
    }
}

/// Rebuilds the projection and route line when the journey changes; the resource changes only
/// when the drawn route does (a slider move keeps it).
pub(crate) fn update_geometry(state: Res<JourneyState>, mut geometry: ResMut<MapGeometry>) {
    if !state.is_changed() {
        return;
    }
    let route = &state.run.scenario.route;
    let projection = Projection::for_route(route);
    geometry.set_if_neq(MapGeometry {
        line: RouteLine::new(route, &projection),
        projection: Some(projection),
    });
}

/// World units per degree of latitude (1 unit ≈ 1.1 km on the ground).
pub(crate) const UNITS_PER_DEGREE: f32 = 100.0;

/// Equirectangular projection centred on a reference point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Projection {
    lon0: f64,
    lat0: f64,
    cos_lat0: f64,
}

impl Projection {
    /// Centred on the middle of the route's coordinates, scaled at its mid-latitude.
    pub(crate) fn for_route(route: &Route) -> Self {
        let coords: Vec<(f64, f64)> = route
            .stations
            .iter()
            .filter_map(|s| Some((s.lon?, s.lat?)))
            .collect();
        let (min_lon, max_lon) = coords
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &(lon, _)| {
                (a.min(lon), b.max(lon))
            });
        let (min_lat, max_lat) = coords
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &(_, lat)| {
                (a.min(lat), b.max(lat))
            });
        let lat0 = (min_lat + max_lat) / 2.0;
        Self {
            lon0: (min_lon + max_lon) / 2.0,
            lat0,
            cos_lat0: lat0.to_radians().cos(),
        }
    }

    /// World position of a longitude/latitude.
    pub(crate) fn project(&self, lon: f64, lat: f64) -> Vec2 {
        Vec2::new(
            ((lon - self.lon0) * self.cos_lat0) as f32 * UNITS_PER_DEGREE,
            (lat - self.lat0) as f32 * UNITS_PER_DEGREE,
        )
    }
}

/// The route as drawn: points with their kilometre (stations and borders with coordinates).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct RouteLine {
    /// (km, world position), km increasing.
    pub(crate) points: Vec<(f64, Vec2)>,
}

impl RouteLine {
    pub(crate) fn new(route: &Route, projection: &Projection) -> Self {
        let mut points: Vec<(f64, Vec2)> = route
            .stations
            .iter()
            .filter_map(|s| Some((s.km, projection.project(s.lon?, s.lat?))))
            .chain(
                route
                    .borders
                    .iter()
                    .filter_map(|b| Some((b.km, projection.project(b.lon?, b.lat?)))),
            )
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        Self { points }
    }

    /// World position at `km`, interpolated along the drawn line (clamped to its ends).
    pub(crate) fn at_km(&self, km: f64) -> Vec2 {
        let Some(first) = self.points.first() else {
            return Vec2::ZERO;
        };
        if km <= first.0 {
            return first.1;
        }
        let i = self.points.partition_point(|p| p.0 <= km);
        if i >= self.points.len() {
            return self.points[self.points.len() - 1].1;
        }
        let (a, b) = (self.points[i - 1], self.points[i]);
        let f = ((km - a.0) / (b.0 - a.0)) as f32;
        a.1.lerp(b.1, f)
    }

    /// The drawn points up to `km` (ending exactly at the train) and from there on.
    pub(crate) fn split_at(&self, km: f64) -> (Vec<Vec2>, Vec<Vec2>) {
        let here = self.at_km(km);
        let mut done: Vec<Vec2> = self
            .points
            .iter()
            .filter(|p| p.0 <= km)
            .map(|p| p.1)
            .collect();
        let mut ahead: Vec<Vec2> = vec![here];
        ahead.extend(self.points.iter().filter(|p| p.0 > km).map(|p| p.1));
        done.push(here);
        (done, ahead)
    }
}
