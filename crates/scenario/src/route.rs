//! Route files (`assets/routes/*.ron`): stations, time zones, coordinates, restrictions, borders.
use crate::duration::FriendlyDuration;
use crate::error::{LoadError, LoadErrorKind};
use crate::locate::{Files, locate};
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::time::ZoneName;
use crate::values::{Km, Kmh, Latitude, Longitude, Mps2, name};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::sync::Arc;
use train_sim::Track;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Route")]
struct RouteFile {
    name: String,
    #[serde(default)]
    notes: Option<String>,
    train: TrainFile,
    stations: Vec<StationFile>,
    #[serde(default)]
    restrictions: Vec<RestrictionFile>,
    #[serde(default)]
    borders: Vec<BorderFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Train")]
struct TrainFile {
    cruise_kmh: Kmh,
    accel_mps2: Mps2,
    brake_mps2: Mps2,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Station")]
struct StationFile {
    #[serde(deserialize_with = "name")]
    name: String,
    km: Km,
    tz: ZoneName,
    #[serde(default)]
    lat: Option<Latitude>,
    #[serde(default)]
    lon: Option<Longitude>,
    #[serde(default)]
    dwell: Option<FriendlyDuration>,
    #[serde(default)]
    km_estimated: bool,
    #[serde(default)]
    coords_estimated: bool,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Restriction")]
struct RestrictionFile {
    from_km: Km,
    to_km: Km,
    max_kmh: Kmh,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Border")]
struct BorderFile {
    #[serde(deserialize_with = "name")]
    name: String,
    km: Km,
    #[serde(default)]
    lat: Option<Latitude>,
    #[serde(default)]
    lon: Option<Longitude>,
    #[serde(default)]
    km_estimated: bool,
}

/// The train's performance as written in a route (km/h, m/s²).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainSpec {
    /// Cruise speed, km/h.
    pub cruise_kmh: f64,
    /// Acceleration, m/s².
    pub accel_mps2: f64,
    /// Braking, m/s².
    pub brake_mps2: f64,
}

/// A station of a validated route.
#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    /// Name.
    pub name: String,
    /// Kilometre from the origin.
    pub km: f64,
    /// IANA zone name.
    pub tz_name: String,
    /// Zone.
    pub tz: TimeZone,
    /// Latitude, degrees, if known.
    pub lat: Option<f64>,
    /// Longitude, degrees, if known.
    pub lon: Option<f64>,
    /// Planned dwell, s (0 = pass through).
    pub dwell_s: f64,
    /// The km is an estimate.
    pub km_estimated: bool,
    /// The coordinates are an estimate.
    pub coords_estimated: bool,
    /// Source note.
    pub note: Option<String>,
    /// The leg of the journey this station is reached on (an index into `Route::legs`; the
    /// origin is on the first).
    pub leg: usize,
    /// 1 the first time the route reaches this station, 2 the second time, ...
    pub visit: usize,
    /// The train reverses here (a junction turn that needs it, or a stop it doubles back from).
    pub reversal: bool,
    /// A stated departure: the train stands at least until then.
    pub depart_at: Option<Timestamp>,
    /// The end of a leg (a stop of the itinerary, or the destination).
    pub leg_end: bool,
    /// Which line it is reached on and its km there, for a station of a network.
    pub post: Option<(String, f64)>,
    /// Where the scenario's itinerary names this stop (for errors about its stay).
    pub written_at: Option<FieldPath>,
}

impl Station {
    /// How scenarios refer to this station: its name, or `name#n` for the n-th visit of a route
    /// that passes it again.
    pub fn reference(&self) -> String {
        if self.visit > 1 {
            format!("{}#{}", self.name, self.visit)
        } else {
            self.name.clone()
        }
    }

    /// Longitude and latitude, when both are known.
    pub fn lon_lat(&self) -> Option<(f64, f64)> {
        Some((self.lon?, self.lat?))
    }
}

/// A permanent speed restriction.
#[derive(Debug, Clone, PartialEq)]
pub struct Restriction {
    /// Start, km.
    pub from_km: f64,
    /// End (exclusive), km.
    pub to_km: f64,
    /// Limit, km/h.
    pub max_kmh: f64,
    /// Why.
    pub reason: Option<String>,
}

/// A border: where the clock changes between two stations of different zones.
#[derive(Debug, Clone, PartialEq)]
pub struct Border {
    /// Name.
    pub name: String,
    /// Kilometre.
    pub km: f64,
    /// Latitude, degrees.
    pub lat: Option<f64>,
    /// Longitude, degrees.
    pub lon: Option<f64>,
    /// The km is an estimate.
    pub km_estimated: bool,
}

/// A validated route.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Display name.
    pub name: String,
    /// Free notes (sources).
    pub notes: Option<String>,
    /// The default train.
    pub train: TrainSpec,
    /// Stations in order.
    pub stations: Vec<Station>,
    /// Restrictions.
    pub restrictions: Vec<Restriction>,
    /// Borders.
    pub borders: Vec<Border>,
    /// The legs of the journey (one for a route file).
    pub legs: Vec<Leg>,
    /// Whether the route was unfolded from an itinerary on a network.
    pub itinerary: bool,
    /// Every place known where the route came from (the network's stations, or the route's own),
    /// for claims about places the journey does not go to.
    pub places: Vec<String>,
    /// The file it was read from (a path, or `<shipped>/name.ron`).
    pub source: Arc<SourceFile>,
}

/// A leg: from one stop of the itinerary to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Leg {
    /// Index of its first station.
    pub from: usize,
    /// Index of its last station.
    pub to: usize,
}

impl Route {
    /// Reads and validates a route file.
    pub fn load(path: &std::path::Path) -> Result<Self, LoadError> {
        Self::from_source(SourceFile::read(path, "route")?)
    }

    /// Parses and validates route text as if read from `path`.
    pub fn parse(path: &std::path::Path, text: &str) -> Result<Self, LoadError> {
        Self::from_source(SourceFile::new(path, text))
    }

    /// Validates a route file: its own rules (names, coordinates, borders) here, the track's
    /// (km order, restrictions) in the core.
    pub fn from_source(source: SourceFile) -> Result<Self, LoadError> {
        let file: RouteFile = source.parse()?;
        let stations_path = FieldPath::root().field("stations");
        let mut stations: Vec<Station> = Vec::with_capacity(file.stations.len());
        for (i, s) in file.stations.into_iter().enumerate() {
            let at = stations_path.index(i);
            if stations.iter().any(|p| p.name == s.name) {
                return Err(source.error(
                    LoadErrorKind::Inconsistent,
                    &at.field("name"),
                    Anchor::Value,
                    format!("station name {:?} appears twice", s.name),
                ));
            }
            if s.lat.is_some() != s.lon.is_some() {
                return Err(source.error(
                    LoadErrorKind::Inconsistent,
                    &at,
                    Anchor::Value,
                    format!("station {:?}: give both lat and lon, or neither", s.name),
                ));
            }
            stations.push(Station {
                name: s.name,
                km: s.km.get(),
                tz_name: s.tz.name,
                tz: s.tz.zone,
                lat: s.lat.map(Latitude::get),
                lon: s.lon.map(Longitude::get),
                dwell_s: s.dwell.map_or(0.0, FriendlyDuration::seconds),
                km_estimated: s.km_estimated,
                coords_estimated: s.coords_estimated,
                note: s.note,
                leg: 0,
                visit: 1,
                reversal: false,
                depart_at: None,
                leg_end: false,
                post: None,
                written_at: None,
            });
        }
        if let Some(last) = stations.last_mut() {
            last.leg_end = true;
        }
        let last = stations.len().saturating_sub(1);
        let restrictions = file
            .restrictions
            .into_iter()
            .map(|r| Restriction {
                from_km: r.from_km.get(),
                to_km: r.to_km.get(),
                max_kmh: r.max_kmh.get(),
                reason: r.reason,
            })
            .collect();
        let mut route = Self {
            name: file.name,
            notes: file.notes,
            train: TrainSpec {
                cruise_kmh: file.train.cruise_kmh.get(),
                accel_mps2: file.train.accel_mps2.get(),
                brake_mps2: file.train.brake_mps2.get(),
            },
            stations,
            restrictions,
            borders: Vec::new(),
            legs: vec![Leg { from: 0, to: last }],
            itinerary: false,
            places: Vec::new(),
            source: Arc::new(source),
        };
        route.places = route.stations.iter().map(|s| s.name.clone()).collect();
        // The core checks the track (station order, restrictions); its errors point into this file.
        route
            .track(Timestamp::UNIX_EPOCH)
            .map_err(|e| locate(&e, &Files::route_only(&route)))?;
        let (first_km, last_km) = (
            route.stations.first().map_or(0.0, |s| s.km),
            route.stations.last().map_or(0.0, |s| s.km),
        );
        let mut borders = Vec::with_capacity(file.borders.len());
        for (i, b) in file.borders.into_iter().enumerate() {
            let km = b.km.get();
            if !(km > first_km && km < last_km) {
                return Err(route.source.error(
                    LoadErrorKind::Inconsistent,
                    &FieldPath::root().field("borders").index(i).field("km"),
                    Anchor::Value,
                    format!("border {:?} at km {km} is not inside the route", b.name),
                ));
            }
            borders.push(Border {
                name: b.name,
                km,
                lat: b.lat.map(Latitude::get),
                lon: b.lon.map(Longitude::get),
                km_estimated: b.km_estimated,
            });
        }
        borders.sort_by(|a, b| a.km.total_cmp(&b.km));
        route.borders = borders;
        Ok(route)
    }

    /// Where the route was read from.
    pub fn path(&self) -> &std::path::Path {
        &self.source.path
    }

    /// The index of the station called `name`, or `name#n` for its n-th visit on a route that
    /// passes a station more than once.
    pub fn station_index(&self, name: &str) -> Option<usize> {
        let (base, visit) = match name.rsplit_once('#') {
            Some((base, n)) => (base, n.parse().ok()?),
            None => (name, 1),
        };
        self.stations
            .iter()
            .position(|s| s.name == base && s.visit == visit)
    }

    /// A suggestion for a mistyped station name.
    pub fn closest_station(&self, name: &str) -> Option<&str> {
        crate::network::closest(name, self.stations.iter().map(|s| s.name.as_str()))
    }

    /// Whether the train is planned to stand at station `index` (the ends count).
    pub fn is_planned_stop(&self, index: usize) -> bool {
        let s = &self.stations[index];
        index == 0 || index + 1 == self.stations.len() || s.dwell_s > 0.0 || s.depart_at.is_some()
    }

    /// Length of the route, km.
    pub fn length_km(&self) -> f64 {
        self.stations[self.stations.len() - 1].km - self.stations[0].km
    }

    /// The core's view of the route for a journey leaving at `departure` (stated departure
    /// times become seconds after it).
    pub fn track(&self, departure: Timestamp) -> Result<Track, train_sim::SpecError> {
        crate::legs::leg_track(self, departure, 0.0, 0.0, &[])
    }

    /// The time zone in force at `km`: a station's zone holds until the next station of another
    /// zone, or until the border between them when one is given.
    pub fn zone_at(&self, km: f64) -> &Station {
        let index = self
            .stations
            .partition_point(|s| s.km <= km)
            .saturating_sub(1);
        let here = &self.stations[index];
        if let Some(next) = self.stations.get(index + 1)
            && next.tz_name != here.tz_name
        {
            let border = self
                .borders
                .iter()
                .find(|b| b.km > here.km && b.km <= next.km);
            if border.is_some_and(|b| km >= b.km) {
                return next;
            }
        }
        here
    }
}
