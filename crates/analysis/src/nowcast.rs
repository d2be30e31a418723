//! Nowcasts: what an analyst could have said at a moment of the trip. Only the observations made
//! by then are used; the free parameters are fitted to them (see [`crate::calibrate`]) and every
//! later stop gets an estimated arrival with a band: two spreads either side, the spread being the
//! larger of the fit's RMS residual and the median tolerance of the observations used (a fit to
//! as many observations as parameters has no residual, but its inputs are still only good to their
//! tolerance), widened by the 5th-95th percentile range of random incidents when the scenario has
//! them.
use crate::calibrate::{Fit, FitError, fit};
use jiff::Timestamp;
use serde::Serialize;
use train_scenario::time::{instant_after, local, rfc3339, seconds_between};
use train_sim::{Options, simulate};

/// Spreads either side of the estimate in a band (about 95 % if errors were normal).
pub const BAND_SPREADS: f64 = 2.0;
/// Monte Carlo runs for the band of a scenario with random incidents.
pub const BAND_RUNS: u64 = 1_000;
/// Percentiles of the Monte Carlo arrivals that widen the band.
const LOW_PERCENTILE: f64 = 0.05;
const HIGH_PERCENTILE: f64 = 0.95;

/// A fitted parameter in the nowcast's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FittedRow {
    /// Which parameter.
    pub name: String,
    /// Its value as text.
    pub value: String,
    /// Whether it ended on a bound.
    pub at_bound: bool,
}

/// A later stop's estimate.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StopEta {
    /// The station (`Khasan#2` on a second visit).
    pub name: String,
    /// The estimated arrival, RFC 3339 local there.
    pub eta: String,
    /// The band's early end.
    pub low: String,
    /// The band's late end.
    pub high: String,
    /// What was observed there later, if anything (hold-out), RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<String>,
    /// Estimate minus observed, s (hold-out error).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_s: Option<f64>,
}

/// A nowcast: `nowcast --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Nowcast {
    /// The moment, RFC 3339.
    pub as_of: String,
    /// The observations used (place and event).
    pub used: Vec<String>,
    /// The fitted parameters.
    pub fitted: Vec<FittedRow>,
    /// The spread behind the bands, s.
    pub spread_s: f64,
    /// How the bands were made, in words.
    pub band: String,
    /// Every later stop.
    pub stops: Vec<StopEta>,
}

/// The nowcast of `scenario` as of `as_of`, and the fit behind it.
pub fn nowcast(
    scenario: &train_scenario::Scenario,
    as_of: Timestamp,
) -> Result<(Nowcast, Fit), FitError> {
    let fitted = fit(scenario, Some(as_of))?;
    let s = &fitted.scenario;
    let route = &s.route;
    let run = train_scenario::Run::new(s).map_err(|e| FitError::Model(e.to_string()))?;
    let mut tolerances: Vec<f64> = s
        .observations
        .iter()
        .filter(|o| o.timestamp().is_some_and(|t| t <= as_of))
        .filter_map(|o| o.within_s())
        .collect();
    tolerances.sort_by(f64::total_cmp);
    let median_tolerance = tolerances.get(tolerances.len() / 2).copied().unwrap_or(0.0);
    let spread_s = fitted.rms_s.max(median_tolerance);
    // Random incidents: each stop's arrivals over many runs.
    let spread_runs: Option<Vec<Vec<f64>>> = s.random.map(|_| {
        (0..BAND_RUNS)
            .filter_map(|stream| {
                let options = Options {
                    estimates: false,
                    trajectory: false,
                    stream,
                };
                simulate(s.spec(), options).ok()
            })
            .map(|j| {
                j.stations
                    .iter()
                    .map(|t| t.arrive_s.unwrap_or(f64::NAN))
                    .collect()
            })
            .collect()
    });
    let as_of_s = seconds_between(s.departure, as_of);
    let mut stops = Vec::new();
    for (i, station) in route.stations.iter().enumerate().skip(1) {
        let last = i == route.stations.len() - 1;
        if !(last || route.is_planned_stop(i)) {
            continue;
        }
        let Some(eta_s) = run.journey.stations[i].arrive_s else {
            continue;
        };
        if eta_s <= as_of_s {
            continue;
        }
        let (mut low_s, mut high_s) = (
            eta_s - BAND_SPREADS * spread_s,
            eta_s + BAND_SPREADS * spread_s,
        );
        // Nothing can happen before the moment of the nowcast.
        low_s = low_s.max(as_of_s);
        if let Some(runs) = &spread_runs {
            let mut times: Vec<f64> = runs
                .iter()
                .map(|r| r[i])
                .filter(|t| t.is_finite())
                .collect();
            times.sort_by(f64::total_cmp);
            if !times.is_empty() {
                let p = |q: f64| crate::stats::percentile(&times, q);
                low_s = low_s
                    .min(p(LOW_PERCENTILE) - BAND_SPREADS * spread_s)
                    .max(as_of_s);
                high_s = high_s.max(p(HIGH_PERCENTILE) + BAND_SPREADS * spread_s);
            }
        }
        let at = |t: f64| rfc3339(&local(instant_after(s.departure, t), &station.tz));
        let observed = s
            .observations
            .iter()
            .find(|o| {
                o.station == i
                    && o.timestamp().is_some_and(|t| t > as_of)
                    && o.event != train_scenario::observations::Event::Depart
            })
            .and_then(|o| o.timestamp());
        stops.push(StopEta {
            name: station.reference(),
            eta: at(eta_s),
            low: at(low_s),
            high: at(high_s),
            observed: observed.map(|t| rfc3339(&local(t, &station.tz))),
            error_s: observed.map(|t| eta_s - seconds_between(s.departure, t)),
        });
    }
    let used = fitted
        .residuals
        .iter()
        .filter(|r| r.used)
        .map(|r| {
            format!(
                "{} {:?}",
                route.stations[r.observation.station].reference(),
                r.observation.event
            )
        })
        .collect();
    // The moment in the zone where the train was then.
    let km = run
        .journey
        .state_at(as_of_s)
        .map_or(0.0, |(x_m, _)| train_sim::units::m_to_km(x_m));
    let zone = &route.zone_at(km).tz;
    let report = Nowcast {
        as_of: rfc3339(&local(as_of, zone)),
        used,
        fitted: fitted
            .fitted
            .iter()
            .map(|f| FittedRow {
                name: f.param.name(),
                value: f.text.clone(),
                at_bound: f.at_bound,
            })
            .collect(),
        spread_s,
        band: band_words(spread_s, spread_runs.is_some()),
        stops,
    };
    Ok((report, fitted))
}

/// The band of a nowcast in words, as `nowcast` prints it.
fn band_words(spread_s: f64, monte_carlo: bool) -> String {
    let spreads = format!(
        "±{} ({BAND_SPREADS} spreads of {}: the fit's RMS or the observations' median tolerance)",
        train_scenario::duration::format_duration(BAND_SPREADS * spread_s),
        train_scenario::duration::format_duration(spread_s)
    );
    if monte_carlo {
        format!(
            "the {:.0}th to {:.0}th percentile of {BAND_RUNS} journeys with the scenario's random incidents, widened by {spreads}; never before the moment of the nowcast",
            LOW_PERCENTILE * 100.0,
            HIGH_PERCENTILE * 100.0
        )
    } else {
        format!("{spreads}; never before the moment of the nowcast")
    }
}
