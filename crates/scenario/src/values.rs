//! Numbers as written in route and scenario files, each checked by its rule while it is parsed, so
//! the parser places the error on the value itself. The rules are the core's
//! ([`train_sim::value`]) or, for coordinates, defined here once.
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use train_sim::units::kmh_to_mps;
use train_sim::value::{ValueError, finite, non_negative, rate_mps2, speed_mps};

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
    /// A speed in km/h (the core's speed rule, [`speed_mps`]).
    Kmh,
    |v| speed_mps(kmh_to_mps(v)).map(|_| v).map_err(text)
);
checked_number!(
    /// An acceleration or braking rate in m/s² (the core's rule, [`rate_mps2`]).
    Mps2,
    |v| rate_mps2(v).map_err(text)
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
    /// A tolerance in a check's unit (km/h, km): zero or positive.
    Tolerance,
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
                .contains("must be a speed from 1 to 650 km/h, got -5 km/h")
        );
    }
}

/// Longest name of a station, border or route, characters: longer is not a name, and a name
/// ends up in tables, labels and messages.
pub const MAX_NAME_CHARS: usize = 200;
/// Characters of a name quoted in a message before it is cut short.
const QUOTED_CHARS: usize = 60;

/// Reads a name as defined in a route or network file: not empty, at most [`MAX_NAME_CHARS`]
/// (for `#[serde(deserialize_with = "name")]`).
pub fn name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    let chars = text.chars().count();
    if text.trim().is_empty() {
        Err(de::Error::custom("a name cannot be empty"))
    } else if chars > MAX_NAME_CHARS {
        Err(de::Error::custom(format!(
            "a name of {chars} characters is longer than the {MAX_NAME_CHARS} allowed"
        )))
    } else if let Some(c) = text.chars().find(|&c| not_printable(c)) {
        // Names end up in terminals, SVG, XML and HTML: a control character would garble the
        // first and make the others invalid.
        Err(de::Error::custom(format!(
            "a name cannot hold the control character U+{:04X}",
            u32::from(c)
        )))
    } else {
        Ok(text)
    }
}

/// A character no name may hold: control characters (line breaks and tabs included) and the
/// noncharacters U+FFFE and U+FFFF, which XML 1.0 cannot carry.
fn not_printable(c: char) -> bool {
    c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// Longest text of a time, a duration or a zone name, characters: the longest real ones are
/// about 70 (`2023-09-10T15:00:00.123456789+09:00[America/Argentina/ComodRivadavia]`), so a longer
/// one is refused before it is parsed or quoted.
pub const MAX_VALUE_CHARS: usize = 120;

/// Refuses a time, duration or zone text longer than [`MAX_VALUE_CHARS`].
pub fn short_value<'a>(what: &str, text: &'a str) -> Result<&'a str, String> {
    let chars = text.chars().count();
    if chars > MAX_VALUE_CHARS {
        Err(format!(
            "cannot read {what} {}: {chars} characters is longer than any {what}",
            quoted(text)
        ))
    } else {
        Ok(text)
    }
}

/// A name quoted for a message, cut short if long: a 10 MB "name" must not become a 10 MB error.
pub fn quoted(name: &str) -> String {
    let chars = name.chars().count();
    if chars <= QUOTED_CHARS {
        format!("{name:?}")
    } else {
        let start: String = name.chars().take(QUOTED_CHARS).collect();
        format!("{:?}… ({chars} characters)", start)
    }
}

/// A map whose keys are each written once (a repeated key is an error at the repetition, not a
/// silent overwrite), in the order written.
#[derive(Debug, Clone, PartialEq)]
pub struct UniqueMap<V>(pub Vec<(String, V)>);

impl<V> Default for UniqueMap<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> UniqueMap<V> {
    /// Whether it has no entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many entries it has.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The entries, in the order written.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for UniqueMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> de::Visitor<'de> for MapVisitor<V> {
            type Value = UniqueMap<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map such as { \"Khasan\": \"1h\" }")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, V)> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(de::Error::custom(format!(
                            "{} appears twice: each key is written once",
                            quoted(&key)
                        )));
                    }
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(UniqueMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}
