//! Overlays a scenario describes (`overlays: [StraightLine(..)]`): the straight (great-circle) line
//! between two stations, drawn dashed against the rail route with both distances. A scenario can
//! ask for them to be shown when it opens (lesson 2 does).
use super::super::AppSystems;
use super::super::geo::MapGeometry;
use super::super::journey::JourneyState;
use super::super::theme;
use super::{LABEL_SIZE, Z_LABEL};
use bevy::prelude::*;
use train_scenario::{Overlay, great_circle_km};

/// Distance of the straight-line labels from their line (world units).
const STRAIGHT_LABEL_OFFSET: f32 = 28.0;
/// Where along a line its label sits, for the first, second, ... line (the lines from one origin
/// nearly coincide, so their labels go to different places and sides).
const LABEL_ALONG: [f32; 2] = [0.5, 0.8];
/// Dashes per straight line (dashed, to read as "not a track").
const DASHES: usize = 40;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Overlays>()
        .init_resource::<ScenarioOverlays>()
        .add_systems(Update, follow_scenario.in_set(AppSystems::Derive))
        .add_systems(
            Update,
            (spawn_labels, draw_straight_lines)
                .chain()
                .in_set(AppSystems::Draw),
        );
}

/// Which optional layers are on.
#[derive(Resource, Debug, Clone, Default)]
pub(crate) struct Overlays {
    /// The straight lines of the scenario, against the rail route.
    pub(crate) straight_lines: bool,
}

/// The straight lines of the open scenario, in world coordinates with their labels.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub(crate) struct ScenarioOverlays {
    pub(crate) lines: Vec<StraightLine>,
}

/// One straight line as drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StraightLine {
    pub(crate) from: Vec2,
    pub(crate) to: Vec2,
    pub(crate) label: String,
    pub(crate) label_at: Vec2,
}

#[derive(Component)]
struct StraightLineLabel;

/// Takes the open scenario's overlays; a new scenario shows them if it asks to.
fn follow_scenario(
    state: Res<JourneyState>,
    geometry: Res<MapGeometry>,
    mut current: ResMut<ScenarioOverlays>,
    mut overlays: ResMut<Overlays>,
    mut opened: Local<Option<std::path::PathBuf>>,
) {
    if !state.is_changed() && !geometry.is_changed() {
        return;
    }
    let Some(projection) = geometry.projection else {
        return;
    };
    let route = &state.run.scenario.route;
    let mut lines = Vec::new();
    for (n, overlay) in state.run.scenario.overlays.iter().enumerate() {
        let Overlay::StraightLine { from, to, .. } = *overlay;
        let (a, b) = (&route.stations[from], &route.stations[to]);
        let (Some((lon_a, lat_a)), Some((lon_b, lat_b))) = (a.lon_lat(), b.lon_lat()) else {
            continue;
        };
        let (pa, pb) = (
            projection.project(lon_a, lat_a),
            projection.project(lon_b, lat_b),
        );
        let side = if n % 2 == 0 { 1.0 } else { -1.0 };
        let along = LABEL_ALONG[n % LABEL_ALONG.len()];
        let normal = (pb - pa).perp().normalize_or_zero() * STRAIGHT_LABEL_OFFSET * side;
        lines.push(StraightLine {
            from: pa,
            to: pb,
            label: format!(
                "{:.0} km straight\n{:.0} km by rail",
                great_circle_km(lat_a, lon_a, lat_b, lon_b),
                (b.km - a.km).abs()
            ),
            label_at: pa.lerp(pb, along) + normal,
        });
    }
    current.set_if_neq(ScenarioOverlays { lines });
    if opened.as_deref() != Some(state.path.as_path()) {
        *opened = Some(state.path.clone());
        overlays.straight_lines = state
            .run
            .scenario
            .overlays
            .iter()
            .any(|o| matches!(o, Overlay::StraightLine { shown: true, .. }));
    }
}

/// (Re)spawns the labels when the overlays change.
fn spawn_labels(
    mut commands: Commands,
    current: Res<ScenarioOverlays>,
    existing: Query<Entity, With<StraightLineLabel>>,
) {
    if !current.is_changed() {
        return;
    }
    for entity in &existing {
        commands.entity(entity).despawn();
    }
    for line in &current.lines {
        commands.spawn((
            StraightLineLabel,
            Text2d::new(line.label.clone()),
            TextFont {
                font_size: FontSize::Px(LABEL_SIZE + 2.0),
                ..default()
            },
            TextColor(theme::STRAIGHT_LINE),
            Transform::from_translation(line.label_at.extend(Z_LABEL)),
            Visibility::Hidden,
        ));
    }
}

fn draw_straight_lines(
    overlays: Res<Overlays>,
    current: Res<ScenarioOverlays>,
    mut labels: Query<&mut Visibility, With<StraightLineLabel>>,
    mut gizmos: Gizmos,
) {
    let shown = if overlays.straight_lines {
        Visibility::Visible
    } else {
        Visibility::Hidden
    };
    for mut visibility in &mut labels {
        visibility.set_if_neq(shown);
    }
    if !overlays.straight_lines {
        return;
    }
    for line in &current.lines {
        for k in (0..DASHES).step_by(2) {
            gizmos.line_2d(
                line.from.lerp(line.to, k as f32 / DASHES as f32),
                line.from.lerp(line.to, (k + 1) as f32 / DASHES as f32),
                theme::STRAIGHT_LINE,
            );
        }
    }
}
