//! `run`: one scenario as a text report, the JSON contract, or CSV; each a rendering of the run's
//! timetable.
use super::Context;
use super::args::{Format, RunArgs};
use super::load;
use super::style::Palette;
use super::table::{Align, Table, Tone};
use crate::exit;
use std::fmt::Write as _;
use std::io::Write;
use train_scenario::duration::{format_duration, format_signed_duration};
use train_scenario::timetable::{Call, LATE_THRESHOLD_S, TargetEta, Timetable};
use train_scenario::{CaseRow, Report, Run, Scenario, TableRun, Verdict};

pub(crate) fn run(args: &RunArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut scenario = load::scenario(&ctx.loader, &args.scenario, &args.overrides)?;
    if args.no_expect {
        scenario.expect.clear();
        scenario.relations.clear();
        for case in &mut scenario.cases {
            case.scenario.expect.clear();
        }
    }
    if !scenario.cases.is_empty() || !scenario.relations.is_empty() {
        return table(&scenario, args, ctx, out);
    }
    let run = load::run(&scenario)?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&run.report())? + "\n",
        Format::Csv => csv(&run.report()),
        Format::Text => text(&run, ctx.palette),
    };
    out.write_all(text.as_bytes())?;
    Ok(if run.all_hold() {
        exit::OK
    } else {
        exit::FAILED
    })
}

/// A table-driven scenario: one row per case, the relations, and the expectations that fail.
fn table(
    scenario: &Scenario,
    args: &RunArgs,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let table = load::table_run(scenario)?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&table.report())? + "\n",
        Format::Csv => cases_csv(&table.rows()),
        Format::Text => table_text(&table, ctx.palette),
    };
    out.write_all(text.as_bytes())?;
    Ok(if table.all_hold() {
        exit::OK
    } else {
        exit::FAILED
    })
}

/// The text of a table-driven run.
fn table_text(table: &TableRun, palette: Palette) -> String {
    let base = table.base().timetable();
    let mut out = String::new();
    let _ = writeln!(out, "{}", base.title);
    let _ = writeln!(
        out,
        "{} · {:.0} km · {} cases (the base journey and its variations)\n",
        base.route,
        base.length_km,
        table.cases.len()
    );
    let mut rows = Table::new(&[
        ("case", Align::Left),
        ("departs", Align::Left),
        ("cruise", Align::Right),
        ("arrives", Align::Left),
        ("travel time", Align::Right),
        ("first ETA", Align::Right),
        ("last ETA", Align::Right),
        ("expectations", Align::Left),
    ]);
    let timetables: Vec<_> = table.cases.iter().map(|c| c.run.timetable()).collect();
    // One precision for the whole table: seconds if any case's expectations are to the second.
    let seconds = timetables.iter().any(|t| t.to_the_second);
    for (case, tt) in table.cases.iter().zip(&timetables) {
        let verdicts = &case.run.expectations;
        let failed = verdicts.iter().filter(|v| !v.holds).count();
        let status = if verdicts.is_empty() {
            ("—".to_string(), Tone::Plain)
        } else if failed == 0 {
            (format!("{} ok", verdicts.len()), Tone::Good)
        } else {
            (format!("{failed} of {} FAIL", verdicts.len()), Tone::Bad)
        };
        let clock = |t: &train_scenario::timetable::LocalTime| t.clock_to(seconds);
        rows.row_toned(vec![
            (case.name.clone(), Tone::Plain),
            (
                format!(
                    "{} {}",
                    tt.departure.zoned.strftime("%a %Y-%m-%d %H:%M"),
                    tt.departure.offset()
                ),
                Tone::Plain,
            ),
            (format!("{} km/h", tt.cruise_kmh), Tone::Plain),
            (
                format!("{} {}", clock(&tt.arrival), tt.arrival.offset()),
                Tone::Plain,
            ),
            (format_duration(tt.travel_time_s), Tone::Plain),
            (
                tt.estimates
                    .first()
                    .map(|e| clock(&e.eta))
                    .unwrap_or_default(),
                Tone::Plain,
            ),
            (
                tt.estimates
                    .last()
                    .map(|e| clock(&e.eta))
                    .unwrap_or_default(),
                Tone::Plain,
            ),
            status,
        ]);
    }
    out.push_str(&rows.render_with("  ", palette));
    let _ = writeln!(
        out,
        "\n(D+n counts days from each case's own departure date.)"
    );
    if !table.relations.is_empty() {
        let _ = writeln!(out, "\nRelations between cases");
        out.push_str(&verdict_table(&table.relations).render_with("  ", palette));
    }
    for case in &table.cases {
        let failing: Vec<Verdict> = case
            .run
            .expectations
            .iter()
            .filter(|v| !v.holds)
            .cloned()
            .collect();
        if !failing.is_empty() {
            let _ = writeln!(out, "\nFailing expectations of {:?}", case.name);
            out.push_str(&verdict_table(&failing).render_with("  ", palette));
        }
    }
    let _ = writeln!(
        out,
        "\nOne case in full: `armored-train run FILE --case NAME`."
    );
    out
}

/// One CSV row per case.
fn cases_csv(rows: &[CaseRow]) -> String {
    let mut out =
        String::from("case,departure,cruise_kmh,arrival,travel_time_s,first_eta,last_eta,holds\n");
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            csv_field(&r.name),
            r.departure,
            r.cruise_kmh,
            r.arrival,
            r.travel_time_s,
            r.first_eta.clone().unwrap_or_default(),
            r.last_eta.clone().unwrap_or_default(),
            r.holds
        );
    }
    out
}

/// The readable report: timetable, estimates, security periods, incidents, verdicts.
pub(crate) fn text(run: &Run, palette: Palette) -> String {
    let tt = run.timetable();
    let mut out = String::new();
    let _ = writeln!(out, "{}", tt.title);
    let _ = writeln!(
        out,
        "{} · {:.0} km · cruise {} km/h · departs {} {} ({})\n",
        tt.route,
        tt.length_km,
        tt.cruise_kmh,
        tt.departure.zoned.strftime("%a %Y-%m-%d %H:%M"),
        tt.departure.offset(),
        tt.origin_tz
    );
    out.push_str(&stations_table(&tt).render("  "));
    let _ = writeln!(
        out,
        "\nArrival: {} {} {} ({}), travel time {}, average {:.1} km/h (D+n counts days from the departure's local date)",
        tt.destination,
        tt.arrival.zoned.strftime(if tt.to_the_second {
            "%a %Y-%m-%d %H:%M:%S"
        } else {
            "%a %Y-%m-%d %H:%M"
        }),
        tt.arrival.offset(),
        tt.arrival.clock_to(tt.to_the_second),
        format_duration(tt.travel_time_s),
        tt.average_kmh
    );
    if !run.observed.is_empty() {
        let _ = writeln!(out, "\nObserved vs simulated (the record against this run)");
        out.push_str(&observed_table(&run.observed).render_with("  ", palette));
        for unused in &run.scenario.unused_observations {
            let _ = writeln!(out, "  not used: {unused}");
        }
    }
    let _ = writeln!(
        out,
        "\nArrival estimates (ETA at {}, local time; drift vs the first estimate)",
        tt.destination
    );
    let mut columns = vec![
        ("reported", Align::Right),
        ("km", Align::Right),
        ("trigger", Align::Left),
        ("ETA", Align::Right),
        ("drift", Align::Right),
        ("next stop", Align::Left),
    ];
    if tt.itinerary {
        columns.push(("end of leg", Align::Left));
    }
    let mut estimates = Table::new(&columns);
    for e in &tt.estimates {
        let mut row = vec![
            format!("{} {}", e.at.clock(), e.at.offset()),
            format!("{:.1}", e.km),
            e.trigger_name.clone(),
            e.eta.clock(),
            format_signed_duration(e.drift_s),
            target(e.next_stop.as_ref()),
        ];
        if tt.itinerary {
            row.push(target(e.leg_end.as_ref()));
        }
        estimates.row(row);
    }
    out.push_str(&estimates.render("  "));
    if !tt.security.is_empty() {
        let _ = writeln!(out, "\nSecurity periods");
        let mut table = Table::new(&[
            ("level", Align::Left),
            ("from", Align::Right),
            ("to", Align::Right),
            ("km", Align::Left),
            ("reason", Align::Left),
        ]);
        for p in &tt.security {
            table.row(vec![
                p.level.name().into(),
                p.from.clock(),
                p.to.clock(),
                format!("{:.1} → {:.1}", p.from_km, p.to_km),
                p.reason.clone().unwrap_or_default(),
            ]);
        }
        out.push_str(&table.render("  "));
    }
    if !tt.incidents.is_empty() {
        let _ = writeln!(out, "\nIncident stops");
        let mut table = Table::new(&[
            ("#", Align::Right),
            ("triggered km", Align::Right),
            ("stood at km", Align::Right),
            ("from", Align::Right),
            ("to", Align::Right),
            ("cause", Align::Left),
        ]);
        for (i, stop) in tt.incidents.iter().enumerate() {
            table.row(vec![
                (i + 1).to_string(),
                format!("{:.1}", stop.km),
                format!("{:.1}", stop.stopped_at_km),
                stop.from.clock(),
                stop.to.clock(),
                stop.cause.clone(),
            ]);
        }
        out.push_str(&table.render("  "));
    }
    if !run.expectations.is_empty() {
        let _ = writeln!(out, "\nExpectations");
        out.push_str(&verdict_table(&run.expectations).render_with("  ", palette));
    }
    if !run.claims.is_empty() {
        let _ = writeln!(
            out,
            "\nPress claims (judged against the record where it says something)"
        );
        for claim in &run.claims {
            let v = &claim.says;
            let word = claim.verdict.word().to_uppercase();
            let word = if claim.verdict.stands() {
                palette.good(&word)
            } else {
                palette.bad(&word)
            };
            let forecast = if claim.forecast { " (a forecast)" } else { "" };
            let _ = writeln!(
                out,
                "  {}{forecast}: {} {} {} — {word}",
                claim.source, v.kind, v.subject, v.expected
            );
            match &claim.record {
                Some(record) => {
                    let _ = writeln!(out, "      record: {record}");
                }
                None => {
                    let _ = writeln!(
                        out,
                        "      the record says nothing on this: judged against the model's assumptions"
                    );
                }
            }
            let _ = writeln!(
                out,
                "      this run: {} (difference {}, tolerance {})",
                v.actual, v.difference, v.within
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

/// "Khasan 06:00 (+1h 2m)": a station's estimate and its drift from the plan.
fn target(t: Option<&TargetEta>) -> String {
    let Some(t) = t else {
        return String::new();
    };
    let drift = if t.drift_s.abs() < LATE_THRESHOLD_S {
        String::new()
    } else {
        format!(" ({})", format_signed_duration(t.drift_s))
    };
    format!("{} {}{drift}", t.reference, t.eta.clock())
}

fn stations_table(tt: &Timetable) -> Table {
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
    let clock = |t: &Option<train_scenario::timetable::LocalTime>| {
        t.as_ref()
            .map(|t| t.clock_to(tt.to_the_second))
            .unwrap_or_default()
    };
    for s in &tt.stations {
        if tt.itinerary && (s.index == 0 || tt.stations[s.index - 1].leg != s.leg) {
            let leg = &tt.legs[s.leg];
            table.section(format!(
                "Leg {} · {} · {:.0} km",
                s.leg + 1,
                leg.title,
                leg.length_km
            ));
        }
        table.row(vec![
            s.name.clone(),
            format!("{:.1}", s.km),
            s.offset.clone(),
            clock(&s.planned_arrive),
            clock(&s.arrive),
            clock(&s.planned_depart),
            clock(&s.depart),
            s.late_s
                .map(|late| format!("+{}", format_duration(late)))
                .unwrap_or_default(),
            match (s.call, s.reversal) {
                (Call::Stop { dwell_s }, true) => {
                    format!("stop {}, reverses", format_duration(dwell_s))
                }
                (Call::Stop { dwell_s }, false) => format!("stop {}", format_duration(dwell_s)),
                (Call::Pass, _) => "pass".into(),
                (Call::Start | Call::End, _) => String::new(),
            },
        ]);
    }
    table
}

/// The observed-vs-simulated table: each observation, the simulated time, the difference and
/// whether they agree within the observation's tolerance.
pub(crate) fn observed_table(rows: &[train_scenario::observations::ObservedRow]) -> Table {
    let mut table = Table::new(&[
        ("place", Align::Left),
        ("event", Align::Left),
        ("observed", Align::Left),
        ("simulated", Align::Left),
        ("difference", Align::Right),
        ("within", Align::Right),
        ("", Align::Left),
        ("source", Align::Left),
    ]);
    for r in rows {
        let (word, tone) = if r.agrees {
            ("agrees", Tone::Good)
        } else {
            ("differs", Tone::Bad)
        };
        let plain = |t: &str| (t.to_string(), Tone::Plain);
        table.row_toned(vec![
            plain(&r.place),
            plain(&r.event),
            plain(&r.observed),
            plain(r.simulated.as_deref().unwrap_or("never")),
            plain(&r.difference),
            plain(&r.within),
            (word.to_string(), tone),
            plain(&shorten(&r.source, SOURCE_CHARS)),
        ]);
    }
    table
}

/// Characters of a source shown in a table (the JSON has it whole).
const SOURCE_CHARS: usize = 48;

/// `text` cut to `chars` characters with an ellipsis.
fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        text.chars()
            .take(chars - 1)
            .chain(std::iter::once('…'))
            .collect()
    }
}

/// A table of verdicts with an ok/FAIL column (green and red on a colour terminal).
pub(crate) fn verdict_table(verdicts: &[Verdict]) -> Table {
    let mut table = Table::new(&[
        ("check", Align::Left),
        ("expected", Align::Left),
        ("actual", Align::Left),
        ("difference", Align::Right),
        ("within", Align::Right),
        ("verdict", Align::Left),
    ]);
    for v in verdicts {
        let (status, tone) = if v.holds {
            ("ok", Tone::Good)
        } else {
            ("FAIL", Tone::Bad)
        };
        let plain = |text: &str| (text.to_string(), Tone::Plain);
        table.row_toned(vec![
            plain(&format!("{} {}", v.kind, v.subject)),
            plain(&v.expected),
            plain(&v.actual),
            plain(&v.difference),
            plain(&v.within),
            match &v.note {
                Some(note) if !v.holds => (format!("{status} ({note})"), tone),
                _ => (status.to_string(), tone),
            },
        ]);
    }
    table
}

fn csv(report: &Report) -> String {
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
