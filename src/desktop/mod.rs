//! The Bevy desktop app: the journey on a map with clock, estimates, charts and time controls.
//!
//! All simulation happens in the libraries (`train_scenario::Run`, `train_analysis`); the app only
//! maps a finished journey to the screen by simulated time, so motion is smooth at any speed-up.
//! One plugin per module (bevy_new_2d's layout), listed by `AppPlugin`, which also orders the
//! systems once through [`AppSystems`]. What the user asks for (open a file, move a slider, seek)
//! travels as an [`intent::Intent`] message and is applied outside the egui pass.
mod charts;
mod geo;
mod hud;
mod intent;
mod journey;
mod map;
mod now;
mod playback;
mod redraw;
mod scale_bar;
mod screenshot;
#[cfg(test)]
mod tests;
mod theme;
mod train;
mod uncertainty;

use crate::exit;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;
use std::io::Write;
use std::path::PathBuf;

/// Window size in logical pixels (fits a 1280x800 projector).
const WINDOW_SIZE: (u32, u32) = (1280, 800);

/// What the command line asks of the app.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// Scenario to open (default: the shipped default scenario).
    pub(crate) scenario: Option<PathBuf>,
    /// Save a screenshot here and exit.
    pub(crate) screenshot: Option<PathBuf>,
    /// Frames to render before the screenshot.
    pub(crate) after_frames: u32,
    /// Simulated hours after departure to start at.
    pub(crate) at_hours: Option<f64>,
    /// Start in presenter mode.
    pub(crate) presenter: bool,
}

/// The order of the app's work in each frame, set once here.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AppSystems {
    /// Keys and mouse become intents or camera moves.
    Input,
    /// Intents and file edits change the journey, the playback and the overlays.
    Apply,
    /// Simulated time moves on.
    Advance,
    /// What the screen shows now is derived (clock, position, map geometry).
    Derive,
    /// Entities and gizmos are drawn.
    Draw,
}

/// Opens the app on the scenario; returns the exit code.
pub(crate) fn run(options: &Options) -> u8 {
    let started = std::time::Instant::now();
    let path = options
        .scenario
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::shipped::DEFAULT_SCENARIO));
    let initial =
        match journey::JourneyState::open(crate::shipped::loader(), &path, options.at_hours) {
            Ok(state) => state,
            Err(message) => {
                let _ = writeln!(std::io::stderr(), "error: {message}");
                return exit::BAD_INPUT;
            }
        };
    explain_missing_gpu();
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Armored train".into(),
            resolution: WindowResolution::from(WINDOW_SIZE),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .insert_resource(initial)
    .add_plugins(AppPlugin);
    if options.presenter {
        app.insert_resource(intent::Presenter { on: true });
    }
    match &options.screenshot {
        // Frames only when something changes (a screenshot run draws every frame it counts).
        None => {
            app.insert_resource(redraw::reactive());
        }
        Some(path) => {
            app.insert_resource(screenshot::ScreenshotRequest {
                path: path.clone(),
                after_frames: options.after_frames,
                started,
            });
        }
    }
    match app.run() {
        AppExit::Success => exit::OK,
        AppExit::Error(code) => code.get(),
    }
}

/// Bevy panics when no graphics adapter is found; say what to install instead of leaving the user
/// with a backtrace.
fn explain_missing_gpu() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("GPU") || message.contains("adapter") {
            eprintln!(
                "\nerror: no graphics adapter: the desktop app needs Vulkan. On Debian/Ubuntu: \
                 apt-get install libvulkan1 mesa-vulkan-drivers. The command line works without it: \
                 armored-train run scenarios/2023-sunday-afternoon.ron"
            );
        }
    }));
}

/// Every plugin of the app, and the order of the frame.
pub(crate) struct AppPlugin;

impl Plugin for AppPlugin {
    fn build(&self, app: &mut App) {
        app.configure_sets(
            Update,
            (
                AppSystems::Input,
                AppSystems::Apply,
                AppSystems::Advance,
                AppSystems::Derive,
                AppSystems::Draw,
            )
                .chain(),
        )
        .insert_resource(ClearColor(theme::panel_background()))
        .add_plugins((
            intent::plugin,
            journey::plugin,
            playback::plugin,
            now::plugin,
            geo::plugin,
            map::plugin,
            train::plugin,
            hud::plugin,
            screenshot::plugin,
            uncertainty::plugin,
            redraw::plugin,
        ))
        .init_resource::<charts::ChartCursor>()
        .init_resource::<charts::LargeChart>();
    }
}
