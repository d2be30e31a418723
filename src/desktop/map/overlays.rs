//! Overlays a scenario describes (`overlays: [StraightLine(..)]`): the straight (great-circle) line
//! between two stations, drawn dashed against the rail route with both distances. A scenario can
//! ask for them to be shown when it opens (lesson 2 does). The distances' labels are placed with
//! the station labels (`stations.rs`), before them, so that nothing covers them.
use super::super::AppSystems;
use super::super::geo::MapGeometry;
use super::super::journey::JourneyState;
use super::super::theme;
use super::LABEL_SIZE;
use bevy::prelude::*;
use train_scenario::{Overlay, great_circle_km};

/// Font size of the distances, screen pixels (a little larger than a station's name).
pub(super) const STRAIGHT_LABEL_SIZE: f32 = LABEL_SIZE + 2.0;
/// Gap between a line and its label, screen pixels.
const STRAIGHT_LABEL_GAP: f32 = 6.0;
/// Where along its line a label may sit, in order of preference (the lines from one origin nearly
/// coincide, so their labels need places to choose from).
const LABEL_ALONG: [f32; 5] = [0.5, 0.35, 0.65, 0.2, 0.8];
/// Dashes per straight line (dashed, to read as "not a track").
const DASHES: usize = 40;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Overlays>()
        .init_resource::<ScenarioOverlays>()
        .add_systems(Update, follow_scenario.in_set(AppSystems::Derive))
        .add_systems(Update, draw_straight_lines.in_set(AppSystems::Draw));
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
}

impl StraightLine {
    /// Where the label (of `size`, world units) may go, best first: centred beside the line at
    /// several places along it, on either side. `px` is world units per screen pixel.
    pub(super) fn label_spots(&self, size: Vec2, px: f32) -> impl Iterator<Item = Rect> + '_ {
        let normal = (self.to - self.from).perp().normalize_or_zero();
        // Far enough along the normal that the box clears the line whatever its slope.
        let clear =
            (size.x * normal.x.abs() + size.y * normal.y.abs()) / 2.0 + STRAIGHT_LABEL_GAP * px;
        LABEL_ALONG.into_iter().flat_map(move |along| {
            [1.0, -1.0].map(|side| {
                Rect::from_center_size(self.from.lerp(self.to, along) + normal * clear * side, size)
            })
        })
    }
}

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
    for overlay in &state.run.scenario.overlays {
        let Overlay::StraightLine { from, to, .. } = *overlay;
        let (a, b) = (&route.stations[from], &route.stations[to]);
        let (Some((lon_a, lat_a)), Some((lon_b, lat_b))) = (a.lon_lat(), b.lon_lat()) else {
            continue;
        };
        let (pa, pb) = (
            projection.project(lon_a, lat_a),
            projection.project(lon_b, lat_b),
        );
        lines.push(StraightLine {
            from: pa,
            to: pb,
            label: format!(
                "{:.0} km straight\n{:.0} km by rail",
                great_circle_km(lat_a, lon_a, lat_b, lon_b),
                (b.km - a.km).abs()
            ),
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

fn draw_straight_lines(
    overlays: Res<Overlays>,
    current: Res<ScenarioOverlays>,
    mut gizmos: Gizmos,
) {
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
