//! Exact, deterministic simulation core of the armored-train journey.
//!
//! The core knows nothing of files, clocks, time zones or rendering: it takes a validated
//! [`JourneySpec`] (track, train, security events, incidents) with every time expressed in
//! seconds since the scheduled departure and every position in metres from the origin, and
//! returns a [`Journey`]: the motion, the station times, the security periods, the incident
//! stops and the arrival estimates reported along the way.
//!
//! Motion is computed in closed form between events (constant acceleration, cruise or braking
//! pieces whose `v²` is linear in distance), never with a time step, so results are exact up to
//! floating-point rounding and identical bit for bit for identical inputs.
//!
//! ```
//! use train_sim::{JourneySpec, Track, Stop, Train, simulate, Options};
//! let track = Track::new(
//!     vec![Stop::new(0.0, 0.0), Stop::new(100_000.0, 0.0)],
//!     vec![],
//! )?;
//! let train = Train::from_kmh(50.0, 0.1, 0.2)?;
//! let spec = JourneySpec::new(track, train)?;
//! let journey = simulate(&spec, Options::default())?;
//! // 100 km at 50 km/h is 7,200 s, plus v/2a + v/2b for starting and stopping.
//! let v = 50.0 / 3.6;
//! assert!((journey.arrival_s - (7200.0 + v / 0.2 + v / 0.4)).abs() < 1e-6);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod engine;
mod error;
pub mod incidents;
mod journey;
pub mod montecarlo;
pub mod profile;
mod security;
mod spec;
pub mod units;
pub mod value;

pub use engine::{Options, Workspace, simulate, simulate_into};
pub use error::{CapsField, Location, RandomField, SimError, SpecError, TrainField};
pub use incidents::{Incident, RandomIncidents};
pub use journey::{
    Estimate, IncidentStop, Journey, MotionSegment, SecurityPeriod, StationEta, StationTimes,
    Trigger,
};
pub use security::{EventEnd, EventStart, Level, LevelCaps, SecurityEvent};
pub use spec::{
    JourneySpec, MAX_INCIDENTS, MAX_RESTRICTIONS, MAX_SECURITY_EVENTS, MAX_STATIONS, SpeedLimit,
    Stop, Track, Train,
};
