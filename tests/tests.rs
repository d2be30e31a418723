//! The integration tests, one binary (see ripgrep's tests/tests.rs): a module per behaviour.

// Helpers: temporary files and running the CLI.
mod util;

// Every shipped scenario runs and meets its expectations.
mod scenarios;
// The command line: formats, the JSON contract, exit codes.
mod cli;
// Bad input: each error names the file and the line:column or the field.
mod errors;
// Invariants of the core, property-tested.
mod properties;
// Journey behaviours against closed forms (incidents, security, estimates).
mod journeys;
// Monte Carlo, sweeps and charts.
mod montecarlo;
// The JSON report of every shipped scenario, byte for byte.
mod golden;
