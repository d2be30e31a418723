//! The train on the map: a marker at its km on the drawn route, coloured by security level.
use super::AppSystems;
use super::geo::MapGeometry;
use super::now::Now;
use super::theme;
use bevy::prelude::*;
use train_sim::Level;

/// Radius of the train marker, world units.
const MARKER_RADIUS: f32 = 7.0;
/// Width of the white ring around the marker, world units.
const MARKER_RING: f32 = 2.5;
/// The marker sits above the route line and the labels.
const MARKER_Z: f32 = 10.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_marker)
        .add_systems(Update, place_marker.in_set(AppSystems::Draw));
}

/// Marks the train marker entity.
#[derive(Component, Debug)]
pub(crate) struct TrainMarker;

fn spawn_marker(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    commands
        .spawn((
            Name::new("Train"),
            TrainMarker,
            Mesh2d(meshes.add(Circle::new(MARKER_RADIUS))),
            MeshMaterial2d(materials.add(ColorMaterial::from(theme::level(Level::Normal)))),
            Transform::from_xyz(0.0, 0.0, MARKER_Z),
        ))
        .with_children(|marker| {
            // A white ring so the marker stands out on land, sea and the route line.
            marker.spawn((
                Mesh2d(meshes.add(Circle::new(MARKER_RADIUS + MARKER_RING))),
                MeshMaterial2d(materials.add(ColorMaterial::from(Color::WHITE))),
                Transform::from_xyz(0.0, 0.0, -0.5),
            ));
        });
}

/// Puts the marker at the train's km on the drawn route, coloured by security level.
pub(crate) fn place_marker(
    now: Res<Now>,
    geometry: Res<MapGeometry>,
    mut markers: Query<(&mut Transform, Option<&MeshMaterial2d<ColorMaterial>>), With<TrainMarker>>,
    materials: Option<ResMut<Assets<ColorMaterial>>>,
) {
    let position = geometry.line.at_km(now.km);
    let mut materials = materials;
    for (mut transform, material) in &mut markers {
        transform.translation = position.extend(MARKER_Z);
        if let (Some(material), Some(materials)) = (material, materials.as_mut())
            && let Some(mut m) = materials.get_mut(&material.0)
        {
            m.color = theme::level(now.level);
        }
    }
}
