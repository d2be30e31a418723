//! The command line's integration tests, one binary (see ripgrep's tests/tests.rs): a module per
//! behaviour. The libraries' own tests live in their crates.
// Tests unwrap: a failed assumption is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Helpers: temporary files and running the CLI.
mod util;

// The command line: formats, the JSON contract, exit codes.
mod cli;
// Bad input: each error names the file and the line:column or the field.
mod errors;
// Monte Carlo, sweeps and charts through the command line.
mod montecarlo;
// The JSON report of every shipped scenario, byte for byte.
mod golden;
// Every output path: closed pipes and full devices, for every subcommand.
mod output;
// Nothing a user wrote is lost or overwritten.
mod no_data_loss;
// Hostile input costs little and gets a clear message.
mod hostile;
// check for CI: JSON, JUnit, quiet, skipped files, colour.
mod check;
// The JSON Schemas of the reports, and the reports checked against them.
mod schema;
// Table-driven scenarios: cases, relations, frozen sweeps.
mod cases;
// The record: calibrate, nowcast, worksheets.
mod record;
