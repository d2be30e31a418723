//! The single-value rules of the core: each rule is written here once, and both the core's
//! constructors and the file formats' value types call it.
use thiserror::Error;

/// Why a single number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
#[non_exhaustive]
pub enum ValueError {
    /// Zero, negative or not a finite number where a positive one is needed (speeds, rates of
    /// acceleration).
    #[error("must be a positive number, got {0}")]
    NotPositive(f64),
    /// Negative or not a finite number where zero is allowed (durations, rates of incidents).
    #[error("must be zero or positive, got {0}")]
    Negative(f64),
    /// Not a finite number (a time or a position).
    #[error("must be a finite number, got {0}")]
    NotFinite(f64),
}

/// A positive, finite number (NaN is refused: `!(x > 0.0)` is written to catch it).
pub fn positive(value: f64) -> Result<f64, ValueError> {
    if value > 0.0 && value.is_finite() {
        Ok(value)
    } else {
        Err(ValueError::NotPositive(value))
    }
}

/// A finite number that is zero or positive.
pub fn non_negative(value: f64) -> Result<f64, ValueError> {
    if value >= 0.0 && value.is_finite() {
        Ok(value)
    } else {
        Err(ValueError::Negative(value))
    }
}

/// A finite number.
pub fn finite(value: f64) -> Result<f64, ValueError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ValueError::NotFinite(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_refuse_nan_and_infinity() {
        assert_eq!(positive(1.0), Ok(1.0));
        assert_eq!(positive(0.0), Err(ValueError::NotPositive(0.0)));
        assert!(positive(f64::NAN).is_err() && positive(f64::INFINITY).is_err());
        assert_eq!(non_negative(0.0), Ok(0.0));
        assert!(non_negative(-1.0).is_err() && non_negative(f64::NAN).is_err());
        assert!(finite(f64::NEG_INFINITY).is_err() && finite(-3.0).is_ok());
    }
}
