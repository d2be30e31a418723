//! The app's two cameras (the map, limited to the space the panels leave, and the egui panels over
//! the whole window), pan and zoom with the mouse, and fitting the route into the map's space.
use super::super::AppSystems;
use super::super::geo::MapGeometry;
use super::super::theme;
use super::Z_SEA;
use bevy::camera::visibility::RenderLayers;
use bevy::camera::{CameraOutputMode, Viewport};
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll};
use bevy::prelude::*;
use bevy::render::render_resource::BlendState;
use bevy::sprite_render::AlphaMode2d;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiGlobalSettings, PrimaryEguiContext};

/// Share of the viewport the route fills when fitted.
const FIT_MARGIN: f32 = 1.25;
/// Zoom change per wheel line.
const ZOOM_STEP: f32 = 1.1;
/// Zoom limits (world units per pixel).
const ZOOM_RANGE: (f32, f32) = (0.05, 5.0);
/// Side of the sea's square, logical pixels: larger than any window, so the sea (a child of the
/// map camera, moving and zooming with it) always fills the map's area.
const SEA_SIDE_PX: f32 = 100_000.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CameraFit>()
        .init_resource::<MapArea>()
        .add_systems(Startup, spawn_camera)
        .add_systems(Update, pan_and_zoom.in_set(AppSystems::Input))
        .add_systems(
            Update,
            (follow_map_area, fit_camera).in_set(AppSystems::Draw),
        );
}

/// A request to fit the camera to the route (the "Fit map" button; a new route asks by itself).
#[derive(Resource, Debug, Clone, Default)]
pub(crate) struct CameraFit {
    pub(crate) request: bool,
}

/// Marks the camera that shows the map (the other one draws only the egui panels).
#[derive(Component, Debug)]
pub(crate) struct MapCamera;

fn spawn_camera(
    mut commands: Commands,
    mut egui_settings: ResMut<EguiGlobalSettings>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    // MSAA off: the software renderer used under Xvfb runs twice as fast without it, and egui and
    // the gizmo lines look fine without it.
    // The map camera draws first, only inside the space the panels leave (its viewport, set by
    // `follow_map_area`), so the software renderer never fills land or night under a panel; it
    // writes nothing to the window itself (`Skip`). The panel camera then draws egui over the same
    // main texture without clearing it and writes the frame to the window once: one clear and one
    // copy to the window per frame, as with a single camera.
    egui_settings.auto_create_primary_context = false;
    commands.spawn((
        Name::new("Map camera"),
        MapCamera,
        Camera2d,
        Msaa::Off,
        Camera {
            order: 0,
            output_mode: CameraOutputMode::Skip,
            ..default()
        },
        // The window is cleared to the panels' colour; the sea is drawn only where the map is.
        children![(
            Name::new("Sea"),
            Mesh2d(meshes.add(Rectangle::new(1.0, 1.0))),
            // Drawn with the translucent things, after the land, so the depth test skips every
            // pixel under land: the software renderer shades only the visible sea.
            MeshMaterial2d(materials.add(ColorMaterial {
                color: theme::SEA,
                alpha_mode: AlphaMode2d::Blend,
                ..default()
            })),
            Transform::from_xyz(0.0, 0.0, Z_SEA).with_scale(Vec3::splat(SEA_SIDE_PX)),
        )],
    ));
    commands.spawn((
        Name::new("Panel camera"),
        PrimaryEguiContext,
        Camera2d,
        Msaa::Off,
        // Sees no map entity or gizmo: it only carries egui's pass.
        RenderLayers::none(),
        Camera {
            order: 1,
            clear_color: ClearColorConfig::None,
            // The frame is complete: copy it over the window as it is. (Left to itself, a second
            // camera on a window blends its copy over the first's, which costs a full-window
            // blend in software rendering.)
            output_mode: CameraOutputMode::Write {
                blend_state: Some(BlendState::REPLACE),
                clear_color: ClearColorConfig::None,
            },
            ..default()
        },
    ));
}

/// The part of the window the panels leave for the map, logical pixels from the window's top
/// left corner.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct MapArea {
    pub(crate) min: Vec2,
    pub(crate) size: Vec2,
}

/// Limits the map camera's viewport to the map's area.
fn follow_map_area(
    area: Res<MapArea>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut camera: Query<&mut Camera, With<MapCamera>>,
) {
    let (Ok(window), Ok(mut camera)) = (window.single(), camera.single_mut()) else {
        return;
    };
    let (position, size) = map_viewport(*area, window.physical_size(), window.scale_factor());
    let current = camera
        .viewport
        .as_ref()
        .map(|v| (v.physical_position, v.physical_size));
    if current != Some((position, size)) {
        camera.viewport = Some(Viewport {
            physical_position: position,
            physical_size: size,
            ..default()
        });
    }
}

/// The map's area in physical pixels (position, size), inside the window and at least a pixel:
/// the map camera is the one that clears the frame, so it always draws, and the renderer refuses
/// an empty viewport (a window too small for the panels).
fn map_viewport(area: MapArea, window_px: UVec2, scale_factor: f32) -> (UVec2, UVec2) {
    let to_px = |logical: Vec2| {
        (logical * scale_factor)
            .round()
            .max(Vec2::ZERO)
            .as_uvec2()
            .min(window_px)
    };
    let min = to_px(area.min).min(window_px.saturating_sub(UVec2::ONE));
    let max = to_px(area.min + area.size);
    (min, max.saturating_sub(min).max(UVec2::ONE))
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

/// Fits the route into the map's area when the route or the space left by the panels changes,
/// and on request.
fn fit_camera(
    mut fit: ResMut<CameraFit>,
    geometry: Res<MapGeometry>,
    area: Res<MapArea>,
    mut camera: Query<&mut Transform, With<MapCamera>>,
    mut fitted_size: Local<Option<Vec2>>,
) {
    if geometry.is_changed() {
        fit.request = true;
    }
    let Ok(mut transform) = camera.single_mut() else {
        return;
    };
    let size = area.size;
    if !fit.request && *fitted_size == Some(area.size) {
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
    *fitted_size = Some(area.size);
    fit.request = false;
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: UVec2 = UVec2::new(1280, 800);

    #[test]
    fn the_viewport_is_the_map_area_in_physical_pixels() {
        let area = MapArea {
            min: Vec2::new(250.0, 72.0),
            size: Vec2::new(650.0, 683.0),
        };
        assert_eq!(
            map_viewport(area, WINDOW, 1.0),
            (UVec2::new(250, 72), UVec2::new(650, 683))
        );
        assert_eq!(
            map_viewport(area, WINDOW * 2, 2.0),
            (UVec2::new(500, 144), UVec2::new(1300, 1366))
        );
    }

    #[test]
    fn the_viewport_stays_inside_the_window_and_never_empty() {
        let beyond = MapArea {
            min: Vec2::new(1000.0, -20.0),
            size: Vec2::new(900.0, 900.0),
        };
        assert_eq!(
            map_viewport(beyond, WINDOW, 1.0),
            (UVec2::new(1000, 0), UVec2::new(280, 800))
        );
        assert_eq!(
            map_viewport(MapArea::default(), WINDOW, 1.0),
            (UVec2::ZERO, UVec2::ONE)
        );
        let outside = MapArea {
            min: Vec2::new(2000.0, 900.0),
            size: Vec2::new(10.0, 10.0),
        };
        assert_eq!(
            map_viewport(outside, WINDOW, 1.0),
            (UVec2::new(1279, 799), UVec2::ONE)
        );
    }
}
