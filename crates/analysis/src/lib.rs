//! Analyses of armored-train scenarios, shared by the command line and the desktop app: Monte
//! Carlo batches and their statistics, sweep grids, chart series, scenario discovery and
//! overrides. No clap, no Bevy, no plotters: front ends format what this computes.

pub mod calibrate;
pub mod check;
pub mod files;
pub mod freeze;
pub mod montecarlo;
pub mod nowcast;
pub mod overrides;
pub mod rewrite;
pub mod series;
pub mod stats;
pub mod sun;
pub mod sweep;

pub use files::{Found, Skipped, scenario_files};
pub use overrides::{Overridden, OverrideError, Overrides};
