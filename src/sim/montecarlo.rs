//! Batch journeys for Monte Carlo: the allocation-free hot path used by the analysis commands.
use crate::engine::{Workspace, simulate_arrival};
use crate::error::SimError;
use crate::spec::JourneySpec;

/// One Monte Carlo journey's outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// Arrival, s since the scheduled departure.
    pub arrival_s: f64,
}

/// Runs journey `run` (random stream `run`) and writes each station's arrival time (s) into
/// `arrivals` (NaN where never reached); reuses `workspace`.
pub fn run_one(
    spec: &JourneySpec,
    run: u64,
    workspace: &mut Workspace,
    arrivals: &mut [f64],
) -> Result<Outcome, SimError> {
    arrivals.fill(f64::NAN);
    let arrival_s = simulate_arrival(spec, run, workspace, arrivals)?;
    Ok(Outcome { arrival_s })
}
