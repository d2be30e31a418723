//! Friendly durations ("1h 30m", "45m", "0s", "1d 2h"): parsing, formatting and serde.
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A non-negative duration read from or written to a friendly string, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct FriendlyDuration(pub f64);

const UNITS: [(&str, f64); 4] = [("d", 86_400.0), ("h", 3_600.0), ("m", 60.0), ("s", 1.0)];

impl FriendlyDuration {
    /// Seconds.
    pub fn seconds(self) -> f64 {
        self.0
    }
}

/// Parses "1h 30m", "45m", "0s", "1d 2h 3m 4s", "1.5h" (units d, h, m, s; spaces optional).
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let trimmed = crate::values::short_value("duration", text)?.trim();
    if trimmed.is_empty() {
        return Err("empty duration: write e.g. \"1h 30m\", \"45m\" or \"0s\"".into());
    }
    if trimmed.starts_with('-') {
        return Err(format!("duration {text:?} is negative"));
    }
    let mut total = 0.0;
    let mut rest = trimmed;
    let mut last_unit = usize::MAX;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if number_len == 0 {
            return Err(format!(
                "cannot read duration {text:?}: expected a number at {rest:?} (write e.g. \"1h 30m\")"
            ));
        }
        let number: f64 = rest[..number_len].parse().map_err(|_| {
            format!(
                "cannot read duration {text:?}: {:?} is not a number",
                &rest[..number_len]
            )
        })?;
        rest = rest[number_len..].trim_start();
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        let Some(position) = UNITS.iter().position(|(name, _)| *name == unit) else {
            return Err(format!(
                "cannot read duration {text:?}: unit {unit:?} is not one of d, h, m, s (write e.g. \"1h 30m\")"
            ));
        };
        if last_unit != usize::MAX && position <= last_unit {
            return Err(format!(
                "cannot read duration {text:?}: units must go from largest to smallest, each once"
            ));
        }
        last_unit = position;
        total += number * UNITS[position].1;
        rest = rest[unit_len..].trim_start();
    }
    if !total.is_finite() {
        return Err(format!("duration {text:?} is too large"));
    }
    Ok(total)
}

/// Formats seconds as "34h 10m", "45m", "1h 0m 30s", "0s"; negative values get a leading "-".
/// Rounds to the nearest second.
pub fn format_duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "never".into();
    }
    let sign = if seconds < -0.5 { "-" } else { "" };
    let total = seconds.abs().round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    let mut out = String::from(sign);
    if h > 0 {
        out.push_str(&format!("{h}h "));
    }
    if h > 0 || m > 0 {
        out.push_str(&format!("{m}m"));
        if s > 0 {
            out.push_str(&format!(" {s}s"));
        }
    } else {
        out.push_str(&format!("{s}s"));
    }
    out.trim_end().to_string()
}

/// A difference of times: "0s" under half a second, otherwise signed ("+1h 5m", "-3m 2s").
pub fn format_signed_duration(seconds: f64) -> String {
    if seconds.abs() < 0.5 {
        "0s".into()
    } else if seconds > 0.0 {
        format!("+{}", format_duration(seconds))
    } else {
        format_duration(seconds)
    }
}

impl<'de> Deserialize<'de> for FriendlyDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DurationVisitor;
        impl Visitor<'_> for DurationVisitor {
            type Value = FriendlyDuration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration string such as \"1h 30m\", \"45m\" or \"0s\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FriendlyDuration, E> {
                parse_duration(v).map(FriendlyDuration).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DurationVisitor)
    }
}

/// A duration that keeps the text it was written as, for reports that show it as written
/// (a tolerance of "0.5s" prints as "0.5s").
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenDuration {
    /// Seconds.
    pub seconds: f64,
    /// The text, trimmed.
    pub text: String,
}

impl<'de> Deserialize<'de> for WrittenDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let seconds = parse_duration(&text).map_err(de::Error::custom)?;
        Ok(Self {
            seconds,
            text: text.trim().to_string(),
        })
    }
}

impl Serialize for FriendlyDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_duration(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(parse_duration("1h 30m"), Ok(5400.0));
        assert_eq!(parse_duration("45m"), Ok(2700.0));
        assert_eq!(parse_duration("0s"), Ok(0.0));
        assert_eq!(parse_duration("34h 10m"), Ok(34.0 * 3600.0 + 600.0));
        assert_eq!(parse_duration("1d 2h"), Ok(93_600.0));
        assert_eq!(parse_duration("1.5h"), Ok(5400.0));
        assert_eq!(parse_duration("2h30m"), Ok(9000.0));
    }

    #[test]
    fn rejects_bad_forms_with_a_reason() {
        assert!(parse_duration("").is_err());
        assert!(parse_duration("-5m").unwrap_err().contains("negative"));
        assert!(parse_duration("5 minutes").unwrap_err().contains("unit"));
        assert!(
            parse_duration("30m 1h")
                .unwrap_err()
                .contains("largest to smallest")
        );
        assert!(
            parse_duration("h")
                .unwrap_err()
                .contains("expected a number")
        );
    }

    #[test]
    fn formats_round_trip() {
        for text in ["34h 10m", "45m", "0s", "1h 0m 30s", "2h 5m"] {
            assert_eq!(format_duration(parse_duration(text).unwrap()), text);
        }
        assert_eq!(format_duration(-90.0), "-1m 30s");
    }
}
