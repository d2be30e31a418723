//! Errors of the core: an invalid journey specification, or a journey that cannot end.
use thiserror::Error;

/// A journey specification that the core refuses, with the offending field and value.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum SpecError {
    /// A speed, acceleration or braking rate is zero, negative or not finite.
    #[error("{field} must be a positive number, got {value}")]
    NotPositive {
        /// Which field.
        field: &'static str,
        /// The value given.
        value: f64,
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
    /// A dwell time is negative or not finite.
    #[error("station {index}: dwell must be zero or positive, got {dwell_s} s")]
    BadDwell {
        /// Station index.
        index: usize,
        /// The dwell given.
        dwell_s: f64,
    },
    /// A speed restriction has an empty or reversed extent or lies outside the route.
    #[error("speed restriction {index}: [{from_m} m, {to_m} m) is empty or outside the route")]
    BadRestriction {
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
    /// An incident's delay or the random delay range is invalid.
    #[error("{field}: {reason}")]
    BadDelay {
        /// Which field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A Lockdown must end at a time: the train stands still during it, so it never reaches a km.
    #[error(
        "security event {index}: a Lockdown cannot end at a km (the train holds, so it would never get there)"
    )]
    LockdownEndsAtKm {
        /// Event index.
        index: usize,
    },
    /// A security event's trigger or end is not a finite number, or its km end is not after its km start.
    #[error("security event {index}: {reason}")]
    BadSecurityEvent {
        /// Event index.
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// More security events than the core accepts.
    #[error("at most {max} security events are allowed, got {count}")]
    TooManySecurityEvents {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
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
