//! Unforeseen stops: scripted incidents and the seeded random-incident model.
use crate::error::{Location, RandomField, SpecError};
use crate::value::non_negative;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// An unforeseen stop: when the train passes `at_m` it brakes to a standstill and waits `delay_s`
/// from the moment it stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Incident {
    /// Where it is triggered, metres.
    pub at_m: f64,
    /// How long the train waits once stopped, seconds.
    pub delay_s: f64,
    /// Index of the cause text in the caller's list; `RANDOM_CAUSE` for random incidents.
    pub cause: u32,
}

/// The `cause` of incidents drawn by the random model.
pub const RANDOM_CAUSE: u32 = u32::MAX;

/// Random incidents: a Poisson process in distance with a uniform delay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RandomIncidents {
    /// Seed of the ChaCha8 stream (0 is a seed like any other).
    pub seed: u64,
    /// Mean number of incidents per 1,000 km.
    pub per_1000_km: f64,
    /// Shortest delay, seconds.
    pub delay_min_s: f64,
    /// Longest delay, seconds.
    pub delay_max_s: f64,
}

/// Most random incidents a journey may expect on average (a resource limit: each is drawn and run).
pub const MAX_EXPECTED_INCIDENTS: f64 = 10_000.0;
/// Metres in 1,000 km, the unit of the incident rate.
const M_PER_1000_KM: f64 = 1.0e6;
/// Scales the top 53 bits of a `u64` to a float in `[0, 1)`.
const UNIT_53: f64 = 1.0 / (1u64 << 53) as f64;

impl RandomIncidents {
    /// Checks the model's numbers against a route of `route_length_m`.
    pub(crate) fn validate(&self, route_length_m: f64) -> Result<(), SpecError> {
        let at = |field| SpecError::value(Location::Random(field));
        non_negative(self.per_1000_km).map_err(at(RandomField::Rate))?;
        let expected = self.expected_count(route_length_m);
        if expected > MAX_EXPECTED_INCIDENTS {
            return Err(SpecError::TooManyRandomIncidents {
                expected,
                max: MAX_EXPECTED_INCIDENTS,
            });
        }
        non_negative(self.delay_min_s).map_err(at(RandomField::DelayMin))?;
        non_negative(self.delay_max_s).map_err(at(RandomField::DelayMax))?;
        if self.delay_max_s < self.delay_min_s {
            return Err(SpecError::RandomDelayRange {
                min_s: self.delay_min_s,
                max_s: self.delay_max_s,
            });
        }
        Ok(())
    }

    /// How many incidents a journey of `route_length_m` expects on average.
    pub fn expected_count(&self, route_length_m: f64) -> f64 {
        self.per_1000_km * route_length_m / M_PER_1000_KM
    }

    /// The random stream of run `stream` (run 0 is the scenario's own journey).
    pub fn rng(&self, stream: u64) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(stream);
        rng
    }

    /// Appends the incidents of one journey over `[from_m, to_m)` to `out`, sorted by position.
    pub fn draw(&self, rng: &mut ChaCha8Rng, from_m: f64, to_m: f64, out: &mut Vec<Incident>) {
        if self.per_1000_km <= 0.0 {
            return;
        }
        let mean_gap_m = M_PER_1000_KM / self.per_1000_km;
        let mut x = from_m;
        loop {
            // 1 - u lies in (0, 1], so the logarithm is finite.
            let u = 1.0 - unit(rng);
            x += -u.ln() * mean_gap_m;
            if x >= to_m {
                break;
            }
            let delay_s = self.delay_min_s + (self.delay_max_s - self.delay_min_s) * unit(rng);
            out.push(Incident {
                at_m: x,
                delay_s,
                cause: RANDOM_CAUSE,
            });
        }
    }
}

fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * UNIT_53
}
