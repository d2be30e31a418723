//! The map's camera (and the panels' camera over it), pan and zoom with the mouse, and fitting
//! the route into the space the panels leave.
use super::super::AppSystems;
use super::super::geo::MapGeometry;
use bevy::camera::CameraOutputMode;
use bevy::camera::visibility::RenderLayers;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll};
use bevy::prelude::*;
use bevy::render::render_resource::BlendState;
use bevy_egui::{EguiGlobalSettings, PrimaryEguiContext};

/// Share of the viewport the route fills when fitted.
const FIT_MARGIN: f32 = 1.25;
/// Zoom change per wheel line.
const ZOOM_STEP: f32 = 1.1;
/// Zoom limits (world units per pixel).
const ZOOM_RANGE: (f32, f32) = (0.05, 5.0);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CameraFit>()
        .add_systems(Startup, spawn_camera)
        .add_systems(Update, pan_and_zoom.in_set(AppSystems::Input))
        .add_systems(Update, fit_camera.in_set(AppSystems::Draw));
}

/// A request to fit the camera to the route (the "Fit map" button; a new route asks by itself).
#[derive(Resource, Debug, Clone, Default)]
pub(crate) struct CameraFit {
    pub(crate) request: bool,
}

/// Marks the camera that shows the map (the other one draws only the egui panels).
#[derive(Component, Debug)]
pub(crate) struct MapCamera;

fn spawn_camera(mut commands: Commands, mut egui_settings: ResMut<EguiGlobalSettings>) {
    // MSAA off: the software renderer used under Xvfb runs twice as fast without it, and egui and
    // the gizmo lines look fine without it.
    commands.spawn((Name::new("Map camera"), MapCamera, Camera2d, Msaa::Off));
    // The panels get their own camera over the whole window, so the map camera's viewport can be
    // limited to the space the panels leave (bevy_egui's side_panel example).
    egui_settings.auto_create_primary_context = false;
    commands.spawn((
        Name::new("Panel camera"),
        PrimaryEguiContext,
        Camera2d,
        Msaa::Off,
        RenderLayers::none(),
        Camera {
            order: 1,
            output_mode: CameraOutputMode::Write {
                blend_state: Some(BlendState::ALPHA_BLENDING),
                clear_color: ClearColorConfig::None,
            },
            clear_color: ClearColorConfig::Custom(Color::NONE),
            ..default()
        },
    ));
}

fn pan_and_zoom(
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    mut camera: Query<&mut Transform, With<MapCamera>>,
) {
    let Ok(mut transform) = camera.single_mut() else {
        return;
    };
    if scroll.delta.y != 0.0 {
        let factor = ZOOM_STEP.powf(-scroll.delta.y.signum());
        let scale = (transform.scale.x * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        transform.scale = Vec3::new(scale, scale, 1.0);
    }
    if buttons.pressed(MouseButton::Left) && motion.delta != Vec2::ZERO {
        let scale = transform.scale.x;
        transform.translation.x -= motion.delta.x * scale;
        transform.translation.y += motion.delta.y * scale;
    }
}

/// Fits the route into the camera's viewport when the route or the space left by the panels
/// changes, and on request.
fn fit_camera(
    mut fit: ResMut<CameraFit>,
    geometry: Res<MapGeometry>,
    mut camera: Query<(&Camera, &mut Transform), With<MapCamera>>,
    mut fitted_size: Local<Option<Vec2>>,
) {
    if geometry.is_changed() {
        fit.request = true;
    }
    let Ok((camera, mut transform)) = camera.single_mut() else {
        return;
    };
    let Some(size) = camera.logical_viewport_size() else {
        return;
    };
    if !fit.request && *fitted_size == Some(size) {
        return;
    }
    let points: Vec<Vec2> = geometry.line.points.iter().map(|p| p.1).collect();
    if points.is_empty() || size.x <= 1.0 {
        return;
    }
    let min = points.iter().fold(Vec2::splat(f32::MAX), |m, p| m.min(*p));
    let max = points.iter().fold(Vec2::splat(f32::MIN), |m, p| m.max(*p));
    let extent = (max - min) * FIT_MARGIN;
    let scale = (extent.x / size.x)
        .max(extent.y / size.y)
        .clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
    transform.translation = ((min + max) / 2.0).extend(transform.translation.z);
    transform.scale = Vec3::new(scale, scale, 1.0);
    *fitted_size = Some(size);
    fit.request = false;
}
