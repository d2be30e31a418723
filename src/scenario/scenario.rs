//! Scenario files (`scenarios/*.ron`): a journey on a route with its departure, events and expectations.
use crate::duration::FriendlyDuration;
use crate::error::LoadError;
use crate::expect::{Check, CheckFile, Claim};
use crate::ron_file;
use crate::route::Route;
use crate::time::{TimeText, seconds_between};
use jiff::Timestamp;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use train_sim::units::{km_to_m, kmh_to_mps};
use train_sim::{
    EventEnd, EventStart, Incident, JourneySpec, Level, LevelCaps, MAX_SECURITY_EVENTS,
    RandomIncidents, SecurityEvent, Train,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
struct ScenarioFile {
    title: String,
    #[serde(default)]
    lesson: Option<String>,
    route: String,
    departure: TimeText,
    #[serde(default)]
    train: Option<TrainOverride>,
    #[serde(default)]
    stops: BTreeMap<String, FriendlyDuration>,
    #[serde(default)]
    levels: Option<LevelsFile>,
    #[serde(default)]
    security: Vec<SecurityFile>,
    #[serde(default)]
    incidents: Vec<IncidentFile>,
    #[serde(default)]
    random: Option<RandomFile>,
    #[serde(default)]
    expect: Vec<CheckFile>,
    #[serde(default)]
    claims: Vec<ClaimFile>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename = "Train")]
struct TrainOverride {
    #[serde(default)]
    cruise_kmh: Option<f64>,
    #[serde(default)]
    accel_mps2: Option<f64>,
    #[serde(default)]
    brake_mps2: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Levels")]
struct LevelsFile {
    #[serde(default)]
    elevated_kmh: Option<f64>,
    #[serde(default)]
    high_kmh: Option<f64>,
    #[serde(default)]
    high_sweep: Option<FriendlyDuration>,
}

/// What starts a security event, as written.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub enum StartFile {
    /// When the train reaches this km.
    Km(f64),
    /// At this time.
    At(TimeText),
}

/// What ends a security event, as written.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub enum EndFile {
    /// When the train reaches this km.
    Km(f64),
    /// At this time.
    At(TimeText),
    /// This long after it started.
    After(FriendlyDuration),
}

/// A security level as written in files.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(rename = "Level")]
enum LevelFile {
    Normal,
    Elevated,
    High,
    Lockdown,
}

impl From<LevelFile> for Level {
    fn from(level: LevelFile) -> Self {
        match level {
            LevelFile::Normal => Level::Normal,
            LevelFile::Elevated => Level::Elevated,
            LevelFile::High => Level::High,
            LevelFile::Lockdown => Level::Lockdown,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Security")]
struct SecurityFile {
    level: LevelFile,
    from: StartFile,
    #[serde(default)]
    until: Option<EndFile>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Incident")]
struct IncidentFile {
    at_km: f64,
    delay: FriendlyDuration,
    #[serde(default)]
    cause: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Random")]
struct RandomFile {
    seed: u64,
    incidents_per_1000_km: f64,
    delay_min: FriendlyDuration,
    delay_max: FriendlyDuration,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Claim")]
struct ClaimFile {
    source: String,
    says: CheckFile,
    #[serde(default)]
    note: Option<String>,
}

/// A security event of a scenario, with its absolute times.
#[derive(Debug, Clone, PartialEq)]
pub struct SecuritySpec {
    /// Level.
    pub level: Level,
    /// Start.
    pub from: StartFile,
    /// End.
    pub until: Option<EndFile>,
    /// Why (shown in reports and the app).
    pub reason: Option<String>,
}

/// A scripted incident.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentSpec {
    /// Where, km.
    pub at_km: f64,
    /// Wait once stopped, s.
    pub delay_s: f64,
    /// Cause.
    pub cause: Option<String>,
}

/// A validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The file.
    pub path: PathBuf,
    /// The file's text (for error positions and reloading).
    pub source: String,
    /// Title.
    pub title: String,
    /// Teaching narrative.
    pub lesson: Option<String>,
    /// The route, with this scenario's dwell overrides applied.
    pub route: Route,
    /// The route as named in the file.
    pub route_ref: String,
    /// Scheduled departure.
    pub departure: Timestamp,
    /// Cruise, km/h.
    pub cruise_kmh: f64,
    /// Acceleration, m/s².
    pub accel_mps2: f64,
    /// Braking, m/s².
    pub brake_mps2: f64,
    /// Level caps.
    pub caps: LevelCaps,
    /// Security events.
    pub security: Vec<SecuritySpec>,
    /// Scripted incidents.
    pub incidents: Vec<IncidentSpec>,
    /// Random incidents.
    pub random: Option<RandomIncidents>,
    /// Expectations.
    pub expect: Vec<Check>,
    /// Press claims.
    pub claims: Vec<Claim>,
}

impl Scenario {
    /// Reads and validates a scenario file (and the route it names).
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let source = std::fs::read_to_string(path)
            .map_err(|e| LoadError::plain(path, format!("cannot read scenario file: {e}")))?;
        Self::parse(path, &source)
    }

    /// Parses and validates scenario text as if read from `path`.
    pub fn parse(path: &Path, source: &str) -> Result<Self, LoadError> {
        let file: ScenarioFile = ron_file::parse(path, source)?;
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let mut route = if file.route.ends_with(".ron") {
            let route_path = dir.join(&file.route);
            if !route_path.is_file() {
                return Err(LoadError::field(
                    path,
                    source,
                    "route",
                    Some(&format!("\"{}\"", file.route)),
                    format!(
                        "route file {} not found (paths are relative to the scenario file)",
                        route_path.display()
                    ),
                ));
            }
            Route::load(&route_path)?
        } else {
            Route::find(&file.route, &dir, path, source)?
        };
        let err = |field: String, needle: Option<String>, message: String| {
            LoadError::field(path, source, field, needle.as_deref(), message)
        };
        let station = |route: &Route, field: &str, name: &str| -> Result<usize, LoadError> {
            route.station_index(name).ok_or_else(|| {
                let hint = route
                    .closest_station(name)
                    .map(|n| format!(" (did you mean {n:?}?)"))
                    .unwrap_or_default();
                err(
                    field.into(),
                    Some(format!("\"{name}\"")),
                    format!(
                        "unknown station {name:?}{hint}; the route {:?} has: {}",
                        route.name,
                        route
                            .stations
                            .iter()
                            .map(|s| s.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
        };

        if let Err(message) = crate::time::check_departure(file.departure.timestamp) {
            return Err(err(
                "departure".into(),
                Some(format!("\"{}\"", file.departure.text)),
                message,
            ));
        }
        for (name, dwell) in &file.stops {
            let index = station(&route, "stops", name)?;
            route.stations[index].dwell_s = dwell.seconds();
        }

        let train = file.train.unwrap_or_default();
        let cruise_kmh = train.cruise_kmh.unwrap_or(route.train.cruise_kmh);
        let accel_mps2 = train.accel_mps2.unwrap_or(route.train.accel_mps2);
        let brake_mps2 = train.brake_mps2.unwrap_or(route.train.brake_mps2);
        for (field, key, value) in [
            ("train.cruise_kmh", "cruise_kmh", cruise_kmh),
            ("train.accel_mps2", "accel_mps2", accel_mps2),
            ("train.brake_mps2", "brake_mps2", brake_mps2),
        ] {
            if !(value > 0.0 && value.is_finite()) {
                return Err(err(
                    field.into(),
                    Some(format!("{key}:")),
                    format!("must be a positive number, got {value}"),
                ));
            }
        }

        let mut caps = LevelCaps::default();
        if let Some(levels) = &file.levels {
            for (field, value) in [
                ("elevated_kmh", levels.elevated_kmh),
                ("high_kmh", levels.high_kmh),
            ] {
                if let Some(v) = value
                    && !(v > 0.0 && v.is_finite())
                {
                    return Err(err(
                        format!("levels.{field}"),
                        Some(format!("{field}:")),
                        format!("must be a positive number, got {v}"),
                    ));
                }
            }
            caps.elevated_mps = levels.elevated_kmh.map_or(caps.elevated_mps, kmh_to_mps);
            caps.high_mps = levels.high_kmh.map_or(caps.high_mps, kmh_to_mps);
            caps.high_sweep_s = levels
                .high_sweep
                .map_or(caps.high_sweep_s, FriendlyDuration::seconds);
        }

        let (first_km, last_km) = (
            route.stations[0].km,
            route.stations[route.stations.len() - 1].km,
        );
        if file.security.len() > MAX_SECURITY_EVENTS {
            return Err(err(
                "security".into(),
                Some("security".into()),
                format!(
                    "at most {MAX_SECURITY_EVENTS} security events are allowed, got {}",
                    file.security.len()
                ),
            ));
        }
        let mut security = Vec::with_capacity(file.security.len());
        for (i, s) in file.security.into_iter().enumerate() {
            let field = format!("security[{i}]");
            if let StartFile::Km(km) = s.from
                && !(km >= first_km && km <= last_km)
            {
                return Err(err(
                    format!("{field}.from"),
                    Some(format!("Km({km}")),
                    format!("Km({km}) is outside the route [{first_km}, {last_km}]"),
                ));
            }
            let level = Level::from(s.level);
            match (&level, &s.until) {
                (Level::Lockdown, Some(EndFile::Km(km))) => {
                    return Err(err(format!("{field}.until"), Some(format!("Km({km}")), "a Lockdown cannot end at a km: the train stands still during a Lockdown, so it would never get there; end it with At(\"<time>\") or After(\"<duration>\")".into()));
                }
                (_, Some(EndFile::Km(end))) => {
                    if let StartFile::Km(start) = s.from
                        && !(*end > start)
                    {
                        return Err(err(
                            format!("{field}.until"),
                            Some(format!("Km({end}")),
                            format!("ends at Km({end}), not after its start at Km({start})"),
                        ));
                    }
                }
                _ => {}
            }
            security.push(SecuritySpec {
                level,
                from: s.from,
                until: s.until,
                reason: s.reason,
            });
        }

        let mut incidents = Vec::with_capacity(file.incidents.len());
        for (i, incident) in file.incidents.into_iter().enumerate() {
            if !(incident.at_km >= first_km && incident.at_km < last_km) {
                return Err(err(
                    format!("incidents[{i}].at_km"),
                    Some(format!("at_km: {}", incident.at_km)),
                    format!(
                        "{} is outside the route [{first_km}, {last_km})",
                        incident.at_km
                    ),
                ));
            }
            incidents.push(IncidentSpec {
                at_km: incident.at_km,
                delay_s: incident.delay.seconds(),
                cause: incident.cause,
            });
        }

        let random = match file.random {
            Some(r) => {
                if !(r.incidents_per_1000_km >= 0.0 && r.incidents_per_1000_km.is_finite()) {
                    return Err(err(
                        "random.incidents_per_1000_km".into(),
                        Some("incidents_per_1000_km".into()),
                        format!("must be zero or positive, got {}", r.incidents_per_1000_km),
                    ));
                }
                let expected = r.incidents_per_1000_km * route.length_km() / 1000.0;
                if expected > train_sim::incidents::MAX_EXPECTED_INCIDENTS {
                    return Err(err(
                        "random.incidents_per_1000_km".into(),
                        Some("incidents_per_1000_km".into()),
                        format!(
                            "{} per 1,000 km means {expected:.0} incidents per journey on average, more than the {} allowed",
                            r.incidents_per_1000_km,
                            train_sim::incidents::MAX_EXPECTED_INCIDENTS
                        ),
                    ));
                }
                if r.delay_max.seconds() < r.delay_min.seconds() {
                    return Err(err(
                        "random.delay_max".into(),
                        Some("delay_max".into()),
                        "must not be shorter than delay_min".into(),
                    ));
                }
                Some(RandomIncidents {
                    seed: r.seed,
                    per_1000_km: r.incidents_per_1000_km,
                    delay_min_s: r.delay_min.seconds(),
                    delay_max_s: r.delay_max.seconds(),
                })
            }
            None => None,
        };

        let mut expect = Vec::with_capacity(file.expect.len());
        for (i, check) in file.expect.into_iter().enumerate() {
            expect.push(Check::resolve(
                check,
                &route,
                &format!("expect[{i}]"),
                &station,
            )?);
        }
        let mut claims = Vec::with_capacity(file.claims.len());
        for (i, claim) in file.claims.into_iter().enumerate() {
            let says = Check::resolve(claim.says, &route, &format!("claims[{i}].says"), &station)?;
            claims.push(Claim {
                source: claim.source,
                says,
                note: claim.note,
            });
        }

        let scenario = Self {
            path: path.to_path_buf(),
            source: source.to_string(),
            title: file.title,
            lesson: file.lesson,
            route,
            route_ref: file.route,
            departure: file.departure.timestamp,
            cruise_kmh,
            accel_mps2,
            brake_mps2,
            caps,
            security,
            incidents,
            random,
            expect,
            claims,
        };
        // The core validates again (and is the one place that knows every rule); report its refusal
        // against the file.
        scenario
            .spec()
            .map_err(|e| LoadError::field(path, source, "scenario", None, e.to_string()))?;
        Ok(scenario)
    }

    /// The core's journey specification for the scenario as it stands.
    pub fn spec(&self) -> Result<JourneySpec, train_sim::SpecError> {
        let dwells: Vec<f64> = self.route.stations.iter().map(|s| s.dwell_s).collect();
        let track = self.route.track(&dwells)?;
        let train = Train::from_kmh(self.cruise_kmh, self.accel_mps2, self.brake_mps2)?;
        let at = |t: &TimeText| seconds_between(self.departure, t.timestamp);
        let security = self
            .security
            .iter()
            .map(|s| SecurityEvent {
                level: s.level,
                start: match &s.from {
                    StartFile::Km(km) => EventStart::AtKm(km_to_m(*km)),
                    StartFile::At(t) => EventStart::AtTime(at(t)),
                },
                until: s.until.as_ref().map(|u| match u {
                    EndFile::Km(km) => EventEnd::AtKm(km_to_m(*km)),
                    EndFile::At(t) => EventEnd::AtTime(at(t)),
                    EndFile::After(d) => EventEnd::After(d.seconds()),
                }),
            })
            .collect();
        let incidents = self
            .incidents
            .iter()
            .enumerate()
            .map(|(i, inc)| Incident {
                at_m: km_to_m(inc.at_km),
                delay_s: inc.delay_s,
                cause: i as u32,
            })
            .collect();
        JourneySpec::with_all(track, train, self.caps, security, incidents, self.random)
    }

    /// The same scenario at another cruise speed.
    pub fn with_cruise_kmh(&self, kmh: f64) -> Result<Self, train_sim::SpecError> {
        let mut s = self.clone();
        s.cruise_kmh = kmh;
        s.spec()?;
        Ok(s)
    }

    /// The same scenario with another departure; time-triggered events keep their absolute times.
    pub fn with_departure(&self, departure: Timestamp) -> Self {
        let mut s = self.clone();
        s.departure = departure;
        s
    }

    /// The same scenario with another random seed (creates no random model if there is none).
    pub fn with_seed(&self, seed: u64) -> Self {
        let mut s = self.clone();
        if let Some(r) = &mut s.random {
            r.seed = seed;
        }
        s
    }

    /// The cause text of an incident from [`train_sim::IncidentStop::cause`].
    pub fn incident_cause(&self, cause: u32) -> String {
        if cause == train_sim::incidents::RANDOM_CAUSE {
            return "random incident".into();
        }
        self.incidents
            .get(cause as usize)
            .and_then(|i| i.cause.clone())
            .unwrap_or_else(|| "incident".into())
    }
}
