//! The command-line grammar (clap derive).
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Simulates the armored train's journey from Pyongyang to Vladivostok.
#[derive(Debug, Parser)]
#[command(name = "armored-train", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    #[command(flatten)]
    pub(crate) app: AppArgs,
}

/// Options of the desktop app (used when no subcommand is given).
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct AppArgs {
    /// Scenario to open in the desktop app (default: scenarios/2023-sunday-afternoon.ron).
    #[arg(long, value_name = "PATH")]
    pub(crate) scenario: Option<PathBuf>,
    /// Save a PNG screenshot of the app to PATH and exit.
    #[arg(long, value_name = "PATH")]
    pub(crate) screenshot: Option<PathBuf>,
    /// With --screenshot: frames to render before taking it.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub(crate) after_frames: u32,
    /// Start the app at this many simulated hours after departure (paused if --screenshot).
    #[arg(long, value_name = "HOURS")]
    pub(crate) at_hours: Option<f64>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Runs one scenario and prints its timetable, arrival estimates and verdicts.
    Run(RunArgs),
    /// Evaluates every expectation of the given scenarios (default: scenarios/); exit 1 if any fails.
    Check(CheckArgs),
}

/// Output formats of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A readable report.
    Text,
    /// The JSON report (a stable contract).
    Json,
    /// One row per station.
    Csv,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RunArgs {
    /// The scenario file (.ron).
    pub(crate) scenario: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    #[command(flatten)]
    pub(crate) overrides: Overrides,
}

/// Overrides shared by the commands that run a scenario.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct Overrides {
    /// Cruise speed in km/h, replacing the scenario's.
    #[arg(long, value_name = "KMH")]
    pub(crate) speed: Option<f64>,
    /// Departure time (RFC 3339 with offset, or RFC 9557 with zone), replacing the scenario's.
    #[arg(long, value_name = "TIME")]
    pub(crate) depart: Option<String>,
    /// Seed of the random incidents, replacing the scenario's.
    #[arg(long, value_name = "N")]
    pub(crate) seed: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Scenario files or directories (searched recursively for .ron files).
    #[arg(default_value = "scenarios")]
    pub(crate) paths: Vec<PathBuf>,
}
