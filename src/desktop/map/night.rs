//! Night on the map: the Sun's altitude on a coarse grid over the backdrop, as a translucent
//! dark layer (the terminator), recomputed when the simulated time has moved enough to show.
use super::super::AppSystems;
use super::super::geo::MapGeometry;
use super::super::journey::JourneyState;
use super::super::playback::Playback;
use super::super::theme;
use super::backdrop;
use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use train_analysis::sun::{DAY_ABOVE_DEG, NIGHT_BELOW_DEG, altitude_deg};

/// Grid cells across and down (the layer is smoothed by the GPU's filtering).
const GRID: (u32, u32) = (96, 64);
/// Simulated time the Sun may move before the layer is redrawn, s (about a degree).
const REDRAW_AFTER_S: f64 = 240.0;
/// The layer sits above the land, below the route and labels.
const Z_NIGHT: f32 = 1.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, shade_night.in_set(AppSystems::Draw));
}

#[derive(Component)]
struct NightLayer;

/// How dark a cell is, 0 (day) to 1 (night), graded through twilight.
pub(crate) fn darkness(altitude_deg: f64) -> f64 {
    ((DAY_ABOVE_DEG - altitude_deg) / (DAY_ABOVE_DEG - NIGHT_BELOW_DEG)).clamp(0.0, 1.0)
}

/// Redraws the layer when the time moved or the projection changed.
fn shade_night(
    mut commands: Commands,
    state: Res<JourneyState>,
    playback: Res<Playback>,
    geometry: Res<MapGeometry>,
    mut images: ResMut<Assets<Image>>,
    mut layer: Query<(Entity, &mut Sprite, &mut Transform, &mut Visibility), With<NightLayer>>,
    mut drawn: Local<Option<(f64, usize)>>,
) {
    let (Some(projection), Some((west, south, east, north))) =
        (geometry.projection, backdrop::bbox())
    else {
        return;
    };
    let instant = train_scenario::time::instant_after(state.run.scenario.departure, playback.t_s);
    let stamp = instant.as_second() as f64;
    let key = std::sync::Arc::as_ptr(&state.run) as usize;
    if let Some((t, k)) = *drawn
        && k == key
        && (stamp - t).abs() < REDRAW_AFTER_S
        && !geometry.is_changed()
    {
        return;
    }
    *drawn = Some((stamp, key));
    let (w, h) = GRID;
    let shade = theme::NIGHT_SHADE.to_srgba();
    let mut data = Vec::with_capacity((w * h * 4) as usize);
    for row in 0..h {
        // Image rows go from the top (north) down.
        let lat = north - (north - south) * (f64::from(row) + 0.5) / f64::from(h);
        for col in 0..w {
            let lon = west + (east - west) * (f64::from(col) + 0.5) / f64::from(w);
            let dark = darkness(altitude_deg(lat, lon, instant));
            let to_byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0) as u8;
            data.extend_from_slice(&[
                to_byte(shade.red),
                to_byte(shade.green),
                to_byte(shade.blue),
                to_byte(shade.alpha * dark as f32),
            ]);
        }
    }
    // In daylight everywhere the layer is left out: drawing a transparent layer over the whole
    // map costs a full pass of the software renderer for nothing.
    let any_dark = data.chunks_exact(4).any(|pixel| pixel[3] > 0);
    let visibility = if any_dark {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    let mut image = Image::new_fill(
        Extent3d {
            width: w,
            height: h,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        &[0, 0, 0, 0],
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    image.data = Some(data);
    let handle = images.add(image);
    let (sw, ne) = (
        projection.project(west, south),
        projection.project(east, north),
    );
    let size = ne - sw;
    let centre = (sw + ne) / 2.0;
    match layer.single_mut() {
        Ok((_, mut sprite, mut transform, mut shown)) => {
            shown.set_if_neq(visibility);
            if let Some(old) = std::mem::replace(&mut sprite.image, handle).id().into() {
                images.remove(old);
            }
            sprite.custom_size = Some(size);
            transform.translation = centre.extend(Z_NIGHT);
        }
        Err(_) => {
            commands.spawn((
                Name::new("Night"),
                NightLayer,
                Sprite {
                    image: handle,
                    custom_size: Some(size),
                    ..default()
                },
                Transform::from_translation(centre.extend(Z_NIGHT)),
                visibility,
            ));
        }
    }
}
