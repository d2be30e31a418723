//! The backdrop: land and borders from Natural Earth (`assets/map/region.ron`), country names,
//! projected with the route's projection and rebuilt when it changes.
use super::super::AppSystems;
use super::super::geo::{MapGeometry, Projection};
use super::super::theme;
use super::{COUNTRY_LABEL_SIZE, Z_LABEL, Z_LAND};
use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use serde::Deserialize;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Outlines>().add_systems(
        Update,
        (spawn_land, draw_outlines, size_area_labels)
            .chain()
            .in_set(AppSystems::Draw),
    );
}

#[derive(Debug, Deserialize)]
#[serde(rename = "MapRegion")]
struct MapRegion {
    bbox: (f64, f64, f64, f64),
    countries: Vec<CountryShape>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Country")]
struct CountryShape {
    name: String,
    parts: Vec<Part>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Part")]
struct Part {
    points: Vec<(f64, f64)>,
    ring_ends: Vec<usize>,
    triangles: Vec<u32>,
}

/// Borders and coastlines in world coordinates, drawn every frame.
#[derive(Resource, Debug, Default)]
struct Outlines(Vec<Vec<Vec2>>);

/// Marks the land meshes and country names (respawned with a new projection).
#[derive(Component)]
struct Backdrop;

/// A country's or a sea's name: it grows and shrinks with the map, between
/// [`MIN_AREA_LABEL_PX`] and its font size on screen.
#[derive(Component)]
pub(super) struct AreaLabel;

/// The smallest a country's or sea's name gets on screen when the map is zoomed out, pixels:
/// still readable, and smaller than the station labels it may cross.
const MIN_AREA_LABEL_PX: f32 = 10.0;
// (The smallest size on screen is below the font size, so the limits in `size_area_labels` are in
// order.)
const _: () = assert!(MIN_AREA_LABEL_PX <= COUNTRY_LABEL_SIZE);

/// The backdrop's extent: (west, south, east, north) degrees.
pub(super) fn bbox() -> Option<(f64, f64, f64, f64)> {
    region().map(|r| r.bbox)
}

/// The backdrop, read once.
fn region() -> Option<&'static MapRegion> {
    static REGION: std::sync::OnceLock<Option<MapRegion>> = std::sync::OnceLock::new();
    REGION
        .get_or_init(|| match ron::from_str(crate::shipped::MAP_REGION) {
            Ok(region) => Some(region),
            Err(e) => {
                error!("map backdrop unreadable ({e}); the map shows the route only");
                None
            }
        })
        .as_ref()
}

/// Spawns the land and country names in the current projection, replacing the previous ones when
/// the projection changes.
fn spawn_land(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    geometry: Res<MapGeometry>,
    existing: Query<Entity, With<Backdrop>>,
    mut outlines_res: ResMut<Outlines>,
    mut drawn_with: Local<Option<Projection>>,
) {
    let (Some(region), Some(projection)) = (region(), geometry.projection) else {
        return;
    };
    if *drawn_with == Some(projection) {
        return;
    }
    *drawn_with = Some(projection);
    for entity in &existing {
        commands.entity(entity).despawn();
    }
    let (min_lon, min_lat, max_lon, max_lat) = region.bbox;
    let on_frame = |a: (f64, f64), b: (f64, f64)| {
        let same = |x: f64, y: f64| (x - y).abs() < 1e-6;
        (same(a.0, min_lon) && same(b.0, min_lon))
            || (same(a.0, max_lon) && same(b.0, max_lon))
            || (same(a.1, min_lat) && same(b.1, min_lat))
            || (same(a.1, max_lat) && same(b.1, max_lat))
    };
    let mut outlines = Vec::new();
    for country in &region.countries {
        let material = materials.add(ColorMaterial::from(theme::land(&country.name)));
        let mut label_at = Vec2::ZERO;
        let mut largest = 0usize;
        for part in &country.parts {
            let positions: Vec<[f32; 3]> = part
                .points
                .iter()
                .map(|&(lon, lat)| projection.project(lon, lat).extend(Z_LAND).to_array())
                .collect();
            let mesh = Mesh::new(
                PrimitiveTopology::TriangleList,
                RenderAssetUsages::default(),
            )
            .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
            .with_inserted_indices(Indices::U32(part.triangles.clone()));
            commands.spawn((
                Name::new(country.name.clone()),
                Backdrop,
                Mesh2d(meshes.add(mesh)),
                MeshMaterial2d(material.clone()),
                Transform::default(),
            ));
            if part.points.len() > largest {
                largest = part.points.len();
                let n = part.points.len() as f64;
                let (sx, sy) = part
                    .points
                    .iter()
                    .fold((0.0, 0.0), |(a, b), p| (a + p.0, b + p.1));
                label_at = projection.project(sx / n, sy / n);
            }
            let mut start = 0;
            for &end in &part.ring_ends {
                let ring = &part.points[start..end.min(part.points.len())];
                let mut line: Vec<Vec2> = Vec::new();
                for i in 0..ring.len() {
                    let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
                    if on_frame(a, b) {
                        if line.len() > 1 {
                            outlines.push(std::mem::take(&mut line));
                        }
                        line.clear();
                        continue;
                    }
                    if line.is_empty() {
                        line.push(projection.project(a.0, a.1));
                    }
                    line.push(projection.project(b.0, b.1));
                }
                if line.len() > 1 {
                    outlines.push(line);
                }
                start = end;
            }
        }
        commands.spawn((
            Backdrop,
            AreaLabel,
            Text2d::new(country.name.to_uppercase()),
            TextFont {
                font_size: FontSize::Px(COUNTRY_LABEL_SIZE),
                ..default()
            },
            TextColor(Color::srgba(0.3, 0.3, 0.35, 0.6)),
            Transform::from_translation(label_at.extend(Z_LABEL - 1.0)),
        ));
    }
    for (name, lon, lat) in SEAS {
        commands.spawn((
            Backdrop,
            AreaLabel,
            Text2d::new(name),
            TextFont {
                font_size: FontSize::Px(COUNTRY_LABEL_SIZE),
                ..default()
            },
            TextColor(Color::srgba(0.2, 0.35, 0.55, 0.7)),
            Transform::from_translation(projection.project(lon, lat).extend(Z_LABEL - 1.0)),
        ));
    }
    outlines_res.0 = outlines;
}

/// Seas named on the map, at a point well inside each (degrees east, north).
const SEAS: [(&str, f64, f64); 3] = [
    ("Sea of Japan (East Sea)", 134.5, 40.5),
    ("Yellow Sea", 124.0, 37.2),
    ("Sea of Okhotsk", 141.0, 52.5),
];

/// Borders and coastlines, every frame.
fn draw_outlines(outlines: Res<Outlines>, mut gizmos: Gizmos) {
    for line in &outlines.0 {
        gizmos.linestrip_2d(line.iter().copied(), theme::OUTLINE);
    }
}

/// Scales the country and sea names with the map, within their limits on screen.
fn size_area_labels(
    camera: Query<Ref<Transform>, (With<super::MapCamera>, Without<AreaLabel>)>,
    mut labels: Query<(Ref<AreaLabel>, &mut Transform)>,
) {
    let Ok(camera) = camera.single() else {
        return;
    };
    let new_labels = labels.iter().any(|(label, _)| label.is_added());
    if !camera.is_changed() && !new_labels {
        return;
    }
    // At scale 1 a label is as large as the map's world units make it; the camera's scale is
    // world units per screen pixel.
    let world_units_per_px = camera.scale.x;
    let scale = 1.0_f32.clamp(
        world_units_per_px * MIN_AREA_LABEL_PX / COUNTRY_LABEL_SIZE,
        world_units_per_px,
    );
    for (_, mut transform) in &mut labels {
        transform.scale = Vec3::new(scale, scale, 1.0);
    }
}
