//! RON route and scenario files for the armored-train simulator: parsing with positioned errors,
//! validation into the core's types, time zones, expectations, press claims and run reports.
//!
//! ```no_run
//! use train_scenario::{Scenario, Run};
//! let scenario = Scenario::load(std::path::Path::new("scenarios/2023-sunday-afternoon.ron"))?;
//! let run = Run::new(&scenario)?;
//! println!("arrives {}", run.report().arrival);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(unsafe_code)]
// `!(x > 0.0)` is deliberate throughout: it also rejects NaN, which `x <= 0.0` would let through.
#![allow(clippy::neg_cmp_op_on_partial_ord)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![warn(missing_docs)]

pub mod duration;
mod error;
pub mod expect;
mod report;
mod ron_file;
pub mod route;
mod scenario;
pub mod time;

pub use error::{LoadError, locate};
pub use expect::{Check, Claim, Verdict, great_circle_km};
pub use report::{
    ClaimVerdict, EstimateRow, IncidentRow, Report, Run, RunError, SecurityRow, StationRow,
    check_length,
};
pub use route::{Route, Station};
pub use scenario::{EndFile, IncidentSpec, Scenario, SecuritySpec, StartFile};
