//! `sweep`: arrival and travel time over a grid of cruise speeds and departure times.
use super::args::{GridFormat, Overrides, SweepArgs};
use super::run::load;
use super::table::{Align, Table};
use super::{EXIT_OK, Fatal};
use jiff::Timestamp;
use std::fmt::Write as _;
use train_scenario::duration::{format_duration, parse_duration};
use train_scenario::time::{instant_after, local, parse_instant, rfc3339};
use train_sim::{Options, simulate};

/// Most cells one sweep may compute.
pub(crate) const MAX_GRID_CELLS: usize = 10_000;

/// `KMH` or `FROM:TO:STEP` (inclusive).
pub(crate) fn parse_speeds(text: &str) -> Result<Vec<f64>, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let number = |s: &str| {
        s.trim().parse::<f64>().map_err(|_| {
            format!(
                "--speed {text:?}: {s:?} is not a number (write KMH or FROM:TO:STEP, e.g. 35:60:5)"
            )
        })
    };
    let values = match parts.as_slice() {
        [one] => vec![number(one)?],
        [from, to, step] => {
            let (from, to, step) = (number(from)?, number(to)?, number(step)?);
            if !(step > 0.0) || to < from {
                return Err(format!("--speed {text:?}: need FROM <= TO and STEP > 0"));
            }
            let count = ((to - from) / step + 1e-9).floor() as usize + 1;
            if count > MAX_GRID_CELLS {
                return Err(format!(
                    "--speed {text:?}: {count} speeds, more than the {MAX_GRID_CELLS} allowed"
                ));
            }
            (0..count).map(|i| from + step * i as f64).collect()
        }
        _ => {
            return Err(format!(
                "--speed {text:?}: write KMH or FROM:TO:STEP, e.g. 35:60:5"
            ));
        }
    };
    if let Some(bad) = values.iter().find(|v| !(**v > 0.0 && v.is_finite())) {
        return Err(format!(
            "--speed {text:?}: speeds must be positive, got {bad}"
        ));
    }
    Ok(values)
}

/// `TIME` or `T0..T1/STEP` (inclusive).
pub(crate) fn parse_departures(text: &str) -> Result<Vec<Timestamp>, String> {
    let Some((range, step)) = text.split_once('/') else {
        return Ok(vec![
            parse_instant(text)
                .map_err(|e| format!("--depart: {e}"))?
                .timestamp,
        ]);
    };
    let Some((t0, t1)) = range.split_once("..") else {
        return Err(format!(
            "--depart {text:?}: write TIME or T0..T1/STEP, e.g. \"2023-09-10T06:00:00+09:00..2023-09-10T18:00:00+09:00/3h\""
        ));
    };
    let t0 = parse_instant(t0)
        .map_err(|e| format!("--depart: {e}"))?
        .timestamp;
    let t1 = parse_instant(t1)
        .map_err(|e| format!("--depart: {e}"))?
        .timestamp;
    let step_s = parse_duration(step).map_err(|e| format!("--depart step: {e}"))?;
    if !(step_s > 0.0) || t1 < t0 {
        return Err(format!(
            "--depart {text:?}: need T0 <= T1 and a positive STEP"
        ));
    }
    let span_s = train_scenario::time::seconds_between(t0, t1);
    let count = (span_s / step_s + 1e-9).floor() as usize + 1;
    if count > MAX_GRID_CELLS {
        return Err(format!(
            "--depart {text:?}: {count} departures, more than the {MAX_GRID_CELLS} allowed"
        ));
    }
    Ok((0..count)
        .map(|i| instant_after(t0, step_s * i as f64))
        .collect())
}

pub(crate) fn sweep(args: &SweepArgs) -> Result<u8, Fatal> {
    let scenario = load(&args.scenario, &Overrides::default())?;
    let speeds = match &args.speed {
        Some(text) => parse_speeds(text).map_err(Fatal)?,
        None => vec![scenario.cruise_kmh],
    };
    let departures = match &args.depart {
        Some(text) => parse_departures(text).map_err(Fatal)?,
        None => vec![scenario.departure],
    };
    let cells = speeds.len() * departures.len();
    if cells > MAX_GRID_CELLS {
        return Err(Fatal(format!(
            "the grid has {cells} cells ({} speeds x {} departures), more than the {MAX_GRID_CELLS} allowed",
            speeds.len(),
            departures.len()
        )));
    }
    let route = &scenario.route;
    let (origin_tz, last) = (&route.stations[0].tz, route.stations.len() - 1);
    let dest_tz = &route.stations[last].tz;
    let options = Options {
        estimates: false,
        trajectory: false,
        stream: 0,
    };
    let mut rows = Vec::with_capacity(cells);
    for &departure in &departures {
        train_scenario::time::check_departure(departure)
            .map_err(|e| Fatal(format!("--depart: {e}")))?;
        let moved = scenario.with_departure(departure);
        for &speed in &speeds {
            let s = moved
                .with_cruise_kmh(speed)
                .map_err(|e| Fatal(format!("{speed} km/h: {e}")))?;
            let spec = s.spec().map_err(|e| Fatal(e.to_string()))?;
            let journey = simulate(&spec, options)
                .map_err(|e| Fatal(format!("{}: {e}", args.scenario.display())))?;
            train_scenario::check_length(journey.arrival_s)
                .map_err(|e| Fatal(format!("{speed} km/h: {e}")))?;
            rows.push((departure, speed, journey.arrival_s));
        }
    }
    let mut out = String::new();
    match args.format {
        GridFormat::Csv => {
            out.push_str("depart,speed_kmh,arrival,travel_time_s,travel_time\n");
            for (departure, speed, travel) in &rows {
                let arrival = local(instant_after(*departure, *travel), dest_tz);
                let _ = writeln!(
                    out,
                    "{},{speed},{},{travel:.0},{}",
                    rfc3339(&local(*departure, origin_tz)),
                    rfc3339(&arrival),
                    format_duration(*travel)
                );
            }
        }
        GridFormat::Text => {
            let _ = writeln!(
                out,
                "{}: arrival at {} (local time, D+n after the departure's date) and travel time\n",
                scenario.title, route.stations[last].name
            );
            let mut columns = vec![("departs".to_string(), Align::Left)];
            columns.extend(speeds.iter().map(|v| (format!("{v} km/h"), Align::Right)));
            let column_refs: Vec<(&str, Align)> =
                columns.iter().map(|(h, a)| (h.as_str(), *a)).collect();
            let mut table = Table::new(&column_refs);
            for (i, &departure) in departures.iter().enumerate() {
                let depart_local = local(departure, origin_tz);
                let mut cells = vec![depart_local.strftime("%a %Y-%m-%d %H:%M").to_string()];
                for (j, _) in speeds.iter().enumerate() {
                    let travel = rows[i * speeds.len() + j].2;
                    let arrival = local(instant_after(departure, travel), dest_tz);
                    let days = (arrival.date() - depart_local.date()).get_days();
                    cells.push(format!(
                        "D+{days} {} ({})",
                        arrival.strftime("%H:%M"),
                        format_duration(travel)
                    ));
                }
                table.row(cells);
            }
            out.push_str(&table.render("  "));
        }
    }
    print!("{out}");
    Ok(EXIT_OK)
}
