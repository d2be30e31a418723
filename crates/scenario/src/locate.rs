//! The one place where the core's typed errors become file errors: each [`train_sim::Location`]
//! names a field of the route or the scenario, placed by the file's token index, with a message
//! in the file's units (km, km/h) and what to do.
use crate::error::{LoadError, LoadErrorKind};
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::route::Route;
use train_sim::units::m_to_km;
use train_sim::{CapsField, Location, RandomField, SpecError, TrainField};

/// The files a journey specification was made from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Files<'a> {
    pub(crate) route: &'a Route,
    pub(crate) scenario: Option<ScenarioFields<'a>>,
}

/// What the scenario file wrote, so that an error lands in the file that set the value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScenarioFields<'a> {
    pub(crate) file: &'a SourceFile,
    /// Whether the scenario sets the train's cruise, acceleration and braking.
    pub(crate) train: [bool; 3],
    /// The dwell overrides: station index and the key written in `stops`.
    pub(crate) stops: &'a [(usize, String)],
    /// The cause of the random-incident rate in messages.
    pub(crate) random_rate: Option<f64>,
    /// Where a case of the file wrote the values it overrides.
    pub(crate) remap: &'a Remap,
}

/// Where the values of one journey of a scenario file are written: the base writes them at the
/// top level; a case (`cases[i]`) or a cell of a `vary` grid writes the ones it overrides in its own
/// place, so an error in a case's value points there.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Remap {
    /// The base journey: every path as written.
    #[default]
    Base,
    /// `cases[index]`, which writes these top-level fields itself.
    Case {
        /// Its index in `cases`.
        index: usize,
        /// The fields it writes (`train`, `stops`, ...).
        fields: Vec<&'static str>,
    },
    /// A cell of `vary`: its cruise and departure come from those axis entries.
    Cell {
        /// Index in `vary.cruise_kmh`, when the grid varies the cruise.
        cruise: Option<usize>,
        /// Index in `vary.departure`, when it varies the departure.
        departure: Option<usize>,
    },
}

impl Remap {
    /// The path where a journey's value at `path` (a top-level path) is written.
    pub(crate) fn apply(&self, path: &FieldPath) -> FieldPath {
        use crate::ron_index::Seg;
        let first = match path.0.first() {
            Some(Seg::Field(name)) => name.as_str(),
            _ => return path.clone(),
        };
        match self {
            Remap::Base => path.clone(),
            Remap::Case { index, fields } if fields.contains(&first) => {
                let mut segs = FieldPath::root().field("cases").index(*index).0;
                segs.extend(path.0.iter().cloned());
                FieldPath(segs)
            }
            Remap::Cell {
                cruise: Some(k), ..
            } if first == "train" => FieldPath::root()
                .field("vary")
                .field("cruise_kmh")
                .index(*k),
            Remap::Cell {
                departure: Some(j), ..
            } if first == "departure" => {
                FieldPath::root().field("vary").field("departure").index(*j)
            }
            _ => path.clone(),
        }
    }
}

impl<'a> Files<'a> {
    /// A route validated on its own.
    pub(crate) fn route_only(route: &'a Route) -> Self {
        Self {
            route,
            scenario: None,
        }
    }
}

fn path(text: &str) -> FieldPath {
    FieldPath::parse(text)
}

/// The file (route or scenario) and field that set the value at `location`, and whether the
/// caret points at the value or its name.
pub(crate) fn place<'a>(
    location: Location,
    files: &Files<'a>,
) -> (&'a SourceFile, FieldPath, Anchor) {
    let (file, field, anchor) = place_as_written(location, files);
    // A value a case overrides is written in the case.
    let field = match files.scenario {
        Some(s) if std::ptr::eq(s.file, file) => s.remap.apply(&field),
        _ => field,
    };
    (file, field, anchor)
}

/// Where `location` is written in the base journey's fields.
fn place_as_written<'a>(
    location: Location,
    files: &Files<'a>,
) -> (&'a SourceFile, FieldPath, Anchor) {
    let route = files.route;
    let route_file = route.source.as_ref();
    match location {
        Location::Train(field) => {
            let (key, index) = match field {
                TrainField::Cruise => ("cruise_kmh", 0),
                TrainField::Accel => ("accel_mps2", 1),
                TrainField::Brake => ("brake_mps2", 2),
            };
            let file = match files.scenario {
                Some(s) if s.train[index] => s.file,
                _ => route_file,
            };
            (file, path(&format!("train.{key}")), Anchor::Value)
        }
        Location::Caps(field) => {
            let key = match field {
                CapsField::Elevated => "elevated_kmh",
                CapsField::High => "high_kmh",
                CapsField::HighSweep => "high_sweep",
            };
            (
                scenario_file(files),
                path(&format!("levels.{key}")),
                Anchor::Value,
            )
        }
        Location::Stations => (route_file, path("stations"), Anchor::Name),
        Location::Station(i) => (
            route_file,
            path(&format!("stations[{i}].km")),
            Anchor::Value,
        ),
        Location::StationDwell(i)
            if let (Some(s), Some(at)) = (
                files.scenario,
                route.stations.get(i).and_then(|s| s.written_at.as_ref()),
            ) =>
        {
            (s.file, at.clone(), Anchor::Value)
        }
        Location::StationDwell(i) => {
            match files.scenario.and_then(|s| {
                s.stops
                    .iter()
                    .find(|(k, _)| *k == i)
                    .map(|(_, key)| (s, key))
            }) {
                Some((s, key)) => (
                    s.file,
                    FieldPath::root().field("stops").key(key),
                    Anchor::Value,
                ),
                None => (
                    route_file,
                    path(&format!("stations[{i}].dwell")),
                    Anchor::Value,
                ),
            }
        }
        Location::Restrictions => (route_file, path("restrictions"), Anchor::Name),
        Location::Incidents => (scenario_file(files), path("incidents"), Anchor::Name),
        Location::Restriction(i) => (
            route_file,
            path(&format!("restrictions[{i}]")),
            Anchor::Value,
        ),
        Location::RestrictionSpeed(i) => (
            route_file,
            path(&format!("restrictions[{i}].max_kmh")),
            Anchor::Value,
        ),
        Location::SecurityEvents => (scenario_file(files), path("security"), Anchor::Name),
        Location::SecurityStart(i) => (
            scenario_file(files),
            path(&format!("security[{i}].from")),
            Anchor::Value,
        ),
        Location::SecurityEnd(i) => (
            scenario_file(files),
            path(&format!("security[{i}].until")),
            Anchor::Value,
        ),
        Location::Incident(i) => (
            scenario_file(files),
            path(&format!("incidents[{i}].at_km")),
            Anchor::Value,
        ),
        Location::IncidentDelay(i) => (
            scenario_file(files),
            path(&format!("incidents[{i}].delay")),
            Anchor::Value,
        ),
        Location::Random(field) => {
            let key = match field {
                RandomField::Rate => "incidents_per_1000_km",
                RandomField::DelayMin => "delay_min",
                RandomField::DelayMax => "delay_max",
            };
            (
                scenario_file(files),
                path(&format!("random.{key}")),
                Anchor::Value,
            )
        }
        // A location added to the core later: the whole scenario.
        _ => (scenario_file(files), FieldPath::root(), Anchor::Value),
    }
}

/// Turns a core error into an error in the file (route or scenario) that set the offending value.
pub(crate) fn locate(error: &SpecError, files: &Files) -> LoadError {
    let route = files.route;
    let (first_km, last_km) = (
        route.stations.first().map_or(0.0, |s| s.km),
        route.stations.last().map_or(0.0, |s| s.km),
    );
    let (file, field, anchor) = place(error.location(), files);
    let message = match error {
        SpecError::Value { source, .. } => source.to_string(),
        SpecError::StationsNotIncreasing { index, .. } => {
            let (s, p) = (&route.stations[*index], &route.stations[index - 1]);
            format!(
                "station {:?} is at km {}, not beyond the previous station {:?} at km {}: km must increase along the route",
                s.name, s.km, p.name, p.km
            )
        }
        SpecError::RestrictionOutsideRoute { from_m, to_m, .. } => format!(
            "[{} km, {} km) must be non-empty and inside the route [{first_km}, {last_km}]",
            m_to_km(*from_m),
            m_to_km(*to_m)
        ),
        SpecError::IncidentOutsideRoute { at_m, .. } => {
            format!("{} is outside the route [{first_km}, {last_km})", m_to_km(*at_m))
        }
        SpecError::EventStartsOutsideRoute { at_m, .. } => format!(
            "Km({}) is outside the route [{first_km}, {last_km}]",
            m_to_km(*at_m)
        ),
        SpecError::LockdownEndsAtKm { .. } => "a Lockdown cannot end at a km: the train stands still during a Lockdown, so it would never get there; end it with At(\"<time>\") or After(\"<duration>\")".into(),
        SpecError::EventEndsBeforeStart { start_m, end_m, .. } => format!(
            "ends at Km({}), not after its start at Km({})",
            m_to_km(*end_m),
            m_to_km(*start_m)
        ),
        SpecError::EventEndsBeforeItStarts { .. } => "`until` is not after `from`: the event would end before it begins and do nothing".into(),
        SpecError::TooManyRandomIncidents { expected, max } => match files.scenario.and_then(|s| s.random_rate) {
            Some(rate) => format!(
                "{rate} per 1,000 km means {expected:.1} incidents per journey on average, more than the {max} allowed"
            ),
            None => error.to_string(),
        },
        SpecError::RandomDelayRange { .. } => "must not be shorter than delay_min".into(),
        SpecError::DeparturesOutOfOrder { index, previous, .. } => format!(
            "the stay at {:?} ends before the train leaves {:?}: stated departures must follow each other along the itinerary",
            route.stations[*index].reference(),
            route.stations[*previous].reference()
        ),
        SpecError::DepartsBeforeJourney { index, .. } => format!(
            "the stay at {:?} ends before the journey's departure",
            route.stations[*index].reference()
        ),
        // Counts (stations, events) read the same in any unit.
        other => other.to_string(),
    };
    let kind = match error {
        SpecError::Value { .. } => LoadErrorKind::InvalidValue,
        _ => LoadErrorKind::Inconsistent,
    };
    file.error(kind, &field, anchor, message)
}

fn scenario_file<'a>(files: &Files<'a>) -> &'a SourceFile {
    files
        .scenario
        .map_or(files.route.source.as_ref(), |s| s.file)
}
