//! `calibrate`: fits a scenario's free parameters to its observed times, prints the fit and the
//! residuals, and writes the calibrated scenario next to the input (never over a file).
use super::Context;
use super::args::{CalibrateArgs, Overrides};
use super::load;
use super::output::note;
use super::output_file;
use super::table::{Align, Table};
use crate::exit;
use std::io::Write;
use std::path::PathBuf;
use train_analysis::calibrate::{Fit, calibrated_text, fit};
use train_scenario::duration::{format_duration, format_signed_duration};

pub(crate) fn calibrate(
    args: &CalibrateArgs,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    if load::is_stdio(&args.scenario) && args.output.is_none() && !args.dry_run {
        anyhow::bail!("a scenario from standard input needs --output FILE.ron (or --dry-run)");
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.scenario));
    if !args.dry_run {
        output_file::check_new(&output, "ron", std::slice::from_ref(&args.scenario))?;
    }
    let scenario = load::scenario(&ctx.loader, &args.scenario, &Overrides::default())?;
    let fitted =
        fit(&scenario, None).map_err(|e| anyhow::anyhow!("{}: {e}", args.scenario.display()))?;
    write!(out, "{}", report(&fitted))?;
    if !args.dry_run {
        let command = format!("armored-train calibrate {}", args.scenario.display());
        let text = calibrated_text(&fitted, &command, &output)?;
        output_file::check_loads_there(&ctx.loader, &output, &text)?;
        output_file::write_new(&output, text.as_bytes())?;
        note(format!("wrote {}", output.display()));
    }
    Ok(exit::OK)
}

/// `NAME.calibrated.ron` next to `input`.
fn default_output(input: &std::path::Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    input.with_file_name(format!("{stem}.calibrated.ron"))
}

/// The fit as text: method, parameters, residuals.
pub(crate) fn report(fit: &Fit) -> String {
    let s = &fit.scenario;
    let mut out = format!(
        "{}\nWeighted least squares (Levenberg-Marquardt; each difference divided by its observation's tolerance; a weak prior at each parameter's value in the file), {} iterations.\n\nFitted\n",
        s.title, fit.iterations
    );
    let mut params = Table::new(&[
        ("parameter", Align::Left),
        ("value", Align::Right),
        ("", Align::Left),
    ]);
    for f in &fit.fitted {
        params.row(vec![
            f.param.name(),
            f.text.clone(),
            if f.at_bound {
                "at its bound".into()
            } else {
                String::new()
            },
        ]);
    }
    out.push_str(&params.render("  "));
    out.push_str(&format!(
        "\nResiduals (simulated - observed), RMS {}\n",
        format_duration(fit.rms_s)
    ));
    let mut residuals = Table::new(&[
        ("place", Align::Left),
        ("event", Align::Left),
        ("observed", Align::Left),
        ("difference", Align::Right),
        ("within", Align::Right),
        ("", Align::Left),
    ]);
    for r in &fit.residuals {
        let o = &r.observation;
        let station = &s.route.stations[o.station];
        residuals.row(vec![
            station.reference(),
            format!("{:?}", o.event),
            o.timestamp()
                .map(|t| {
                    train_scenario::time::rfc3339(&train_scenario::time::local(t, &station.tz))
                })
                .unwrap_or_default(),
            format_signed_duration(r.difference_s),
            o.within_s().map(format_duration).unwrap_or_default(),
            if r.used {
                String::new()
            } else {
                "not used".into()
            },
        ]);
    }
    out.push_str(&residuals.render("  "));
    out
}
