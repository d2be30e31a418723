//! RON route and scenario files for the armored-train simulator: parsing with positioned errors,
//! validation into the core's types, time zones, expectations, press claims, and the typed
//! timetable and JSON report of a run.
//!
//! ```no_run
//! use train_scenario::{Scenario, Run};
//! let scenario = Scenario::load(std::path::Path::new("scenarios/2023-sunday-afternoon.ron"))?;
//! let run = Run::new(&scenario)?;
//! println!("arrives {}", run.timetable().arrival.rfc3339());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cases;
pub mod claims;
pub mod duration;
mod error;
mod evaluate;
pub mod expect;
pub mod geo;
pub mod itinerary;
pub mod legs;
mod loader;
mod locate;
mod long_journey;
pub mod network;
pub mod observations;
pub mod relations;
mod report;
mod ron_file;
pub mod ron_index;
pub mod route;
mod run;
mod scenario;
mod scenario_file;
mod table_run;
pub mod time;
pub mod timetable;
pub mod values;

pub use cases::{BASE_CASE, Case, CaseOrigin, MAX_CASES, cell_name};
pub use error::{LoadError, LoadErrorDetails, LoadErrorKind, Position};
pub use expect::{Check, CheckKind, Claim, Unit, Verdict};
pub use geo::great_circle_km;
pub use loader::{Loader, ShippedFile, ShippedKind, find_in_assets};
pub use network::Network;
pub use report::{CaseRow, EstimateRow, IncidentRow, Report, SecurityRow, StationRow};
pub use ron_file::{Anchor, MAX_INPUT_BYTES, SourceFile, folder_of};
pub use route::{Leg, Route, Station};
pub use run::{Basis, ClaimOutcome, ClaimVerdict, MAX_JOURNEY_YEARS, Run, RunError, check_length};
pub use scenario::{EndFile, IncidentSpec, LevelFile, Overlay, Scenario, SecuritySpec, StartFile};
pub use table_run::{CaseRun, TableRun};
pub use timetable::Timetable;
