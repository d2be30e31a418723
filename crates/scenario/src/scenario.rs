//! Scenario files (`scenarios/*.ron`): a journey on a route with its departure, events and
//! expectations, validated into the core's journey specification once, when loaded.
use crate::cases::Case;
use crate::duration::FriendlyDuration;
use crate::error::{LoadError, LoadErrorKind};
use crate::expect::{Check, CheckFile, Claim, Resolver};
use crate::itinerary::unfold;
use crate::legs::{FreeParam, LegSetting, leg_track, resolve_free, resolve_legs, train_cruise_kmh};
use crate::loader::Loader;
use crate::locate::{Files, Remap, ScenarioFields, locate};
use crate::observations::{Observation, check_order, resolve_csv, resolve_written};
use crate::relations::Relation;
use crate::ron_file::{Anchor, SourceFile};
use crate::ron_index::FieldPath;
use crate::route::Route;
pub use crate::scenario_file::{EndFile, LevelFile, StartFile};
use crate::scenario_file::{
    IncidentFile, LegFile, LevelsFile, OverlayFile, RandomFile, ScenarioFile, SecurityFile,
    TrainOverride,
};
use crate::time::{Departure, TimeText, seconds_between};
use crate::values::{Kmh, Mps2, UniqueMap};
use jiff::Timestamp;
use std::path::Path;
use std::sync::Arc;
use train_sim::units::{km_to_m, kmh_to_mps};
use train_sim::{
    EventEnd, EventStart, Incident, JourneySpec, Level, LevelCaps, RandomIncidents, SecurityEvent,
    SpecError, Train,
};

/// A security event of a scenario, with its absolute times.
#[derive(Debug, Clone, PartialEq)]
pub struct SecuritySpec {
    /// Level.
    pub level: Level,
    /// Start.
    pub from: StartFile,
    /// End.
    pub until: Option<EndFile>,
    /// Why (shown in reports and the app).
    pub reason: Option<String>,
}

/// A scripted incident.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentSpec {
    /// Where, km.
    pub at_km: f64,
    /// Wait once stopped, s.
    pub delay_s: f64,
    /// Cause.
    pub cause: Option<String>,
}

/// A map overlay of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The straight (great-circle) line between two stations, against the rail distance.
    StraightLine {
        /// Station index.
        from: usize,
        /// Station index.
        to: usize,
        /// Shown when the scenario opens.
        shown: bool,
    },
}

/// A validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The file (path and text, for error positions and reloading).
    pub source: Arc<SourceFile>,
    /// Title.
    pub title: String,
    /// Teaching narrative.
    pub lesson: Option<String>,
    /// The route, with this scenario's dwell overrides applied.
    pub route: Route,
    /// The route or network as named in the file.
    pub route_ref: String,
    /// Scheduled departure.
    pub departure: Timestamp,
    /// Settings per leg (a leg's own cruise, extra standing).
    pub legs: Vec<LegSetting>,
    /// The parameters `calibrate` and `nowcast` may fit.
    pub free: Vec<FreeParam>,
    /// What was seen of the real train.
    pub observations: Vec<Observation>,
    /// Rows of an observations CSV that could not be used, with why.
    pub unused_observations: Vec<String>,
    /// A lesson's worksheet questions: (question, answer).
    pub questions: Vec<(String, String)>,
    /// A lesson's paragraphs with the moments they belong to (presenter mode): a paragraph shows
    /// from its moment on (from the start, without one).
    pub steps: Vec<(Option<Timestamp>, String)>,
    /// Cruise, km/h.
    pub cruise_kmh: f64,
    /// Security events.
    pub security: Vec<SecuritySpec>,
    /// Scripted incidents.
    pub incidents: Vec<IncidentSpec>,
    /// Random incidents.
    pub random: Option<RandomIncidents>,
    /// Expectations.
    pub expect: Vec<Check>,
    /// Press claims.
    pub claims: Vec<Claim>,
    /// What the map shows besides the route.
    pub overlays: Vec<Overlay>,
    /// The train's and the levels' numbers (to rebuild the spec for another departure).
    figures: Figures,
    /// Which values the file wrote itself (so that errors found later point at them).
    written: Written,
    /// The variations of a table-driven file (`cases`, `vary`), each a journey of its own; empty
    /// for a plain scenario.
    pub cases: Vec<Case>,
    /// Checks between the journeys (the base is case 0, `cases[i]` is case i + 1).
    pub relations: Vec<Relation>,
    /// The core's journey specification, built once when loaded and kept up to date by the
    /// overrides.
    spec: JourneySpec,
}

impl Scenario {
    /// Reads and validates a scenario file; routes are looked up on disk only (see
    /// [`crate::Loader`] for shipped routes).
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        Loader::default().load_scenario(path)
    }

    /// Parses and validates scenario text as if read from `path` (routes on disk only).
    pub fn parse(path: &Path, text: &str) -> Result<Self, LoadError> {
        Loader::default().parse_scenario(path, text)
    }

    /// Validates a scenario file, finding the route or network it names with `loader`; a file
    /// with `cases` or `vary` also validates every case.
    pub(crate) fn from_source(source: SourceFile, loader: &Loader) -> Result<Self, LoadError> {
        let file: ScenarioFile = source.parse()?;
        check_list_lengths(&file, &source)?;
        let (base_route, route_ref) = resolve_route(&file, loader, &source)?;
        let base_parts = JourneyParts::base(&file);
        let base = base_parts.build(&base_route, &source, &Remap::Base)?;
        let resolver = Resolver {
            route: &base.route,
            file: &source,
        };
        let mut claims = Vec::with_capacity(file.claims.len());
        for (i, claim) in file.claims.iter().enumerate() {
            let at = FieldPath::root().field("claims").index(i).field("says");
            claims.push(Claim {
                source: claim.source.clone(),
                says: Check::resolve(claim.says.clone(), &resolver, &at)?,
                note: claim.note.clone(),
                forecast: claim.forecast,
            });
        }
        let mut overlays = Vec::with_capacity(file.overlays.len());
        for (i, overlay) in file.overlays.iter().enumerate() {
            let at = FieldPath::root().field("overlays").index(i);
            let OverlayFile::StraightLine { from, to, shown } = overlay;
            overlays.push(Overlay::StraightLine {
                from: resolver.station(&at.field("from"), Anchor::Value, from)?,
                to: resolver.station(&at.field("to"), Anchor::Value, to)?,
                shown: *shown,
            });
        }
        let mut observations = resolve_written(&file.observed, &base.route, &source)?;
        let mut unused_observations = Vec::new();
        if let Some(csv) = &file.observed_csv {
            let (rows, unused) = resolve_csv(csv, &base.route, &source)?;
            observations.extend(rows);
            unused_observations = unused;
        }
        check_order(&observations, &base.route, &source)?;
        let free = resolve_free(&file.free, &base.route, &source)?;
        let source = Arc::new(source);
        let mut scenario = Self::from_built(
            base,
            Arc::clone(&source),
            file.title.clone(),
            file.lesson.clone(),
            route_ref,
            claims,
            overlays,
        );
        scenario.observations = observations;
        scenario.unused_observations = unused_observations;
        scenario.free = free;
        scenario.questions = file
            .questions
            .iter()
            .map(|q| (q.ask.clone(), q.answer.clone()))
            .collect();
        scenario.steps = file
            .steps
            .iter()
            .map(|s| (s.at.as_ref().map(|t| t.timestamp), s.text.clone()))
            .collect();
        // Steps are shown one after another as the journey goes on: their times must not go back.
        let mut latest: Option<(usize, jiff::Timestamp)> = None;
        for (i, (at, _)) in scenario.steps.iter().enumerate() {
            let Some(at) = *at else { continue };
            if let Some((before, previous)) = latest
                && at < previous
            {
                return Err(source.error(
                    LoadErrorKind::Inconsistent,
                    &FieldPath::root().field("steps").index(i).field("at"),
                    Anchor::Value,
                    format!(
                        "this step is dated before steps[{before}] ({previous}): steps are shown in the order of the journey"
                    ),
                ));
            }
            latest = Some((i, at));
        }
        crate::cases::expand(scenario, &file, &base_parts, &base_route)
    }

    /// A scenario of one built journey.
    pub(crate) fn from_built(
        built: Built,
        source: Arc<SourceFile>,
        title: String,
        lesson: Option<String>,
        route_ref: String,
        claims: Vec<Claim>,
        overlays: Vec<Overlay>,
    ) -> Self {
        Self {
            source,
            title,
            lesson,
            route: built.route,
            route_ref,
            departure: built.departure,
            legs: built.legs,
            free: Vec::new(),
            observations: Vec::new(),
            unused_observations: Vec::new(),
            questions: Vec::new(),
            steps: Vec::new(),
            cruise_kmh: built.figures.cruise_kmh,
            security: built.security,
            incidents: built.incidents,
            random: built.random,
            expect: built.expect,
            claims,
            overlays,
            figures: built.figures,
            written: built.written,
            spec: built.spec,
            cases: Vec::new(),
            relations: Vec::new(),
        }
    }

    /// The journey of case `name` of a table-driven file (`base`: the base journey alone), if it
    /// has one.
    pub fn case(&self, name: &str) -> Option<Scenario> {
        if name == crate::cases::BASE_CASE {
            let mut base = self.clone();
            base.cases.clear();
            base.relations.clear();
            return Some(base);
        }
        self.cases
            .iter()
            .find(|c| c.name == name)
            .map(|c| (*c.scenario).clone())
    }

    /// The names of its journeys, the base first.
    pub fn case_names(&self) -> Vec<&str> {
        std::iter::once(crate::cases::BASE_CASE)
            .chain(self.cases.iter().map(|c| c.name.as_str()))
            .collect()
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.source.path
    }

    /// The core's journey specification.
    pub fn spec(&self) -> &JourneySpec {
        &self.spec
    }

    /// The same scenario at another cruise speed (legs with their own cruise keep it).
    pub fn with_cruise_kmh(&self, kmh: f64) -> Result<Self, SpecError> {
        let mut s = self.clone();
        s.figures.cruise_kmh = kmh;
        s.cruise_kmh = kmh;
        s.rebuild()?;
        Ok(s)
    }

    /// A core refusal of this scenario's values (after an override, say) as an error placed in
    /// the file that set the value, in its words: station names and km, not indices and metres.
    pub fn explain(&self, error: &SpecError) -> LoadError {
        locate(error, &self.files())
    }

    /// The same scenario with another departure; time-triggered events and stated departures
    /// keep their absolute times.
    pub fn with_departure(&self, departure: Timestamp) -> Result<Self, SpecError> {
        let mut s = self.clone();
        s.departure = departure;
        s.rebuild()?;
        Ok(s)
    }

    /// The same scenario with other leg settings (what `calibrate` tries).
    pub fn with_legs(&self, legs: Vec<LegSetting>) -> Result<Self, SpecError> {
        let mut s = self.clone();
        s.legs = legs;
        s.rebuild()?;
        Ok(s)
    }

    /// Builds the core's spec again from the scenario's values.
    fn rebuild(&mut self) -> Result<(), SpecError> {
        self.spec = build_spec(
            &self.route,
            self.departure,
            &self.figures,
            &self.security,
            &self.incidents,
            self.random,
            &self.legs,
        )?;
        Ok(())
    }

    /// The same scenario with another random seed (creates no random model if there is none).
    pub fn with_seed(&self, seed: u64) -> Self {
        let mut s = self.clone();
        if let Some(r) = &mut s.random {
            r.seed = seed;
        }
        s.spec = self.spec.with_seed(seed);
        s
    }

    /// The files this scenario's values came from, for placing errors found after loading.
    pub(crate) fn files(&self) -> Files<'_> {
        self.written.files(&self.source, &self.route, self.random)
    }

    /// The cause text of an incident from [`train_sim::IncidentStop::cause`].
    pub fn incident_cause(&self, cause: u32) -> String {
        if cause == train_sim::incidents::RANDOM_CAUSE {
            return "random incident".into();
        }
        self.incidents
            .get(cause as usize)
            .and_then(|i| i.cause.clone())
            .unwrap_or_else(|| "incident".into())
    }
}

/// The route a scenario runs on: a route file, or an itinerary unfolded on a network.
fn resolve_route(
    file: &ScenarioFile,
    loader: &Loader,
    source: &SourceFile,
) -> Result<(Route, String), LoadError> {
    let resolved = match (&file.route, &file.network, &file.itinerary) {
        (Some(name), None, None) => (loader.route(name, source)?, name.clone()),
        (None, Some(name), Some(itinerary)) => {
            let network = loader.network(name, source)?;
            (
                unfold(&network, itinerary, &file.junctions, source)?,
                name.clone(),
            )
        }
        (route, network, itinerary) => {
            let (field, message) = match (route, network, itinerary) {
                (Some(_), Some(_), _) => (
                    "network",
                    "give either `route` or a `network` with an `itinerary`, not both",
                ),
                (Some(_), None, Some(_)) => (
                    "itinerary",
                    "an itinerary runs on a `network`, not on a `route`: replace `route` with network: \"far-east\" (or the network's name), or remove the itinerary",
                ),
                (None, Some(_), None) => (
                    "network",
                    "a network needs an `itinerary`: Itinerary(from: ..., via: [...], to: ...)",
                ),
                (None, None, Some(_)) => ("itinerary", "an itinerary needs a `network` to run on"),
                _ => (
                    "",
                    "missing field `route` (or a `network` with an `itinerary`)",
                ),
            };
            let path = if field.is_empty() {
                FieldPath::root()
            } else {
                FieldPath::root().field(field)
            };
            return Err(source.error(LoadErrorKind::Syntax, &path, Anchor::Name, message));
        }
    };
    if !file.junctions.is_empty() && file.itinerary.is_none() {
        return Err(source.error(
            LoadErrorKind::Inconsistent,
            &FieldPath::root().field("junctions"),
            Anchor::Name,
            "junction choices apply to an itinerary on a network",
        ));
    }
    Ok(resolved)
}

/// The fields of a scenario file that make one journey: the base's, or a case's after its
/// overrides.
#[derive(Debug, Clone)]
pub(crate) struct JourneyParts {
    pub(crate) departure: Departure,
    pub(crate) train: TrainOverride,
    pub(crate) stops: UniqueMap<FriendlyDuration>,
    pub(crate) levels: Option<LevelsFile>,
    pub(crate) security: Vec<SecurityFile>,
    pub(crate) incidents: Vec<IncidentFile>,
    pub(crate) random: Option<RandomFile>,
    /// Expectations with where each is written.
    pub(crate) expect: Vec<(FieldPath, CheckFile)>,
    /// Settings per leg, with where each is written.
    pub(crate) legs: Vec<(FieldPath, LegFile)>,
    /// Whether an event over before the departure is an error (the journey's own events) or
    /// only a warning of its run (an event a case inherits with another departure).
    pub(crate) strict_events: bool,
}

/// One journey validated: its route (with its stops), numbers, events and the core's spec.
#[derive(Debug, Clone)]
pub(crate) struct Built {
    route: Route,
    departure: Timestamp,
    legs: Vec<LegSetting>,
    figures: Figures,
    security: Vec<SecuritySpec>,
    incidents: Vec<IncidentSpec>,
    random: Option<RandomIncidents>,
    written: Written,
    spec: JourneySpec,
    pub(crate) expect: Vec<Check>,
}

impl JourneyParts {
    /// The base journey of a file.
    fn base(file: &ScenarioFile) -> Self {
        Self {
            departure: file.departure.clone(),
            train: file.train.clone().unwrap_or_default(),
            stops: file.stops.clone(),
            levels: file.levels.clone(),
            security: file.security.clone(),
            incidents: file.incidents.clone(),
            random: file.random.clone(),
            expect: file
                .expect
                .iter()
                .enumerate()
                .map(|(i, c)| (FieldPath::root().field("expect").index(i), c.clone()))
                .collect(),
            legs: file
                .legs
                .iter()
                .enumerate()
                .map(|(i, l)| (FieldPath::root().field("legs").index(i), l.clone()))
                .collect(),
            strict_events: true,
        }
    }

    /// Validates the journey on `base_route`; errors point where `remap` says the values are
    /// written.
    pub(crate) fn build(
        &self,
        base_route: &Route,
        source: &SourceFile,
        remap: &Remap,
    ) -> Result<Built, LoadError> {
        let mut route = base_route.clone();
        let mut stops = Vec::with_capacity(self.stops.len());
        for (name, dwell) in self.stops.iter() {
            let at = remap.apply(&FieldPath::root().field("stops").key(name));
            let resolver = Resolver {
                route: &route,
                file: source,
            };
            let index = resolver.station(&at, Anchor::Name, name)?;
            let end = if index == 0 {
                Some(
                    "the origin: the journey starts there, so a stop would do nothing (to leave later, change `departure`)",
                )
            } else if index == route.stations.len() - 1 {
                Some("the destination: the journey ends there, so a stop would do nothing")
            } else {
                None
            };
            if let Some(end) = end {
                return Err(source.error(
                    LoadErrorKind::Inconsistent,
                    &at,
                    Anchor::Name,
                    format!("{} is {end}", crate::values::quoted(name)),
                ));
            }
            route.stations[index].dwell_s = dwell.seconds();
            stops.push((index, name.clone()));
        }
        let written = &self.train;
        let train_written = [
            written.cruise_kmh.is_some(),
            written.accel_mps2.is_some(),
            written.brake_mps2.is_some(),
        ];
        let defaults = LevelCaps::default();
        let levels = self.levels.as_ref();
        let figures = Figures {
            cruise_kmh: written.cruise_kmh.map_or(route.train.cruise_kmh, Kmh::get),
            accel_mps2: written.accel_mps2.map_or(route.train.accel_mps2, Mps2::get),
            brake_mps2: written.brake_mps2.map_or(route.train.brake_mps2, Mps2::get),
            elevated_mps: levels
                .and_then(|l| l.elevated_kmh)
                .map_or(defaults.elevated_mps(), |k| kmh_to_mps(k.get())),
            high_mps: levels
                .and_then(|l| l.high_kmh)
                .map_or(defaults.high_mps(), |k| kmh_to_mps(k.get())),
            high_sweep_s: levels
                .and_then(|l| l.high_sweep)
                .map_or(defaults.high_sweep_s(), FriendlyDuration::seconds),
        };
        let security: Vec<SecuritySpec> = self
            .security
            .iter()
            .map(|s| SecuritySpec {
                level: Level::from(s.level),
                from: s.from.clone(),
                until: s.until.clone(),
                reason: s.reason.clone(),
            })
            .collect();
        let incidents: Vec<IncidentSpec> = self
            .incidents
            .iter()
            .map(|incident| IncidentSpec {
                at_km: incident.at_km,
                delay_s: incident.delay.seconds(),
                cause: incident.cause.clone(),
            })
            .collect();
        let random = self.random.as_ref().map(|r| RandomIncidents {
            seed: r.seed,
            per_1000_km: r.incidents_per_1000_km.get(),
            delay_min_s: r.delay_min.seconds(),
            delay_max_s: r.delay_max.seconds(),
        });
        let legs = resolve_legs(&self.legs, &route, source)?;
        let resolver = Resolver {
            route: &route,
            file: source,
        };
        let mut expect = Vec::with_capacity(self.expect.len());
        for (at, check) in &self.expect {
            expect.push(Check::resolve(check.clone(), &resolver, at)?);
        }
        // The core checks how the values fit together (once, here); its errors point at the file
        // that set the offending value.
        let departure = self.departure.0.timestamp;
        let written = Written {
            train: train_written,
            stops,
            remap: remap.clone(),
        };
        let spec = build_spec(
            &route, departure, &figures, &security, &incidents, random, &legs,
        )
        .map_err(|e| locate(&e, &written.files(source, &route, random)))?;
        // An event dated wholly before the departure would do nothing: say so instead.
        if self.strict_events
            && let Some(&index) = spec.events_over_before_departure().first()
        {
            let at = FieldPath::root()
                .field("security")
                .index(index)
                .field("until");
            return Err(source.error(
                LoadErrorKind::Inconsistent,
                &remap.apply(&at),
                Anchor::Value,
                "the event is over before the departure, so it would do nothing; move it, or remove it",
            ));
        }
        Ok(Built {
            route,
            departure,
            legs,
            figures,
            security,
            incidents,
            random,
            written,
            spec,
            expect,
        })
    }
}

/// Which of a scenario's values its file wrote, rather than took from the route.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    /// Whether the file sets the train's cruise, acceleration and braking.
    train: [bool; 3],
    /// The dwell overrides: station index and the key written in `stops`.
    stops: Vec<(usize, String)>,
    /// Where a case writes what it overrides.
    remap: Remap,
}

impl Written {
    /// The files behind a journey specification, for placing its errors.
    fn files<'a>(
        &'a self,
        file: &'a SourceFile,
        route: &'a Route,
        random: Option<RandomIncidents>,
    ) -> Files<'a> {
        Files {
            route,
            scenario: Some(ScenarioFields {
                file,
                train: self.train,
                stops: &self.stops,
                random_rate: random.map(|r| r.per_1000_km),
                remap: &self.remap,
            }),
        }
    }
}

/// The train's and the levels' numbers of a scenario (the route's, unless the file sets them).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Figures {
    cruise_kmh: f64,
    accel_mps2: f64,
    brake_mps2: f64,
    elevated_mps: f64,
    high_mps: f64,
    high_sweep_s: f64,
}

/// The core's specification of a scenario's journey (the core checks it).
fn build_spec(
    route: &Route,
    departure: Timestamp,
    figures: &Figures,
    security: &[SecuritySpec],
    incidents: &[IncidentSpec],
    random: Option<RandomIncidents>,
    legs: &[LegSetting],
) -> Result<JourneySpec, SpecError> {
    let cruise_kmh = train_cruise_kmh(figures.cruise_kmh, legs);
    let track = leg_track(route, departure, figures.cruise_kmh, cruise_kmh, legs)?;
    let train = Train::from_kmh(cruise_kmh, figures.accel_mps2, figures.brake_mps2)?;
    let caps = LevelCaps::new(figures.elevated_mps, figures.high_mps, figures.high_sweep_s)?;
    let incidents = incidents
        .iter()
        .enumerate()
        .map(|(i, inc)| Incident {
            at_m: km_to_m(inc.at_km),
            delay_s: inc.delay_s,
            cause: i as u32,
        })
        .collect();
    JourneySpec::with_all(
        track,
        train,
        caps,
        security_events(departure, security),
        incidents,
        random,
    )
}

/// The security events in the core's terms: times as seconds since `departure`, positions in m.
fn security_events(departure: Timestamp, security: &[SecuritySpec]) -> Vec<SecurityEvent> {
    let at = |t: &TimeText| seconds_between(departure, t.timestamp);
    security
        .iter()
        .map(|s| SecurityEvent {
            level: s.level,
            start: match &s.from {
                StartFile::Km(km) => EventStart::AtKm(km_to_m(*km)),
                StartFile::At(t) => EventStart::AtTime(at(t)),
            },
            until: s.until.as_ref().map(|u| match u {
                EndFile::Km(km) => EventEnd::AtKm(km_to_m(*km)),
                EndFile::At(t) => EventEnd::AtTime(at(t)),
                EndFile::After(d) => EventEnd::After(d.seconds()),
            }),
        })
        .collect()
}

/// Most entries in one list of a scenario (expectations, claims, observations, overlays,
/// questions, steps): a resource limit, so a hostile file costs little to refuse.
pub const MAX_LIST_ENTRIES: usize = 10_000;

/// Refuses a list longer than [`MAX_LIST_ENTRIES`], at the list.
fn check_list_lengths(file: &ScenarioFile, source: &SourceFile) -> Result<(), LoadError> {
    let lists = [
        ("expect", file.expect.len()),
        ("claims", file.claims.len()),
        ("observed", file.observed.len()),
        ("overlays", file.overlays.len()),
        ("questions", file.questions.len()),
        ("steps", file.steps.len()),
        ("relations", file.relations.len()),
    ];
    match lists.iter().find(|(_, n)| *n > MAX_LIST_ENTRIES) {
        Some((field, n)) => Err(source.error(
            LoadErrorKind::Inconsistent,
            &FieldPath::root().field(field),
            Anchor::Value,
            format!("{n} entries, more than the {MAX_LIST_ENTRIES} a list may hold"),
        )),
        None => Ok(()),
    }
}
