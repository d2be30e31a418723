//! `armored-train`: the command-line front end (a thin layer over `train_sim` and `train_scenario`).
//!
//! Exit codes: 0 = success (all expectations hold), 1 = an expectation failed, 2 = bad input or I/O.
mod cli;
#[cfg(feature = "desktop")]
mod desktop;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
