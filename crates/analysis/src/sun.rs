//! The Sun's altitude at a place and instant, for day and night on the map, the charts and the
//! HUD. The low-precision formulas of the Astronomical Almanac (section C, "Low-precision formulas
//! for the Sun": mean longitude, mean anomaly, ecliptic longitude, obliquity, then right ascension
//! and declination; Greenwich mean sidereal time for the hour angle), good to about 0.01° in
//! 1950-2050, far below what day and night need.
use jiff::Timestamp;

/// Julian date of the J2000.0 epoch (2000-01-01 12:00 TT, taken as UTC here: the difference is
/// about a minute, a quarter of an arcminute of the Sun's motion).
const J2000_JD: f64 = 2_451_545.0;
/// Julian date of the Unix epoch.
const UNIX_EPOCH_JD: f64 = 2_440_587.5;
/// Seconds in a day.
const S_PER_DAY: f64 = 86_400.0;

/// The Sun's altitude above the horizon of (`lat_deg`, `lon_deg`) at `at`, degrees (geometric: no
/// refraction; the centre of the disc).
pub fn altitude_deg(lat_deg: f64, lon_deg: f64, at: Timestamp) -> f64 {
    let jd = UNIX_EPOCH_JD + at.as_nanosecond() as f64 / 1e9 / S_PER_DAY;
    let n = jd - J2000_JD;
    // Mean longitude and mean anomaly (degrees), then the ecliptic longitude.
    let mean_longitude = (280.460 + 0.985_647_4 * n).rem_euclid(360.0);
    let g = (357.528 + 0.985_600_3 * n).rem_euclid(360.0).to_radians();
    let lambda = (mean_longitude + 1.915 * g.sin() + 0.020 * (2.0 * g).sin()).to_radians();
    let epsilon = (23.439 - 0.000_000_4 * n).to_radians();
    let right_ascension = (epsilon.cos() * lambda.sin()).atan2(lambda.cos());
    let declination = (epsilon.sin() * lambda.sin()).asin();
    // Greenwich mean sidereal time, hours, then the local hour angle.
    let gmst_h = (18.697_374_558 + 24.065_709_824_419_08 * n).rem_euclid(24.0);
    let hour_angle = (gmst_h * 15.0 + lon_deg).to_radians() - right_ascension;
    let lat = lat_deg.to_radians();
    (lat.sin() * declination.sin() + lat.cos() * declination.cos() * hour_angle.cos())
        .asin()
        .to_degrees()
}

/// Below this altitude of the Sun's centre it is night for the app (the end of civil twilight:
/// too dark to see the train without lights).
pub const NIGHT_BELOW_DEG: f64 = -6.0;
/// Above this it is day (the upper limb at the horizon, with refraction: sunrise and sunset).
pub const DAY_ABOVE_DEG: f64 = -0.833;

/// Day, twilight or night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Light {
    /// The Sun is up.
    Day,
    /// Civil twilight (the Sun less than 6° below the horizon).
    Twilight,
    /// Night.
    Night,
}

impl Light {
    /// The light for a Sun at `altitude_deg`.
    pub fn of(altitude_deg: f64) -> Self {
        if altitude_deg > DAY_ABOVE_DEG {
            Light::Day
        } else if altitude_deg > NIGHT_BELOW_DEG {
            Light::Twilight
        } else {
            Light::Night
        }
    }

    /// "day", "twilight", "night".
    pub fn word(self) -> &'static str {
        match self {
            Light::Day => "day",
            Light::Twilight => "twilight",
            Light::Night => "night",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap_or(Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn noon_at_greenwich_on_the_solstice_matches_the_almanac() {
        // The Astronomical Almanac for 2023: June solstice 21 June 14:58 UTC, obliquity
        // 23°26'15" (23.4375°); the Sun culminates at Greenwich (51.4769° N) near 12:02 UTC, at
        // 90 - 51.4769 + 23.4375 = 61.96°.
        let alt = altitude_deg(51.4769, 0.0, at("2023-06-21T12:02:00Z"));
        assert!((alt - 61.96).abs() < 0.5, "{alt}");
    }

    #[test]
    fn the_train_reached_khasan_before_civil_dawn() {
        // Khasan (42.43 N, 130.65 E) at 06:00 +10 on 12 Sep 2023: before civil dawn (about
        // 06:25 local per the fact-check), so the Sun is still more than 6° down at 06:00 and up
        // by 07:00.
        assert_eq!(
            Light::of(altitude_deg(42.428, 130.645, at("2023-09-11T20:00:00Z"))),
            Light::Night
        );
        assert_eq!(
            Light::of(altitude_deg(42.428, 130.645, at("2023-09-11T21:00:00Z"))),
            Light::Day
        );
    }
}
