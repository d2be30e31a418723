//! The journey on screen: the scenario, its last good run, slider overrides and hot reload.
use super::{DEFAULT_SCENARIO, DEFAULT_SCENARIO_TEXT};
use crate::cli::check::scenario_files;
use bevy::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use train_scenario::{Run, Scenario};

/// How often the scenario file is checked for edits.
const RELOAD_POLL: Duration = Duration::from_millis(500);
/// Where the scenario picker looks.
const SCENARIO_DIR: &str = "scenarios";

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(ReloadTimer(Timer::new(RELOAD_POLL, TimerMode::Repeating)))
        .add_systems(Update, reload_on_edit);
}

/// One entry of the scenario picker.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CatalogueEntry {
    pub(crate) path: PathBuf,
    pub(crate) title: String,
    pub(crate) is_lesson: bool,
}

/// The journey being shown.
#[derive(Resource, Debug, Clone)]
pub(crate) struct JourneyState {
    /// The scenario file.
    pub(crate) path: PathBuf,
    /// The scenario as last loaded without error.
    pub(crate) scenario: Scenario,
    /// The last good run (with the sliders applied).
    pub(crate) run: Arc<Run>,
    /// The load or run error to show in the banner, if the file is currently bad.
    pub(crate) error: Option<String>,
    /// Cruise-speed slider, km/h.
    pub(crate) cruise_kmh: f64,
    /// Departure slider: hours relative to the scenario's departure.
    pub(crate) shift_h: f64,
    /// Modification time of the file when last read.
    modified: Option<SystemTime>,
    /// Every scenario the picker offers.
    pub(crate) catalogue: Vec<CatalogueEntry>,
    /// Bumped whenever `run` changes, so systems can rebuild what depends on it.
    pub(crate) generation: u64,
    /// Simulated hours to start at (from the command line).
    pub(crate) start_at_h: Option<f64>,
}

impl JourneyState {
    /// Opens `path` (or the built-in default scenario when the default path does not exist).
    pub(crate) fn open(path: &Path, start_at_h: Option<f64>) -> Result<Self, String> {
        let scenario = load(path)?;
        let run = Run::new(&scenario).map_err(|e| e.describe(&scenario))?;
        Ok(Self {
            path: path.to_path_buf(),
            cruise_kmh: scenario.cruise_kmh,
            shift_h: 0.0,
            modified: modified(path),
            scenario,
            run: Arc::new(run),
            error: None,
            catalogue: catalogue(Path::new(SCENARIO_DIR)),
            generation: 0,
            start_at_h,
        })
    }

    /// Switches to another scenario file; on error keeps the current journey and shows the error.
    pub(crate) fn switch_to(&mut self, path: &Path) {
        self.path = path.to_path_buf();
        self.modified = modified(path);
        match load(path) {
            Ok(scenario) => {
                self.cruise_kmh = scenario.cruise_kmh;
                self.shift_h = 0.0;
                self.scenario = scenario;
                self.resimulate();
            }
            Err(message) => self.error = Some(message),
        }
    }

    /// Re-reads the file if it changed on disk; a bad file keeps the last good journey.
    pub(crate) fn reload_if_changed(&mut self) -> bool {
        let now = modified(&self.path);
        if now.is_none() || now == self.modified {
            return false;
        }
        self.modified = now;
        self.reload();
        true
    }

    /// Re-reads the file now.
    pub(crate) fn reload(&mut self) {
        match load(&self.path) {
            Ok(scenario) => {
                let speed_was_default = (self.cruise_kmh - self.scenario.cruise_kmh).abs() < 1e-9;
                if speed_was_default {
                    self.cruise_kmh = scenario.cruise_kmh;
                }
                self.scenario = scenario;
                self.resimulate();
            }
            Err(message) => self.error = Some(message),
        }
    }

    /// Runs the scenario again with the sliders applied.
    pub(crate) fn resimulate(&mut self) {
        let mut scenario = self.scenario.clone();
        if (self.cruise_kmh - scenario.cruise_kmh).abs() > 1e-9 {
            match scenario.with_cruise_kmh(self.cruise_kmh) {
                Ok(s) => scenario = s,
                Err(e) => {
                    self.error = Some(format!("cruise speed {} km/h: {e}", self.cruise_kmh));
                    return;
                }
            }
        }
        if self.shift_h != 0.0 {
            let shift = jiff::SignedDuration::from_secs_f64(self.shift_h * 3600.0);
            if let Ok(departure) = scenario.departure.checked_add(shift) {
                scenario = scenario.with_departure(departure);
            }
        }
        match Run::new(&scenario) {
            Ok(run) => {
                self.run = Arc::new(run);
                self.error = None;
                self.generation += 1;
            }
            Err(e) => {
                self.error = Some(
                    e.describe(&scenario)
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                )
            }
        }
    }

    /// Arrival, s after departure.
    pub(crate) fn arrival_s(&self) -> f64 {
        self.run.journey.arrival_s
    }
}

fn load(path: &Path) -> Result<Scenario, String> {
    if !path.exists() && path == Path::new(DEFAULT_SCENARIO) {
        return Scenario::parse(path, DEFAULT_SCENARIO_TEXT).map_err(|e| e.headline());
    }
    Scenario::load(path).map_err(|e| e.headline())
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Every scenario under `dir` with its title (files that fail to load are listed by name).
pub(crate) fn catalogue(dir: &Path) -> Vec<CatalogueEntry> {
    scenario_files(dir)
        .unwrap_or_default()
        .into_iter()
        .map(|path| {
            let loaded = Scenario::load(&path);
            let title = loaded
                .as_ref()
                .map(|s| s.title.clone())
                .unwrap_or_else(|_| format!("{} (invalid)", path.display()));
            let is_lesson = loaded.as_ref().is_ok_and(|s| s.lesson.is_some())
                && path.components().any(|c| c.as_os_str() == "lessons");
            CatalogueEntry {
                path,
                title,
                is_lesson,
            }
        })
        .collect()
}

#[derive(Resource)]
struct ReloadTimer(Timer);

fn reload_on_edit(
    time: Res<Time<Real>>,
    mut timer: ResMut<ReloadTimer>,
    mut state: ResMut<JourneyState>,
) {
    if timer.0.tick(time.delta()).just_finished() {
        // Only mark the resource changed when the file really changed.
        if state.bypass_change_detection().reload_if_changed() {
            state.set_changed();
        }
    }
}
