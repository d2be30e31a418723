//! Numbers as written in route and scenario files, each checked by its rule while it is parsed, so
//! the parser places the error on the value itself. The rules are the core's
//! ([`train_sim::value`]) or, for coordinates, defined here once.
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use train_sim::value::{ValueError, finite, non_negative, positive};

macro_rules! checked_number {
    ($(#[$doc:meta])* $name:ident, $rule:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
        pub struct $name(pub f64);

        impl $name {
            /// The number, checked by the type's rule.
            pub fn new(value: f64) -> Result<Self, String> {
                let rule: fn(f64) -> Result<f64, String> = $rule;
                rule(value).map(Self)
            }

            /// The number.
            pub fn get(self) -> f64 {
                self.0
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = f64::deserialize(deserializer)?;
                Self::new(value).map_err(de::Error::custom)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_f64(self.0)
            }
        }
    };
}

fn text(e: ValueError) -> String {
    e.to_string()
}

checked_number!(
    /// A speed in km/h (positive).
    Kmh,
    |v| positive(v).map_err(text)
);
checked_number!(
    /// An acceleration or braking rate in m/s² (positive).
    Mps2,
    |v| positive(v).map_err(text)
);
checked_number!(
    /// A kilometre post or a distance along a line (zero or positive).
    Km,
    |v| non_negative(v).map_err(text)
);
checked_number!(
    /// A rate that may be zero, such as incidents per 1,000 km.
    Rate,
    |v| non_negative(v).map_err(text)
);
checked_number!(
    /// A number that must be finite (an expected speed or distance).
    Finite,
    |v| finite(v).map_err(text)
);
checked_number!(
    /// A latitude in degrees, from -90 to 90.
    Latitude,
    |v| in_range(v, MAX_LATITUDE_DEG)
);
checked_number!(
    /// A longitude in degrees, from -180 to 180.
    Longitude,
    |v| in_range(v, MAX_LONGITUDE_DEG)
);

/// Largest absolute latitude, degrees.
const MAX_LATITUDE_DEG: f64 = 90.0;
/// Largest absolute longitude, degrees.
const MAX_LONGITUDE_DEG: f64 = 180.0;

fn in_range(value: f64, limit: f64) -> Result<f64, String> {
    if (-limit..=limit).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "must be between -{limit} and {limit} degrees, got {value}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_rules() {
        assert!(Kmh::new(50.0).is_ok() && Kmh::new(0.0).is_err() && Kmh::new(f64::NAN).is_err());
        assert!(Km::new(0.0).is_ok() && Km::new(-1.0).is_err());
        assert!(Latitude::new(90.0).is_ok() && Latitude::new(90.5).is_err());
        assert!(Longitude::new(-180.0).is_ok() && Longitude::new(f64::NAN).is_err());
        let parsed: Result<Kmh, _> = ron::from_str("-5.0");
        assert!(
            parsed
                .unwrap_err()
                .code
                .to_string()
                .contains("must be a positive number, got -5")
        );
    }
}
