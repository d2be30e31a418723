//! Route files (`assets/routes/*.ron`): stations, time zones, coordinates, restrictions, borders.
use crate::duration::FriendlyDuration;
use crate::error::LoadError;
use crate::ron_file;
use crate::time::ZoneName;
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use train_sim::units::{km_to_m, kmh_to_mps};
use train_sim::{MAX_STATIONS, SpeedLimit, Stop, Track};

/// Routes compiled into the binary, so a shipped route name works from any directory.
pub const SHIPPED_ROUTES: [(&str, &str); 1] = [(
    "pyongyang-vladivostok",
    include_str!("../../assets/routes/pyongyang-vladivostok.ron"),
)];

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
    cruise_kmh: f64,
    accel_mps2: f64,
    brake_mps2: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Station")]
struct StationFile {
    name: String,
    km: f64,
    tz: ZoneName,
    #[serde(default)]
    lat: Option<f64>,
    #[serde(default)]
    lon: Option<f64>,
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
    from_km: f64,
    to_km: f64,
    max_kmh: f64,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Border")]
struct BorderFile {
    name: String,
    km: f64,
    #[serde(default)]
    lat: Option<f64>,
    #[serde(default)]
    lon: Option<f64>,
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
    /// Where it was read from (a path, or `<shipped>/name.ron`).
    pub path: PathBuf,
}

impl Route {
    /// Reads and validates a route file.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let source = std::fs::read_to_string(path)
            .map_err(|e| LoadError::plain(path, format!("cannot read route file: {e}")))?;
        Self::parse(path, &source)
    }

    /// Finds a route by name: `assets/routes/<name>.ron` in `start` or one of its ancestors, else a shipped copy.
    pub fn find(
        name: &str,
        start: &Path,
        referring_file: &Path,
        source: &str,
    ) -> Result<Self, LoadError> {
        for dir in start.ancestors() {
            let candidate = dir
                .join("assets")
                .join("routes")
                .join(format!("{name}.ron"));
            if candidate.is_file() {
                return Self::load(&candidate);
            }
        }
        if let Some((_, text)) = SHIPPED_ROUTES.iter().find(|(n, _)| *n == name) {
            return Self::parse(&PathBuf::from(format!("<shipped>/{name}.ron")), text);
        }
        let known: Vec<&str> = SHIPPED_ROUTES.iter().map(|(n, _)| *n).collect();
        Err(LoadError::field(
            referring_file,
            source,
            "route",
            Some(&format!("\"{name}\"")),
            format!(
                "unknown route {name:?}: not a shipped route ({}) and no assets/routes/{name}.ron found; give a path ending in .ron to use your own file",
                known.join(", ")
            ),
        ))
    }

    /// Parses and validates route text.
    pub fn parse(path: &Path, source: &str) -> Result<Self, LoadError> {
        let file: RouteFile = ron_file::parse(path, source)?;
        let field_error = |field: String, needle: Option<String>, message: String| {
            LoadError::field(path, source, field, needle.as_deref(), message)
        };
        for (name, value) in [
            ("train.cruise_kmh", file.train.cruise_kmh),
            ("train.accel_mps2", file.train.accel_mps2),
            ("train.brake_mps2", file.train.brake_mps2),
        ] {
            if !(value > 0.0 && value.is_finite()) {
                let key = name.trim_start_matches("train.");
                return Err(field_error(
                    name.into(),
                    Some(format!("{key}:")),
                    format!("must be a positive number, got {value}"),
                ));
            }
        }
        if file.stations.len() < 2 {
            return Err(field_error(
                "stations".into(),
                Some("stations".into()),
                format!(
                    "a route needs at least 2 stations, got {}",
                    file.stations.len()
                ),
            ));
        }
        if file.stations.len() > MAX_STATIONS {
            return Err(field_error(
                "stations".into(),
                None,
                format!(
                    "at most {MAX_STATIONS} stations are allowed, got {}",
                    file.stations.len()
                ),
            ));
        }
        let mut stations: Vec<Station> = Vec::with_capacity(file.stations.len());
        for (i, s) in file.stations.into_iter().enumerate() {
            let needle = Some(format!("\"{}\"", s.name));
            if !s.km.is_finite() || s.km < 0.0 {
                return Err(field_error(
                    format!("stations[{i}].km"),
                    needle,
                    format!(
                        "station {:?}: km must be zero or positive, got {}",
                        s.name, s.km
                    ),
                ));
            }
            if let Some(previous) = stations.last()
                && !(s.km > previous.km)
            {
                return Err(field_error(
                    format!("stations[{i}].km"),
                    needle,
                    format!(
                        "station {:?} is at km {}, not beyond the previous station {:?} at km {}: km must increase along the route",
                        s.name, s.km, previous.name, previous.km
                    ),
                ));
            }
            if stations.iter().any(|p| p.name == s.name) {
                return Err(field_error(
                    format!("stations[{i}].name"),
                    needle,
                    format!("station name {:?} appears twice", s.name),
                ));
            }
            match (s.lat, s.lon) {
                (Some(lat), Some(lon))
                    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) =>
                {
                    return Err(field_error(
                        format!("stations[{i}]"),
                        needle,
                        format!(
                            "station {:?}: coordinates ({lat}, {lon}) are out of range",
                            s.name
                        ),
                    ));
                }
                (Some(_), None) | (None, Some(_)) => {
                    return Err(field_error(
                        format!("stations[{i}]"),
                        needle,
                        format!("station {:?}: give both lat and lon, or neither", s.name),
                    ));
                }
                _ => {}
            }
            stations.push(Station {
                name: s.name,
                km: s.km,
                tz_name: s.tz.name,
                tz: s.tz.zone,
                lat: s.lat,
                lon: s.lon,
                dwell_s: s.dwell.map_or(0.0, FriendlyDuration::seconds),
                km_estimated: s.km_estimated,
                coords_estimated: s.coords_estimated,
                note: s.note,
            });
        }
        let (first_km, last_km) = (stations[0].km, stations[stations.len() - 1].km);
        let mut restrictions = Vec::with_capacity(file.restrictions.len());
        for (i, r) in file.restrictions.into_iter().enumerate() {
            let needle = Some(format!("from_km: {}", r.from_km));
            if !(r.to_km > r.from_km) || r.from_km < first_km || r.to_km > last_km {
                return Err(field_error(
                    format!("restrictions[{i}]"),
                    needle,
                    format!(
                        "[{} km, {} km) must be non-empty and inside the route [{first_km}, {last_km}]",
                        r.from_km, r.to_km
                    ),
                ));
            }
            if !(r.max_kmh > 0.0 && r.max_kmh.is_finite()) {
                return Err(field_error(
                    format!("restrictions[{i}].max_kmh"),
                    needle,
                    format!("must be a positive number, got {}", r.max_kmh),
                ));
            }
            restrictions.push(Restriction {
                from_km: r.from_km,
                to_km: r.to_km,
                max_kmh: r.max_kmh,
                reason: r.reason,
            });
        }
        let mut borders = Vec::with_capacity(file.borders.len());
        for (i, b) in file.borders.into_iter().enumerate() {
            if !(b.km > first_km && b.km < last_km) {
                return Err(field_error(
                    format!("borders[{i}].km"),
                    Some(format!("\"{}\"", b.name)),
                    format!("border {:?} at km {} is not inside the route", b.name, b.km),
                ));
            }
            borders.push(Border {
                name: b.name,
                km: b.km,
                lat: b.lat,
                lon: b.lon,
                km_estimated: b.km_estimated,
            });
        }
        borders.sort_by(|a, b| a.km.total_cmp(&b.km));
        Ok(Self {
            name: file.name,
            notes: file.notes,
            train: TrainSpec {
                cruise_kmh: file.train.cruise_kmh,
                accel_mps2: file.train.accel_mps2,
                brake_mps2: file.train.brake_mps2,
            },
            stations,
            restrictions,
            borders,
            path: path.to_path_buf(),
        })
    }

    /// Index of the station called `name`.
    pub fn station_index(&self, name: &str) -> Option<usize> {
        self.stations.iter().position(|s| s.name == name)
    }

    /// A suggestion for a mistyped station name.
    pub fn closest_station(&self, name: &str) -> Option<&str> {
        let lower = name.to_lowercase();
        self.stations
            .iter()
            .map(|s| {
                (
                    edit_distance(&lower, &s.name.to_lowercase()),
                    s.name.as_str(),
                )
            })
            .filter(|(d, _)| *d <= 3)
            .min_by_key(|(d, _)| *d)
            .map(|(_, n)| n)
    }

    /// Length of the route, km.
    pub fn length_km(&self) -> f64 {
        self.stations[self.stations.len() - 1].km - self.stations[0].km
    }

    /// The core's view of the route with the given dwell times (s, one per station).
    pub fn track(&self, dwells_s: &[f64]) -> Result<Track, train_sim::SpecError> {
        let stops = self
            .stations
            .iter()
            .zip(dwells_s)
            .map(|(s, &dwell_s)| Stop {
                x_m: km_to_m(s.km),
                dwell_s,
            })
            .collect();
        let limits = self
            .restrictions
            .iter()
            .map(|r| SpeedLimit {
                from_m: km_to_m(r.from_km),
                to_m: km_to_m(r.to_km),
                max_mps: kmh_to_mps(r.max_kmh),
            })
            .collect();
        Track::new(stops, limits)
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

/// Levenshtein distance, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}
