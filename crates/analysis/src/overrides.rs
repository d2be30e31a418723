//! Changes to a scenario from outside its file (the command line's `--speed`, `--depart` and
//! `--seed`, the app's sliders), each applied and checked in one place.
use jiff::Timestamp;
use thiserror::Error;
use train_scenario::Scenario;
use train_scenario::time::{check_departure, parse_instant};
use train_sim::SpecError;
use train_sim::value::Shown;

/// What to change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// Cruise speed, km/h.
    pub speed_kmh: Option<f64>,
    /// Departure, as written (RFC 3339 with offset, or RFC 9557 with zone).
    pub depart: Option<String>,
    /// Seed of the random incidents.
    pub seed: Option<u64>,
}

/// An override that cannot be applied; the message names the option.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct OverrideError(pub String);

/// A scenario with its overrides applied, and notes on overrides that change nothing.
#[derive(Debug, Clone)]
pub struct Overridden {
    /// The scenario as it will run.
    pub scenario: Scenario,
    /// Things the user should know (e.g. a seed without random incidents).
    pub notes: Vec<String>,
}

/// Parses a departure override and checks it is in the supported range.
pub fn parse_departure(text: &str) -> Result<Timestamp, OverrideError> {
    let time = parse_instant(text).map_err(|e| OverrideError(format!("--depart: {e}")))?;
    check_departure(time.timestamp).map_err(|e| OverrideError(format!("--depart: {e}")))?;
    Ok(time.timestamp)
}

impl Overrides {
    /// Applies the overrides to `scenario`.
    pub fn apply(&self, scenario: Scenario) -> Result<Overridden, OverrideError> {
        let mut scenario = scenario;
        let mut notes = Vec::new();
        // The core's refusal in the scenario's words, and where the file set the value that
        // no longer fits.
        let explain = |scenario: &Scenario, option: String, e: &SpecError| {
            let placed = scenario.explain(e);
            // A value refused on its own is the option's: the file did not set it.
            let at = match (e, placed.position) {
                (SpecError::Value { .. }, _) | (_, None) => String::new(),
                (_, Some(p)) => format!(" ({}:{}:{})", placed.path.display(), p.line, p.col),
            };
            OverrideError(format!("{option}: {}{at}", placed.message))
        };
        if let Some(kmh) = self.speed_kmh {
            scenario = scenario
                .with_cruise_kmh(kmh)
                .map_err(|e| explain(&scenario, format!("--speed {}", Shown(kmh)), &e))?;
        }
        if let Some(text) = &self.depart {
            scenario = scenario
                .with_departure(parse_departure(text)?)
                .map_err(|e| explain(&scenario, format!("--depart {text}"), &e))?;
        }
        if let Some(seed) = self.seed {
            if scenario.random.is_none() {
                notes.push(format!(
                    "--seed {seed} has no effect: {} has no `random` incidents",
                    scenario.path().display()
                ));
            }
            scenario = scenario.with_seed(seed);
        }
        Ok(Overridden { scenario, notes })
    }
}
