//! The analysis library's integration tests, one binary: a module per behaviour.
// Tests unwrap: a failed assumption is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Monte Carlo batches: run 0 is the scenario's journey, the thread count changes nothing.
mod montecarlo;
// Calibration and nowcasts.
mod calibrate;
