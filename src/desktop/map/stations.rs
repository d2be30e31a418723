//! Station dots and the map's labels: the straight-line overlay's distances first (when shown),
//! then the stations' names, the itinerary's places first, then stops, each on its preferred side
//! or the other, leaving out one that would cover another; rebuilt when the drawn route, the zoom
//! or the overlays change.
use super::super::AppSystems;
use super::super::geo::{MapGeometry, label_rank};
use super::super::intent::Presenter;
use super::super::journey::JourneyState;
use super::super::theme;
use super::backdrop::AreaLabel;
use super::overlays::{Overlays, STRAIGHT_LABEL_SIZE, ScenarioOverlays};
use super::{COUNTRY_LABEL_SIZE, LABEL_SIZE, Z_LABEL, Z_STATION};
use bevy::prelude::*;

/// Station dot radius, screen pixels.
const STATION_RADIUS: f32 = 3.5;
/// A next station closer than this (screen pixels) pushes the label to the other side.
const CROWDED: f32 = 20.0;
/// Gap between a station dot and its label (screen pixels).
const LABEL_OFFSET: f32 = 7.0;
/// Approximate glyph width and line height of the label font, in font sizes (for label boxes).
const CHAR_WIDTH: f32 = 0.62;
const LINE_HEIGHT: f32 = 1.25;
/// After the name of a station whose position is estimated.
const ESTIMATED_MARK: &str = " (est.)";
/// Stations in this share of the map's width, at its east end, get their labels on the left.
const EASTERN_SHARE: f32 = 0.2;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, spawn_stations.in_set(AppSystems::Draw));
}

#[derive(Component)]
struct StationMarker;

/// Where a station's name goes, from its dot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Right,
    Left,
    Above,
    Below,
}

/// A zoom that changed by more than this factor since the labels were placed places them again
/// (they keep their size on screen, so how many fit depends on the zoom).
const RELAYOUT_ZOOM_FACTOR: f32 = 1.2;

/// (Re)spawns station dots and labels when the drawn route or the zoom changes; dots and labels
/// keep their size on screen, and at a wide zoom only the labels that fit are shown (stops
/// first).
fn spawn_stations(
    mut commands: Commands,
    state: Res<JourneyState>,
    geometry: Res<MapGeometry>,
    camera: Query<&Transform, With<super::MapCamera>>,
    area: Res<super::MapArea>,
    presenter: Option<Res<Presenter>>,
    existing: Query<Entity, With<StationMarker>>,
    overlays: Res<Overlays>,
    straight_lines: Res<ScenarioOverlays>,
    area_labels: Query<(&Text2d, &Transform), (With<AreaLabel>, Without<StationMarker>)>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut laid_out_at: Local<Option<f32>>,
) {
    let route = &state.run.scenario.route;
    let Some(projection) = geometry.projection else {
        return;
    };
    // World units per screen pixel.
    let scale = camera.single().map_or(1.0, |t| t.scale.x);
    // The map as shown (world units), when its size is known: a label is kept inside it.
    let view = camera
        .single()
        .ok()
        .filter(|_| area.size.min_element() > 0.0)
        .map(|t| Rect::from_center_size(t.translation.truncate(), area.size * scale));
    let zoomed = laid_out_at.is_none_or(|at| {
        let ratio = scale / at;
        !(1.0 / RELAYOUT_ZOOM_FACTOR..=RELAYOUT_ZOOM_FACTOR).contains(&ratio)
    });
    if !geometry.is_changed()
        && !zoomed
        && !overlays.is_changed()
        && !straight_lines.is_changed()
        && !area.is_changed()
        && !presenter.as_ref().is_some_and(|p| p.is_changed())
    {
        return;
    }
    *laid_out_at = Some(scale);
    for entity in &existing {
        commands.entity(entity).despawn();
    }
    let dot = meshes.add(Circle::new(STATION_RADIUS));
    // Presenter mode enlarges the map's labels with the panels' text.
    let text_zoom = presenter.as_ref().map_or(1.0, |p| p.zoom());
    let (label_px, straight_px) = (LABEL_SIZE * text_zoom, STRAIGHT_LABEL_SIZE * text_zoom);
    // Place labels by rank (the itinerary's places, then stops, then the rest), each on its
    // preferred side or the other one, leaving out a label whose box would cover one already
    // placed.
    let mut order: Vec<usize> = (0..route.stations.len()).collect();
    order.sort_by_key(|&i| label_rank(route, i));
    let east_x = geometry
        .line
        .points
        .iter()
        .map(|p| p.1.x)
        .fold(f32::MIN, f32::max);
    let west_x = geometry
        .line
        .points
        .iter()
        .map(|p| p.1.x)
        .fold(f32::MAX, f32::min);
    let mut placed: Vec<Rect> = Vec::new();
    let dots: Vec<Vec2> = route
        .stations
        .iter()
        .filter_map(|s| Some(projection.project(s.lon?, s.lat?)))
        .collect();
    if overlays.straight_lines {
        // The lesson's numbers: each takes the first spot beside its line that covers no other
        // label, station, stretch of the route or country name (or its best one, covered or not:
        // they must be shown), and no station's name may cover it.
        let names: Vec<Rect> = area_labels
            .iter()
            .map(|(text, at)| {
                Rect::from_center_size(
                    at.translation.truncate(),
                    text_box(&text.0, COUNTRY_LABEL_SIZE) * at.scale.x,
                )
            })
            .collect();
        for line in &straight_lines.lines {
            let size = text_box(&line.label, straight_px) * scale;
            let free = |r: &Rect| {
                placed.iter().all(|p| p.intersect(*r).is_empty())
                    && !dots.iter().any(|d| r.contains(*d))
                    && names.iter().all(|n| n.intersect(*r).is_empty())
                    && !geometry
                        .line
                        .points
                        .windows(2)
                        .any(|w| segment_crosses(*r, w[0].1, w[1].1))
            };
            let Some(spot) = line
                .label_spots(size, scale)
                .find(free)
                .or_else(|| line.label_spots(size, scale).next())
            else {
                continue;
            };
            placed.push(spot);
            commands.spawn((
                StationMarker,
                Text2d::new(line.label.clone()),
                TextFont {
                    font_size: FontSize::Px(straight_px),
                    ..default()
                },
                TextColor(theme::STRAIGHT_LINE),
                Transform::from_translation(spot.center().extend(Z_LABEL))
                    .with_scale(Vec3::new(scale, scale, 1.0)),
            ));
        }
    }
    let mut label_side: Vec<Option<Side>> = vec![None; route.stations.len()];
    for &i in &order {
        let s = &route.stations[i];
        // A station the itinerary passes again keeps the label of its first visit.
        let (Some(lon), Some(lat), 1) = (s.lon, s.lat, s.visit) else {
            continue;
        };
        let at = projection.project(lon, lat);
        let mark = if s.coords_estimated {
            ESTIMATED_MARK
        } else {
            ""
        };
        let size = text_box(&format!("{}{mark}\n{:.0} km", s.name, s.km), label_px) * scale;
        let offset = LABEL_OFFSET * text_zoom * scale;
        // Right of the dot, except at the east end of the map (the label would leave it) and when
        // the next station sits close to the east (Tumangang before Khasan).
        let next_close_east = route
            .stations
            .get(i + 1)
            .and_then(|n| Some(projection.project(n.lon?, n.lat?)))
            .is_some_and(|p| p.x > at.x && p.distance(at) < CROWDED * scale);
        let prefer_right = at.x < east_x - (east_x - west_x) * EASTERN_SHARE && !next_close_east;
        let rect_on = |side: Side| {
            let min = match side {
                Side::Right => at + Vec2::new(offset, -size.y / 2.0),
                Side::Left => at + Vec2::new(-offset - size.x, -size.y / 2.0),
                Side::Above => at + Vec2::new(-size.x / 2.0, offset),
                Side::Below => at + Vec2::new(-size.x / 2.0, -offset - size.y),
            };
            Rect::from_corners(min, min + size)
        };
        let clear_of_labels = |rect: &Rect| placed.iter().all(|p| p.intersect(*rect).is_empty());
        // Over another station's dot a name reads as that station's.
        let clear_of_dots = |rect: &Rect| !dots.iter().any(|d| *d != at && rect.contains(*d));
        let in_view =
            |rect: &Rect| view.is_none_or(|v| v.contains(rect.min) && v.contains(rect.max));
        // Beside the dot first (the preferred side, then the other), then above or below it.
        let sides = if prefer_right {
            [Side::Right, Side::Left, Side::Below, Side::Above]
        } else {
            [Side::Left, Side::Right, Side::Below, Side::Above]
        };
        let find = |fits: &dyn Fn(&Rect) -> bool| sides.into_iter().find(|&r| fits(&rect_on(r)));
        let side = find(&|r| clear_of_labels(r) && clear_of_dots(r) && in_view(r)).or_else(|| {
            // The itinerary's places keep their names even beside a crowded stretch, inside
            // the map if they can.
            (label_rank(route, i) == 0)
                .then(|| {
                    find(&|r| clear_of_labels(r) && in_view(r)).or_else(|| find(&clear_of_labels))
                })
                .flatten()
        });
        if let Some(side) = side {
            placed.push(rect_on(side));
            label_side[i] = Some(side);
        }
    }
    let sourced = materials.add(ColorMaterial::from(theme::STATION));
    let estimated = materials.add(ColorMaterial::from(theme::STATION_ESTIMATED));
    for (i, station) in route.stations.iter().enumerate() {
        let (Some(lon), Some(lat)) = (station.lon, station.lat) else {
            continue;
        };
        let at = projection.project(lon, lat);
        let material = if station.coords_estimated {
            estimated.clone()
        } else {
            sourced.clone()
        };
        commands.spawn((
            StationMarker,
            Mesh2d(dot.clone()),
            MeshMaterial2d(material),
            Transform::from_translation(at.extend(Z_STATION))
                .with_scale(Vec3::new(scale, scale, 1.0)),
        ));
        let Some(side) = label_side[i] else { continue };
        let gap = LABEL_OFFSET * text_zoom * scale;
        let (offset, anchor) = match side {
            Side::Right => (Vec2::new(gap, 0.0), bevy::sprite::Anchor::CENTER_LEFT),
            Side::Left => (Vec2::new(-gap, 0.0), bevy::sprite::Anchor::CENTER_RIGHT),
            Side::Above => (Vec2::new(0.0, gap), bevy::sprite::Anchor::BOTTOM_CENTER),
            Side::Below => (Vec2::new(0.0, -gap), bevy::sprite::Anchor::TOP_CENTER),
        };
        let mark = if station.coords_estimated {
            ESTIMATED_MARK
        } else {
            ""
        };
        commands.spawn((
            StationMarker,
            Text2d::new(format!("{}{mark}\n{:.0} km", station.name, station.km)),
            TextFont {
                font_size: FontSize::Px(label_px),
                ..default()
            },
            TextColor(if station.coords_estimated {
                theme::STATION_ESTIMATED
            } else {
                theme::STATION
            }),
            anchor,
            Transform::from_translation((at + offset).extend(Z_LABEL))
                .with_scale(Vec3::new(scale, scale, 1.0)),
        ));
    }
}

/// The box a label's text takes on screen, pixels (estimated from the font size: the layout only
/// needs to keep labels apart).
fn text_box(text: &str, font_px: f32) -> Vec2 {
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let lines = text.lines().count().max(1);
    Vec2::new(
        widest as f32 * font_px * CHAR_WIDTH,
        lines as f32 * font_px * LINE_HEIGHT,
    )
}

/// Whether the segment from `a` to `b` passes through the rectangle (Liang-Barsky clipping).
fn segment_crosses(rect: Rect, a: Vec2, b: Vec2) -> bool {
    let d = b - a;
    let (mut enter, mut leave) = (0.0_f32, 1.0_f32);
    for (p, q) in [
        (-d.x, a.x - rect.min.x),
        (d.x, rect.max.x - a.x),
        (-d.y, a.y - rect.min.y),
        (d.y, rect.max.y - a.y),
    ] {
        if p == 0.0 {
            // Parallel to this edge: inside its slab or never.
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                enter = enter.max(t);
            } else {
                leave = leave.min(t);
            }
        }
    }
    enter <= leave
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_crosses_a_rectangle_only_where_it_passes_through_it() {
        let r = Rect::new(0.0, 0.0, 10.0, 5.0);
        // Through, inside, touching a corner from outside, beside, and stopping short.
        assert!(segment_crosses(
            r,
            Vec2::new(-5.0, 2.0),
            Vec2::new(15.0, 3.0)
        ));
        assert!(segment_crosses(r, Vec2::new(2.0, 2.0), Vec2::new(3.0, 3.0)));
        assert!(segment_crosses(
            r,
            Vec2::new(-1.0, 6.0),
            Vec2::new(1.0, 4.0)
        ));
        assert!(!segment_crosses(
            r,
            Vec2::new(-5.0, 6.0),
            Vec2::new(15.0, 6.0)
        ));
        assert!(!segment_crosses(
            r,
            Vec2::new(-5.0, 2.0),
            Vec2::new(-1.0, 2.0)
        ));
        assert!(!segment_crosses(
            r,
            Vec2::new(-2.0, 4.0),
            Vec2::new(2.0, 8.0)
        ));
    }

    #[test]
    fn a_label_box_fits_its_widest_line_and_all_its_lines() {
        let b = text_box("Kilju\n587 km", 10.0);
        assert_eq!(
            b,
            Vec2::new(6.0 * 10.0 * CHAR_WIDTH, 2.0 * 10.0 * LINE_HEIGHT)
        );
    }
}
