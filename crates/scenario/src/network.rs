//! Rail networks (`assets/network/*.ron`): stations defined once (zone, coordinates), lines with
//! their own chainage (km posts) through them, per-line speed limits, restrictions and zone
//! borders, and the turns at junctions that need (or may need) a reversal.
use crate::duration::FriendlyDuration;
use crate::error::{LoadError, LoadErrorKind};
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::route::{Restriction, TrainSpec};
use crate::time::ZoneName;
use crate::values::{Km, Kmh, Latitude, Longitude, Mps2, name, quoted};
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Network")]
struct NetworkFile {
    name: String,
    #[serde(default)]
    notes: Option<String>,
    train: TrainFile,
    stations: Vec<StationFile>,
    lines: Vec<LineFile>,
    #[serde(default)]
    junctions: Vec<JunctionFile>,
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
    tz: ZoneName,
    #[serde(default)]
    lat: Option<Latitude>,
    #[serde(default)]
    lon: Option<Longitude>,
    #[serde(default)]
    dwell: Option<FriendlyDuration>,
    #[serde(default)]
    coords_estimated: bool,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Line")]
struct LineFile {
    name: String,
    chainage: String,
    #[serde(default)]
    max_kmh: Option<Kmh>,
    posts: Vec<PostFile>,
    #[serde(default)]
    restrictions: Vec<RestrictionFile>,
    #[serde(default)]
    borders: Vec<BorderFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Post")]
struct PostFile {
    station: String,
    km: Km,
    #[serde(default)]
    estimated: bool,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Junction")]
struct JunctionFile {
    station: String,
    turns: Vec<TurnFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Turn")]
struct TurnFile {
    between: (String, String),
    kind: TurnKind,
    #[serde(default)]
    reversal: Option<FriendlyDuration>,
    #[serde(default)]
    note: Option<String>,
}

/// Whether a train turning at a junction from one neighbour toward another must reverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum TurnKind {
    /// It runs straight through.
    Direct,
    /// It must reverse (a sourced fact).
    Reversal,
    /// Not known: a scenario whose path turns here must state which it assumes.
    Unconfirmed,
}

/// A station of a network.
#[derive(Debug, Clone, PartialEq)]
pub struct NetStation {
    /// Name (unique in the network).
    pub name: String,
    /// IANA zone name.
    pub tz_name: String,
    /// Zone.
    pub tz: TimeZone,
    /// Latitude, degrees, if known.
    pub lat: Option<f64>,
    /// Longitude, degrees, if known.
    pub lon: Option<f64>,
    /// The train's usual stop here, s (0: it passes).
    pub dwell_s: f64,
    /// The coordinates are an estimate.
    pub coords_estimated: bool,
    /// Source note.
    pub note: Option<String>,
}

/// A station's place on a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Post {
    /// Station index in the network.
    pub station: usize,
    /// Its km on the line's chainage.
    pub km: f64,
    /// The km is an estimate.
    pub estimated: bool,
}

/// A zone border on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineBorder {
    /// Name.
    pub name: String,
    /// Km on the line.
    pub km: f64,
    /// Latitude and longitude, degrees.
    pub lat_lon: Option<(f64, f64)>,
    /// The km is an estimate.
    pub km_estimated: bool,
}

/// A line: stations in chainage order.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Name.
    pub name: String,
    /// What its km count from.
    pub chainage: String,
    /// Speed limit on the whole line, km/h.
    pub max_kmh: Option<f64>,
    /// Stations, km increasing.
    pub posts: Vec<Post>,
    /// Restrictions, in the line's km.
    pub restrictions: Vec<Restriction>,
    /// Zone borders, in the line's km.
    pub borders: Vec<LineBorder>,
}

/// A turn at a junction between two neighbouring stations.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// The junction.
    pub at: usize,
    /// The two neighbours (either order).
    pub between: (usize, usize),
    /// Whether a reversal is needed.
    pub kind: TurnKind,
    /// How long a reversal takes, s.
    pub reversal_s: f64,
    /// Source note.
    pub note: Option<String>,
    /// Where the turn is written (for errors).
    pub path: FieldPath,
}

/// One step along a line between neighbouring stations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// Station reached.
    pub to: usize,
    /// Line index.
    pub line: usize,
    /// Km at the start and the end, on the line's chainage.
    pub from_km: f64,
    /// Km at the end.
    pub to_km: f64,
}

/// A validated network.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// Display name.
    pub name: String,
    /// Sources.
    pub notes: Option<String>,
    /// The default train.
    pub train: TrainSpec,
    /// Stations.
    pub stations: Vec<NetStation>,
    /// Lines.
    pub lines: Vec<Line>,
    /// Turns at junctions that are not simply direct.
    pub turns: Vec<Turn>,
    /// Neighbours of each station, along every line through it.
    pub edges: Vec<Vec<Edge>>,
    /// The file.
    pub source: Arc<SourceFile>,
}

/// Reversal time assumed when a turn gives none (an ESTIMATE: a locomotive run-round; no source
/// gives the time).
pub const DEFAULT_REVERSAL_S: f64 = 30.0 * 60.0;

impl Network {
    /// Reads and validates a network file.
    pub fn load(path: &std::path::Path) -> Result<Self, LoadError> {
        Self::from_source(SourceFile::read(path, "network")?)
    }

    /// Parses and validates network text as if read from `path`.
    pub fn parse(path: &std::path::Path, text: &str) -> Result<Self, LoadError> {
        Self::from_source(SourceFile::new(path, text))
    }

    /// Validates a network file: unique station names, posts naming stations, km increasing along
    /// each line, restrictions and borders inside their line, turns between real neighbours.
    pub fn from_source(source: SourceFile) -> Result<Self, LoadError> {
        let file: NetworkFile = source.parse()?;
        let root = FieldPath::root();
        let error = |path: &FieldPath, kind, message: String| {
            source.error(kind, path, Anchor::Value, message)
        };
        if file.stations.len() > MAX_NETWORK_STATIONS {
            return Err(error(
                &root.field("stations"),
                LoadErrorKind::Inconsistent,
                format!(
                    "a network may have at most {MAX_NETWORK_STATIONS} stations, got {}",
                    file.stations.len()
                ),
            ));
        }
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut stations = Vec::with_capacity(file.stations.len());
        for (i, s) in file.stations.into_iter().enumerate() {
            let at = root.field("stations").index(i);
            if let Some(&first) = index.get(&s.name) {
                return Err(error(
                    &at.field("name"),
                    LoadErrorKind::Inconsistent,
                    format!(
                        "station name {:?} is defined twice (stations[{first}] and stations[{i}]): a station is defined once and each line lists it in `posts`",
                        s.name
                    ),
                ));
            }
            if s.lat.is_some() != s.lon.is_some() {
                return Err(error(
                    &at,
                    LoadErrorKind::Inconsistent,
                    format!("station {:?}: give both lat and lon, or neither", s.name),
                ));
            }
            index.insert(s.name.clone(), i);
            stations.push(NetStation {
                name: s.name,
                tz_name: s.tz.name,
                tz: s.tz.zone,
                lat: s.lat.map(Latitude::get),
                lon: s.lon.map(Longitude::get),
                dwell_s: s.dwell.map_or(0.0, FriendlyDuration::seconds),
                coords_estimated: s.coords_estimated,
                note: s.note,
            });
        }
        let station_at = |path: &FieldPath, name: &str| -> Result<usize, LoadError> {
            index.get(name).copied().ok_or_else(|| {
                let hint = closest(name, stations.iter().map(|s| s.name.as_str()))
                    .map(|n| format!(" (did you mean {n:?}?)"))
                    .unwrap_or_default();
                error(
                    path,
                    LoadErrorKind::UnknownName,
                    format!(
                        "unknown station {}{hint}: define it in `stations` first",
                        quoted(name)
                    ),
                )
            })
        };
        let mut lines = Vec::with_capacity(file.lines.len());
        let mut edges: Vec<Vec<Edge>> = vec![Vec::new(); stations.len()];
        for (l, line) in file.lines.into_iter().enumerate() {
            let at = root.field("lines").index(l);
            if line.posts.len() < 2 {
                return Err(error(
                    &at.field("posts"),
                    LoadErrorKind::Inconsistent,
                    format!("line {:?} needs at least 2 posts", line.name),
                ));
            }
            let mut posts: Vec<Post> = Vec::with_capacity(line.posts.len());
            for (p, post) in line.posts.iter().enumerate() {
                let post_at = at.field("posts").index(p);
                let station = station_at(&post_at.field("station"), &post.station)?;
                let km = post.km.get();
                if let Some(previous) = posts.last()
                    && !(km > previous.km)
                {
                    return Err(error(
                        &post_at.field("km"),
                        LoadErrorKind::Inconsistent,
                        format!(
                            "{:?} is at km {km}, not beyond {:?} at km {}: posts go in chainage order",
                            post.station, stations[previous.station].name, previous.km
                        ),
                    ));
                }
                if posts.iter().any(|q| q.station == station) {
                    return Err(error(
                        &post_at.field("station"),
                        LoadErrorKind::Inconsistent,
                        format!("{:?} is on line {:?} twice", post.station, line.name),
                    ));
                }
                posts.push(Post {
                    station,
                    km,
                    estimated: post.estimated,
                });
            }
            let (first_km, last_km) = (posts[0].km, posts[posts.len() - 1].km);
            let inside = |km: f64| km >= first_km && km <= last_km;
            let mut restrictions = Vec::with_capacity(line.restrictions.len());
            for (r, restriction) in line.restrictions.into_iter().enumerate() {
                let (from_km, to_km) = (restriction.from_km.get(), restriction.to_km.get());
                if !(to_km > from_km && inside(from_km) && inside(to_km)) {
                    return Err(error(
                        &at.field("restrictions").index(r),
                        LoadErrorKind::Inconsistent,
                        format!(
                            "[{from_km} km, {to_km} km) must be non-empty and inside the line [{first_km}, {last_km}]"
                        ),
                    ));
                }
                restrictions.push(Restriction {
                    from_km,
                    to_km,
                    max_kmh: restriction.max_kmh.get(),
                    reason: restriction.reason,
                });
            }
            let mut borders = Vec::with_capacity(line.borders.len());
            for (b, border) in line.borders.into_iter().enumerate() {
                let km = border.km.get();
                if !(km > first_km && km < last_km) {
                    return Err(error(
                        &at.field("borders").index(b).field("km"),
                        LoadErrorKind::Inconsistent,
                        format!("border {:?} at km {km} is not inside the line", border.name),
                    ));
                }
                borders.push(LineBorder {
                    name: border.name,
                    km,
                    lat_lon: border
                        .lat
                        .zip(border.lon)
                        .map(|(lat, lon)| (lat.get(), lon.get())),
                    km_estimated: border.km_estimated,
                });
            }
            for pair in posts.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                edges[a.station].push(Edge {
                    to: b.station,
                    line: l,
                    from_km: a.km,
                    to_km: b.km,
                });
                edges[b.station].push(Edge {
                    to: a.station,
                    line: l,
                    from_km: b.km,
                    to_km: a.km,
                });
            }
            lines.push(Line {
                name: line.name,
                chainage: line.chainage,
                max_kmh: line.max_kmh.map(Kmh::get),
                posts,
                restrictions,
                borders,
            });
        }
        let mut turns = Vec::new();
        for (j, junction) in file.junctions.into_iter().enumerate() {
            let at = root.field("junctions").index(j);
            let station = station_at(&at.field("station"), &junction.station)?;
            for (t, turn) in junction.turns.into_iter().enumerate() {
                let turn_at = at.field("turns").index(t);
                let a = station_at(&turn_at.field("between").index(0), &turn.between.0)?;
                let b = station_at(&turn_at.field("between").index(1), &turn.between.1)?;
                for (k, neighbour) in [(0, a), (1, b)] {
                    if !edges[station].iter().any(|e| e.to == neighbour) {
                        return Err(error(
                            &turn_at.field("between").index(k),
                            LoadErrorKind::Inconsistent,
                            format!(
                                "{:?} is not a neighbour of {:?} on any line",
                                stations[neighbour].name, junction.station
                            ),
                        ));
                    }
                }
                turns.push(Turn {
                    at: station,
                    between: (a, b),
                    kind: turn.kind,
                    reversal_s: turn
                        .reversal
                        .map_or(DEFAULT_REVERSAL_S, FriendlyDuration::seconds),
                    note: turn.note,
                    path: turn_at,
                });
            }
        }
        Ok(Self {
            name: file.name,
            notes: file.notes,
            train: TrainSpec {
                cruise_kmh: file.train.cruise_kmh.get(),
                accel_mps2: file.train.accel_mps2.get(),
                brake_mps2: file.train.brake_mps2.get(),
            },
            stations,
            lines,
            turns,
            edges,
            source: Arc::new(source),
        })
    }

    /// The index of the station called `name`.
    pub fn station_index(&self, name: &str) -> Option<usize> {
        self.stations.iter().position(|s| s.name == name)
    }

    /// A suggestion for a mistyped station name.
    pub fn closest_station(&self, name: &str) -> Option<&str> {
        closest(name, self.stations.iter().map(|s| s.name.as_str()))
    }

    /// The turn at `at` between neighbours `a` and `b`, when the network describes one.
    pub fn turn(&self, at: usize, a: usize, b: usize) -> Option<&Turn> {
        self.turns
            .iter()
            .find(|t| t.at == at && (t.between == (a, b) || t.between == (b, a)))
    }
}

/// Longest name the "did you mean" search compares (longer names are compared by their start):
/// it keeps the edit distance cheap on hostile input.
const MAX_SUGGESTION_CHARS: usize = 64;
/// Largest number of stations in a network file (a resource limit: every path search of an
/// itinerary visits them; a journey itself is limited to `train_sim::MAX_STATIONS`).
pub const MAX_NETWORK_STATIONS: usize = 20_000;
/// Names further than this many edits are not suggested.
const MAX_SUGGESTION_EDITS: usize = 3;

/// The closest of `names` to `name`, for "did you mean" hints.
pub(crate) fn closest<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower: String = name
        .to_lowercase()
        .chars()
        .take(MAX_SUGGESTION_CHARS)
        .collect();
    names
        .map(|candidate| {
            let other: String = candidate
                .to_lowercase()
                .chars()
                .take(MAX_SUGGESTION_CHARS)
                .collect();
            (edit_distance(&lower, &other), candidate)
        })
        .filter(|(d, _)| *d <= MAX_SUGGESTION_EDITS)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Levenshtein distance.
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
