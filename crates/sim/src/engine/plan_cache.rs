//! Plans from a standstill at a station, kept across the journeys of a batch: leaving the same
//! station for the same target under the same speed cap gives the same plan, bit for bit, so a
//! Monte Carlo batch plans each such departure once.
use crate::profile::{Dynamics, Piece, PlanScratch, plan};
use crate::spec::SpeedLimit;

/// Most plans kept (a resource bound; a journey has a few dozen stops).
const MAX_ENTRIES: usize = 256;

/// Everything a plan from a standstill depends on besides the track's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    x0: u64,
    target: u64,
    cap: u64,
    accel: u64,
    brake: u64,
}

impl Key {
    fn new(x0_m: f64, target_m: f64, dynamics: Dynamics) -> Self {
        Self {
            x0: x0_m.to_bits(),
            target: target_m.to_bits(),
            cap: dynamics.cap_mps.to_bits(),
            accel: dynamics.accel_mps2.to_bits(),
            brake: dynamics.brake_mps2.to_bits(),
        }
    }
}

/// The cached plans and the limits they were made with.
#[derive(Debug, Default, Clone)]
pub(super) struct PlanCache {
    limits: Vec<SpeedLimit>,
    entries: Vec<(Key, Vec<Piece>)>,
}

impl PlanCache {
    /// Forgets the plans if the track's limits are not the ones they were made with.
    pub(super) fn use_limits(&mut self, limits: &[SpeedLimit]) {
        if self.limits != limits {
            self.limits.clear();
            self.limits.extend_from_slice(limits);
            self.entries.clear();
        }
    }

    /// The plan from a standstill at `x0_m` to `target_m`, into `out`.
    pub(super) fn plan_from_rest(
        &mut self,
        out: &mut Vec<Piece>,
        scratch: &mut PlanScratch,
        x0_m: f64,
        target_m: f64,
        dynamics: Dynamics,
    ) {
        let key = Key::new(x0_m, target_m, dynamics);
        if let Some((_, pieces)) = self.entries.iter().find(|(k, _)| *k == key) {
            out.clear();
            out.extend_from_slice(pieces);
            return;
        }
        plan(out, scratch, x0_m, 0.0, target_m, &self.limits, dynamics);
        if self.entries.len() < MAX_ENTRIES {
            self.entries.push((key, out.clone()));
        }
    }
}
