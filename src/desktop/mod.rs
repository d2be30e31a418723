//! The Bevy desktop app: the journey on a map with clock, estimates, charts and time controls.
//!
//! All simulation happens in `train_sim` (through `train_scenario::Run`); this module only maps a
//! finished journey to the screen by simulated time, so motion is smooth at any speed-up.
//! One plugin per module (bevy_new_2d's layout); `AppPlugin` lists them.
mod charts;
mod geo;
mod hud;
mod journey;
mod map;
mod playback;
mod screenshot;
#[cfg(test)]
mod tests;
mod theme;
mod train;

use crate::cli::args::AppArgs;
use crate::cli::run;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;
use std::path::PathBuf;

/// The scenario opened when none is given.
pub(crate) const DEFAULT_SCENARIO: &str = "scenarios/2023-sunday-afternoon.ron";
/// The default scenario's text, so the app opens even when started outside the repository.
pub(crate) const DEFAULT_SCENARIO_TEXT: &str =
    include_str!("../../scenarios/2023-sunday-afternoon.ron");
/// Window size in logical pixels (fits a 1280x800 projector).
const WINDOW_SIZE: (u32, u32) = (1280, 800);

/// Opens the app, or prints the headless report when no display is available.
pub(crate) fn run(args: &AppArgs) -> u8 {
    let scenario_path = args
        .scenario
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SCENARIO));
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        println!(
            "No display available (DISPLAY is not set): printing the headless report of {} instead.",
            scenario_path.display()
        );
        return headless_report(&scenario_path);
    }
    let initial = match journey::JourneyState::open(&scenario_path, args.at_hours) {
        Ok(state) => state,
        Err(message) => {
            eprintln!("error: {message}");
            return crate::cli::EXIT_BAD_INPUT;
        }
    };
    explain_missing_gpu();
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Armored train: Pyongyang – Vladivostok".into(),
            resolution: WindowResolution::from(WINDOW_SIZE),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .insert_resource(initial)
    .add_plugins(AppPlugin);
    if let Some(path) = &args.screenshot {
        app.insert_resource(screenshot::ScreenshotRequest {
            path: path.clone(),
            after_frames: args.after_frames,
        });
    }
    match app.run() {
        AppExit::Success => crate::cli::EXIT_OK,
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

fn headless_report(path: &std::path::Path) -> u8 {
    let args = crate::cli::args::RunArgs {
        scenario: path.to_path_buf(),
        format: crate::cli::args::Format::Text,
        overrides: Default::default(),
    };
    if !path.is_file() && path == std::path::Path::new(DEFAULT_SCENARIO) {
        // Outside the repository: report on the built-in copy of the default scenario.
        return match train_scenario::Scenario::parse(path, DEFAULT_SCENARIO_TEXT)
            .map_err(|e| e.with_snippet())
            .and_then(|s| run::report_text(&s))
        {
            Ok(text) => {
                print!("{text}");
                crate::cli::EXIT_OK
            }
            Err(e) => {
                eprintln!("error: {e}");
                crate::cli::EXIT_BAD_INPUT
            }
        };
    }
    match run::run(&args) {
        Ok(code) => code,
        Err(crate::cli::Fatal(message)) => {
            eprintln!("error: {message}");
            crate::cli::EXIT_BAD_INPUT
        }
    }
}

/// Every plugin of the app, in one place.
pub(crate) struct AppPlugin;

impl Plugin for AppPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(ClearColor(theme::SEA)).add_plugins((
            journey::plugin,
            playback::plugin,
            map::plugin,
            train::plugin,
            hud::plugin,
            charts::plugin,
            screenshot::plugin,
        ));
    }
}
