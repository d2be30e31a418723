//! The raw serde types of a scenario file, as written: parsed with ron (which places errors on the
//! values), then validated by [`crate::scenario`], [`crate::cases`] and [`crate::relations`].
use crate::duration::FriendlyDuration;
use crate::expect::CheckFile;
use crate::itinerary::{ItineraryFile, JunctionChoice};
use crate::time::{Departure, TimeText};
use crate::values::{Kmh, Mps2, Rate, UniqueMap};
use serde::Deserialize;
use train_sim::Level;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub(crate) struct ScenarioFile {
    #[serde(deserialize_with = "crate::values::name")]
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) lesson: Option<String>,
    #[serde(default)]
    pub(crate) route: Option<String>,
    #[serde(default)]
    pub(crate) network: Option<String>,
    #[serde(default)]
    pub(crate) itinerary: Option<ItineraryFile>,
    #[serde(default)]
    pub(crate) junctions: UniqueMap<JunctionChoice>,
    pub(crate) departure: Departure,
    #[serde(default)]
    pub(crate) train: Option<TrainOverride>,
    #[serde(default)]
    pub(crate) stops: UniqueMap<FriendlyDuration>,
    #[serde(default)]
    pub(crate) levels: Option<LevelsFile>,
    #[serde(default)]
    pub(crate) security: Vec<SecurityFile>,
    #[serde(default)]
    pub(crate) incidents: Vec<IncidentFile>,
    #[serde(default)]
    pub(crate) random: Option<RandomFile>,
    #[serde(default)]
    pub(crate) expect: Vec<CheckFile>,
    #[serde(default)]
    pub(crate) claims: Vec<ClaimFile>,
    #[serde(default)]
    pub(crate) overlays: Vec<OverlayFile>,
    /// Variations of the journey, each a case of its own.
    #[serde(default)]
    pub(crate) cases: Vec<CaseFile>,
    /// A grid of variations, its cells named from their values.
    #[serde(default)]
    pub(crate) vary: Option<VaryFile>,
    /// Checks between cases.
    #[serde(default)]
    pub(crate) relations: Vec<RelationFile>,
    /// What was seen of the real train.
    #[serde(default)]
    pub(crate) observed: Vec<SeenFile>,
    /// Observations read from a CSV file (the columns of `observed-times.csv`).
    #[serde(default)]
    pub(crate) observed_csv: Option<ObservedCsvFile>,
    /// Settings per leg: its own cruise speed, extra standing time.
    #[serde(default)]
    pub(crate) legs: Vec<LegFile>,
    /// The parameters `calibrate` and `nowcast` may fit, with their bounds.
    #[serde(default)]
    pub(crate) free: Vec<FreeFile>,
    /// A lesson's questions for its worksheet, with their answers.
    #[serde(default)]
    pub(crate) questions: Vec<QuestionFile>,
    /// A lesson told step by step with the journey (presenter mode).
    #[serde(default)]
    pub(crate) steps: Vec<StepFile>,
}

/// A paragraph of a lesson, and the moment of the journey it belongs to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Step")]
pub(crate) struct StepFile {
    #[serde(default)]
    pub(crate) at: Option<TimeText>,
    pub(crate) text: String,
}

/// A worksheet question and its answer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Question")]
pub(crate) struct QuestionFile {
    pub(crate) ask: String,
    pub(crate) answer: String,
}

/// An observation of the real train, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Seen")]
pub(crate) struct SeenFile {
    pub(crate) place: String,
    pub(crate) event: SeenEvent,
    /// When, to the minute or better.
    #[serde(default)]
    pub(crate) at: Option<TimeText>,
    /// Or only the local date (`2023-09-12`).
    #[serde(default)]
    pub(crate) on: Option<String>,
    /// How far off the report may be.
    #[serde(default)]
    pub(crate) within: Option<crate::duration::WrittenDuration>,
    pub(crate) source: String,
    #[serde(default)]
    pub(crate) note: Option<String>,
}

/// What was seen.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename = "Event")]
pub enum SeenEvent {
    /// The train arrived.
    Arrive,
    /// It left.
    Depart,
    /// It went through.
    Pass,
}

/// Observations from a CSV file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "ObservedCsv")]
pub(crate) struct ObservedCsvFile {
    /// The file, relative to the scenario.
    pub(crate) file: String,
    /// The value of its `trip` column to read.
    pub(crate) trip: String,
    /// Only rows of this `direction` (e.g. `outbound`), when given.
    #[serde(default)]
    pub(crate) direction: Option<String>,
    /// The CSV's place names (or `direction/place`) mapped to the itinerary's stations; a place
    /// that is a station's own name needs no entry.
    #[serde(default)]
    pub(crate) places: UniqueMap<String>,
    /// The tolerance of every timed row.
    pub(crate) within: crate::duration::WrittenDuration,
}

/// Settings of one leg.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Leg")]
pub(crate) struct LegFile {
    /// The leg's number, from 1.
    pub(crate) leg: usize,
    #[serde(default)]
    pub(crate) cruise_kmh: Option<Kmh>,
    /// Extra time standing, at the leg's first stop.
    #[serde(default)]
    pub(crate) standing: Option<FriendlyDuration>,
}

/// A parameter to fit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) enum FreeFile {
    /// One cruise speed shared by the listed legs (all legs when none are listed), km/h.
    Cruise {
        #[serde(default)]
        legs: Vec<usize>,
        from_kmh: Kmh,
        to_kmh: Kmh,
    },
    /// The departure, within a window.
    Departure { from: TimeText, to: TimeText },
    /// Extra standing time on a leg, within bounds.
    Standing {
        leg: usize,
        from: FriendlyDuration,
        to: FriendlyDuration,
    },
}

/// A case: the base journey with some of its fields replaced.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Case")]
pub(crate) struct CaseFile {
    #[serde(deserialize_with = "crate::values::name")]
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) departure: Option<Departure>,
    #[serde(default)]
    pub(crate) train: Option<TrainOverride>,
    #[serde(default)]
    pub(crate) stops: Option<UniqueMap<FriendlyDuration>>,
    #[serde(default)]
    pub(crate) levels: Option<LevelsFile>,
    #[serde(default)]
    pub(crate) security: Option<Vec<SecurityFile>>,
    #[serde(default)]
    pub(crate) incidents: Option<Vec<IncidentFile>>,
    #[serde(default)]
    pub(crate) random: Option<RandomFile>,
    /// Expectations of this case; each replaces the base's about the same thing.
    #[serde(default)]
    pub(crate) expect: Vec<CheckFile>,
}

/// A grid of cruise speeds and departures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Vary")]
pub(crate) struct VaryFile {
    #[serde(default)]
    pub(crate) cruise_kmh: Option<Vec<Kmh>>,
    #[serde(default)]
    pub(crate) departure: Option<Vec<Departure>>,
    /// Expectations of cells, by cell name; each replaces the base's about the same thing.
    #[serde(default)]
    pub(crate) expect: UniqueMap<Vec<CheckFile>>,
}

/// A check between cases, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) enum RelationFile {
    /// Every time of `to` is the same time of `from` moved by `by`.
    Shifts {
        from: String,
        to: String,
        every: EveryFile,
        by: crate::duration::WrittenDuration,
        within: crate::duration::WrittenDuration,
    },
    /// `faster` reaches `at` no later than `slower` (up to `within`).
    NotLater {
        faster: String,
        slower: String,
        at: MomentFile,
        #[serde(default)]
        within: Option<crate::duration::WrittenDuration>,
    },
    /// The estimate reported at `at` is within `within` of the final arrival, in every case (or
    /// those listed).
    Converges {
        at: crate::expect::PointFile,
        #[serde(default)]
        to: Option<TargetFile>,
        within: crate::duration::WrittenDuration,
        #[serde(default)]
        cases: Option<Vec<String>>,
    },
    /// Along a `vary` axis, the time at `at` follows `trend`.
    Ordered {
        along: AxisFile,
        at: MomentFile,
        trend: TrendFile,
    },
}

/// Which times a `Shifts` compares.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
pub(crate) enum EveryFile {
    /// Every arrival estimate (when it was reported and what it said).
    Estimate,
    /// Every station's arrival and departure.
    Station,
    /// The arrival at the destination.
    Arrival,
}

/// A moment of a journey, as written.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename = "Moment")]
pub enum MomentFile {
    /// The arrival at the destination.
    Arrival,
    /// The arrival at a station.
    Arrive(String),
    /// The departure from a station.
    Depart(String),
}

/// What an estimate converges to.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
pub(crate) enum TargetFile {
    /// The final arrival at the destination.
    Arrival,
}

/// An axis of a `vary` grid.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
pub(crate) enum AxisFile {
    /// `vary.cruise_kmh`.
    Cruise,
    /// `vary.departure`.
    Departure,
}

/// How a time moves along an axis.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
pub(crate) enum TrendFile {
    /// Never later than at the previous value.
    NotLater,
    /// Never earlier than at the previous value.
    NotEarlier,
}

/// A map overlay as written (what a lesson wants the map to show).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) enum OverlayFile {
    /// The straight line between two stations, against the rail distance.
    StraightLine {
        from: String,
        to: String,
        /// Shown when the scenario opens (otherwise on request).
        #[serde(default)]
        shown: bool,
    },
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, rename = "Train")]
pub(crate) struct TrainOverride {
    #[serde(default)]
    pub(crate) cruise_kmh: Option<Kmh>,
    #[serde(default)]
    pub(crate) accel_mps2: Option<Mps2>,
    #[serde(default)]
    pub(crate) brake_mps2: Option<Mps2>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Levels")]
pub(crate) struct LevelsFile {
    #[serde(default)]
    pub(crate) elevated_kmh: Option<Kmh>,
    #[serde(default)]
    pub(crate) high_kmh: Option<Kmh>,
    #[serde(default)]
    pub(crate) high_sweep: Option<FriendlyDuration>,
}

/// What starts a security event, as written.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename = "From")]
pub enum StartFile {
    /// When the train reaches this km.
    Km(f64),
    /// At this time.
    At(TimeText),
}

/// What ends a security event, as written.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename = "Until")]
pub enum EndFile {
    /// When the train reaches this km.
    Km(f64),
    /// At this time.
    At(TimeText),
    /// This long after it started.
    After(FriendlyDuration),
}

/// A security level as written in files.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(rename = "Level")]
pub enum LevelFile {
    /// No restriction.
    Normal,
    /// The Elevated cap.
    Elevated,
    /// The High cap and sweeps.
    High,
    /// High, and the train holds at the next station.
    Lockdown,
}

impl From<LevelFile> for Level {
    fn from(level: LevelFile) -> Self {
        match level {
            LevelFile::Normal => Level::Normal,
            LevelFile::Elevated => Level::Elevated,
            LevelFile::High => Level::High,
            LevelFile::Lockdown => Level::Lockdown,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Security")]
pub(crate) struct SecurityFile {
    pub(crate) level: LevelFile,
    pub(crate) from: StartFile,
    #[serde(default)]
    pub(crate) until: Option<EndFile>,
    #[serde(default)]
    pub(crate) reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Incident")]
pub(crate) struct IncidentFile {
    pub(crate) at_km: f64,
    pub(crate) delay: FriendlyDuration,
    #[serde(default)]
    pub(crate) cause: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Random")]
pub(crate) struct RandomFile {
    pub(crate) seed: u64,
    pub(crate) incidents_per_1000_km: Rate,
    pub(crate) delay_min: FriendlyDuration,
    pub(crate) delay_max: FriendlyDuration,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Claim")]
pub(crate) struct ClaimFile {
    pub(crate) source: String,
    pub(crate) says: CheckFile,
    #[serde(default)]
    pub(crate) note: Option<String>,
    /// Said before the event (judged against the outcome).
    #[serde(default)]
    pub(crate) forecast: bool,
}
