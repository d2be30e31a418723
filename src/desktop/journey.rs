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
pub(crate) const RELOAD_POLL: Duration = Duration::from_millis(500);
/// Where the scenario picker looks.
const SCENARIO_DIR: &str = "scenarios";
/// Seconds in an hour (the departure slider is in hours).
const S_PER_H: f64 = 3600.0;
/// Two slider values this close are the same case's.
const SAME_VALUE: f64 = 1e-6;

/// Hours from `from` to `to`.
fn hours_between(from: jiff::Timestamp, to: jiff::Timestamp) -> f64 {
    train_scenario::time::seconds_between(from, to) / S_PER_H
}

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
    /// The cases of a table-driven file (besides its base journey).
    pub(crate) cases: Vec<String>,
}

/// The journey being shown. It changes (for Bevy's change detection) only when the run changes.
#[derive(Resource, Debug, Clone)]
pub(crate) struct JourneyState {
    /// Finds scenarios and their routes.
    loader: Loader,
    /// The scenario file.
    pub(crate) path: PathBuf,
    /// The file as last loaded without error, with all its cases.
    pub(crate) file: Scenario,
    /// The case shown (`None`: the base journey).
    pub(crate) case: Option<String>,
    /// The journey shown: the file's, or its case's.
    pub(crate) scenario: Scenario,
    /// The last good run (with the sliders applied).
    pub(crate) run: Arc<Run>,
    /// Its timetable.
    pub(crate) timetable: Arc<Timetable>,
    /// The spells of night the train runs through, hours since departure.
    pub(crate) night: Arc<Vec<(f64, f64)>>,
    /// The load or run error to show in the banner, if the file is currently bad.
    pub(crate) error: Option<String>,
    /// Cruise-speed slider, km/h.
    pub(crate) cruise_kmh: f64,
    /// Departure slider: hours relative to the file's (base) departure.
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
            file: scenario.clone(),
            case: None,
            night: Arc::new(night_of(&run)),
            scenario,
            timetable: Arc::new(run.timetable()),
            run: Arc::new(run),
            error: None,
            catalogue,
            start_at_h,
        })
    }

    /// Switches to another scenario file (and one of its cases); on error keeps the current
    /// journey and shows the error.
    pub(crate) fn switch_to(&mut self, path: &Path, case: Option<&str>) {
        self.path = path.to_path_buf();
        self.modified = modified(path);
        match load(&self.loader, path) {
            Ok(file) => {
                self.file = file;
                self.show_case(case);
            }
            Err(message) => self.error = Some(message),
        }
    }

    /// Shows case `name` of the open file (`None` or an unknown name: the base journey), with the
    /// sliders at its own speed and departure.
    pub(crate) fn show_case(&mut self, name: Option<&str>) {
        let case = name.and_then(|n| self.file.cases.iter().find(|c| c.name == n));
        self.case = case.map(|c| c.name.clone());
        self.scenario = case.map_or_else(|| self.file.clone(), |c| (*c.scenario).clone());
        self.scenario.cases.clear();
        self.scenario.relations.clear();
        self.cruise_kmh = self.scenario.cruise_kmh;
        self.shift_h = hours_between(self.file.departure, self.scenario.departure);
        self.resimulate();
    }

    /// A slider moved on a table-driven file: shows the case nearest to the asked speed or
    /// departure, keeping the other as it is where a case allows (the sliders snap to cases).
    pub(crate) fn snap(&mut self, cruise_kmh: Option<f64>, shift_h: Option<f64>) {
        let base = self.file.departure;
        let journeys: Vec<(Option<&str>, f64, f64)> =
            std::iter::once((None, self.file.cruise_kmh, 0.0))
                .chain(self.file.cases.iter().map(|c| {
                    (
                        Some(c.name.as_str()),
                        c.scenario.cruise_kmh,
                        hours_between(base, c.scenario.departure),
                    )
                }))
                .collect();
        let (want_kmh, want_h) = (
            cruise_kmh.unwrap_or(self.cruise_kmh),
            shift_h.unwrap_or(self.shift_h),
        );
        // The axis not moved is kept if some case has it; then the nearest on the moved one.
        let keep = |j: &&(Option<&str>, f64, f64)| match cruise_kmh {
            Some(_) => (j.2 - self.shift_h).abs() < SAME_VALUE,
            None => (j.1 - self.cruise_kmh).abs() < SAME_VALUE,
        };
        let distance = |j: &(Option<&str>, f64, f64)| match cruise_kmh {
            Some(_) => (j.1 - want_kmh).abs(),
            None => (j.2 - want_h).abs(),
        };
        let kept: Vec<&(Option<&str>, f64, f64)> = journeys.iter().filter(keep).collect();
        let pool: Vec<&(Option<&str>, f64, f64)> = if kept.is_empty() {
            journeys.iter().collect()
        } else {
            kept
        };
        let nearest = pool
            .into_iter()
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))
            .and_then(|j| j.0.map(str::to_string));
        self.show_case(nearest.as_deref());
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
            Ok(file) => {
                let speed_was_default = (self.cruise_kmh - self.scenario.cruise_kmh).abs() < 1e-9;
                let (cruise, shift) = (self.cruise_kmh, self.shift_h);
                self.file = file;
                let case = self.case.clone();
                self.show_case(case.as_deref());
                // Keep the sliders where the user put them, unless they were at the file's values.
                if !speed_was_default {
                    self.cruise_kmh = cruise;
                }
                self.shift_h = shift;
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
                self.night = Arc::new(night_of(&run));
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
        // The shift is from the file's (base) departure; a case keeps its own departure until the
        // slider moves it.
        let shift = jiff::SignedDuration::from_secs_f64(self.shift_h * S_PER_H);
        if let Ok(departure) = self.file.departure.checked_add(shift)
            && departure != scenario.departure
        {
            scenario = scenario
                .with_departure(departure)
                .map_err(|e| format!("departure shift {} h: {e}", self.shift_h))?;
        }
        Ok(scenario)
    }

    /// Arrival, s after departure.
    pub(crate) fn arrival_s(&self) -> f64 {
        self.run.journey.arrival_s
    }
}

/// The night spells of a run (see [`train_analysis::series::night_spells`]).
fn night_of(run: &Run) -> Vec<(f64, f64)> {
    train_analysis::series::night_spells(&run.scenario.route, run.scenario.departure, &run.journey)
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
            let cases = loaded
                .as_ref()
                .map(|s| s.cases.iter().map(|c| c.name.clone()).collect())
                .unwrap_or_default();
            CatalogueEntry {
                path,
                title,
                is_lesson,
                cases,
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
