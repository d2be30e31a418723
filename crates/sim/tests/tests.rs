//! The core's integration tests, one binary: a module per behaviour.
// Tests unwrap: a failed assumption is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Journey behaviours against closed forms (incidents, security, estimates).
mod journeys;
// Monte Carlo batches against the closed-form mean delay.
mod montecarlo;
// Invariants, property-tested.
mod properties;
