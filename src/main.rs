//! `armored-train`: the command-line front end (a thin layer over `train_sim` and `train_scenario`).
//!
//! Exit codes: 0 = success (all expectations hold), 1 = an expectation failed, 2 = bad input or I/O.
// `!(x > 0.0)` is deliberate: it also rejects NaN.
#![allow(clippy::neg_cmp_op_on_partial_ord)]
// Bevy system signatures: queries with filters and many parameters are the norm (bevy_new_2d
// allows both for the same reason).
#![allow(clippy::type_complexity, clippy::too_many_arguments)]

mod cli;
#[cfg(feature = "desktop")]
mod desktop;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
