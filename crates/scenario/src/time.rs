//! Absolute times and time zones: parsing RFC 9557 / RFC 3339 strings and converting core seconds to local times.
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// An instant read from a file: RFC 9557 with a zone (`2023-09-10T15:00:00+09:00[Asia/Pyongyang]`)
/// or RFC 3339 with an offset (`2023-09-12T02:10:00+10:00`).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeText {
    /// The instant.
    pub timestamp: Timestamp,
    /// The zone, when the text named one.
    pub zone: Option<TimeZone>,
    /// The text as written.
    pub text: String,
}

/// The widest UTC offset any zone has used (UTC+14:00, Kiribati; UTC-12:00 is the other end):
/// an offset beyond it is a typo, not a place.
pub const MAX_OFFSET_SECONDS: i32 = 14 * 3600;

/// Parses an instant; a civil time without an offset is refused because it is ambiguous, and so
/// is an offset no zone has ever had.
pub fn parse_instant(text: &str) -> Result<TimeText, String> {
    let trimmed = crate::values::short_value("time", text)?.trim();
    check_offset(text, trimmed)?;
    if trimmed.ends_with(']') {
        let zoned = jiff::fmt::temporal::DateTimeParser::new()
            .disambiguation(jiff::tz::Disambiguation::Reject)
            .parse_zoned_with(tz_db(), trimmed)
            .map_err(|e| {
                format!(
                    "cannot read time {} (a local time that does not exist or happens twice at a clock change needs its offset): {e}",
                    crate::values::quoted(text)
                )
            })?;
        return Ok(TimeText {
            timestamp: zoned.timestamp(),
            zone: Some(zoned.time_zone().clone()),
            text: text.to_string(),
        });
    }
    match trimmed.parse::<Timestamp>() {
        Ok(timestamp) => Ok(TimeText {
            timestamp,
            zone: None,
            text: text.to_string(),
        }),
        Err(e) => {
            let no_offset =
                jiff::fmt::temporal::Pieces::parse(trimmed).is_ok_and(|p| p.offset().is_none());
            if no_offset && trimmed.parse::<jiff::civil::DateTime>().is_ok() {
                Err(format!(
                    "time {text:?} has no UTC offset: write it as \"{trimmed}+09:00\" or \"{trimmed}+09:00[Asia/Pyongyang]\""
                ))
            } else {
                Err(format!(
                    "cannot read time {text:?} (expected e.g. \"2023-09-10T15:00:00+09:00[Asia/Pyongyang]\"): {e}"
                ))
            }
        }
    }
}

/// Refuses a written UTC offset beyond ±14:00 (jiff reads up to ±25:59:59).
fn check_offset(text: &str, trimmed: &str) -> Result<(), String> {
    use jiff::fmt::temporal::{Pieces, PiecesOffset};
    let Ok(pieces) = Pieces::parse(trimmed) else {
        return Ok(()); // the full parse below says what is wrong
    };
    if let Some(PiecesOffset::Numeric(offset)) = pieces.offset() {
        let seconds = offset.offset().seconds();
        if seconds.abs() > MAX_OFFSET_SECONDS {
            return Err(format!(
                "time {text:?} has the UTC offset {}, beyond the ±14:00 any place uses",
                offset.offset()
            ));
        }
    }
    Ok(())
}

impl<'de> Deserialize<'de> for TimeText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimeVisitor;
        impl Visitor<'_> for TimeVisitor {
            type Value = TimeText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a time such as \"2023-09-10T15:00:00+09:00[Asia/Pyongyang]\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TimeText, E> {
                parse_instant(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TimeVisitor)
    }
}

/// A departure: an instant in the supported range ([`check_departure`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Departure(pub TimeText);

impl<'de> Deserialize<'de> for Departure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let time = TimeText::deserialize(deserializer)?;
        check_departure(time.timestamp).map_err(de::Error::custom)?;
        Ok(Self(time))
    }
}

/// A time-zone name checked against the bundled tz database.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneName {
    /// The IANA name as written.
    pub name: String,
    /// The zone.
    pub zone: TimeZone,
}

/// The time-zone database compiled into the program: results never depend on the machine's
/// zoneinfo (or TZDIR), and names only a system database has ("localtime", "posixrules") are
/// unknown.
pub fn tz_db() -> &'static jiff::tz::TimeZoneDatabase {
    static DB: std::sync::OnceLock<jiff::tz::TimeZoneDatabase> = std::sync::OnceLock::new();
    DB.get_or_init(jiff::tz::TimeZoneDatabase::bundled)
}

/// Looks up an IANA zone name in the bundled database.
pub fn lookup_zone(name: &str) -> Result<TimeZone, String> {
    crate::values::short_value("time zone", name)?;
    tz_db()
        .get(name)
        .map_err(|_| format!("unknown time zone {name:?} (use an IANA name such as \"Asia/Pyongyang\" or \"Asia/Vladivostok\")"))
}

impl<'de> Deserialize<'de> for ZoneName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ZoneVisitor;
        impl Visitor<'_> for ZoneVisitor {
            type Value = ZoneName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an IANA time-zone name such as \"Asia/Pyongyang\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ZoneName, E> {
                lookup_zone(v)
                    .map(|zone| ZoneName {
                        name: v.to_string(),
                        zone,
                    })
                    .map_err(E::custom)
            }
        }
        deserializer.deserialize_str(ZoneVisitor)
    }
}

/// Nanoseconds in a second.
const NS_PER_S: f64 = 1e9;

/// The instant `seconds` after `origin` (rounded to the nanosecond).
pub fn instant_after(origin: Timestamp, seconds: f64) -> Timestamp {
    let ns = origin.as_nanosecond() + (seconds * NS_PER_S).round() as i128;
    Timestamp::from_nanosecond(ns).unwrap_or(if seconds > 0.0 {
        Timestamp::MAX
    } else {
        Timestamp::MIN
    })
}

/// Seconds from `origin` to `instant`.
pub fn seconds_between(origin: Timestamp, instant: Timestamp) -> f64 {
    (instant.as_nanosecond() - origin.as_nanosecond()) as f64 / NS_PER_S
}

/// The instant rounded to the whole second, in `zone`.
pub fn local(instant: Timestamp, zone: &TimeZone) -> Zoned {
    instant
        .round(jiff::Unit::Second)
        .unwrap_or(instant)
        .to_zoned(zone.clone())
}

/// Whole days from the local date of `from` to the local date of `to` (the "D+n" of a time).
pub fn days_between(from: &Zoned, to: &Zoned) -> i32 {
    (to.date() - from.date()).get_days()
}

/// Earliest supported departure (1970-01-01T00:00:00Z): before it, zones used local mean times
/// with offsets in seconds, which RFC 3339 cannot write.
pub const EARLIEST_DEPARTURE: Timestamp = Timestamp::constant(0, 0);
/// Latest supported departure (2200-01-01T00:00:00Z).
pub const LATEST_DEPARTURE: Timestamp = Timestamp::constant(7_258_118_400, 0);

/// Checks that a departure lies in the supported range.
pub fn check_departure(departure: Timestamp) -> Result<(), String> {
    if departure < EARLIEST_DEPARTURE || departure > LATEST_DEPARTURE {
        return Err(format!(
            "departure {departure} is outside the supported range {EARLIEST_DEPARTURE} to {LATEST_DEPARTURE}"
        ));
    }
    Ok(())
}

/// RFC 3339 with the local offset, to the second: `2023-09-12T06:00:00+10:00`.
pub fn rfc3339(zoned: &Zoned) -> String {
    zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Short offset label: "+09", "+08:30", "+10".
pub fn offset_label(zoned: &Zoned) -> String {
    let seconds = zoned.offset().seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let (h, m) = (seconds.abs() / 3600, seconds.abs() / 60 % 60);
    if m == 0 {
        format!("{sign}{h:02}")
    } else {
        format!("{sign}{h:02}:{m:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoned_and_offset_forms_parse_to_the_same_instant() {
        let a = parse_instant("2023-09-10T15:00:00+09:00[Asia/Pyongyang]").unwrap();
        let b = parse_instant("2023-09-10T15:00:00+09:00").unwrap();
        let c = parse_instant("2023-09-10T06:00:00Z").unwrap();
        assert_eq!(a.timestamp, b.timestamp);
        assert_eq!(b.timestamp, c.timestamp);
        assert!(a.zone.is_some() && b.zone.is_none());
    }

    #[test]
    fn a_time_without_offset_is_refused_with_a_hint() {
        let e = parse_instant("2023-09-10T15:00:00").unwrap_err();
        assert!(e.contains("no UTC offset"), "{e}");
    }

    #[test]
    fn pyongyang_was_utc_plus_0830_in_2016() {
        let t = parse_instant("2016-06-01T12:00:00[Asia/Pyongyang]").unwrap();
        let z = local(t.timestamp, t.zone.as_ref().unwrap());
        assert_eq!(offset_label(&z), "+08:30");
        assert_eq!(rfc3339(&z), "2016-06-01T12:00:00+08:30");
    }

    #[test]
    fn supported_departures_span_1970_to_2200() {
        assert_eq!(LATEST_DEPARTURE.to_string(), "2200-01-01T00:00:00Z");
        assert!(
            check_departure(LATEST_DEPARTURE).is_ok()
                && check_departure(EARLIEST_DEPARTURE).is_ok()
        );
        assert!(
            check_departure(Timestamp::constant(-1, 0))
                .unwrap_err()
                .contains("1970-01-01T00:00:00Z")
        );
    }

    #[test]
    fn offsets_beyond_fourteen_hours_are_refused() {
        let e = parse_instant("2023-09-10T15:00:00+25:00").unwrap_err();
        assert!(e.contains("beyond the ±14:00"), "{e}");
        assert!(parse_instant("2023-09-10T15:00:00-14:30").is_err());
        assert!(parse_instant("2023-09-10T15:00:00+14:00").is_ok());
        assert!(parse_instant("2023-09-10T15:00:00-12:00").is_ok());
    }

    #[test]
    fn local_times_in_a_clock_change_need_their_offset() {
        // Pyongyang went from +08:30 to +09:00 at 23:30 on 4 May 2018: 23:45 did not exist.
        let e = parse_instant("2018-05-04T23:45:00[Asia/Pyongyang]").unwrap_err();
        assert!(e.contains("does not exist or happens twice"), "{e}");
        assert!(parse_instant("2018-05-04T23:00:00[Asia/Pyongyang]").is_ok());
    }

    #[test]
    fn zones_come_from_the_bundled_database_only() {
        assert!(lookup_zone("localtime").is_err());
        assert!(lookup_zone("posixrules").is_err());
        assert!(lookup_zone("Asia/Pyongyang").is_ok());
    }

    #[test]
    fn unknown_zone_is_named() {
        assert!(
            lookup_zone("Asia/Pyongyan")
                .unwrap_err()
                .contains("Asia/Pyongyan")
        );
    }
}
