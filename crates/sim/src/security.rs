//! Security levels, their speed caps and the events that raise them.
use crate::error::{CapsField, Location, SpecError};
use crate::units::kmh_to_mps;
use crate::value::{non_negative, speed_mps};

/// Security level, least to most severe (the order of the variants is the severity order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Level {
    /// No restriction.
    #[default]
    Normal,
    /// Speed capped at `elevated_mps`.
    Elevated,
    /// Speed capped at `high_mps`; planned stops reached while in force get a security sweep.
    High,
    /// High's cap, and the train stops at the next station it can stop at and holds there.
    Lockdown,
}

impl Level {
    /// All levels, least severe first.
    pub const ALL: [Level; 4] = [Level::Normal, Level::Elevated, Level::High, Level::Lockdown];

    /// The level's name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Level::Normal => "Normal",
            Level::Elevated => "Elevated",
            Level::High => "High",
            Level::Lockdown => "Lockdown",
        }
    }
}

/// Default cap under Elevated, km/h.
pub const DEFAULT_ELEVATED_KMH: f64 = 40.0;
/// Default cap under High and Lockdown, km/h.
pub const DEFAULT_HIGH_KMH: f64 = 25.0;
/// Default security sweep added to planned stops reached under High or Lockdown, seconds.
pub const DEFAULT_HIGH_SWEEP_S: f64 = 30.0 * 60.0;

/// The numbers behind the levels, validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelCaps {
    pub(crate) elevated_mps: f64,
    pub(crate) high_mps: f64,
    pub(crate) high_sweep_s: f64,
}

impl Default for LevelCaps {
    fn default() -> Self {
        Self {
            elevated_mps: kmh_to_mps(DEFAULT_ELEVATED_KMH),
            high_mps: kmh_to_mps(DEFAULT_HIGH_KMH),
            high_sweep_s: DEFAULT_HIGH_SWEEP_S,
        }
    }
}

impl LevelCaps {
    /// Caps from the Elevated and High speeds (m/s, see [`speed_mps`]) and the High sweep (s, zero or more).
    pub fn new(elevated_mps: f64, high_mps: f64, high_sweep_s: f64) -> Result<Self, SpecError> {
        Ok(Self {
            elevated_mps: speed_mps(elevated_mps)
                .map_err(SpecError::value(Location::Caps(CapsField::Elevated)))?,
            high_mps: speed_mps(high_mps)
                .map_err(SpecError::value(Location::Caps(CapsField::High)))?,
            high_sweep_s: non_negative(high_sweep_s)
                .map_err(SpecError::value(Location::Caps(CapsField::HighSweep)))?,
        })
    }

    /// Speed cap under Elevated, m/s.
    pub fn elevated_mps(&self) -> f64 {
        self.elevated_mps
    }

    /// Speed cap under High and Lockdown, m/s.
    pub fn high_mps(&self) -> f64 {
        self.high_mps
    }

    /// Sweep added to a planned stop whose arrival happens under High or Lockdown, seconds.
    pub fn high_sweep_s(&self) -> f64 {
        self.high_sweep_s
    }

    /// The speed cap of a level (infinite for Normal).
    pub fn cap_mps(&self, level: Level) -> f64 {
        match level {
            Level::Normal => f64::INFINITY,
            Level::Elevated => self.elevated_mps,
            Level::High | Level::Lockdown => self.high_mps,
        }
    }
}

/// What starts a security event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EventStart {
    /// When the train reaches this position (metres).
    AtKm(f64),
    /// At this time (seconds since the scheduled departure; negative = before it).
    AtTime(f64),
}

impl EventStart {
    pub(crate) fn value(self) -> f64 {
        match self {
            EventStart::AtKm(v) | EventStart::AtTime(v) => v,
        }
    }
}

/// What ends a security event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EventEnd {
    /// When the train reaches this position (metres).
    AtKm(f64),
    /// At this time (seconds since the scheduled departure).
    AtTime(f64),
    /// This many seconds after the event started.
    After(f64),
}

/// A security event: a level in force from its start until its end (or the end of the journey).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SecurityEvent {
    /// The level.
    pub level: Level,
    /// What starts it.
    pub start: EventStart,
    /// What ends it; `None` = in force to the end of the journey.
    pub until: Option<EventEnd>,
}
