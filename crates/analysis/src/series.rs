//! Chart series as plain functions of a journey (osrd-ui style): the renderers (SVG, the app) only
//! draw them.
use crate::stats::steps;
use train_scenario::Route;
use train_scenario::timetable::Timetable;
use train_sim::Journey;
use train_sim::units::{S_PER_H, m_to_km, mps_to_kmh};

/// Seconds in a minute.
const S_PER_MIN: f64 = 60.0;

/// Most points a series has (a chart is about a thousand pixels wide, so more would only add
/// bytes: a journey of years must not become a 200 MB SVG).
pub const MAX_SERIES_POINTS: f64 = 5_000.0;

/// `(hours since departure, km, km/h)` along a journey: the start of every motion segment,
/// `per_hour` evenly spaced points inside it (fewer on a long journey), and the arrival; thinned
/// evenly to about [`MAX_SERIES_POINTS`] in all.
pub fn trajectory(journey: &Journey, per_hour: f64) -> Vec<(f64, f64, f64)> {
    let hours = journey.arrival_s / S_PER_H;
    let per_hour = if hours > 0.0 {
        per_hour.min(MAX_SERIES_POINTS / hours)
    } else {
        per_hour
    };
    let points: Vec<(f64, f64, f64)> = journey
        .samples(per_hour)
        .into_iter()
        .map(|(t, x, v)| (t / S_PER_H, m_to_km(x), mps_to_kmh(v)))
        .collect();
    thin(points)
}

/// At most about [`MAX_SERIES_POINTS`] of `points`, evenly chosen, the first and last kept (a
/// journey of thousands of stops or restrictions has that many corners).
fn thin<T: Copy>(points: Vec<T>) -> Vec<T> {
    let most = MAX_SERIES_POINTS as usize;
    if points.len() <= most {
        return points;
    }
    let stride = points.len().div_ceil(most);
    let last = points[points.len() - 1];
    let mut kept: Vec<T> = points.into_iter().step_by(stride).collect();
    kept.push(last);
    kept
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
    thin(line)
}

/// Latitude and longitude at `km` along `route`, interpolated between the stations (and
/// borders) that have coordinates; `None` when fewer than one does.
pub fn position_at_km(route: &Route, km: f64) -> Option<(f64, f64)> {
    let mut points: Vec<(f64, f64, f64)> = route
        .stations
        .iter()
        .filter_map(|s| Some((s.km, s.lat?, s.lon?)))
        .chain(
            route
                .borders
                .iter()
                .filter_map(|b| Some((b.km, b.lat?, b.lon?))),
        )
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let first = *points.first()?;
    if km <= first.0 {
        return Some((first.1, first.2));
    }
    let i = points.partition_point(|p| p.0 <= km);
    let Some(&b) = points.get(i) else {
        let last = points[points.len() - 1];
        return Some((last.1, last.2));
    };
    let a = points[i - 1];
    let f = (km - a.0) / (b.0 - a.0);
    Some((a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f))
}

/// Step between the samples that find night along a journey, s.
pub const NIGHT_SAMPLE_S: f64 = 600.0;

/// The spells of night the train ran through, `(from, to)` in hours since departure: the Sun below
/// [`crate::sun::NIGHT_BELOW_DEG`] at the train's position, sampled every [`NIGHT_SAMPLE_S`].
pub fn night_spells(
    route: &Route,
    departure: jiff::Timestamp,
    journey: &Journey,
) -> Vec<(f64, f64)> {
    let mut spells: Vec<(f64, f64)> = Vec::new();
    let mut open: Option<f64> = None;
    let steps = (journey.arrival_s / NIGHT_SAMPLE_S).ceil() as usize;
    for k in 0..=steps {
        let t = (k as f64 * NIGHT_SAMPLE_S).min(journey.arrival_s);
        let km = journey.state_at(t).map_or(0.0, |(x, _)| m_to_km(x));
        let dark = position_at_km(route, km).is_some_and(|(lat, lon)| {
            let at = train_scenario::time::instant_after(departure, t);
            crate::sun::Light::of(crate::sun::altitude_deg(lat, lon, at))
                == crate::sun::Light::Night
        });
        match (dark, open) {
            (true, None) => open = Some(t),
            (false, Some(from)) => {
                spells.push((from / S_PER_H, t / S_PER_H));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        spells.push((from / S_PER_H, journey.arrival_s / S_PER_H));
    }
    spells
}

#[cfg(test)]
mod thin_tests {
    use super::{MAX_SERIES_POINTS, thin};

    #[test]
    fn a_long_series_is_thinned_keeping_its_ends() {
        let points: Vec<usize> = (0..30_014).collect();
        let kept = thin(points);
        assert!(
            kept.len() as f64 <= MAX_SERIES_POINTS + 1.0,
            "{}",
            kept.len()
        );
        assert_eq!((kept[0], kept[kept.len() - 1]), (0, 30_013));
        let short: Vec<usize> = (0..10).collect();
        assert_eq!(thin(short.clone()), short);
    }
}
