//! Command-line parsing and dispatch; each subcommand lives in its own module.
pub(crate) mod args;
pub(crate) mod chart;
pub(crate) mod check;
mod lessons;
pub(crate) mod montecarlo;
pub(crate) mod run;
pub(crate) mod stats;
mod sweep;
mod table;

use args::{Cli, Command};
use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;

/// Exit status when every expectation holds.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit status when an expectation fails.
pub(crate) const EXIT_FAILED: u8 = 1;
/// Exit status for bad input or I/O errors.
pub(crate) const EXIT_BAD_INPUT: u8 = 2;

/// An error that ends the command: printed as is, exit status 2.
#[derive(Debug)]
pub(crate) struct Fatal(pub(crate) String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

#[cfg(not(feature = "desktop"))]
fn fail(message: &str) -> ExitCode {
    let _ = writeln!(io::stderr(), "error: {message}");
    ExitCode::from(EXIT_BAD_INPUT)
}

pub(crate) fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_BAD_INPUT
            } else {
                EXIT_OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Some(Command::Run(args)) => run::run(&args),
        Some(Command::Check(args)) => check::check(&args),
        Some(Command::Montecarlo(args)) => montecarlo::montecarlo(&args),
        Some(Command::Sweep(args)) => sweep::sweep(&args),
        Some(Command::Chart(args)) => chart::chart(&args),
        Some(Command::Lessons(args)) => lessons::lessons(&args),
        #[cfg(feature = "desktop")]
        None => Ok(crate::desktop::run(&cli.app)),
        #[cfg(not(feature = "desktop"))]
        None => {
            if cli.app.screenshot.is_some()
                || cli.app.scenario.is_some()
                || cli.app.at_hours.is_some()
            {
                return fail(
                    "this binary was built without the desktop app (feature `desktop`); --scenario, --screenshot and --at-hours need it",
                );
            }
            let mut help = <Cli as clap::CommandFactory>::command();
            let _ = help.print_help();
            println!(
                "\n(The desktop app is not built in: this binary was compiled without the `desktop` feature.)"
            );
            Ok(EXIT_OK)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fatal(message)) => {
            // A closed pipe (e.g. `| head`) is not an error.
            if message.contains("Broken pipe") {
                return ExitCode::from(EXIT_OK);
            }
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
