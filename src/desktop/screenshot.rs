//! `--screenshot PATH --after-frames N`: renders N frames, saves the window as a PNG and exits
//! (used by CI and for the README's pictures).
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use std::path::PathBuf;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (take_screenshot, exit_when_saved).in_set(super::AppSystems::Draw),
    );
}

/// Asked for on the command line.
#[derive(Resource, Debug, Clone)]
pub(crate) struct ScreenshotRequest {
    pub(crate) path: PathBuf,
    pub(crate) after_frames: u32,
}

#[derive(Resource)]
struct Saved;

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
    playback.paused = true;
    *frames += 1;
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
        let mut save = save_to_disk(path);
        commands.spawn(Screenshot::primary_window()).observe(
            move |captured: On<ScreenshotCaptured>, mut commands: Commands| {
                save(captured);
                commands.insert_resource(Saved);
            },
        );
    }
}

fn exit_when_saved(saved: Option<Res<Saved>>, mut exit: MessageWriter<AppExit>) {
    if saved.is_some() {
        exit.write(AppExit::Success);
    }
}
