//! Errors of the core: an invalid journey specification (with where in it), or a journey that
//! cannot end.
use crate::value::ValueError;
use std::fmt;
use thiserror::Error;

/// Which figure of the train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrainField {
    /// The cruise speed.
    Cruise,
    /// The acceleration.
    Accel,
    /// The braking rate.
    Brake,
}

/// Which number behind the security levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CapsField {
    /// The speed cap under Elevated.
    Elevated,
    /// The speed cap under High and Lockdown.
    High,
    /// The sweep added to stops under High.
    HighSweep,
}

/// Which figure of the random-incident model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RandomField {
    /// The rate per 1,000 km.
    Rate,
    /// The shortest delay.
    DelayMin,
    /// The longest delay.
    DelayMax,
}

/// Where in a journey specification an error lies: the file layers map it to a file position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Location {
    /// A figure of the train.
    Train(TrainField),
    /// A number behind the security levels.
    Caps(CapsField),
    /// The station list as a whole.
    Stations,
    /// Station `n`'s position.
    Station(usize),
    /// Station `n`'s dwell or its earliest departure.
    StationDwell(usize),
    /// The restrictions as a whole.
    Restrictions,
    /// Restriction `n`'s extent.
    Restriction(usize),
    /// Restriction `n`'s speed.
    RestrictionSpeed(usize),
    /// The security events as a whole.
    SecurityEvents,
    /// Security event `n`'s start.
    SecurityStart(usize),
    /// Security event `n`'s end.
    SecurityEnd(usize),
    /// The scripted incidents as a whole.
    Incidents,
    /// Incident `n`'s position.
    Incident(usize),
    /// Incident `n`'s delay.
    IncidentDelay(usize),
    /// A figure of the random-incident model.
    Random(RandomField),
}

/// A journey specification that the core refuses.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum SpecError {
    /// A single number breaks its rule (see [`crate::value`]).
    #[error("{at}: {source}")]
    Value {
        /// Which number.
        at: Location,
        /// The rule it breaks.
        source: ValueError,
    },
    /// A route needs at least an origin and a destination.
    #[error("a route needs at least 2 stations, got {count}")]
    TooFewStations {
        /// How many were given.
        count: usize,
    },
    /// More stations than the core accepts.
    #[error("a route may have at most {max} stations, got {count}")]
    TooManyStations {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// Station positions must strictly increase along the route.
    #[error("station {index} is at {x_m} m, not beyond the previous station at {previous_m} m")]
    StationsNotIncreasing {
        /// Index of the offending station.
        index: usize,
        /// Its position.
        x_m: f64,
        /// The previous station's position.
        previous_m: f64,
    },
    /// Stated departure times must follow each other along the route: a later stop cannot be left
    /// before an earlier one.
    #[error(
        "station {index} is to be left at {at_s} s, not after station {previous}'s departure at {previous_s} s"
    )]
    DeparturesOutOfOrder {
        /// The station whose departure is out of order.
        index: usize,
        /// Its departure, s since the scheduled departure.
        at_s: f64,
        /// The earlier station with a stated departure.
        previous: usize,
        /// Its departure.
        previous_s: f64,
    },
    /// A stated departure before the journey's own departure: the stay would end before it began.
    #[error("station {index} is to be left {} s before the journey departs", -at_s)]
    DepartsBeforeJourney {
        /// The station.
        index: usize,
        /// Its departure, s since the scheduled departure (negative).
        at_s: f64,
    },
    /// A speed restriction is empty or does not lie inside the route.
    #[error("speed restriction {index}: [{from_m} m, {to_m} m) is empty or outside the route")]
    RestrictionOutsideRoute {
        /// Restriction index.
        index: usize,
        /// Start.
        from_m: f64,
        /// End.
        to_m: f64,
    },
    /// An incident lies outside `[origin, destination)`.
    #[error(
        "incident {index} at {at_m} m lies outside the route [{origin_m} m, {destination_m} m)"
    )]
    IncidentOutsideRoute {
        /// Incident index.
        index: usize,
        /// Its position.
        at_m: f64,
        /// Origin position.
        origin_m: f64,
        /// Destination position.
        destination_m: f64,
    },
    /// A security event starting at a position outside the route would never start.
    #[error(
        "security event {index} starts at {at_m} m, outside the route [{origin_m} m, {destination_m} m]"
    )]
    EventStartsOutsideRoute {
        /// Event index.
        index: usize,
        /// Its start.
        at_m: f64,
        /// Origin position.
        origin_m: f64,
        /// Destination position.
        destination_m: f64,
    },
    /// A Lockdown must end at a time: the train stands still during it, so it never reaches a km.
    #[error(
        "security event {index}: a Lockdown cannot end at a km (the train holds, so it would never get there)"
    )]
    LockdownEndsAtKm {
        /// Event index.
        index: usize,
    },
    /// A security event ends where it starts or before.
    #[error("security event {index} ends at {end_m} m, not after its start at {start_m} m")]
    EventEndsBeforeStart {
        /// Event index.
        index: usize,
        /// Its start.
        start_m: f64,
        /// Its end.
        end_m: f64,
    },
    /// A security event ends at a time that is not after the time it starts: it would do nothing.
    #[error(
        "security event {index} ends at {end_s} s, not after it starts at {start_s} s (times since the departure): it would do nothing"
    )]
    EventEndsBeforeItStarts {
        /// Event index.
        index: usize,
        /// Its start, s since the scheduled departure.
        start_s: f64,
        /// Its end, s since the scheduled departure.
        end_s: f64,
    },
    /// More speed restrictions than the core accepts.
    #[error("at most {max} speed restrictions are allowed, got {count}")]
    TooManyRestrictions {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// More scripted incidents than the core accepts.
    #[error("at most {max} scripted incidents are allowed, got {count}")]
    TooManyIncidents {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// More security events than the core accepts.
    #[error("at most {max} security events are allowed, got {count}")]
    TooManySecurityEvents {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The random model expects more incidents per journey than the core runs.
    #[error("{expected:.0} random incidents expected per journey, more than the {max} allowed")]
    TooManyRandomIncidents {
        /// Expected count.
        expected: f64,
        /// The limit.
        max: f64,
    },
    /// The random delay range is reversed.
    #[error("random delay_min ({min_s} s) is above delay_max ({max_s} s)")]
    RandomDelayRange {
        /// Shortest delay.
        min_s: f64,
        /// Longest delay.
        max_s: f64,
    },
}

impl SpecError {
    /// Where the error lies.
    pub fn location(&self) -> Location {
        match *self {
            SpecError::Value { at, .. } => at,
            SpecError::TooFewStations { .. } | SpecError::TooManyStations { .. } => {
                Location::Stations
            }
            SpecError::StationsNotIncreasing { index, .. } => Location::Station(index),
            SpecError::DeparturesOutOfOrder { index, .. }
            | SpecError::DepartsBeforeJourney { index, .. } => Location::StationDwell(index),
            SpecError::RestrictionOutsideRoute { index, .. } => Location::Restriction(index),
            SpecError::IncidentOutsideRoute { index, .. } => Location::Incident(index),
            SpecError::EventStartsOutsideRoute { index, .. } => Location::SecurityStart(index),
            SpecError::LockdownEndsAtKm { index }
            | SpecError::EventEndsBeforeStart { index, .. }
            | SpecError::EventEndsBeforeItStarts { index, .. } => Location::SecurityEnd(index),
            SpecError::TooManyRestrictions { .. } => Location::Restrictions,
            SpecError::TooManyIncidents { .. } => Location::Incidents,
            SpecError::TooManySecurityEvents { .. } => Location::SecurityEvents,
            SpecError::TooManyRandomIncidents { .. } => Location::Random(RandomField::Rate),
            SpecError::RandomDelayRange { .. } => Location::Random(RandomField::DelayMax),
        }
    }

    pub(crate) fn value(at: Location) -> impl FnOnce(ValueError) -> SpecError {
        move |source| SpecError::Value { at, source }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Location::Train(TrainField::Cruise) => f.write_str("cruise speed"),
            Location::Train(TrainField::Accel) => f.write_str("acceleration"),
            Location::Train(TrainField::Brake) => f.write_str("braking"),
            Location::Caps(CapsField::Elevated) => f.write_str("Elevated speed cap"),
            Location::Caps(CapsField::High) => f.write_str("High speed cap"),
            Location::Caps(CapsField::HighSweep) => f.write_str("High sweep"),
            Location::Stations => f.write_str("stations"),
            Location::Station(i) => write!(f, "station {i}"),
            Location::StationDwell(i) => write!(f, "station {i} dwell"),
            Location::Restrictions => f.write_str("speed restrictions"),
            Location::Restriction(i) => write!(f, "restriction {i}"),
            Location::RestrictionSpeed(i) => write!(f, "restriction {i} speed"),
            Location::SecurityEvents => f.write_str("security events"),
            Location::SecurityStart(i) => write!(f, "security event {i} start"),
            Location::SecurityEnd(i) => write!(f, "security event {i} end"),
            Location::Incidents => f.write_str("incidents"),
            Location::Incident(i) => write!(f, "incident {i}"),
            Location::IncidentDelay(i) => write!(f, "incident {i} delay"),
            Location::Random(RandomField::Rate) => f.write_str("random incident rate"),
            Location::Random(RandomField::DelayMin) => f.write_str("random delay_min"),
            Location::Random(RandomField::DelayMax) => f.write_str("random delay_max"),
        }
    }
}

/// A run that could not finish.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum SimError {
    /// The train is held with nothing left that could release it.
    #[error(
        "the journey can never end: the train is held at {x_m:.0} m at t = {t_s:.0} s with no event left to release it"
    )]
    NeverEnds {
        /// Where it is held.
        x_m: f64,
        /// Since when.
        t_s: f64,
        /// The Lockdown event that holds it, when one does.
        held_by: Option<usize>,
    },
    /// The event loop exceeded its step budget (a bug guard; it should not happen).
    #[error("the simulation made no progress after {steps} steps at {x_m:.0} m, t = {t_s:.0} s")]
    NoProgress {
        /// Steps taken.
        steps: usize,
        /// Position.
        x_m: f64,
        /// Time.
        t_s: f64,
    },
}
