//! `sweep`: arrival and travel time over a grid of cruise speeds and departure times.
use super::Context;
use super::args::{GridFormat, Overrides, SweepArgs};
use super::load;
use super::output::note;
use super::output_file;
use super::table::{Align, Table};
use crate::exit;
use std::io::Write;
use train_analysis::freeze::freeze;
use train_analysis::sweep::{grid, parse_departures, parse_speeds};
use train_scenario::duration::format_duration;
use train_scenario::time::{days_between, instant_after, local, rfc3339};

pub(crate) fn sweep(args: &SweepArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let scenario = load::scenario(&ctx.loader, &args.scenario, &Overrides::default())?;
    let speeds = match &args.speed {
        Some(text) => parse_speeds(text)?,
        None => vec![scenario.cruise_kmh],
    };
    let departures = match &args.depart {
        Some(text) => parse_departures(text)?,
        None => vec![scenario.departure],
    };
    if let Some(out) = &args.freeze {
        output_file::check_new(out, "ron", std::slice::from_ref(&args.scenario))?;
    }
    let cells = grid(&scenario, &speeds, &departures)?;
    let route = &scenario.route;
    let (origin_tz, last) = (&route.stations[0].tz, route.stations.len() - 1);
    let dest_tz = &route.stations[last].tz;
    match args.format {
        GridFormat::Csv => {
            writeln!(out, "depart,speed_kmh,arrival,travel_time_s,travel_time")?;
            for cell in &cells {
                let arrival = local(instant_after(cell.departure, cell.travel_s), dest_tz);
                writeln!(
                    out,
                    "{},{},{},{:.0},{}",
                    rfc3339(&local(cell.departure, origin_tz)),
                    cell.speed_kmh,
                    rfc3339(&arrival),
                    cell.travel_s,
                    format_duration(cell.travel_s)
                )?;
            }
        }
        GridFormat::Text => {
            writeln!(
                out,
                "{}: arrival at {} (local time, D+n after the departure's date) and travel time\n",
                scenario.title, route.stations[last].name
            )?;
            let mut columns = vec![("departs".to_string(), Align::Left)];
            columns.extend(speeds.iter().map(|v| (format!("{v} km/h"), Align::Right)));
            let column_refs: Vec<(&str, Align)> =
                columns.iter().map(|(h, a)| (h.as_str(), *a)).collect();
            let mut table = Table::new(&column_refs);
            for (i, &departure) in departures.iter().enumerate() {
                let depart_local = local(departure, origin_tz);
                let mut row = vec![depart_local.strftime("%a %Y-%m-%d %H:%M").to_string()];
                for j in 0..speeds.len() {
                    let travel = cells[i * speeds.len() + j].travel_s;
                    let arrival = local(instant_after(departure, travel), dest_tz);
                    row.push(format!(
                        "D+{} {} ({})",
                        days_between(&depart_local, &arrival),
                        arrival.strftime("%H:%M"),
                        format_duration(travel)
                    ));
                }
                table.row(row);
            }
            write!(out, "{}", table.render("  "))?;
        }
    }
    if let Some(out) = &args.freeze {
        let command = freeze_command(args);
        let text = freeze(
            &scenario,
            args.speed.as_ref().map(|_| speeds.as_slice()),
            args.depart.as_ref().map(|_| departures.as_slice()),
            &command,
            out,
        )?;
        output_file::check_loads_there(&ctx.loader, out, &text)?;
        output_file::write_new(out, text.as_bytes())?;
        note(format!(
            "wrote {} ({} cells); `armored-train check {}` compares later runs with it",
            out.display(),
            cells.len(),
            out.display()
        ));
    }
    Ok(exit::OK)
}

/// The command line that froze a sweep, for the frozen file's comments.
fn freeze_command(args: &SweepArgs) -> String {
    let mut command = format!("armored-train sweep {}", args.scenario.display());
    if let Some(speed) = &args.speed {
        command.push_str(&format!(" --speed {speed}"));
    }
    if let Some(depart) = &args.depart {
        command.push_str(&format!(" --depart \"{depart}\""));
    }
    if let Some(out) = &args.freeze {
        command.push_str(&format!(" --freeze {}", out.display()));
    }
    command
}
