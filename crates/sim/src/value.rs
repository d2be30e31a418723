//! The single-value rules of the core: each rule is written here once, and both the core's
//! constructors and the file formats' value types call it.
use crate::units::mps_to_kmh;
use thiserror::Error;

/// Why a single number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
#[non_exhaustive]
pub enum ValueError {
    /// Zero, negative or not a finite number where a positive one is needed (speeds, rates of
    /// acceleration).
    #[error("must be a positive number, got {}", Shown(*.0))]
    NotPositive(f64),
    /// Negative or not a finite number where zero is allowed (durations, rates of incidents).
    #[error("must be zero or positive, got {}", Shown(*.0))]
    Negative(f64),
    /// Not a finite number (a time or a position).
    #[error("must be a finite number, got {}", Shown(*.0))]
    NotFinite(f64),
    /// An acceleration or braking rate outside what a train can do.
    #[error("must be a rate from {MIN_RATE_MPS2} to {MAX_RATE_MPS2} m/s², got {} m/s²", Shown(*.0))]
    RateOutOfRange(f64),
    /// A speed outside what a train can run at (the value is in km/h, as files write it).
    #[error(
        "must be a speed from {MIN_SPEED_KMH} to {MAX_SPEED_KMH} km/h, got {} km/h",
        Shown(*.0)
    )]
    SpeedOutOfRange(f64),
}

/// The slowest speed a train may be given, km/h: slower is standing, which a stop, an incident
/// or a Lockdown says better (and a speed of 1e-300 km/h would take longer than time can be
/// written).
pub const MIN_SPEED_KMH: f64 = 1.0;
/// The fastest speed a train may be given, km/h: above the 603 km/h record of any train (JR
/// Central's L0 maglev, 2015), so a larger value is a typo; it also bounds the charts' axes.
pub const MAX_SPEED_KMH: f64 = 650.0;

/// A number as a message shows it: plainly, or in exponent form when plain digits would run to
/// hundreds of characters (1e-300, 1.5e308).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shown(pub f64);

/// Magnitudes shown in plain digits; outside, exponent form.
const PLAIN_RANGE: std::ops::Range<f64> = 1e-6..1e15;

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let magnitude = self.0.abs();
        if magnitude == 0.0 || !magnitude.is_finite() || PLAIN_RANGE.contains(&magnitude) {
            write!(f, "{}", self.0)
        } else {
            write!(f, "{:e}", self.0)
        }
    }
}

/// The gentlest acceleration or braking a train may be given, m/s²: a loaded freight train
/// manages about ten times more; at this rate reaching 50 km/h takes 23 minutes.
pub const MIN_RATE_MPS2: f64 = 0.01;
/// The hardest acceleration or braking a train may be given, m/s²: about 1 g, several times a
/// train's emergency braking, so a larger value is a typo.
pub const MAX_RATE_MPS2: f64 = 10.0;

/// An acceleration or braking rate from [`MIN_RATE_MPS2`] to [`MAX_RATE_MPS2`] m/s².
pub fn rate_mps2(value: f64) -> Result<f64, ValueError> {
    if (MIN_RATE_MPS2..=MAX_RATE_MPS2).contains(&value) {
        Ok(value)
    } else {
        Err(ValueError::RateOutOfRange(value))
    }
}

/// A speed in m/s from [`MIN_SPEED_KMH`] to [`MAX_SPEED_KMH`] (NaN refused).
pub fn speed_mps(value_mps: f64) -> Result<f64, ValueError> {
    let kmh = mps_to_kmh(value_mps);
    if (MIN_SPEED_KMH..=MAX_SPEED_KMH).contains(&kmh) {
        Ok(value_mps)
    } else {
        Err(ValueError::SpeedOutOfRange(kmh))
    }
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

    #[test]
    fn speeds_lie_between_walking_pace_and_the_record() {
        use crate::units::kmh_to_mps;
        assert!(speed_mps(kmh_to_mps(50.0)).is_ok());
        assert!(speed_mps(kmh_to_mps(MIN_SPEED_KMH)).is_ok());
        assert!(speed_mps(kmh_to_mps(MAX_SPEED_KMH)).is_ok());
        assert!(speed_mps(kmh_to_mps(0.5)).is_err());
        assert!(speed_mps(kmh_to_mps(1.5e308)).is_err());
        assert!(speed_mps(f64::NAN).is_err());
        let message = speed_mps(kmh_to_mps(1e-300)).unwrap_err().to_string();
        assert!(message.contains("from 1 to 650 km/h"), "{message}");
    }

    #[test]
    fn huge_and_tiny_numbers_are_shown_short() {
        assert_eq!(Shown(1e-300).to_string(), "1e-300");
        assert_eq!(Shown(1.5e308).to_string(), "1.5e308");
        assert_eq!(Shown(-5.0).to_string(), "-5");
        assert_eq!(Shown(0.25).to_string(), "0.25");
        assert_eq!(Shown(f64::NAN).to_string(), "NaN");
    }

    #[test]
    fn rates_lie_between_a_crawl_and_one_g() {
        assert!(rate_mps2(0.5).is_ok() && rate_mps2(MIN_RATE_MPS2).is_ok());
        assert!(rate_mps2(1e-300).is_err() && rate_mps2(1e300).is_err());
        assert!(rate_mps2(f64::NAN).is_err() && rate_mps2(0.0).is_err());
    }
}
