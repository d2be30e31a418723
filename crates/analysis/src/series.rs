//! Chart series as plain functions of a journey (osrd-ui style): the renderers (SVG, the app) only
//! draw them.
use crate::stats::steps;
use train_scenario::timetable::Timetable;
use train_sim::Journey;
use train_sim::units::{S_PER_H, m_to_km, mps_to_kmh};

/// Seconds in a minute.
const S_PER_MIN: f64 = 60.0;

/// Most points a series spreads over a journey (a chart is about a thousand pixels wide, so more
/// would only add bytes: a journey of years must not become a 200 MB SVG).
pub const MAX_SERIES_POINTS: f64 = 5_000.0;

/// `(hours since departure, km, km/h)` along a journey: the start of every motion segment,
/// `per_hour` evenly spaced points inside it (fewer on a long journey, so that there are at most
/// about [`MAX_SERIES_POINTS`] besides the segment starts), and the arrival.
pub fn trajectory(journey: &Journey, per_hour: f64) -> Vec<(f64, f64, f64)> {
    let hours = journey.arrival_s / S_PER_H;
    let per_hour = if hours > 0.0 {
        per_hour.min(MAX_SERIES_POINTS / hours)
    } else {
        per_hour
    };
    journey
        .samples(per_hour)
        .into_iter()
        .map(|(t, x, v)| (t / S_PER_H, m_to_km(x), mps_to_kmh(v)))
        .collect()
}

/// `(hours since departure, km)`: the space-time (Marey) line.
pub fn marey(journey: &Journey, per_hour: f64) -> Vec<(f64, f64)> {
    trajectory(journey, per_hour)
        .into_iter()
        .map(|(h, km, _)| (h, km))
        .collect()
}

/// `(km, km/h)`: the speed profile.
pub fn speed_profile(journey: &Journey, per_hour: f64) -> Vec<(f64, f64)> {
    trajectory(journey, per_hour)
        .into_iter()
        .map(|(_, km, kmh)| (km, kmh))
        .collect()
}

/// `(report hour, minutes later than the first estimate)` per estimate, rounded to whole seconds
/// so rounding noise does not show as drift.
pub fn drift_points(timetable: &Timetable) -> Vec<(f64, f64)> {
    timetable
        .estimates
        .iter()
        .map(|e| (e.t_s / S_PER_H, e.drift_s.round() / S_PER_MIN))
        .collect()
}

/// The drift as a step line: each estimate holds until the next one, and the last until
/// `end_h`.
pub fn drift_steps(timetable: &Timetable, end_h: f64) -> Vec<(f64, f64)> {
    let points = drift_points(timetable);
    let mut line = steps(&points);
    line.push((end_h, points.last().map_or(0.0, |p| p.1)));
    line
}
