//! `armored-train`: the command line and, with no subcommand, the desktop app (feature `desktop`).
//!
//! The binary is glue: `cli` parses arguments and formats what the libraries compute
//! (`train_analysis` -> `train_scenario` -> `train_sim`), `desktop` draws it with Bevy. Neither
//! imports the other; this file picks one.
//!
//! Exit codes: 0 = success (all expectations hold), 1 = an expectation failed, 2 = bad input or I/O.
mod cli;
#[cfg(feature = "desktop")]
mod desktop;
mod exit;
mod shipped;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::args::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => return cli::usage_error(&e),
    };
    match args.command {
        Some(command) => cli::main(command, args.color),
        None => open_app(&args.app, args.color),
    }
}

/// No subcommand: the desktop app on the default scenario, or with no display (or no `desktop`
/// feature) the headless report, saying so.
fn open_app(app: &cli::args::AppArgs, color: cli::args::ColorChoice) -> ExitCode {
    if let Some(refused) = cli::refuse_screenshot_target(app) {
        return refused;
    }
    #[cfg(feature = "desktop")]
    if has_display() {
        return ExitCode::from(desktop::run(&desktop::Options {
            scenario: app.scenario.clone(),
            screenshot: app.screenshot.clone(),
            after_frames: app.after_frames,
            at_hours: app.at_hours,
            presenter: app.presenter,
        }));
    }
    cli::without_app(app, color)
}

#[cfg(feature = "desktop")]
fn has_display() -> bool {
    std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some()
}
