//! Batch journeys for Monte Carlo: the allocation-free hot path used by the analysis commands.
//!
//! Run `i` draws its random incidents from stream `i` of the scenario's seed, so a batch gives
//! the same numbers however it is split between threads, and run 0 is the scenario's own journey.
use crate::engine::{Workspace, simulate_arrival};
use crate::error::SimError;
use crate::spec::JourneySpec;

/// A deadline to count: how many runs reach `station` between `earliest_s` and `latest_s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deadline {
    /// Station index.
    pub station: usize,
    /// Earliest acceptable arrival, s since departure.
    pub earliest_s: f64,
    /// Latest acceptable arrival, s since departure.
    pub latest_s: f64,
}

/// Reusable per-thread buffers for [`run_range`].
#[derive(Debug, Default, Clone)]
pub struct BatchScratch {
    workspace: Workspace,
    stations: Vec<f64>,
}

/// Runs journeys `first_run .. first_run + arrivals_s.len()`, writing each arrival (s) into
/// `arrivals_s` and adding to `met[k]` the runs that meet `deadlines[k]`.
pub fn run_range(
    spec: &JourneySpec,
    first_run: u64,
    arrivals_s: &mut [f64],
    deadlines: &[Deadline],
    met: &mut [u64],
    scratch: &mut BatchScratch,
) -> Result<(), SimError> {
    let n_stations = spec.track().stations().len();
    if scratch.stations.len() != n_stations {
        scratch.stations = vec![f64::NAN; n_stations];
    }
    let watch = !deadlines.is_empty();
    for (offset, slot) in arrivals_s.iter_mut().enumerate() {
        let stations: &mut [f64] = if watch {
            &mut scratch.stations
        } else {
            &mut []
        };
        *slot = simulate_arrival(
            spec,
            first_run + offset as u64,
            &mut scratch.workspace,
            stations,
        )?;
        for (k, deadline) in deadlines.iter().enumerate() {
            let t = scratch.stations[deadline.station];
            if t >= deadline.earliest_s && t <= deadline.latest_s {
                met[k] += 1;
            }
        }
    }
    Ok(())
}
