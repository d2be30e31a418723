//! The journey on screen: the scenario, its last good run and timetable, the slider overrides, the
//! scenario picker's catalogue, and hot reload of the open file.
use super::AppSystems;
use bevy::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use train_scenario::timetable::Timetable;
use train_scenario::{Loader, Run, Scenario};

/// How often the scenario file is checked for edits.
const RELOAD_POLL: Duration = Duration::from_millis(500);
/// Where the scenario picker looks.
const SCENARIO_DIR: &str = "scenarios";
/// Seconds in an hour (the departure slider is in hours).
const S_PER_H: f64 = 3600.0;

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(ReloadTimer(Timer::new(RELOAD_POLL, TimerMode::Repeating)))
        .add_systems(Update, reload_on_edit.in_set(AppSystems::Apply));
}

/// One entry of the scenario picker.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CatalogueEntry {
    pub(crate) path: PathBuf,
    pub(crate) title: String,
    pub(crate) is_lesson: bool,
}

/// The journey being shown. It changes (for Bevy's change detection) only when the run changes.
#[derive(Resource, Debug, Clone)]
pub(crate) struct JourneyState {
    /// Finds scenarios and their routes.
    loader: Loader,
    /// The scenario file.
    pub(crate) path: PathBuf,
    /// The scenario as last loaded without error.
    pub(crate) scenario: Scenario,
    /// The last good run (with the sliders applied).
    pub(crate) run: Arc<Run>,
    /// Its timetable.
    pub(crate) timetable: Arc<Timetable>,
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
    /// Simulated hours to start at (from the command line).
    pub(crate) start_at_h: Option<f64>,
}

impl JourneyState {
    /// Opens `path` (or the built-in default scenario when the default path does not exist).
    pub(crate) fn open(
        loader: Loader,
        path: &Path,
        start_at_h: Option<f64>,
    ) -> Result<Self, String> {
        let scenario = load(&loader, path)?;
        let run = Run::new(&scenario).map_err(|e| e.locate(&scenario).with_snippet())?;
        let catalogue = catalogue(&loader, Path::new(SCENARIO_DIR));
        Ok(Self {
            loader,
            path: path.to_path_buf(),
            cruise_kmh: scenario.cruise_kmh,
            shift_h: 0.0,
            modified: modified(path),
            scenario,
            timetable: Arc::new(run.timetable()),
            run: Arc::new(run),
            error: None,
            catalogue,
            start_at_h,
        })
    }

    /// Switches to another scenario file; on error keeps the current journey and shows the error.
    pub(crate) fn switch_to(&mut self, path: &Path) {
        self.path = path.to_path_buf();
        self.modified = modified(path);
        match load(&self.loader, path) {
            Ok(scenario) => {
                self.cruise_kmh = scenario.cruise_kmh;
                self.shift_h = 0.0;
                self.scenario = scenario;
                self.resimulate();
            }
            Err(message) => self.error = Some(message),
        }
    }

    /// Whether the file changed on disk since it was last read.
    pub(crate) fn file_changed(&self) -> bool {
        let now = modified(&self.path);
        now.is_some() && now != self.modified
    }

    /// Re-reads the file now; a bad file keeps the last good journey and shows the error.
    pub(crate) fn reload(&mut self) {
        self.modified = modified(&self.path);
        match load(&self.loader, &self.path) {
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
        match self.with_sliders().map(|s| (Run::new(&s), s)) {
            Ok((Ok(run), _)) => {
                self.timetable = Arc::new(run.timetable());
                self.run = Arc::new(run);
                self.error = None;
            }
            Ok((Err(e), scenario)) => self.error = Some(e.locate(&scenario).headline()),
            Err(message) => self.error = Some(message),
        }
    }

    /// The scenario with the cruise and departure sliders applied.
    fn with_sliders(&self) -> Result<Scenario, String> {
        let mut scenario = self.scenario.clone();
        if (self.cruise_kmh - scenario.cruise_kmh).abs() > 1e-9 {
            scenario = scenario
                .with_cruise_kmh(self.cruise_kmh)
                .map_err(|e| format!("cruise speed {} km/h: {e}", self.cruise_kmh))?;
        }
        if self.shift_h != 0.0 {
            let shift = jiff::SignedDuration::from_secs_f64(self.shift_h * S_PER_H);
            if let Ok(departure) = scenario.departure.checked_add(shift) {
                scenario = scenario
                    .with_departure(departure)
                    .map_err(|e| format!("departure shift {} h: {e}", self.shift_h))?;
            }
        }
        Ok(scenario)
    }

    /// Arrival, s after departure.
    pub(crate) fn arrival_s(&self) -> f64 {
        self.run.journey.arrival_s
    }
}

fn load(loader: &Loader, path: &Path) -> Result<Scenario, String> {
    crate::shipped::load_scenario(loader, path).map_err(|e| e.headline())
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Every scenario under `dir` with its title (files that fail to load are listed by name).
pub(crate) fn catalogue(loader: &Loader, dir: &Path) -> Vec<CatalogueEntry> {
    train_analysis::scenario_files(dir)
        .unwrap_or_default()
        .files
        .into_iter()
        .map(|path| {
            let loaded = loader.load_scenario(&path);
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

/// Polls the open file and reloads it when it changed on disk.
fn reload_on_edit(
    time: Res<Time<Real>>,
    mut timer: ResMut<ReloadTimer>,
    mut state: ResMut<JourneyState>,
) {
    // Only an edited file marks the journey changed (a mutable borrow alone would).
    if timer.0.tick(time.delta()).just_finished() && state.file_changed() {
        state.reload();
    }
}
