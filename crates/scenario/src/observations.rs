//! What was seen of the real train: `observed: [Seen(..)]` in a scenario, or rows of a CSV with
//! the columns of `observed-times.csv`, placed on the itinerary's stations, checked for order, and
//! set against the simulated times (the observed-vs-simulated table of `run` and `check`).
use crate::duration::format_signed_duration;
use crate::error::{LoadError, LoadErrorKind};
use crate::expect::Resolver;
use crate::ron_file::{Anchor, SourceFile, folder_of};
use crate::ron_index::FieldPath;
use crate::route::Route;
use crate::scenario_file::{ObservedCsvFile, SeenEvent, SeenFile};
use crate::time::{TimeText, instant_after, local, parse_instant, rfc3339, seconds_between};
use crate::values::quoted;
use jiff::civil::Date;
use serde::Serialize;
use std::path::PathBuf;
use train_sim::Journey;

pub use crate::scenario_file::SeenEvent as Event;

/// When something was seen.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// At a time, with the report's tolerance (s).
    At {
        /// The time as written.
        time: TimeText,
        /// Tolerance, s.
        within_s: f64,
        /// Tolerance as written.
        within_text: String,
    },
    /// On a local date only.
    On(Date),
}

/// Where an observation was written: the scenario, or a row of a CSV file.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    /// `observed[index]` of the scenario.
    Scenario(usize),
    /// Line `line` (from 1) of a CSV file.
    Csv {
        /// The file.
        path: PathBuf,
        /// The line.
        line: usize,
    },
}

/// One observation, placed on the itinerary.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// Station index.
    pub station: usize,
    /// What was seen.
    pub event: SeenEvent,
    /// When.
    pub when: When,
    /// Who reported it.
    pub source: String,
    /// Remarks.
    pub note: Option<String>,
    /// Where it is written.
    pub written: Written,
}

impl Observation {
    /// The observed instant, for a timed observation.
    pub fn timestamp(&self) -> Option<jiff::Timestamp> {
        match &self.when {
            When::At { time, .. } => Some(time.timestamp),
            When::On(_) => None,
        }
    }

    /// The tolerance, s, for a timed observation.
    pub fn within_s(&self) -> Option<f64> {
        match &self.when {
            When::At { within_s, .. } => Some(*within_s),
            When::On(_) => None,
        }
    }

    /// The simulated time of this event in `journey`, s since its departure.
    pub fn simulated_s(&self, journey: &Journey) -> Option<f64> {
        let times = journey.stations.get(self.station)?;
        match self.event {
            SeenEvent::Arrive | SeenEvent::Pass => times.arrive_s,
            SeenEvent::Depart => times.depart_s,
        }
    }
}

/// Order of events at one station.
fn event_rank(event: SeenEvent) -> u8 {
    match event {
        SeenEvent::Arrive => 0,
        SeenEvent::Pass => 1,
        SeenEvent::Depart => 2,
    }
}

/// Reads a date written as `2023-09-12`.
fn parse_date(text: &str) -> Result<Date, String> {
    crate::values::short_value("date", text)?;
    text.trim().parse::<Date>().map_err(|e| {
        format!(
            "cannot read the date {}: {e} (write e.g. \"2023-09-12\")",
            quoted(text)
        )
    })
}

/// The observations written in a scenario, placed on `route`.
pub(crate) fn resolve_written(
    seen: &[SeenFile],
    route: &Route,
    source: &SourceFile,
) -> Result<Vec<Observation>, LoadError> {
    let resolver = Resolver {
        route,
        file: source,
    };
    let mut out = Vec::with_capacity(seen.len());
    for (i, s) in seen.iter().enumerate() {
        let at = FieldPath::root().field("observed").index(i);
        let station = resolver.station(&at.field("place"), Anchor::Value, &s.place)?;
        let last = route.stations.len() - 1;
        if (s.event == SeenEvent::Depart && station == last)
            || (s.event == SeenEvent::Arrive && station == 0)
        {
            return Err(source.error(
                LoadErrorKind::Inconsistent,
                &at.field("event"),
                Anchor::Value,
                format!(
                    "the journey {} at {}: this observation is outside it",
                    if station == 0 { "starts" } else { "ends" },
                    quoted(&s.place)
                ),
            ));
        }
        let bad = |field: &str, message: String| {
            source.error(
                LoadErrorKind::InvalidValue,
                &at.field(field),
                Anchor::Value,
                message,
            )
        };
        let when = match (&s.at, &s.on) {
            (Some(time), None) => {
                let within = s.within.as_ref().ok_or_else(|| {
                    bad("at", "a timed observation needs `within`: how far off the report may be, e.g. \"15m\"".into())
                })?;
                When::At {
                    time: time.clone(),
                    within_s: within.seconds,
                    within_text: within.text.clone(),
                }
            }
            (None, Some(date)) => When::On(parse_date(date).map_err(|m| bad("on", m))?),
            _ => {
                return Err(source.error(
                    LoadErrorKind::Inconsistent,
                    &at,
                    Anchor::Value,
                    "give the time it was seen (`at`) or only the date (`on`), one of the two",
                ));
            }
        };
        out.push(Observation {
            station,
            event: s.event,
            when,
            source: s.source.clone(),
            note: s.note.clone(),
            written: Written::Scenario(i),
        });
    }
    Ok(out)
}

/// Splits CSV text into rows of fields (RFC 4180: quoted fields, doubled quotes), with each row's
/// first line number.
fn csv_rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, (usize, String)> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let (mut line, mut row_line) = (1usize, 1usize);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => row.push(std::mem::take(&mut field)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut field));
                rows.push((row_line, std::mem::take(&mut row)));
                line += 1;
                row_line = line;
            }
            c => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
        }
    }
    if quoted {
        return Err((row_line, "a quoted field is not closed".into()));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push((row_line, row));
    }
    Ok(rows)
}

/// The columns a CSV of observations must have (those of `observed-times.csv`).
const CSV_COLUMNS: [&str; 5] = [
    "trip",
    "direction",
    "place",
    "event",
    "local_time_iso8601_with_offset",
];

/// The rows of one trip of a CSV of observations, placed on `route`; rows whose place is neither
/// a station nor mapped in `places` are returned apart, with why.
pub(crate) fn resolve_csv(
    csv: &ObservedCsvFile,
    route: &Route,
    scenario: &SourceFile,
) -> Result<(Vec<Observation>, Vec<String>), LoadError> {
    let at = FieldPath::root().field("observed_csv");
    let path = folder_of(&scenario.path).join(&csv.file);
    let file = SourceFile::read(&path, "observations CSV").map_err(|e| {
        scenario.error(
            LoadErrorKind::Io,
            &at.field("file"),
            Anchor::Value,
            format!(
                "{} (paths are relative to the scenario's folder)",
                e.message
            ),
        )
    })?;
    let row_error = |line: usize, message: String| {
        let offset = file
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        LoadError::at(
            &path,
            &file.text,
            LoadErrorKind::InvalidValue,
            Some(offset..offset),
            None,
            message,
        )
    };
    let rows = csv_rows(&file.text).map_err(|(line, m)| row_error(line, m))?;
    let Some((_, header)) = rows.first() else {
        return Err(row_error(1, "the file is empty".into()));
    };
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let mut index = [0usize; 5];
    for (slot, name) in index.iter_mut().zip(CSV_COLUMNS) {
        *slot = column(name).ok_or_else(|| {
            row_error(
                1,
                format!(
                    "no column {name:?}; the columns must include {}",
                    CSV_COLUMNS.join(", ")
                ),
            )
        })?;
    }
    let source_column = column("source_url");
    let note_column = column("notes");
    let resolver = Resolver {
        route,
        file: scenario,
    };
    // The mapping's stations must exist (checked even if no row uses them).
    let mut mapped = Vec::new();
    for (key, station) in csv.places.iter() {
        let index = resolver.station(&at.field("places").key(key), Anchor::Value, station)?;
        mapped.push((key.clone(), index));
    }
    let (mut out, mut unused) = (Vec::new(), Vec::new());
    for (line, row) in rows.iter().skip(1) {
        let cell = |i: usize| row.get(i).map(|s| s.trim()).unwrap_or("");
        let [trip, direction, place, event, time] = index.map(cell);
        if trip != csv.trip || csv.direction.as_deref().is_some_and(|d| d != direction) {
            continue;
        }
        let keyed = format!("{direction}/{place}");
        let station = mapped
            .iter()
            .find(|(k, _)| *k == keyed)
            .or_else(|| mapped.iter().find(|(k, _)| k == place))
            .map(|(_, i)| *i)
            .or_else(|| route.station_index(place));
        let Some(station) = station else {
            unused.push(format!(
                "line {line}: {place:?} is not on the itinerary (map it in `places` to use it)"
            ));
            continue;
        };
        let event = match event.to_ascii_lowercase().as_str() {
            "arrive" => SeenEvent::Arrive,
            "depart" => SeenEvent::Depart,
            "pass" => SeenEvent::Pass,
            other => {
                return Err(row_error(
                    *line,
                    format!("event {other:?} is not arrive, depart or pass"),
                ));
            }
        };
        let last = route.stations.len() - 1;
        if (event == SeenEvent::Depart && station == last)
            || (event == SeenEvent::Arrive && station == 0)
        {
            let end = if station == 0 { "starts" } else { "ends" };
            unused.push(format!("line {line}: the itinerary {end} at {place}, so its {event:?} is outside this journey"));
            continue;
        }
        let when = if time.is_empty() {
            unused.push(format!("line {line}: {place} has no time or date"));
            continue;
        } else if time.contains('T') {
            let parsed = parse_instant(time).map_err(|m| row_error(*line, m))?;
            When::At {
                time: parsed,
                within_s: csv.within.seconds,
                within_text: csv.within.text.clone(),
            }
        } else {
            When::On(parse_date(time).map_err(|m| row_error(*line, m))?)
        };
        out.push(Observation {
            station,
            event,
            when,
            source: source_column
                .map(|c| cell(c).to_string())
                .unwrap_or_default(),
            note: note_column
                .map(|c| cell(c).to_string())
                .filter(|n| !n.is_empty()),
            written: Written::Csv {
                path: path.clone(),
                line: *line,
            },
        });
    }
    Ok((out, unused))
}

/// Refuses timed observations that contradict the itinerary's order (a later station seen
/// earlier), at the later one as written.
pub(crate) fn check_order(
    observations: &[Observation],
    route: &Route,
    source: &SourceFile,
) -> Result<(), LoadError> {
    let mut timed: Vec<&Observation> = observations
        .iter()
        .filter(|o| o.timestamp().is_some())
        .collect();
    timed.sort_by_key(|o| (o.station, event_rank(o.event)));
    for pair in timed.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if let (Some(ta), Some(tb)) = (a.timestamp(), b.timestamp())
            && tb < ta
        {
            let message = format!(
                "seen at {} {} before {} at {}: observations must follow the itinerary",
                route.stations[b.station].reference(),
                rfc3339(&local(tb, &route.stations[b.station].tz)),
                route.stations[a.station].reference(),
                rfc3339(&local(ta, &route.stations[a.station].tz)),
            );
            return Err(match &b.written {
                Written::Scenario(i) => source.error(
                    LoadErrorKind::Inconsistent,
                    &FieldPath::root().field("observed").index(*i).field("at"),
                    Anchor::Value,
                    message,
                ),
                Written::Csv { path, line } => LoadError::plain(
                    path,
                    LoadErrorKind::Inconsistent,
                    format!("line {line}: {message}"),
                ),
            });
        }
    }
    Ok(())
}

/// One row of the observed-vs-simulated table.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ObservedRow {
    /// The station (`Khasan#2` on a second visit).
    pub place: String,
    /// `Arrive`, `Depart` or `Pass`.
    pub event: String,
    /// The observed time (RFC 3339) or date.
    pub observed: String,
    /// The simulated time, RFC 3339 local there (none if the train never does it).
    pub simulated: Option<String>,
    /// Simulated minus observed, s (none for a date-only observation).
    pub difference_s: Option<f64>,
    /// The difference as text (days for a date-only observation).
    pub difference: String,
    /// The observation's tolerance, as written.
    pub within: String,
    /// Whether the simulation agrees with it (within the tolerance, or on the same date).
    pub agrees: bool,
    /// Who reported it.
    pub source: String,
}

/// The observed-vs-simulated table of a run.
pub fn observed_rows(
    observations: &[Observation],
    route: &Route,
    departure: jiff::Timestamp,
    journey: &Journey,
) -> Vec<ObservedRow> {
    observations
        .iter()
        .map(|o| {
            let station = &route.stations[o.station];
            let simulated_s = o.simulated_s(journey);
            let simulated = simulated_s.map(|t| local(instant_after(departure, t), &station.tz));
            let (observed, difference_s, difference, within, agrees) = match &o.when {
                When::At {
                    time,
                    within_s,
                    within_text,
                } => {
                    let diff = simulated_s.map(|t| t - seconds_between(departure, time.timestamp));
                    (
                        rfc3339(&local(time.timestamp, &station.tz)),
                        diff,
                        diff.map_or("n/a".into(), format_signed_duration),
                        within_text.clone(),
                        diff.is_some_and(|d| d.abs() <= *within_s),
                    )
                }
                When::On(date) => {
                    let days = simulated.as_ref().map(|z| (z.date() - *date).get_days());
                    (
                        date.to_string(),
                        None,
                        days.map_or("n/a".into(), |d| match d {
                            0 => "same date".to_string(),
                            d => format!("{d:+} day(s)"),
                        }),
                        "the date".into(),
                        days == Some(0),
                    )
                }
            };
            ObservedRow {
                place: station.reference(),
                event: format!("{:?}", o.event),
                observed,
                simulated: simulated.as_ref().map(rfc3339),
                difference_s,
                difference,
                within,
                agrees,
                source: o.source.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_handle_quotes_commas_and_newlines() {
        let rows = csv_rows("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n").unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].1, ["x, y", "say \"hi\""]);
        assert_eq!(rows[2].0, 3);
        assert_eq!(rows[2].1, ["two\nlines", "z"]);
        assert!(csv_rows("a,\"open\n").is_err());
    }
}
