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
    /// Colour in text reports (FAIL red, ok green): auto = on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub(crate) color: ColorChoice,
}

/// When text reports use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless the NO_COLOR environment variable is set.
    Auto,
    /// Always (even into a pipe).
    Always,
    /// Never.
    Never,
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
    /// Start in presenter mode: large text, no side panels, the lesson a paragraph at a time (P
    /// toggles it).
    #[arg(long)]
    pub(crate) presenter: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Runs one scenario and prints its timetable, arrival estimates and verdicts.
    Run(RunArgs),
    /// Evaluates every expectation of the given scenarios (default: scenarios/); exit 1 if any fails.
    Check(CheckArgs),
    /// Runs many journeys with random incidents and reports the spread of the arrival.
    Montecarlo(MonteCarloArgs),
    /// Arrival and travel time over a grid of cruise speeds and departure times.
    Sweep(SweepArgs),
    /// Draws an SVG chart of a journey.
    Chart(ChartArgs),
    /// Lists the teaching lessons, or shows one (narrative, run and verdicts on the press claims).
    Lessons(LessonsArgs),
    /// Prints the JSON Schema of the `run` or `check` JSON report.
    Schema(SchemaArgs),
    /// Fits the scenario's free parameters to its observed times and writes a calibrated copy.
    Calibrate(CalibrateArgs),
    /// Estimates the later stops from the observations made by a moment (`--as-of`).
    Nowcast(NowcastArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct CalibrateArgs {
    /// The scenario file (.ron) with `free` parameters and observations.
    pub(crate) scenario: PathBuf,
    /// Where to write the calibrated scenario (default: NAME.calibrated.ron next to the input);
    /// never over an existing file.
    #[arg(short = 'o', long = "output", value_name = "FILE.ron")]
    pub(crate) output: Option<PathBuf>,
    /// Print the fit without writing a file.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct NowcastArgs {
    /// The scenario file (.ron) with `free` parameters and observations.
    pub(crate) scenario: PathBuf,
    /// The moment (RFC 3339 with offset): only observations made by then are used.
    #[arg(long, value_name = "TIME")]
    pub(crate) as_of: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub(crate) format: SummaryFormat,
}

/// Reports that have a JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    /// `run --format json`.
    Run,
    /// `check --format json`.
    Check,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SchemaArgs {
    /// Which report.
    pub(crate) report: SchemaKind,
}

#[derive(Debug, clap::Args)]
pub(crate) struct LessonsArgs {
    #[command(subcommand)]
    pub(crate) action: Option<LessonAction>,
    /// Where the lessons are (default: scenarios/lessons in this folder or the nearest one above
    /// that has it).
    #[arg(long, global = true)]
    pub(crate) dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum LessonAction {
    /// Prints a lesson: its narrative, the journey, and the verdict on each claim.
    Show {
        /// The lesson's number or file name (e.g. `1` or `1-twenty-hours`).
        name: String,
    },
    /// Writes a printable worksheet of a lesson (HTML with its charts and map inline, questions
    /// with blanks) and its answer key, as two files in a folder.
    Export {
        /// The lesson's number or file name.
        name: String,
        /// The folder to write to (created if missing).
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
    },
}

/// Output formats of `montecarlo` and `nowcast`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SummaryFormat {
    /// A readable report.
    Text,
    /// Machine-readable JSON.
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct MonteCarloArgs {
    /// The scenario file (.ron, or - for standard input); its `random` block drives the incidents.
    pub(crate) scenario: PathBuf,
    /// Number of journeys.
    #[arg(long, default_value_t = 10_000)]
    pub(crate) runs: u64,
    /// Worker threads, 1 to 256 (default: all cores). The numbers do not depend on it.
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub(crate) format: SummaryFormat,
    #[command(flatten)]
    pub(crate) overrides: Overrides,
}

/// Output formats of `sweep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum GridFormat {
    /// Aligned tables.
    Text,
    /// One row per (departure, speed).
    Csv,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SweepArgs {
    /// The scenario file (.ron, or - for standard input).
    pub(crate) scenario: PathBuf,
    /// Cruise speeds in km/h: `KMH` or `FROM:TO:STEP` (e.g. 35:60:5).
    #[arg(long, value_name = "RANGE")]
    pub(crate) speed: Option<String>,
    /// Departures: `TIME` or `T0..T1/STEP` (e.g. "2023-09-10T06:00:00+09:00..2023-09-10T18:00:00+09:00/3h").
    #[arg(long, value_name = "RANGE")]
    pub(crate) depart: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GridFormat::Text)]
    pub(crate) format: GridFormat,
    /// Also write the grid as a table-driven scenario (`vary`, each cell's computed arrival as its
    /// expectations) to FILE.ron, to freeze today's behaviour; never writes over an existing file.
    #[arg(long, value_name = "FILE.ron")]
    pub(crate) freeze: Option<PathBuf>,
}

/// Kinds of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ChartKind {
    /// Space-time diagram, planned vs actual.
    Marey,
    /// Speed-distance profile with the restrictions.
    Speed,
    /// How the arrival estimate drifted during the journey.
    Eta,
    /// Distribution of the arrival over Monte Carlo runs.
    Montecarlo,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ChartArgs {
    /// The scenario file (.ron, or - for standard input).
    pub(crate) scenario: PathBuf,
    /// Which chart.
    #[arg(long, value_enum)]
    pub(crate) kind: ChartKind,
    /// Output SVG file, or - for standard output. It never writes over an input of the command or
    /// over a file this tool did not write.
    #[arg(short = 'o', long = "output", value_name = "FILE.svg")]
    pub(crate) output: PathBuf,
    /// Runs for `--kind montecarlo`.
    #[arg(long, default_value_t = 10_000)]
    pub(crate) runs: u64,
    #[command(flatten)]
    pub(crate) overrides: Overrides,
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
    /// The scenario file (.ron, or - for standard input).
    pub(crate) scenario: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// A what-if run: leave out the scenario's expectations (exit 0 when it runs).
    #[arg(long)]
    pub(crate) no_expect: bool,
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
    /// One case of a table-driven scenario (`cases`, `vary`), by name; `base` is the base journey.
    #[arg(long, value_name = "NAME")]
    pub(crate) case: Option<String>,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// One table per file.
    Text,
    /// One object per expectation and claim (schema: `armored-train schema check`).
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Scenario files or directories (searched recursively for .ron files; - reads one scenario
    /// from standard input).
    #[arg(default_value = "scenarios")]
    pub(crate) paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub(crate) format: CheckFormat,
    /// Also write a JUnit XML report to FILE (for CI systems), or with - print it instead of the
    /// report. It never writes over an input or a file this tool did not write.
    #[arg(long, value_name = "FILE.xml")]
    pub(crate) junit: Option<PathBuf>,
    /// Text: print only failures, errors and the summary.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

impl Overrides {
    /// Whether any option changes the journey itself (not which case is picked).
    pub(crate) fn changes_the_journey(&self) -> bool {
        self.speed.is_some() || self.depart.is_some() || self.seed.is_some()
    }

    /// The same overrides for the analysis library.
    pub(crate) fn to_analysis(&self) -> train_analysis::Overrides {
        train_analysis::Overrides {
            speed_kmh: self.speed,
            depart: self.depart.clone(),
            seed: self.seed,
        }
    }
}
