//! Itineraries: an ordered list of places on a network, with the stays, unfolded into one linear
//! route for the core (the path between consecutive places is the shortest by km; a `Pass` pins
//! the choice; reversals at junctions become stops).
use crate::duration::FriendlyDuration;
use crate::error::{LoadError, LoadErrorKind};
use crate::network::{Edge, Network, TurnKind};
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::route::{Border, Leg, Restriction, Route, Station};
use crate::time::TimeText;
use crate::values::{UniqueMap, quoted};
use jiff::Timestamp;
use serde::Deserialize;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

/// An itinerary as written in a scenario.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename = "Itinerary")]
pub struct ItineraryFile {
    /// The origin.
    pub from: String,
    /// The places in between, in order.
    #[serde(default)]
    pub via: Vec<ViaFile>,
    /// The destination.
    pub to: String,
}

/// A place the itinerary goes through.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum ViaFile {
    /// The train stops here: for `stay`, or until `depart` (at least `stay` when both are given),
    /// or for the station's usual stop when neither is.
    Stop {
        /// Station name.
        place: String,
        /// How long it stands.
        #[serde(default)]
        stay: Option<FriendlyDuration>,
        /// When it leaves.
        #[serde(default)]
        depart: Option<TimeText>,
    },
    /// The train passes here without stopping, whatever the station's usual stop (and the path
    /// goes through it where two exist).
    Pass {
        /// Station name.
        place: String,
    },
}

impl ViaFile {
    fn place(&self) -> &str {
        match self {
            ViaFile::Stop { place, .. } | ViaFile::Pass { place } => place,
        }
    }
}

/// What a scenario assumes at a junction whose turn is unconfirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum JunctionChoice {
    /// The train runs straight through.
    Direct,
    /// The train reverses (a stop of the turn's reversal time).
    Reversal,
}

/// One itinerary point resolved: the station and what happens there.
#[derive(Debug, Clone)]
struct Point {
    station: usize,
    stop: Option<StopPlan>,
    path: FieldPath,
}

#[derive(Debug, Clone, Copy)]
struct StopPlan {
    dwell_s: f64,
    depart_at: Option<Timestamp>,
}

/// A reversal the path makes at a junction.
#[derive(Debug, Clone, Copy)]
struct PathReversal {
    reversal_s: f64,
}

/// A step of the found path: the station reached and the edge that reached it.
#[derive(Debug, Clone, Copy)]
struct Step {
    station: usize,
    edge: Option<Edge>,
    /// A reversal at this station (a junction turn that needs it).
    reversal: Option<PathReversal>,
}

/// Unfolds `itinerary` on `network` into a linear route; errors point into `scenario` (at
/// `itinerary` and `junctions`).
pub(crate) fn unfold(
    network: &Network,
    itinerary: &ItineraryFile,
    choices: &UniqueMap<JunctionChoice>,
    scenario: &SourceFile,
) -> Result<Route, LoadError> {
    let root = FieldPath::root().field("itinerary");
    // Every place is a station of the unfolded route: refuse more before searching paths.
    if itinerary.via.len() + 2 > train_sim::MAX_STATIONS {
        return Err(scenario.error(
            LoadErrorKind::Inconsistent,
            &root.field("via"),
            Anchor::Value,
            format!(
                "{} places in `via`: a journey may have at most {} stations",
                itinerary.via.len(),
                train_sim::MAX_STATIONS
            ),
        ));
    }
    let place = |path: &FieldPath, name: &str| -> Result<usize, LoadError> {
        network.station_index(name).ok_or_else(|| {
            let hint = network
                .closest_station(name)
                .map(|n| format!(" (did you mean {n:?}?)"))
                .unwrap_or_default();
            scenario.error(
                LoadErrorKind::UnknownName,
                path,
                Anchor::Value,
                format!(
                    "unknown place {}{hint}: not a station of the network {:?}",
                    quoted(name),
                    network.name
                ),
            )
        })
    };
    let mut points = vec![Point {
        station: place(&root.field("from"), &itinerary.from)?,
        stop: None,
        path: root.field("from"),
    }];
    for (i, via) in itinerary.via.iter().enumerate() {
        let at = root.field("via").index(i);
        let station = place(&at.field("place"), via.place())?;
        let stop = match via {
            ViaFile::Pass { .. } => None,
            ViaFile::Stop { stay, depart, .. } => {
                let usual = network.stations[station].dwell_s;
                let dwell_s = match (stay, depart) {
                    (Some(stay), _) => stay.seconds(),
                    (None, Some(_)) => 0.0,
                    (None, None) => usual,
                };
                if dwell_s <= 0.0 && depart.is_none() {
                    return Err(scenario.error(
                        LoadErrorKind::Inconsistent,
                        &at,
                        Anchor::Value,
                        format!(
                            "say how long the train stops at {:?}: stay: \"1h\", or depart: \"<time>\" (or use Pass to go through)",
                            via.place()
                        ),
                    ));
                }
                Some(StopPlan {
                    dwell_s,
                    depart_at: depart.as_ref().map(|t| t.timestamp),
                })
            }
        };
        points.push(Point {
            station,
            stop,
            path: at,
        });
    }
    points.push(Point {
        station: place(&root.field("to"), &itinerary.to)?,
        stop: None,
        path: root.field("to"),
    });
    for pair in points.windows(2) {
        if pair[0].station == pair[1].station {
            return Err(scenario.error(
                LoadErrorKind::Inconsistent,
                &pair[1].path,
                Anchor::Value,
                format!(
                    "{:?} follows itself: the itinerary must go somewhere in between",
                    network.stations[pair[1].station].name
                ),
            ));
        }
    }
    let choice_of = check_choices(network, choices, scenario)?;

    // The path, segment by segment. After a stop (or at the origin) the train may leave in either
    // direction; through a `Pass` it keeps going the way it came.
    let mut steps = vec![Step {
        station: points[0].station,
        edge: None,
        reversal: None,
    }];
    let mut point_at_step = vec![(0usize, 0usize)];
    for k in 1..points.len() {
        let (from, to) = (&points[k - 1], &points[k]);
        let came_from = if k == 1 || from.stop.is_some() {
            None
        } else {
            steps.iter().rev().nth(1).map(|s| s.station)
        };
        let (segment, reversal_at_start) =
            shortest_path(network, from.station, came_from, to.station, &choice_of).map_err(
                |blocked| {
                    // Name only the undecided turns that would open a way.
                    let opening: Vec<Blocked> = blocked
                        .into_iter()
                        .filter(|b| {
                            let mut decided = choice_of.clone();
                            decided.insert(b.at, JunctionChoice::Direct);
                            shortest_path(network, from.station, came_from, to.station, &decided)
                                .is_ok()
                        })
                        .collect();
                    unreachable(network, from, to, &opening, scenario)
                },
            )?;
        // Turning right after a `Pass` reverses at the passed station.
        if let (Some(reversal), Some(last)) = (reversal_at_start, steps.last_mut()) {
            last.reversal = Some(reversal);
        }
        steps.extend(segment);
        point_at_step.push((k, steps.len() - 1));
    }
    // A junction's turn that the scenario says is direct but the network says needs a reversal.
    for step in &steps {
        if step.reversal.is_some()
            && let Some(JunctionChoice::Direct) = choice_of.get(&step.station)
        {
            let name = &network.stations[step.station].name;
            return Err(scenario.error(
                LoadErrorKind::Inconsistent,
                &FieldPath::root().field("junctions").key(name),
                Anchor::Name,
                format!("the path turns at {name:?} where the network says a reversal is needed (a sourced fact): remove Direct, or choose another way with Pass"),
            ));
        }
    }
    Ok(build_route(network, &points, &steps, &point_at_step))
}

/// The scenario's junction choices by station, each checked to name a junction whose turn is not
/// simply direct.
fn check_choices(
    network: &Network,
    choices: &UniqueMap<JunctionChoice>,
    scenario: &SourceFile,
) -> Result<HashMap<usize, JunctionChoice>, LoadError> {
    let mut out = HashMap::new();
    for (name, choice) in choices.iter() {
        let at = FieldPath::root().field("junctions").key(name);
        let station = network.station_index(name).filter(|&s| {
            network
                .turns
                .iter()
                .any(|t| t.at == s && t.kind != TurnKind::Direct)
        });
        let Some(station) = station else {
            // A junction with several turns is named once.
            let mut junctions: Vec<&str> = network
                .turns
                .iter()
                .filter(|t| t.kind != TurnKind::Direct)
                .map(|t| network.stations[t.at].name.as_str())
                .collect();
            junctions.sort_unstable();
            junctions.dedup();
            return Err(scenario.error(
                LoadErrorKind::UnknownName,
                &at,
                Anchor::Name,
                format!(
                    "{} is not a junction with a turn to choose; the network's are: {}",
                    quoted(name),
                    junctions.join(", ")
                ),
            ));
        };
        out.insert(station, *choice);
    }
    Ok(out)
}

/// A turn the search could not take because the scenario does not say how it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Blocked {
    at: usize,
    from: usize,
    to: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Queued {
    km: f64,
    station: usize,
    came_from: Option<usize>,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        // A min-heap on km, ties broken by station for a deterministic path.
        other
            .km
            .total_cmp(&self.km)
            .then_with(|| other.station.cmp(&self.station))
            .then_with(|| other.came_from.cmp(&self.came_from))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The shortest path (by km) from `from` to `to`, as the steps after `from` and a reversal to make
/// at `from` itself; `came_from` forbids leaving back the way the train came. A turn that needs a
/// reversal becomes one (confirmed, or chosen by the scenario); an unconfirmed turn the scenario
/// does not decide is not taken, and is returned when no path exists without it.
fn shortest_path(
    network: &Network,
    from: usize,
    came_from: Option<usize>,
    to: usize,
    choices: &HashMap<usize, JunctionChoice>,
) -> Result<(Vec<Step>, Option<PathReversal>), Vec<Blocked>> {
    type State = (usize, Option<usize>);
    let mut best: HashMap<State, f64> = HashMap::new();
    let mut previous: HashMap<State, (State, Edge, Option<PathReversal>)> = HashMap::new();
    let mut blocked = Vec::new();
    let mut queue = BinaryHeap::new();
    let start = (from, came_from);
    best.insert(start, 0.0);
    queue.push(Queued {
        km: 0.0,
        station: from,
        came_from,
    });
    let mut reached = None;
    while let Some(Queued {
        km,
        station,
        came_from,
    }) = queue.pop()
    {
        let state = (station, came_from);
        if best.get(&state).is_some_and(|&b| km > b) {
            continue;
        }
        if station == to && state != start {
            reached = Some(state);
            break;
        }
        for edge in &network.edges[station] {
            if came_from == Some(edge.to) {
                continue;
            }
            let reversal = match came_from.and_then(|c| network.turn(station, c, edge.to)) {
                None => None,
                Some(turn) => match (turn.kind, choices.get(&station)) {
                    (TurnKind::Direct, _)
                    | (TurnKind::Unconfirmed, Some(JunctionChoice::Direct)) => None,
                    (TurnKind::Reversal, _)
                    | (TurnKind::Unconfirmed, Some(JunctionChoice::Reversal)) => {
                        Some(PathReversal {
                            reversal_s: turn.reversal_s,
                        })
                    }
                    (TurnKind::Unconfirmed, None) => {
                        let b = Blocked {
                            at: station,
                            from: came_from.unwrap_or(station),
                            to: edge.to,
                        };
                        if !blocked.contains(&b) {
                            blocked.push(b);
                        }
                        continue;
                    }
                },
            };
            let next = (edge.to, Some(station));
            let next_km = km + (edge.to_km - edge.from_km).abs();
            if best.get(&next).is_none_or(|&b| next_km < b) {
                best.insert(next, next_km);
                previous.insert(next, (state, *edge, reversal));
                queue.push(Queued {
                    km: next_km,
                    station: edge.to,
                    came_from: Some(station),
                });
            }
        }
    }
    let Some(mut state) = reached else {
        return Err(blocked);
    };
    let mut steps = Vec::new();
    // The reversal found on arriving at a station is made there, before leaving along the next edge.
    let mut reversal_here = None;
    while state != start {
        let (before, edge, reversal) = previous[&state];
        steps.push(Step {
            station: state.0,
            edge: Some(edge),
            reversal: reversal_here,
        });
        reversal_here = reversal;
        state = before;
    }
    steps.reverse();
    Ok((steps, reversal_here))
}

/// The error for a place that cannot be reached, naming it and, when an unconfirmed turn is in the
/// way, what the scenario can state.
fn unreachable(
    network: &Network,
    from: &Point,
    to: &Point,
    blocked: &[Blocked],
    scenario: &SourceFile,
) -> LoadError {
    let name = |i: usize| network.stations[i].name.as_str();
    let mut message = format!(
        "{:?} cannot be reached from {:?} on the network {:?}",
        name(to.station),
        name(from.station),
        network.name
    );
    if blocked.is_empty() {
        message.push_str(" (no line joins them; through a Pass the train cannot turn back)");
    } else {
        for b in blocked {
            message.push_str(&format!(
                "; the way through {:?} (from {:?} toward {:?}) may need a reversal, which is unconfirmed: state junctions: {{ {:?}: Direct }} or {{ {:?}: Reversal }}, or reverse elsewhere with a Stop",
                name(b.at),
                name(b.from),
                name(b.to),
                name(b.at),
                name(b.at)
            ));
        }
    }
    let field = match &to.path.0.last() {
        Some(crate::ron_index::Seg::Index(_)) => to.path.field("place"),
        _ => to.path.clone(),
    };
    scenario.error(LoadErrorKind::Inconsistent, &field, Anchor::Value, message)
}

/// The linear route along the found path.
fn build_route(
    network: &Network,
    points: &[Point],
    steps: &[Step],
    point_at_step: &[(usize, usize)],
) -> Route {
    let mut stations: Vec<Station> = Vec::with_capacity(steps.len());
    let mut restrictions: Vec<Restriction> = Vec::new();
    let mut borders: Vec<Border> = Vec::new();
    let mut visits: HashMap<usize, usize> = HashMap::new();
    let mut legs = Vec::new();
    let mut leg_start = 0;
    let mut km = 0.0;
    // The current run along one line in one direction: (line, increasing, position and line km
    // where it began). Positions are measured from the run's start, so a path along one line is
    // exactly its chainage (no rounding accumulates from edge to edge).
    let mut run: Option<(usize, bool, f64, f64)> = None;
    let last_step = steps.len() - 1;
    for (i, step) in steps.iter().enumerate() {
        let net = &network.stations[step.station];
        let mut post = None;
        if let Some(edge) = step.edge {
            let line = &network.lines[edge.line];
            let increasing = edge.to_km > edge.from_km;
            let (base_pos, base_km) = match run {
                Some((l, up, pos, line_km)) if l == edge.line && up == increasing => (pos, line_km),
                _ => {
                    run = Some((edge.line, increasing, km, edge.from_km));
                    (km, edge.from_km)
                }
            };
            // Position along the itinerary of a km of this edge's line.
            let along = |line_km: f64| base_pos + (line_km - base_km).abs();
            let start_km = km;
            let (lo, hi) = (edge.from_km.min(edge.to_km), edge.from_km.max(edge.to_km));
            let mut covered: Vec<Restriction> = line
                .restrictions
                .iter()
                .filter(|r| r.to_km > lo && r.from_km < hi)
                .map(|r| {
                    let (a, b) = (along(r.from_km.max(lo)), along(r.to_km.min(hi)));
                    Restriction {
                        from_km: a.min(b),
                        to_km: a.max(b),
                        max_kmh: r.max_kmh,
                        reason: r.reason.clone(),
                    }
                })
                .collect();
            if let Some(max_kmh) = line.max_kmh {
                covered.push(Restriction {
                    from_km: start_km,
                    to_km: along(edge.to_km),
                    max_kmh,
                    reason: Some(format!("line speed of {}", line.name)),
                });
            }
            restrictions.extend(covered);
            for b in line.borders.iter().filter(|b| b.km > lo && b.km < hi) {
                borders.push(Border {
                    name: b.name.clone(),
                    km: along(b.km),
                    lat: b.lat_lon.map(|p| p.0),
                    lon: b.lat_lon.map(|p| p.1),
                    km_estimated: b.km_estimated,
                });
            }
            km = along(edge.to_km);
            let own = line.posts.iter().find(|p| p.station == step.station);
            post = own.map(|p| (line.name.clone(), p.km));
        }
        let visit = visits.entry(step.station).or_insert(0);
        *visit += 1;
        // What the itinerary says happens here, when this step is one of its points.
        let point = point_at_step
            .iter()
            .find(|(_, s)| *s == i)
            .map(|(p, _)| &points[*p]);
        let (mut dwell_s, depart_at) = match point.map(|p| p.stop) {
            Some(Some(plan)) => (plan.dwell_s, plan.depart_at),
            // A `Pass` passes, whatever the station's usual stop.
            Some(None) => (0.0, None),
            None => (net.dwell_s, None),
        };
        // The train doubles back at a stop whose next step returns where it came from.
        let doubles_back = i > 0 && i < last_step && steps[i + 1].station == steps[i - 1].station;
        if let Some(r) = step.reversal {
            dwell_s = dwell_s.max(r.reversal_s);
        }
        let leg_end = i == last_step || point.is_some_and(|p| p.stop.is_some());
        let km_estimated = step.edge.is_some_and(|e| {
            network.lines[e.line]
                .posts
                .iter()
                .filter(|p| p.station == step.station || p.station == steps[i - 1].station)
                .any(|p| p.estimated)
        });
        stations.push(Station {
            name: net.name.clone(),
            km,
            tz_name: net.tz_name.clone(),
            tz: net.tz.clone(),
            lat: net.lat,
            lon: net.lon,
            dwell_s,
            km_estimated,
            coords_estimated: net.coords_estimated,
            note: net.note.clone(),
            leg: legs.len(),
            visit: *visit,
            reversal: step.reversal.is_some() || doubles_back,
            depart_at,
            leg_end,
            post,
            written_at: point.map(|p| p.path.clone()),
        });
        if leg_end && i > 0 {
            legs.push(Leg {
                from: leg_start,
                to: i,
            });
            leg_start = i;
        }
    }
    let name = std::iter::once(points[0].station)
        .chain(
            points
                .iter()
                .skip(1)
                .filter(|p| p.stop.is_some())
                .map(|p| p.station),
        )
        .chain(std::iter::once(points[points.len() - 1].station))
        .map(|s| network.stations[s].name.as_str())
        .collect::<Vec<_>>()
        .join(" → ");
    Route {
        name,
        notes: network.notes.clone(),
        train: network.train,
        stations,
        restrictions,
        borders,
        legs,
        itinerary: true,
        places: network.stations.iter().map(|s| s.name.clone()).collect(),
        source: network.source.clone(),
    }
}
