//! The command line: argument grammar (clap), one module per subcommand, and the output and exit
//! code policy. Commands format what the libraries compute; they compute nothing of their own.
pub(crate) mod args;
mod calibrate;
mod chart;
mod check;
mod junit;
mod lessons;
mod load;
mod markup;
mod montecarlo;
mod nowcast;
mod output;
mod output_file;
mod run;
mod schema;
mod style;
mod sweep;
mod table;
mod worksheet;

use crate::exit;
use args::{AppArgs, ColorChoice, Command};
use std::io::Write;
use std::process::ExitCode;
use style::Palette;
use train_scenario::Loader;

/// What every command needs besides its arguments.
pub(crate) struct Context {
    /// Finds scenarios and the routes they name (shipped routes included).
    pub(crate) loader: Loader,
    /// Colour for text on standard output.
    pub(crate) palette: Palette,
}

/// Runs a subcommand and turns its outcome into the exit code.
pub(crate) fn main(command: Command, color: ColorChoice) -> ExitCode {
    let ctx = Context {
        loader: crate::shipped::loader(),
        palette: Palette::for_stdout(color),
    };
    let mut out = output::stdout();
    let result = match &command {
        Command::Run(args) => run::run(args, &ctx, &mut out),
        Command::Check(args) => check::check(args, &ctx, &mut out),
        Command::Montecarlo(args) => montecarlo::montecarlo(args, &ctx, &mut out),
        Command::Sweep(args) => sweep::sweep(args, &ctx, &mut out),
        Command::Chart(args) => chart::chart(args, &ctx, &mut out),
        Command::Lessons(args) => lessons::lessons(args, &ctx, &mut out),
        Command::Schema(args) => schema::schema(args, &mut out),
        Command::Calibrate(args) => calibrate::calibrate(args, &ctx, &mut out),
        Command::Nowcast(args) => nowcast::nowcast(args, &ctx, &mut out),
    };
    finish(result, out)
}

/// Flushes the output and maps the outcome to an exit code: a closed pipe is success, any other
/// error is reported on standard error with exit 2.
fn finish(result: anyhow::Result<u8>, mut out: output::Out) -> ExitCode {
    let flushed = out.flush().map_err(anyhow::Error::from);
    match result.and_then(|code| flushed.map(|()| code)) {
        Ok(code) => ExitCode::from(code),
        Err(e) if output::is_broken_pipe(&e) => ExitCode::from(exit::OK),
        Err(e) => {
            output::note(format!("error: {e:#}"));
            ExitCode::from(exit::BAD_INPUT)
        }
    }
}

/// A command line clap refused (on standard error, exit 2), or `--help` / `--version` (on
/// standard output through the same checked path as every report: a closed pipe is exit 0, a full
/// disk exit 2).
pub(crate) fn usage_error(e: &clap::Error) -> ExitCode {
    if e.use_stderr() {
        output::note(e.render());
        return ExitCode::from(exit::BAD_INPUT);
    }
    let mut out = output::stdout();
    let result = write!(out, "{}", e.render()).map(|()| exit::OK);
    finish(result.map_err(anyhow::Error::from), out)
}

/// Refuses the app's `--screenshot` path before the app starts (see
/// [`output_file::check_png_target`]): the message on standard error and exit 2.
pub(crate) fn refuse_screenshot_target(app: &AppArgs) -> Option<ExitCode> {
    let path = app.screenshot.as_ref()?;
    let inputs: Vec<std::path::PathBuf> = app.scenario.iter().cloned().collect();
    output_file::check_png_target(path, &inputs).err().map(|e| {
        output::note(format!("error: {e:#}"));
        ExitCode::from(exit::BAD_INPUT)
    })
}

/// No subcommand and no app to open: the headless report of the scenario (no display), or the
/// help (a binary built without the desktop app).
pub(crate) fn without_app(app: &AppArgs, color: ColorChoice) -> ExitCode {
    let mut out = output::stdout();
    let palette = Palette::for_stdout(color);
    let result = if cfg!(feature = "desktop") {
        headless_report(app, palette, &mut out)
    } else {
        no_desktop(app, &mut out)
    };
    finish(result, out)
}

fn headless_report(app: &AppArgs, palette: Palette, out: &mut output::Out) -> anyhow::Result<u8> {
    if app.screenshot.is_some() {
        anyhow::bail!(
            "--screenshot needs a display: DISPLAY is not set (run it under `xvfb-run -a`)"
        );
    }
    let path = app
        .scenario
        .clone()
        .unwrap_or_else(|| crate::shipped::DEFAULT_SCENARIO.into());
    writeln!(
        out,
        "No display available (DISPLAY is not set): printing the headless report of {} instead.",
        path.display()
    )?;
    let loader = crate::shipped::loader();
    let scenario = crate::shipped::load_scenario(&loader, &path)
        .map_err(|e| anyhow::anyhow!(e.with_snippet()))?;
    let run = load::run(&scenario)?;
    out.write_all(run::text(&run, palette).as_bytes())?;
    Ok(if run.all_hold() {
        exit::OK
    } else {
        exit::FAILED
    })
}

fn no_desktop(app: &AppArgs, out: &mut output::Out) -> anyhow::Result<u8> {
    if app.screenshot.is_some() || app.scenario.is_some() || app.at_hours.is_some() || app.presenter
    {
        anyhow::bail!(
            "this binary was built without the desktop app (feature `desktop`); --scenario, --screenshot, --at-hours and --presenter need it"
        );
    }
    let help = <args::Cli as clap::CommandFactory>::command().render_help();
    write!(out, "{help}")?;
    writeln!(
        out,
        "\n(The desktop app is not built in: this binary was compiled without the `desktop` feature.)"
    )?;
    Ok(exit::OK)
}
