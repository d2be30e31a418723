//! `run`: one scenario as a text report, the JSON contract, or CSV.
use super::args::{Format, Overrides, RunArgs};
use super::table::{Align, Table};
use super::{EXIT_FAILED, EXIT_OK, Fatal};
use jiff::Zoned;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use train_scenario::duration::format_duration;
use train_scenario::time::{offset_label, parse_instant};
use train_scenario::{Run, Scenario};

/// Loads a scenario and applies command-line overrides; errors carry the file position.
pub(crate) fn load(path: &Path, overrides: &Overrides) -> Result<Scenario, Fatal> {
    let mut scenario = Scenario::load(path).map_err(|e| Fatal(e.with_snippet()))?;
    if let Some(kmh) = overrides.speed {
        scenario = scenario
            .with_cruise_kmh(kmh)
            .map_err(|e| Fatal(format!("--speed {kmh}: {e}")))?;
    }
    if let Some(text) = &overrides.depart {
        let time = parse_instant(text).map_err(|e| Fatal(format!("--depart: {e}")))?;
        train_scenario::time::check_departure(time.timestamp)
            .map_err(|e| Fatal(format!("--depart: {e}")))?;
        scenario = scenario.with_departure(time.timestamp);
    }
    if let Some(seed) = overrides.seed {
        if scenario.random.is_none() {
            eprintln!(
                "note: --seed {seed} has no effect: {} has no `random` incidents",
                path.display()
            );
        }
        scenario = scenario.with_seed(seed);
    }
    Ok(scenario)
}

/// Runs a loaded scenario, naming the file in errors.
pub(crate) fn simulate(scenario: &Scenario) -> Result<Run, Fatal> {
    Run::new(scenario).map_err(|e| Fatal(e.describe(scenario)))
}

pub(crate) fn run(args: &RunArgs) -> Result<u8, Fatal> {
    let scenario = load(&args.scenario, &args.overrides)?;
    let run = simulate(&scenario)?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&run.report())? + "\n",
        Format::Csv => csv(&run),
        Format::Text => text(&run),
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(if run.all_hold() { EXIT_OK } else { EXIT_FAILED })
}

/// "15:00", or "D+1 08:12" when the local date is after the departure's local date.
pub(crate) fn clock(run: &Run, zoned: &Zoned) -> String {
    let days = run.days_after_departure(zoned);
    let hm = zoned.strftime("%H:%M").to_string();
    if days == 0 {
        hm
    } else {
        format!("D{days:+} {hm}")
    }
}

fn station_time(run: &Run, index: usize, t: Option<f64>) -> String {
    t.map(|t| clock(run, &run.local_at_station(t, index)))
        .unwrap_or_default()
}

pub(crate) fn text(run: &Run) -> String {
    let s = &run.scenario;
    let route = &s.route;
    let last = route.stations.len() - 1;
    let departure = run.local_at_station(0.0, 0);
    let arrival = run.local_at_station(run.journey.arrival_s, last);
    let mut out = String::new();
    let _ = writeln!(out, "{}", s.title);
    let _ = writeln!(
        out,
        "{} · {:.0} km · cruise {} km/h · departs {} {} ({})\n",
        route.name,
        route.length_km(),
        s.cruise_kmh,
        departure.strftime("%a %Y-%m-%d %H:%M"),
        offset_label(&departure),
        route.stations[0].tz_name
    );
    let mut table = Table::new(&[
        ("station", Align::Left),
        ("km", Align::Right),
        ("zone", Align::Left),
        ("planned arr", Align::Right),
        ("arr", Align::Right),
        ("planned dep", Align::Right),
        ("dep", Align::Right),
        ("late", Align::Right),
        ("", Align::Left),
    ]);
    for (i, station) in route.stations.iter().enumerate() {
        let times = run.journey.stations[i];
        let planned = run.planned.stations[i];
        let zone = offset_label(
            &run.local_at_station(times.arrive_s.or(times.depart_s).unwrap_or(0.0), i),
        );
        let late = match (
            times.arrive_s.or(times.depart_s),
            planned.arrive_s.or(planned.depart_s),
        ) {
            (Some(a), Some(p)) if (a - p).abs() >= 30.0 => format!("+{}", format_duration(a - p)),
            _ => String::new(),
        };
        let mark = if times.stopped && times.arrive_s.is_some() && times.depart_s.is_some() {
            format!(
                "stop {}",
                format_duration(times.depart_s.unwrap_or(0.0) - times.arrive_s.unwrap_or(0.0))
            )
        } else if times.arrive_s.is_some() && times.depart_s.is_some() {
            "pass".into()
        } else {
            String::new()
        };
        table.row(vec![
            station.name.clone(),
            format!("{:.1}", station.km),
            zone,
            station_time(run, i, planned.arrive_s),
            station_time(run, i, times.arrive_s),
            station_time(run, i, planned.depart_s),
            station_time(run, i, times.depart_s),
            late,
            mark,
        ]);
    }
    out.push_str(&table.render("  "));
    let travel = run.journey.arrival_s;
    let _ = writeln!(
        out,
        "\nArrival: {} {} {} ({}), travel time {}, average {:.1} km/h (D+n counts days from the departure's local date)",
        route.stations[last].name,
        arrival.strftime("%a %Y-%m-%d %H:%M"),
        offset_label(&arrival),
        clock(run, &arrival),
        format_duration(travel),
        route.length_km() / (travel / 3600.0)
    );

    let _ = writeln!(
        out,
        "\nArrival estimates (ETA at {}, local time; drift vs the first estimate)",
        route.stations[last].name
    );
    let mut estimates = Table::new(&[
        ("reported", Align::Right),
        ("km", Align::Right),
        ("trigger", Align::Left),
        ("ETA", Align::Right),
        ("drift", Align::Right),
    ]);
    let first_eta = run.journey.estimates.first().map_or(0.0, |e| e.eta_s);
    for e in &run.journey.estimates {
        let km = e.x_m / 1000.0;
        let at = run.local_at_km(e.t_s, km);
        let eta = run.local_at_station(e.eta_s, last);
        let drift = e.eta_s - first_eta;
        estimates.row(vec![
            format!("{} {}", clock(run, &at), offset_label(&at)),
            format!("{km:.1}"),
            run.trigger_name(e.trigger),
            clock(run, &eta),
            if drift.abs() < 0.5 {
                "0s".into()
            } else if drift > 0.0 {
                format!("+{}", format_duration(drift))
            } else {
                format_duration(drift)
            },
        ]);
    }
    out.push_str(&estimates.render("  "));

    if !run.journey.security.is_empty() {
        let _ = writeln!(out, "\nSecurity periods");
        let mut table = Table::new(&[
            ("level", Align::Left),
            ("from", Align::Right),
            ("to", Align::Right),
            ("km", Align::Left),
            ("reason", Align::Left),
        ]);
        for p in &run.journey.security {
            let (from_km, to_km) = (p.from_m / 1000.0, p.to_m / 1000.0);
            table.row(vec![
                p.level.name().into(),
                clock(run, &run.local_at_km(p.from_s, from_km)),
                clock(run, &run.local_at_km(p.to_s, to_km)),
                format!("{from_km:.1} → {to_km:.1}"),
                s.security
                    .get(p.event)
                    .and_then(|e| e.reason.clone())
                    .unwrap_or_default(),
            ]);
        }
        out.push_str(&table.render("  "));
    }
    if !run.journey.incidents.is_empty() {
        let _ = writeln!(out, "\nIncident stops");
        let mut table = Table::new(&[
            ("#", Align::Right),
            ("triggered km", Align::Right),
            ("stood at km", Align::Right),
            ("from", Align::Right),
            ("to", Align::Right),
            ("cause", Align::Left),
        ]);
        for (i, stop) in run.journey.incidents.iter().enumerate() {
            let km = stop.stopped_at_m / 1000.0;
            table.row(vec![
                (i + 1).to_string(),
                format!("{:.1}", stop.at_m / 1000.0),
                format!("{km:.1}"),
                clock(run, &run.local_at_km(stop.from_s, km)),
                clock(run, &run.local_at_km(stop.to_s, km)),
                s.incident_cause(stop.cause),
            ]);
        }
        out.push_str(&table.render("  "));
    }
    if !run.expectations.is_empty() {
        let _ = writeln!(out, "\nExpectations");
        out.push_str(
            &verdict_table(&run.expectations, |v| if v.holds { "ok" } else { "FAIL" }).render("  "),
        );
    }
    if !run.claims.is_empty() {
        let _ = writeln!(out, "\nPress claims");
        for claim in &run.claims {
            let v = &claim.says;
            let _ = writeln!(
                out,
                "  {}: {} {} {} — {} (simulated {}, difference {}, tolerance {})",
                claim.source,
                v.kind,
                v.subject,
                v.expected,
                claim.verdict.to_uppercase(),
                v.actual,
                v.difference,
                v.within
            );
            if let Some(note) = &v.note {
                let _ = writeln!(out, "      {note}");
            }
            if let Some(note) = &claim.note {
                let _ = writeln!(out, "      {note}");
            }
        }
    }
    out
}

/// A table of verdicts with a status column.
pub(crate) fn verdict_table(
    verdicts: &[train_scenario::Verdict],
    status: impl Fn(&train_scenario::Verdict) -> &'static str,
) -> Table {
    let mut table = Table::new(&[
        ("check", Align::Left),
        ("expected", Align::Left),
        ("actual", Align::Left),
        ("difference", Align::Right),
        ("within", Align::Right),
        ("verdict", Align::Left),
    ]);
    for v in verdicts {
        table.row(vec![
            format!("{} {}", v.kind, v.subject),
            v.expected.clone(),
            v.actual.clone(),
            v.difference.clone(),
            v.within.clone(),
            match &v.note {
                Some(note) if !v.holds => format!("{} ({note})", status(v)),
                _ => status(v).to_string(),
            },
        ]);
    }
    table
}

fn csv(run: &Run) -> String {
    let report = run.report();
    let mut out = String::from("name,km,tz,planned_arrive,planned_depart,arrive,depart,stopped\n");
    for s in &report.stations {
        let cell = |v: &Option<String>| v.clone().unwrap_or_default();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            csv_field(&s.name),
            s.km,
            s.tz,
            cell(&s.planned_arrive),
            cell(&s.planned_depart),
            cell(&s.arrive),
            cell(&s.depart),
            s.stopped
        );
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The text report of a scenario, for the app's no-display fallback.
#[cfg(feature = "desktop")]
pub(crate) fn report_text(scenario: &Scenario) -> Result<String, String> {
    Run::new(scenario)
        .map(|run| text(&run))
        .map_err(|e| format!("{}: {e}", scenario.path.display()))
}
