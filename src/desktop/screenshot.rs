//! `--screenshot PATH --after-frames N`: renders N frames, saves the window as a PNG and exits
//! (used by CI and for the README's pictures); and the space-time chart's "Save PNG" (the window
//! captured and cut to the chart).
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (take_screenshot, exit_when_saved, export_chart).in_set(super::AppSystems::Draw),
    );
}

/// A chart to save: its rectangle on screen, logical pixels (x, y, width, height).
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub(crate) struct ChartExport(pub(crate) [f32; 4]);

/// The first `spacetime-N.png` in the current folder that does not exist yet.
fn free_name() -> PathBuf {
    (1..)
        .map(|n| PathBuf::from(format!("spacetime-{n}.png")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| PathBuf::from("spacetime.png"))
}

/// The temporary file a PNG is written to before it takes its name.
fn temporary_of(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "chart.png".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.tmp.png", std::process::id()))
}

/// Captures the window and saves the chart's part of it as a new PNG (never over a file).
fn export_chart(
    mut commands: Commands,
    request: Option<Res<ChartExport>>,
    window: Query<&Window, With<bevy::window::PrimaryWindow>>,
) {
    let Some(request) = request else { return };
    commands.remove_resource::<ChartExport>();
    let scale = window.single().map_or(1.0, |w| w.scale_factor());
    let [x, y, w, h] = request.0.map(|v| (v * scale).max(0.0) as u32);
    let path = free_name();
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>| match captured.image.clone().try_into_dynamic() {
            Ok(image) => {
                let (iw, ih) = (image.width(), image.height());
                let (w, h) = (w.min(iw.saturating_sub(x)), h.min(ih.saturating_sub(y)));
                let rgb = image.crop_imm(x, y, w, h).to_rgb8();
                // A new name was chosen: never replace a file that appeared meanwhile.
                match save_png(&path, Placing::New, |temporary| {
                    rgb.save(temporary).map_err(|e| e.to_string())
                }) {
                    Ok(()) => info!("space-time chart saved to {}", path.display()),
                    Err(e) => error!("{e}"),
                }
            }
            Err(e) => error!("cannot read the screenshot: {e}"),
        },
    );
}

/// Asked for on the command line.
#[derive(Resource, Debug, Clone)]
pub(crate) struct ScreenshotRequest {
    pub(crate) path: PathBuf,
    pub(crate) after_frames: u32,
    /// When the app began to start.
    pub(crate) started: std::time::Instant,
}

/// The screenshot was taken: whether it was saved.
#[derive(Resource)]
struct Saved(bool);

/// Exit status when the screenshot could not be saved (the CLI's "cannot write an output").
const EXIT_NOT_SAVED: u8 = 2;

/// Frames left out of the frame-time mean (start-up: shader compilation, first uploads).
const WARM_UP_FRAMES: u32 = 5;

fn take_screenshot(
    mut commands: Commands,
    request: Option<Res<ScreenshotRequest>>,
    mut frames: Local<u32>,
    mut frame_time_s: Local<f64>,
    time: Res<Time<Real>>,
    mut playback: ResMut<super::playback::Playback>,
) {
    let Some(request) = request else { return };
    // A screenshot shows one chosen moment: time stands still.
    if !playback.paused {
        playback.paused = true;
    }
    *frames += 1;
    if *frames == 1 {
        // Start-up: from opening the scenario (before the window and the renderer exist) to the
        // first frame's systems.
        println!(
            "first frame: {:.2} s after start-up",
            request.started.elapsed().as_secs_f64()
        );
    }
    if *frames > WARM_UP_FRAMES {
        *frame_time_s += time.delta_secs_f64();
    }
    if *frames == request.after_frames {
        let measured = request.after_frames.saturating_sub(WARM_UP_FRAMES);
        if measured > 0 {
            println!(
                "frame time: {:.1} ms mean over {measured} frames (after {WARM_UP_FRAMES} warm-up frames)",
                *frame_time_s * 1000.0 / f64::from(measured)
            );
        }
        let path = request.path.clone();
        commands.spawn(Screenshot::primary_window()).observe(
            move |captured: On<ScreenshotCaptured>, mut commands: Commands| {
                let saved = captured
                    .image
                    .clone()
                    .try_into_dynamic()
                    .map_err(|e| format!("cannot read the screenshot: {e}"))
                    .and_then(|image| {
                        let rgb = image.to_rgb8();
                        save_png(&path, Placing::Replace, |temporary| {
                            rgb.save(temporary).map_err(|e| e.to_string())
                        })
                    });
                if let Err(message) = &saved {
                    let _ = writeln!(std::io::stderr(), "error: {message}");
                }
                commands.insert_resource(Saved(saved.is_ok()));
            },
        );
    }
}

/// How a saved PNG takes its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placing {
    /// Renamed over whatever is there (the `--screenshot` path, checked before the app started:
    /// see the CLI's `check_png_target`).
    Replace,
    /// Linked into place, failing rather than replace a file that appeared meanwhile.
    New,
}

/// Saves a PNG at `path` through a temporary file beside it, so an interrupted save never leaves
/// half a PNG under the name.
fn save_png(
    path: &Path,
    placing: Placing,
    save: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), String> {
    let temporary = temporary_of(path);
    let placed = save(&temporary).and_then(|()| match placing {
        Placing::Replace => std::fs::rename(&temporary, path).map_err(|e| e.to_string()),
        Placing::New => std::fs::hard_link(&temporary, path).map_err(|e| e.to_string()),
    });
    // Gone after a link, or after a failure; after a rename there is nothing left to remove.
    let _ = std::fs::remove_file(&temporary);
    placed.map_err(|e| format!("cannot save {}: {e}", path.display()))
}

fn exit_when_saved(saved: Option<Res<Saved>>, mut exit: MessageWriter<AppExit>) {
    match saved.map(|s| s.0) {
        Some(true) => {
            exit.write(AppExit::Success);
        }
        Some(false) => {
            exit.write(AppExit::from_code(EXIT_NOT_SAVED));
        }
        None => {}
    }
}
