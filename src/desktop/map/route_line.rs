//! The route on the map: the travelled part in strong colour, the rest faded.
use super::super::AppSystems;
use super::super::geo::MapGeometry;
use super::super::now::Now;
use super::super::theme;
use bevy::prelude::*;

/// Width of the route line, pixels.
const ROUTE_WIDTH: f32 = 4.0;

pub(super) fn plugin(app: &mut App) {
    app.init_gizmo_group::<RouteGizmos>()
        .add_systems(Startup, route_line_width)
        .add_systems(Update, draw_route.in_set(AppSystems::Draw));
}

/// Gizmos of the route line, drawn thicker than borders.
#[derive(Default, Reflect, GizmoConfigGroup)]
struct RouteGizmos;

fn route_line_width(mut store: ResMut<GizmoConfigStore>) {
    store.config_mut::<RouteGizmos>().0.line.width = ROUTE_WIDTH;
}

/// The travelled part in strong colour, the rest faded.
fn draw_route(now: Res<Now>, geometry: Res<MapGeometry>, mut gizmos: Gizmos<RouteGizmos>) {
    let (done, ahead) = geometry.line.split_at(now.km);
    gizmos.linestrip_2d(ahead, theme::ROUTE_AHEAD);
    gizmos.linestrip_2d(done, theme::ROUTE_DONE);
}
