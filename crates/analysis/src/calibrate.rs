//! Calibration: the parameters a scenario leaves free (a leg's cruise speed, the departure within a
//! window, a leg's extra standing time) fitted to the observed times by weighted least squares.
//!
//! Method: Levenberg–Marquardt on the residuals (simulated − observed) / tolerance, with a
//! finite-difference Jacobian and the bounds enforced by projection. Why: there are a handful of
//! parameters and each moves the times smoothly and monotonically (a cruise speed through 1/v, a
//! standing time or the departure one for one), which is the case LM is made for; the weights let
//! a report good to ten minutes count more than one good to an hour. Each parameter also has a weak
//! prior at its value in the file (a residual of (value − file value) / width of its bounds), so a
//! parameter no observation informs stays where the file put it instead of wandering: the fit is
//! unique even when observations are few (the nowcast's case).
use jiff::Timestamp;
use thiserror::Error;
use train_scenario::legs::{FreeParam, LegSetting};
use train_scenario::observations::Observation;
use train_scenario::time::seconds_between;
use train_scenario::{Run, Scenario};
use train_sim::{Journey, Options, simulate};

/// Most Levenberg–Marquardt iterations before a fit is declared not to converge.
pub const MAX_ITERATIONS: usize = 200;
/// Relative decrease of the cost below which the fit has converged.
const COST_TOLERANCE: f64 = 1e-12;
/// Finite-difference step, as a share of a parameter's bound width.
const DIFFERENCE_STEP: f64 = 1e-6;
/// Initial and limiting damping of Levenberg–Marquardt.
const INITIAL_DAMPING: f64 = 1e-3;
const MAX_DAMPING: f64 = 1e12;
/// Seconds in an hour (departures and standing times are fitted in hours).
const S_PER_H: f64 = 3600.0;

/// Why a fit could not be made.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FitError {
    /// The scenario leaves nothing free.
    #[error(
        "nothing to fit: the scenario has no `free` parameters (e.g. free: [ Cruise(legs: [2], from_kmh: 20.0, to_kmh: 80.0) ])"
    )]
    NothingFree,
    /// No timed observation to fit to.
    #[error("nothing to fit to: no observation with a time{0}")]
    NoObservations(String),
    /// A parameter value the core refuses (a bound outside what a train can do).
    #[error("{0}")]
    Model(String),
    /// The iterations ran out.
    #[error(
        "the fit did not converge in {iterations} iterations (cost {cost:.3e}); narrow the bounds or free fewer parameters"
    )]
    NoConvergence {
        /// Iterations run.
        iterations: usize,
        /// The weighted sum of squares reached.
        cost: f64,
    },
}

/// One fitted parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// Which.
    pub param: FreeParam,
    /// Its value: km/h for a cruise, s for a standing time, the departure's offset in s from the
    /// window's start.
    pub value: f64,
    /// Whether it ended on a bound.
    pub at_bound: bool,
    /// Its value as text ("37.4 km/h", "19h 34m", "2023-09-10T15:00:00+09:00").
    pub text: String,
}

/// One observation after the fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Residual {
    /// The observation.
    pub observation: Observation,
    /// Simulated minus observed, s.
    pub difference_s: f64,
    /// Whether it was used (observed by `as_of`).
    pub used: bool,
}

/// A fit.
#[derive(Debug, Clone)]
pub struct Fit {
    /// The fitted parameters, in the file's order.
    pub fitted: Vec<Fitted>,
    /// Every timed observation with its difference after the fit.
    pub residuals: Vec<Residual>,
    /// Root mean square of the used observations' differences, s.
    pub rms_s: f64,
    /// Iterations taken.
    pub iterations: usize,
    /// The scenario with the fitted values.
    pub scenario: Scenario,
}

/// What the parameters move, for building a scenario from a parameter vector.
struct Model<'a> {
    base: &'a Scenario,
    params: Vec<FreeParam>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    start: Vec<f64>,
}

impl<'a> Model<'a> {
    fn new(base: &'a Scenario) -> Self {
        let (mut lower, mut upper, mut start) = (Vec::new(), Vec::new(), Vec::new());
        for p in &base.free {
            let (lo, hi, now) = match p {
                FreeParam::Cruise {
                    legs,
                    from_kmh,
                    to_kmh,
                } => {
                    let now = legs
                        .first()
                        .and_then(|l| base.legs.iter().find(|s| s.leg == *l))
                        .and_then(|s| s.cruise_kmh)
                        .unwrap_or(base.cruise_kmh);
                    (*from_kmh, *to_kmh, now)
                }
                FreeParam::Departure { from, to } => (
                    0.0,
                    seconds_between(from.timestamp, to.timestamp) / S_PER_H,
                    seconds_between(from.timestamp, base.departure) / S_PER_H,
                ),
                FreeParam::Standing { leg, from_s, to_s } => {
                    let now = base
                        .legs
                        .iter()
                        .find(|s| s.leg == *leg)
                        .map_or(0.0, |s| s.standing_s);
                    (*from_s / S_PER_H, *to_s / S_PER_H, now / S_PER_H)
                }
            };
            lower.push(lo);
            upper.push(hi);
            start.push(now.clamp(lo, hi));
        }
        Self {
            base,
            params: base.free.clone(),
            lower,
            upper,
            start,
        }
    }

    /// The scenario at parameter values `theta`.
    fn scenario(&self, theta: &[f64]) -> Result<Scenario, FitError> {
        let mut legs: Vec<LegSetting> = self.base.legs.clone();
        let mut departure = self.base.departure;
        let setting = |legs: &mut Vec<LegSetting>, leg: usize| -> usize {
            if let Some(i) = legs.iter().position(|s| s.leg == leg) {
                i
            } else {
                legs.push(LegSetting {
                    leg,
                    cruise_kmh: None,
                    standing_s: 0.0,
                });
                legs.len() - 1
            }
        };
        for (p, &value) in self.params.iter().zip(theta) {
            match p {
                FreeParam::Cruise { legs: which, .. } => {
                    for &leg in which {
                        let i = setting(&mut legs, leg);
                        legs[i].cruise_kmh = Some(value);
                    }
                }
                FreeParam::Departure { from, .. } => {
                    departure =
                        train_scenario::time::instant_after(from.timestamp, value * S_PER_H);
                }
                FreeParam::Standing { leg, .. } => {
                    let i = setting(&mut legs, *leg);
                    legs[i].standing_s = value * S_PER_H;
                }
            }
        }
        legs.sort_by_key(|s| s.leg);
        let moved = if departure == self.base.departure {
            self.base.clone()
        } else {
            self.base
                .with_departure(departure)
                .map_err(|e| FitError::Model(e.to_string()))?
        };
        moved
            .with_legs(legs)
            .map_err(|e| FitError::Model(e.to_string()))
    }
}

/// A journey's times, without estimates.
fn journey(scenario: &Scenario) -> Result<Journey, FitError> {
    let options = Options {
        estimates: false,
        trajectory: false,
        stream: 0,
    };
    simulate(scenario.spec(), options).map_err(|e| FitError::Model(e.to_string()))
}

/// The weighted residuals of the used observations (`(simulated − observed) / within`), then the
/// priors; `None` where the train never does what was seen.
fn residuals(model: &Model, theta: &[f64], used: &[&Observation]) -> Result<Vec<f64>, FitError> {
    let scenario = model.scenario(theta)?;
    let j = journey(&scenario)?;
    let mut out = Vec::with_capacity(used.len() + theta.len());
    for o in used {
        let (Some(t), Some(observed), Some(within)) =
            (o.simulated_s(&j), o.timestamp(), o.within_s())
        else {
            return Err(FitError::Model(format!(
                "the train never does what was seen at {} ({:?})",
                scenario.route.stations[o.station].reference(),
                o.event
            )));
        };
        let diff = t - seconds_between(scenario.departure, observed);
        out.push(diff / within.max(1.0));
    }
    for (k, &value) in theta.iter().enumerate() {
        let width = (model.upper[k] - model.lower[k]).max(f64::MIN_POSITIVE);
        out.push((value - model.start[k]) / width);
    }
    Ok(out)
}

fn cost(r: &[f64]) -> f64 {
    r.iter().map(|x| x * x).sum()
}

/// Solves `a x = b` (small, symmetric positive definite after damping) by Gaussian elimination
/// with partial pivoting; `None` if singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < f64::MIN_POSITIVE {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (top, bottom) = a.split_at_mut(col + 1);
        let pivot_row = &top[col];
        for (offset, row) in bottom.iter_mut().enumerate() {
            let f = row[col] / pivot_row[col];
            for (x, p) in row.iter_mut().zip(pivot_row).skip(col) {
                *x -= f * p;
            }
            b[col + 1 + offset] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

/// Fits the scenario's free parameters to its timed observations made by `as_of` (all of them if
/// `None`).
pub fn fit(scenario: &Scenario, as_of: Option<Timestamp>) -> Result<Fit, FitError> {
    fit_within(scenario, as_of, MAX_ITERATIONS)
}

/// [`fit`] with a given iteration budget (an error if it runs out).
pub fn fit_within(
    scenario: &Scenario,
    as_of: Option<Timestamp>,
    max_iterations: usize,
) -> Result<Fit, FitError> {
    if scenario.free.is_empty() {
        return Err(FitError::NothingFree);
    }
    let used: Vec<&Observation> = scenario
        .observations
        .iter()
        .filter(|o| o.timestamp().is_some_and(|t| as_of.is_none_or(|a| t <= a)))
        .collect();
    if used.is_empty() {
        let by = as_of.map(|a| format!(" by {a}")).unwrap_or_default();
        return Err(FitError::NoObservations(by));
    }
    let model = Model::new(scenario);
    let n = model.start.len();
    let mut theta = model.start.clone();
    let mut r = residuals(&model, &theta, &used)?;
    let mut damping = INITIAL_DAMPING;
    let mut iterations = 0;
    let mut converged = false;
    while iterations < max_iterations {
        iterations += 1;
        // Jacobian by forward (or, at the upper bound, backward) differences.
        let mut jac = vec![vec![0.0; n]; r.len()];
        for k in 0..n {
            let step = DIFFERENCE_STEP * (model.upper[k] - model.lower[k]).max(1.0);
            let mut moved = theta.clone();
            let sign = if theta[k] + step <= model.upper[k] {
                1.0
            } else {
                -1.0
            };
            moved[k] += sign * step;
            let rk = residuals(&model, &moved, &used)?;
            for (row, (a, b)) in rk.iter().zip(&r).enumerate() {
                jac[row][k] = (a - b) / (sign * step);
            }
        }
        let mut jtj = vec![vec![0.0; n]; n];
        let mut jtr = vec![0.0; n];
        for (row, ri) in jac.iter().zip(&r) {
            for a in 0..n {
                jtr[a] += row[a] * ri;
                for b in 0..n {
                    jtj[a][b] += row[a] * row[b];
                }
            }
        }
        let current = cost(&r);
        let mut improved = false;
        while damping < MAX_DAMPING {
            let mut m = jtj.clone();
            for (k, row) in m.iter_mut().enumerate() {
                row[k] += damping * jtj[k][k].max(f64::EPSILON);
            }
            let Some(delta) = solve(m, jtr.iter().map(|x| -x).collect()) else {
                damping *= 10.0;
                continue;
            };
            let candidate: Vec<f64> = (0..n)
                .map(|k| (theta[k] + delta[k]).clamp(model.lower[k], model.upper[k]))
                .collect();
            let rc = residuals(&model, &candidate, &used)?;
            if cost(&rc) < current {
                let decrease = (current - cost(&rc)) / current.max(f64::MIN_POSITIVE);
                theta = candidate;
                r = rc;
                damping = (damping / 10.0).max(f64::EPSILON);
                improved = true;
                if decrease < COST_TOLERANCE {
                    converged = true;
                }
                break;
            }
            damping *= 10.0;
        }
        // No step lowers the cost any more: a minimum (within the bounds).
        if !improved || converged {
            converged = true;
            break;
        }
    }
    if !converged {
        return Err(FitError::NoConvergence {
            iterations,
            cost: cost(&r),
        });
    }
    let fitted_scenario = model.scenario(&theta)?;
    let run = Run::new(&fitted_scenario).map_err(|e| FitError::Model(e.to_string()))?;
    let residuals: Vec<Residual> = scenario
        .observations
        .iter()
        .filter_map(|o| {
            let t = o.simulated_s(&run.journey)?;
            let observed = o.timestamp()?;
            Some(Residual {
                observation: o.clone(),
                difference_s: t - seconds_between(fitted_scenario.departure, observed),
                used: as_of.is_none_or(|a| observed <= a),
            })
        })
        .collect();
    let used_diffs: Vec<f64> = residuals
        .iter()
        .filter(|r| r.used)
        .map(|r| r.difference_s)
        .collect();
    let rms_s =
        (used_diffs.iter().map(|d| d * d).sum::<f64>() / used_diffs.len().max(1) as f64).sqrt();
    let fitted = model
        .params
        .iter()
        .zip(&theta)
        .enumerate()
        .map(|(k, (p, &v))| {
            let at_bound = v <= model.lower[k] + 1e-9 || v >= model.upper[k] - 1e-9;
            let (value, text) = match p {
                FreeParam::Cruise { .. } => (v, format!("{v:.1} km/h")),
                FreeParam::Standing { .. } => (
                    v * S_PER_H,
                    train_scenario::duration::format_duration(v * S_PER_H),
                ),
                FreeParam::Departure { from, .. } => {
                    let at = train_scenario::time::instant_after(from.timestamp, v * S_PER_H);
                    let zone = &fitted_scenario.route.stations[0].tz;
                    (
                        v * S_PER_H,
                        train_scenario::time::rfc3339(&train_scenario::time::local(at, zone)),
                    )
                }
            };
            Fitted {
                param: p.clone(),
                value,
                at_bound,
                text,
            }
        })
        .collect();
    Ok(Fit {
        fitted,
        residuals,
        rms_s,
        iterations,
        scenario: fitted_scenario,
    })
}

/// Tolerance of the expectations a calibrated file carries (its times are written to the second).
const CALIBRATED_WITHIN: &str = "1m";

/// The text of `fit`'s scenario file with the fitted values written in: `legs` and `departure`
/// set, the title marked, and the expectations replaced by the fitted run's times at the observed
/// places (a guard against later changes, labelled as such: not an independent derivation).
pub fn calibrated_text(
    fit: &Fit,
    command: &str,
    output: &std::path::Path,
) -> Result<String, FitError> {
    use crate::rewrite::Rewrite;
    use train_scenario::time::{local, rfc3339};
    let s = &fit.scenario;
    let mut rewrite = Rewrite::new(&s.source);
    // The route, network and observations must still be found from the new file's folder.
    rewrite.relocate(s, output);
    rewrite.replace(
        "title",
        format!("{:?}", format!("{} (calibrated)", s.title)),
    );
    if let Some(lesson) = &s.lesson {
        rewrite.replace(
            "lesson",
            format!(
                "{:?}",
                format!("(Calibrated to the record: the fitted values and residuals are in this file's header; the text below was written for the uncalibrated file.) {lesson}")
            ),
        );
    }
    let zone = &s.route.stations[0].tz;
    if fit
        .fitted
        .iter()
        .any(|f| matches!(f.param, FreeParam::Departure { .. }))
    {
        let zoned = local(s.departure, zone);
        let name = zone
            .iana_name()
            .map(|n| format!("[{n}]"))
            .unwrap_or_default();
        rewrite.set("departure", format!("\"{}{name}\"", rfc3339(&zoned)));
    }
    let legs: Vec<String> = s
        .legs
        .iter()
        .map(|l| {
            let mut fields = vec![format!("leg: {}", l.leg + 1)];
            if let Some(kmh) = l.cruise_kmh {
                fields.push(format!("cruise_kmh: {kmh:.3}"));
            }
            if l.standing_s > 0.0 {
                fields.push(format!(
                    "standing: \"{}\"",
                    train_scenario::duration::format_duration(l.standing_s)
                ));
            }
            format!("        Leg({}),", fields.join(", "))
        })
        .collect();
    rewrite.set("legs", format!("[\n{}\n    ]", legs.join("\n")));
    let run = Run::new(s).map_err(|e| FitError::Model(e.to_string()))?;
    let mut expect = vec![
        "        // Computed by `calibrate` from the fitted values: a guard against later changes, not an"
            .to_string(),
        "        // independent derivation.".to_string(),
    ];
    let mut seen = Vec::new();
    for r in &fit.residuals {
        let o = &r.observation;
        let station = &s.route.stations[o.station];
        let (kind, t) = match o.event {
            train_scenario::observations::Event::Depart => {
                ("Depart", run.journey.stations[o.station].depart_s)
            }
            _ => ("Arrive", run.journey.stations[o.station].arrive_s),
        };
        if seen.contains(&(o.station, kind)) {
            continue;
        }
        seen.push((o.station, kind));
        if let Some(t) = t {
            expect.push(format!(
                "        {kind}(station: {:?}, at: \"{}\", within: \"{CALIBRATED_WITHIN}\"),",
                station.reference(),
                rfc3339(&local(
                    train_scenario::time::instant_after(s.departure, t),
                    &station.tz
                ))
            ));
        }
    }
    rewrite.set("expect", format!("[\n{}\n    ]", expect.join("\n")));
    let mut header = format!(
        "// Calibrated by `{command}`: weighted least squares (Levenberg-Marquardt, weights 1/within,\n// a weak prior at each parameter's value in the input), {} iterations.\n// Fitted:\n",
        fit.iterations
    );
    for f in &fit.fitted {
        let bound = if f.at_bound { " (at its bound)" } else { "" };
        header.push_str(&format!("//   {}: {}{bound}\n", f.param.name(), f.text));
    }
    header.push_str(&format!(
        "// Residuals (simulated - observed), RMS {}:\n",
        train_scenario::duration::format_duration(fit.rms_s)
    ));
    for r in &fit.residuals {
        header.push_str(&format!(
            "//   {} {:?}: {}\n",
            s.route.stations[r.observation.station].reference(),
            r.observation.event,
            train_scenario::duration::format_signed_duration(r.difference_s)
        ));
    }
    Ok(rewrite.apply(&header))
}
