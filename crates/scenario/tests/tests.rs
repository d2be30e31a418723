//! The scenario format's integration tests, one binary: a module per behaviour.
// Tests unwrap: a failed assumption is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Moving the departure moves every time.
mod departure_shift;
// Every shipped scenario loads, runs and meets its expectations; the shipped route holds its facts.
mod shipped;
// Networks and itineraries on them.
mod itineraries;
// A generated-input fuzz of the loader (short here; the long run is in the README).
mod fuzz;
// Table-driven scenarios: cases, vary grids and relations.
mod cases;
// Observations, and claims judged against the record.
mod observations;
