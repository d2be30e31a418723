//! `nowcast`: what could have been said at a moment of the trip from the observations made by
//! then: the fitted parameters and an estimate with a band for every later stop, and where the
//! record has the stop, how far off the estimate was (the hold-out error).
use super::Context;
use super::args::{NowcastArgs, Overrides, SummaryFormat};
use super::load;
use super::table::{Align, Table};
use crate::exit;
use std::io::Write;
use train_analysis::nowcast::nowcast as estimate;
use train_analysis::overrides::parse_departure;
use train_scenario::duration::format_signed_duration;

pub(crate) fn nowcast(
    args: &NowcastArgs,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let as_of = parse_departure(&args.as_of)
        .map_err(|e| anyhow::anyhow!("--as-of: {}", e.0.trim_start_matches("--depart: ")))?;
    let scenario = load::scenario(&ctx.loader, &args.scenario, &Overrides::default())?;
    let (report, _) = estimate(&scenario, as_of)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.scenario.display()))?;
    match args.format {
        SummaryFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        SummaryFormat::Text => {
            writeln!(out, "{}\nNowcast as of {}", scenario.title, report.as_of)?;
            writeln!(out, "Used: {}", report.used.join(", "))?;
            for f in &report.fitted {
                let bound = if f.at_bound { " (at its bound)" } else { "" };
                writeln!(out, "  fitted {}: {}{bound}", f.name, f.value)?;
            }
            writeln!(out, "Band: {}\n", report.band)?;
            let mut table = Table::new(&[
                ("stop", Align::Left),
                ("estimate", Align::Left),
                ("low", Align::Left),
                ("high", Align::Left),
                ("observed later", Align::Left),
                ("error", Align::Right),
            ]);
            for s in &report.stops {
                table.row(vec![
                    s.name.clone(),
                    s.eta.clone(),
                    s.low.clone(),
                    s.high.clone(),
                    s.observed.clone().unwrap_or_default(),
                    s.error_s.map(format_signed_duration).unwrap_or_default(),
                ]);
            }
            write!(out, "{}", table.render("  "))?;
        }
    }
    Ok(exit::OK)
}
