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
