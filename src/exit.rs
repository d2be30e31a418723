//! The exit-code contract of the command line and the app.

/// Every expectation holds (or nothing was checked).
pub(crate) const OK: u8 = 0;
/// An expectation failed.
pub(crate) const FAILED: u8 = 1;
/// Bad input or an I/O error.
pub(crate) const BAD_INPUT: u8 = 2;
