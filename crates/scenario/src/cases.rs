//! Table-driven scenarios: `cases` (the base journey with some of its fields replaced) and a `vary`
//! grid (cruise speeds × departures, each cell named from its values). Each case is validated into
//! a journey of its own; it keeps the base's expectations except those it states itself about the
//! same thing (the same station, stretch or estimate).
use crate::error::{LoadError, LoadErrorKind};
use crate::locate::Remap;
use crate::relations;
use crate::ron_file::Anchor;
use crate::ron_index::FieldPath;
use crate::route::Route;
use crate::scenario::{JourneyParts, Scenario};
use crate::scenario_file::{CaseFile, ScenarioFile, VaryFile};
use crate::time::{Departure, local, offset_label};
use crate::values::{Kmh, quoted};
use std::collections::HashMap;
use std::sync::Arc;

/// Most cases one file may hold, written cases and `vary` cells together (a resource limit).
pub const MAX_CASES: usize = 10_000;
/// Most work all the cases of a file may ask for, in stations passed (cases × stations, a stop
/// counting as [`STATIONS_PER_STOP_WORK`] more for each station): about 8 s in release at the
/// limit (500 cases of 2,000 stations measured 7.7 s), a resource limit like the stations of
/// one journey.
pub const MAX_CASE_WORK: f64 = 1_000_000.0;
/// A stop's estimate runs the rest of the journey: measured, each stop adds to every station
/// about 1/55 of the cost of passing it (2,000 stations: 15 ms a journey without stops, 580 ms
/// with a stop at each).
const STATIONS_PER_STOP_WORK: f64 = 55.0;
/// The name of the base journey among the cases (relations name it).
pub const BASE_CASE: &str = "base";

/// Where a case comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseOrigin {
    /// `cases[index]`.
    Written(usize),
    /// A cell of `vary`, by its indices on the axes it has.
    Cell {
        /// Index in `vary.cruise_kmh`.
        cruise: Option<usize>,
        /// Index in `vary.departure`.
        departure: Option<usize>,
    },
}

/// One case of a table-driven file: a journey of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Its name ("45 km/h", or as written).
    pub name: String,
    /// Where it is written.
    pub origin: CaseOrigin,
    /// The journey (its expectations merged with the base's; no cases of its own).
    pub scenario: Box<Scenario>,
}

/// The `vary` grid as validated: its axes' values (sorted or not; `Ordered` asks for sorted) and
/// the case index of each cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Grid {
    /// Cruise speeds, km/h, as written (empty: not varied).
    pub(crate) cruise_kmh: Vec<f64>,
    /// Departures as written (empty: not varied).
    pub(crate) departures: Vec<Departure>,
    /// Case index (0 = base) of the cell at (departure index, cruise index).
    pub(crate) cells: HashMap<(usize, usize), usize>,
}

/// The name of a `vary` cell from its values: "45 km/h", "dep 2023-09-10 23:30 +09", or both
/// (the departure in the origin's `zone`).
pub fn cell_name(
    cruise_kmh: Option<f64>,
    departure: Option<jiff::Timestamp>,
    zone: &jiff::tz::TimeZone,
) -> String {
    let speed = cruise_kmh.map(|v| format!("{v} km/h"));
    let when = departure.map(|d| {
        let zoned = local(d, zone);
        format!(
            "dep {} {}",
            zoned.strftime("%Y-%m-%d %H:%M"),
            offset_label(&zoned)
        )
    });
    match (speed, when) {
        (Some(s), Some(w)) => format!("{s}, {w}"),
        (Some(s), None) => s,
        (None, Some(w)) => w,
        (None, None) => BASE_CASE.into(),
    }
}

/// The fields a case writes itself, and the journey with them in place of the base's.
fn case_parts(
    base: &JourneyParts,
    case: &CaseFile,
    index: usize,
) -> (JourneyParts, Vec<&'static str>) {
    let mut parts = base.clone();
    let mut fields = Vec::new();
    if let Some(departure) = &case.departure {
        parts.departure = departure.clone();
        fields.push("departure");
    }
    if let Some(train) = &case.train {
        // Only the figures the case writes replace the base's.
        parts.train.cruise_kmh = train.cruise_kmh.or(parts.train.cruise_kmh);
        parts.train.accel_mps2 = train.accel_mps2.or(parts.train.accel_mps2);
        parts.train.brake_mps2 = train.brake_mps2.or(parts.train.brake_mps2);
        fields.push("train");
    }
    if let Some(stops) = &case.stops {
        parts.stops = stops.clone();
        fields.push("stops");
    }
    if let Some(levels) = &case.levels {
        parts.levels = Some(levels.clone());
        fields.push("levels");
    }
    if let Some(security) = &case.security {
        parts.security = security.clone();
        // The case's own events must do something; inherited ones may fall before its departure
        // (a warning of its run).
        parts.strict_events = true;
        fields.push("security");
    } else {
        parts.strict_events = false;
    }
    if let Some(incidents) = &case.incidents {
        parts.incidents = incidents.clone();
        fields.push("incidents");
    }
    if let Some(random) = &case.random {
        parts.random = Some(random.clone());
        fields.push("random");
    }
    let at = FieldPath::root()
        .field("cases")
        .index(index)
        .field("expect");
    parts.expect.extend(
        case.expect
            .iter()
            .enumerate()
            .map(|(j, c)| (at.index(j), c.clone())),
    );
    (parts, fields)
}

/// Validates one case and keeps, of the base's expectations, those the case does not restate.
fn build_case(
    parts: &JourneyParts,
    base_expectations: usize,
    remap: &Remap,
    name: &str,
    base: &Scenario,
    base_route: &Route,
    origin: CaseOrigin,
) -> Result<Case, LoadError> {
    let mut built = parts
        .build(base_route, &base.source, remap)
        .map_err(|e| e.in_case(name))?;
    let own = built.expect.split_off(base_expectations);
    built
        .expect
        .retain(|b| !own.iter().any(|o| o.same_subject(b)));
    built.expect.extend(own);
    let scenario = Scenario::from_built(
        built,
        Arc::clone(&base.source),
        format!("{} — {name}", base.title),
        base.lesson.clone(),
        base.route_ref.clone(),
        Vec::new(),
        base.overlays.clone(),
    );
    Ok(Case {
        name: name.to_string(),
        origin,
        scenario: Box::new(scenario),
    })
}

/// The cases of `file` (written cases, then the `vary` cells, departures outer) added to the base
/// `scenario`, and its relations.
pub(crate) fn expand(
    mut scenario: Scenario,
    file: &ScenarioFile,
    base: &JourneyParts,
    base_route: &Route,
) -> Result<Scenario, LoadError> {
    let source = Arc::clone(&scenario.source);
    let count = file
        .cases
        .len()
        .saturating_add(file.vary.as_ref().map_or(0, cell_count));
    if count > MAX_CASES {
        let field = if file.vary.is_some() { "vary" } else { "cases" };
        return Err(source.error(
            LoadErrorKind::Inconsistent,
            &FieldPath::root().field(field),
            Anchor::Name,
            format!("{count} cases, more than the {MAX_CASES} a file may hold"),
        ));
    }
    // Every case is a journey on the same route, with an estimate at every stop that runs the
    // rest of the journey: bound the work a file can ask for, so a hostile one is refused at
    // once rather than running for minutes.
    let stations = base_route.stations.len();
    let stops = base_route
        .stations
        .iter()
        .filter(|s| s.dwell_s > 0.0 || s.depart_at.is_some())
        .count()
        + file.stops.len();
    let per_case = stations as f64 * (1.0 + stops as f64 / STATIONS_PER_STOP_WORK);
    if count as f64 * per_case > MAX_CASE_WORK {
        let field = if file.vary.is_some() { "vary" } else { "cases" };
        return Err(source.error(
            LoadErrorKind::Inconsistent,
            &FieldPath::root().field(field),
            Anchor::Name,
            format!(
                "{count} cases of a journey through {stations} stations with {stops} stops are more than a file may run: at most {} cases here",
                (MAX_CASE_WORK / per_case) as usize
            ),
        ));
    }
    let mut names: HashMap<String, usize> = HashMap::from([(BASE_CASE.to_string(), 0)]);
    let base_expectations = base.expect.len();
    let mut cases = Vec::with_capacity(count);
    for (i, case) in file.cases.iter().enumerate() {
        let name_at = FieldPath::root().field("cases").index(i).field("name");
        if names.insert(case.name.clone(), cases.len() + 1).is_some() {
            return Err(source.error(
                LoadErrorKind::Inconsistent,
                &name_at,
                Anchor::Value,
                format!(
                    "the case name {} is used twice (\"{BASE_CASE}\" is the base journey's)",
                    quoted(&case.name)
                ),
            ));
        }
        let (parts, fields) = case_parts(base, case, i);
        let remap = Remap::Case { index: i, fields };
        cases.push(build_case(
            &parts,
            base_expectations,
            &remap,
            &case.name,
            &scenario,
            base_route,
            CaseOrigin::Written(i),
        )?);
    }
    let mut grid = Grid::default();
    if let Some(vary) = &file.vary {
        grid = expand_grid(vary, base, base_route, &scenario, &mut names, &mut cases)?;
    }
    scenario.cases = cases;
    scenario.relations = relations::resolve(
        &file.relations,
        &scenario,
        &names,
        &grid,
        file.vary.as_ref(),
    )?;
    Ok(scenario)
}

fn cell_count(vary: &VaryFile) -> usize {
    let axis = |n: Option<usize>| n.unwrap_or(1);
    axis(vary.cruise_kmh.as_ref().map(Vec::len))
        .saturating_mul(axis(vary.departure.as_ref().map(Vec::len)))
}

/// The cells of `vary`, added to `cases`.
fn expand_grid(
    vary: &VaryFile,
    base: &JourneyParts,
    base_route: &Route,
    scenario: &Scenario,
    names: &mut HashMap<String, usize>,
    cases: &mut Vec<Case>,
) -> Result<Grid, LoadError> {
    let source = &scenario.source;
    let at = FieldPath::root().field("vary");
    let empty = |axis: &str| {
        source.error(
            LoadErrorKind::Inconsistent,
            &at.field(axis),
            Anchor::Value,
            format!("`{axis}` is empty: give at least one value, or leave the axis out"),
        )
    };
    if vary.cruise_kmh.as_ref().is_some_and(Vec::is_empty) {
        return Err(empty("cruise_kmh"));
    }
    if vary.departure.as_ref().is_some_and(Vec::is_empty) {
        return Err(empty("departure"));
    }
    if vary.cruise_kmh.is_none() && vary.departure.is_none() {
        return Err(source.error(
            LoadErrorKind::Inconsistent,
            &at,
            Anchor::Value,
            "a `vary` grid needs `cruise_kmh: [..]`, `departure: [..]` or both",
        ));
    }
    let speeds: Vec<Option<(usize, Kmh)>> = match &vary.cruise_kmh {
        Some(list) => list.iter().copied().enumerate().map(Some).collect(),
        None => vec![None],
    };
    let departures: Vec<Option<(usize, &Departure)>> = match &vary.departure {
        Some(list) => list.iter().enumerate().map(Some).collect(),
        None => vec![None],
    };
    let zone = &base_route.stations[0].tz;
    let mut grid = Grid {
        cruise_kmh: vary.cruise_kmh.iter().flatten().map(|k| k.get()).collect(),
        departures: vary.departure.iter().flatten().cloned().collect(),
        cells: HashMap::new(),
    };
    let mut cell_names = Vec::new();
    for departure in &departures {
        for speed in &speeds {
            let name = cell_name(
                speed.map(|(_, k)| k.get()),
                departure.map(|(_, d)| d.0.timestamp),
                zone,
            );
            let remap = Remap::Cell {
                cruise: speed.map(|(k, _)| k),
                departure: departure.map(|(j, _)| j),
            };
            if names.insert(name.clone(), cases.len() + 1).is_some() {
                let path = remap.apply(&FieldPath::root().field(if speed.is_some() {
                    "train"
                } else {
                    "departure"
                }));
                return Err(source.error(
                    LoadErrorKind::Inconsistent,
                    &path,
                    Anchor::Value,
                    format!("the cell {} appears twice (each value of an axis is written once, and no case may share a cell's name)", quoted(&name)),
                ));
            }
            let mut parts = base.clone();
            parts.strict_events = false;
            if let Some((_, kmh)) = speed {
                parts.train.cruise_kmh = Some(*kmh);
            }
            if let Some((_, d)) = departure {
                parts.departure = (*d).clone();
            }
            let base_expectations = parts.expect.len();
            if let Some((key, list)) = vary.expect.iter().find(|(k, _)| **k == name) {
                let path = FieldPath::root().field("vary").field("expect").key(key);
                parts.expect.extend(
                    list.iter()
                        .enumerate()
                        .map(|(j, c)| (path.index(j), c.clone())),
                );
            }
            let origin = CaseOrigin::Cell {
                cruise: speed.map(|(k, _)| k),
                departure: departure.map(|(j, _)| j),
            };
            grid.cells.insert(
                (departure.map_or(0, |(j, _)| j), speed.map_or(0, |(k, _)| k)),
                cases.len() + 1,
            );
            cases.push(build_case(
                &parts,
                base_expectations,
                &remap,
                &name,
                scenario,
                base_route,
                origin,
            )?);
            cell_names.push(name);
        }
    }
    // Expectations for a cell that does not exist are a typo, not a silent no-op.
    if let Some((key, _)) = vary.expect.iter().find(|(k, _)| !cell_names.contains(k)) {
        return Err(source.error(
            LoadErrorKind::UnknownName,
            &FieldPath::root().field("vary").field("expect").key(key),
            Anchor::Name,
            format!(
                "no cell is named {}; the cells are: {}",
                quoted(key),
                cell_names
                    .iter()
                    .take(12)
                    .map(|n| format!("{n:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    Ok(grid)
}
