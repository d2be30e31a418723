//! The app's one camera (the map, with the egui panels drawn over it), pan and zoom with the
//! mouse, and fitting the route into the space the panels leave.
use super::super::AppSystems;
use super::super::geo::MapGeometry;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll};
use bevy::prelude::*;
use bevy_egui::{EguiGlobalSettings, PrimaryEguiContext};

/// Share of the viewport the route fills when fitted.
const FIT_MARGIN: f32 = 1.25;
/// Zoom change per wheel line.
const ZOOM_STEP: f32 = 1.1;
/// Zoom limits (world units per pixel).
const ZOOM_RANGE: (f32, f32) = (0.05, 5.0);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CameraFit>()
        .init_resource::<MapArea>()
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
    // One camera for the map and the panels: egui draws over the map, and the map is centred in
    // the space the panels leave (see `MapArea`), which saves the software renderer a second
    // camera's full-window clear and blend.
    egui_settings.auto_create_primary_context = false;
    commands.spawn((
        Name::new("Map camera"),
        MapCamera,
        PrimaryEguiContext,
        Camera2d,
        Msaa::Off,
    ));
}

/// The part of the window the panels leave for the map: its centre's offset from the window's
/// centre and its size, logical pixels.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct MapArea {
    pub(crate) offset: Vec2,
    pub(crate) size: Vec2,
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
    area: Res<MapArea>,
    mut camera: Query<&mut Transform, With<MapCamera>>,
    mut fitted_size: Local<Option<MapArea>>,
) {
    if geometry.is_changed() {
        fit.request = true;
    }
    let Ok(mut transform) = camera.single_mut() else {
        return;
    };
    let size = area.size;
    if !fit.request && *fitted_size == Some(*area) {
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
    // The route's centre goes to the centre of the map's area, not of the window (screen y
    // grows downward, world y upward).
    let shift = Vec2::new(-area.offset.x, area.offset.y) * scale;
    transform.translation = ((min + max) / 2.0 + shift).extend(transform.translation.z);
    transform.scale = Vec3::new(scale, scale, 1.0);
    *fitted_size = Some(*area);
    fit.request = false;
}
