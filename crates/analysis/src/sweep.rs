//! Sweeps: the arrival over a grid of cruise speeds and departure times, with the grid's ranges
//! parsed from `FROM:TO:STEP` and `T0..T1/STEP`.
use jiff::Timestamp;
use thiserror::Error;
use train_scenario::duration::parse_duration;
use train_scenario::time::{check_departure, instant_after, parse_instant, seconds_between};
use train_scenario::{Scenario, check_length};
use train_sim::value::{MAX_SPEED_KMH, MIN_SPEED_KMH, Shown};
use train_sim::{Options, simulate};

/// Most cells one sweep may compute.
pub const MAX_GRID_CELLS: usize = 10_000;

/// A grid that cannot be computed; the message names the option or the cell.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct SweepError(pub String);

/// `KMH` or `FROM:TO:STEP` (inclusive).
pub fn parse_speeds(text: &str) -> Result<Vec<f64>, SweepError> {
    let fail = |m: String| Err(SweepError(m));
    let parts: Vec<&str> = text.split(':').collect();
    let number = |s: &str| match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(SweepError(format!(
            "--speed {text:?}: {s:?} is not a finite number (write KMH or FROM:TO:STEP, e.g. 35:60:5)"
        ))),
    };
    let values = match parts.as_slice() {
        [one] => vec![number(one)?],
        [from, to, step] => {
            let (from, to, step) = (number(from)?, number(to)?, number(step)?);
            if !(step > 0.0) || to < from {
                return fail(format!("--speed {text:?}: need FROM <= TO and STEP > 0"));
            }
            let Some(count) = range_count(to - from, step) else {
                return fail(format!(
                    "--speed {text:?}: {} speeds, more than the {MAX_GRID_CELLS} allowed",
                    count_text(to - from, step)
                ));
            };
            // Rounded to 1e-9 km/h, so 35:36:0.1 gives 35.3, not 35.300000000000004, in
            // labels and frozen files.
            (0..count)
                .map(|i| ((from + step * i as f64) * SPEED_ROUNDING).round() / SPEED_ROUNDING)
                .collect()
        }
        _ => {
            return fail(format!(
                "--speed {text:?}: write KMH or FROM:TO:STEP, e.g. 35:60:5"
            ));
        }
    };
    let allowed = MIN_SPEED_KMH..=MAX_SPEED_KMH;
    if let Some(bad) = values.iter().find(|v| !allowed.contains(*v)) {
        return fail(format!(
            "--speed {text:?}: speeds must be from {MIN_SPEED_KMH} to {MAX_SPEED_KMH} km/h, got {}",
            Shown(*bad)
        ));
    }
    Ok(values)
}

/// Steps per km/h kept in a swept speed (1e-9 km/h).
const SPEED_ROUNDING: f64 = 1e9;

/// `TIME` or `T0..T1/STEP` (inclusive).
pub fn parse_departures(text: &str) -> Result<Vec<Timestamp>, SweepError> {
    let instant = |t: &str| {
        parse_instant(t)
            .map(|t| t.timestamp)
            .map_err(|e| SweepError(format!("--depart: {e}")))
    };
    // The step follows the last '/' outside a bracketed zone name ("[Asia/Pyongyang]").
    let Some((range, step)) = text
        .rsplit_once('/')
        .filter(|(_, step)| !step.contains(']'))
    else {
        return Ok(vec![instant(text)?]);
    };
    let Some((t0, t1)) = range.split_once("..") else {
        return Err(SweepError(format!(
            "--depart {text:?}: write TIME or T0..T1/STEP, e.g. \"2023-09-10T06:00:00+09:00..2023-09-10T18:00:00+09:00/3h\""
        )));
    };
    let (t0, t1) = (instant(t0)?, instant(t1)?);
    let step_s = parse_duration(step).map_err(|e| SweepError(format!("--depart step: {e}")))?;
    if !(step_s > 0.0) || t1 < t0 {
        return Err(SweepError(format!(
            "--depart {text:?}: need T0 <= T1 and a positive STEP"
        )));
    }
    let span_s = seconds_between(t0, t1);
    let Some(count) = range_count(span_s, step_s) else {
        return Err(SweepError(format!(
            "--depart {text:?}: {} departures, more than the {MAX_GRID_CELLS} allowed",
            count_text(span_s, step_s)
        )));
    };
    Ok((0..count)
        .map(|i| instant_after(t0, step_s * i as f64))
        .collect())
}

/// Slack for a range end that a step reaches up to rounding (35:60:0.1 includes 60).
const RANGE_END_SLACK: f64 = 1e-9;

/// How many values `FROM, FROM + STEP, ...` fit in `span` (inclusive), or `None` when more than
/// [`MAX_GRID_CELLS`] (counted in floating point, so an infinite span or a tiny step cannot
/// overflow into a small count).
fn range_count(span: f64, step: f64) -> Option<usize> {
    let steps = (span / step + RANGE_END_SLACK).floor();
    (steps.is_finite() && steps < MAX_GRID_CELLS as f64).then(|| steps as usize + 1)
}

/// The count of a range too large for [`range_count`], for its message.
fn count_text(span: f64, step: f64) -> String {
    let steps = (span / step).floor();
    if steps.is_finite() {
        format!("{:.0}", steps + 1.0)
    } else {
        "infinitely many".into()
    }
}

/// One cell of a sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// The departure.
    pub departure: Timestamp,
    /// The cruise speed, km/h.
    pub speed_kmh: f64,
    /// Departure to arrival, s.
    pub travel_s: f64,
}

/// The arrivals of `scenario` for every departure and speed (departures outer, speeds inner).
pub fn grid(
    scenario: &Scenario,
    speeds: &[f64],
    departures: &[Timestamp],
) -> Result<Vec<Cell>, SweepError> {
    let cells = speeds.len().saturating_mul(departures.len());
    if cells > MAX_GRID_CELLS {
        return Err(SweepError(format!(
            "the grid has {cells} cells ({} speeds x {} departures), more than the {MAX_GRID_CELLS} allowed",
            speeds.len(),
            departures.len()
        )));
    }
    let options = Options {
        estimates: false,
        trajectory: false,
        stream: 0,
    };
    let mut rows = Vec::with_capacity(cells);
    for &departure in departures {
        check_departure(departure).map_err(|e| SweepError(format!("--depart: {e}")))?;
        let moved = scenario
            .with_departure(departure)
            .map_err(|e| SweepError(format!("--depart: {e}")))?;
        for &speed_kmh in speeds {
            let s = moved
                .with_cruise_kmh(speed_kmh)
                .map_err(|e| SweepError(format!("{speed_kmh} km/h: {e}")))?;
            let journey = simulate(s.spec(), options)
                .map_err(|e| SweepError(format!("{}: {e}", scenario.path().display())))?;
            check_length(journey.arrival_s)
                .map_err(|e| SweepError(format!("{speed_kmh} km/h: {e}")))?;
            rows.push(Cell {
                departure,
                speed_kmh,
                travel_s: journey.arrival_s,
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::parse_departures;

    #[test]
    fn departures_with_bracketed_zone_names_keep_the_slash_inside_the_name() {
        let one = parse_departures("2023-09-10T15:00:00+09:00[Asia/Pyongyang]").unwrap();
        assert_eq!(one.len(), 1);
        let grid = parse_departures(
            "2023-09-10T06:00:00+09:00[Asia/Pyongyang]..2023-09-10T12:00:00+09:00[Asia/Pyongyang]/3h",
        )
        .unwrap();
        assert_eq!(grid.len(), 3);
        assert_eq!(grid[2].as_second() - grid[0].as_second(), 6 * 3600);
        let plain =
            parse_departures("2023-09-10T06:00:00+09:00..2023-09-10T12:00:00+09:00/2h").unwrap();
        assert_eq!(plain.len(), 4);
    }
}
