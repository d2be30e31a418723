//! The train on the map: an arrow at its km on the drawn route, pointing the way it runs,
//! coloured by security level and the same size on screen at any zoom; and a ghost of it where
//! the pointer is on the space-time diagram (the chart cursor), so chart and map read together.
use super::AppSystems;
use super::charts::ChartCursor;
use super::geo::MapGeometry;
use super::journey::JourneyState;
use super::map::MapCamera;
use super::now::Now;
use super::theme;
use bevy::prelude::*;
use train_sim::Level;
use train_sim::units::m_to_km;

/// Length of the arrow from its tail to its tip, in screen pixels.
const ARROW_LENGTH_PX: f32 = 26.0;
/// Width of the arrow's tail, in screen pixels.
const ARROW_WIDTH_PX: f32 = 17.0;
/// Width of the white outline around the arrow, in screen pixels.
const OUTLINE_PX: f32 = 2.5;
/// The marker sits above the route line and the labels; the ghost just below it.
const MARKER_Z: f32 = 10.0;
const GHOST_Z: f32 = 9.0;
/// Half the stretch of track, km, whose ends give the direction of travel.
const HEADING_HALF_SPAN_KM: f64 = 2.0;
/// Opacity of the ghost train.
const GHOST_ALPHA: f32 = 0.55;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_markers)
        .add_systems(Update, (place_marker, place_ghost).in_set(AppSystems::Draw));
}

/// Marks the train marker entity.
#[derive(Component, Debug)]
pub(crate) struct TrainMarker;

/// Marks the ghost train (the chart cursor's time on the map).
#[derive(Component, Debug)]
pub(crate) struct GhostMarker;

/// An arrow pointing along +x, its centre at the origin, `grow` pixels larger on each side.
fn arrow(grow: f32) -> Triangle2d {
    let half_length = ARROW_LENGTH_PX / 2.0 + grow;
    let half_width = ARROW_WIDTH_PX / 2.0 + grow;
    Triangle2d::new(
        Vec2::new(half_length, 0.0),
        Vec2::new(-half_length, half_width),
        Vec2::new(-half_length, -half_width),
    )
}

fn spawn_markers(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    let body = meshes.add(arrow(0.0));
    let outline = meshes.add(arrow(OUTLINE_PX));
    let white = materials.add(ColorMaterial::from(Color::WHITE));
    commands
        .spawn((
            Name::new("Train"),
            TrainMarker,
            Mesh2d(body.clone()),
            MeshMaterial2d(materials.add(ColorMaterial::from(theme::level(Level::Normal)))),
            Transform::from_xyz(0.0, 0.0, MARKER_Z),
        ))
        .with_children(|marker| {
            // A white outline so the arrow stands out on land, sea and the route line.
            marker.spawn((
                Mesh2d(outline.clone()),
                MeshMaterial2d(white.clone()),
                Transform::from_xyz(0.0, 0.0, -0.5),
            ));
        });
    commands.spawn((
        Name::new("Ghost train"),
        GhostMarker,
        Mesh2d(body),
        MeshMaterial2d(materials.add(ColorMaterial::from(
            theme::GHOST_TRAIN.with_alpha(GHOST_ALPHA),
        ))),
        Transform::from_xyz(0.0, 0.0, GHOST_Z),
        Visibility::Hidden,
    ));
}

/// Where the train is drawn at `km`: the point on the drawn route and the angle of travel.
fn pose(geometry: &MapGeometry, km: f64, camera_scale: f32, z: f32) -> Transform {
    let line = &geometry.line;
    let at = line.at_km(km);
    let ahead = line.at_km(km + HEADING_HALF_SPAN_KM) - line.at_km(km - HEADING_HALF_SPAN_KM);
    let angle = if ahead.length_squared() > 0.0 {
        ahead.y.atan2(ahead.x)
    } else {
        0.0
    };
    Transform::from_translation(at.extend(z))
        .with_rotation(Quat::from_rotation_z(angle))
        .with_scale(Vec3::new(camera_scale, camera_scale, 1.0))
}

/// The map camera's world units per pixel.
fn camera_scale(
    camera: &Query<&Transform, (With<MapCamera>, Without<TrainMarker>, Without<GhostMarker>)>,
) -> f32 {
    camera.single().map_or(1.0, |t| t.scale.x)
}

/// Puts the marker at the train's km on the drawn route, coloured by security level.
pub(crate) fn place_marker(
    now: Res<Now>,
    geometry: Res<MapGeometry>,
    camera: Query<&Transform, (With<MapCamera>, Without<TrainMarker>, Without<GhostMarker>)>,
    mut markers: Query<(&mut Transform, Option<&MeshMaterial2d<ColorMaterial>>), With<TrainMarker>>,
    materials: Option<ResMut<Assets<ColorMaterial>>>,
) {
    let transform = pose(&geometry, now.km, camera_scale(&camera), MARKER_Z);
    let mut materials = materials;
    for (mut placed, material) in &mut markers {
        placed.set_if_neq(transform);
        if let (Some(material), Some(materials)) = (material, materials.as_mut())
            && let Some(m) = materials.get(&material.0)
            && m.color != theme::level(now.level)
            && let Some(mut m) = materials.get_mut(&material.0)
        {
            m.color = theme::level(now.level);
        }
    }
}

/// Shows the ghost train where the pointer is on the space-time diagram, hides it otherwise.
pub(crate) fn place_ghost(
    cursor: Res<ChartCursor>,
    state: Res<JourneyState>,
    geometry: Res<MapGeometry>,
    camera: Query<&Transform, (With<MapCamera>, Without<TrainMarker>, Without<GhostMarker>)>,
    mut ghosts: Query<(&mut Transform, &mut Visibility), With<GhostMarker>>,
) {
    let scale = camera_scale(&camera);
    for (mut transform, mut visibility) in &mut ghosts {
        let km = cursor
            .t_s
            .and_then(|t_s| state.run.journey.state_at(t_s))
            .map(|(x_m, _)| m_to_km(x_m));
        match km {
            Some(km) => {
                transform.set_if_neq(pose(&geometry, km, scale, GHOST_Z));
                visibility.set_if_neq(Visibility::Visible);
            }
            None => {
                visibility.set_if_neq(Visibility::Hidden);
            }
        }
    }
}
