//! The map, one module per concern: the camera, the Natural Earth backdrop, the route line, the
//! stations and the overlays a scenario describes.
mod backdrop;
mod camera;
mod night;
mod overlays;
mod route_line;
mod stations;

use bevy::prelude::*;
pub(crate) use camera::{CameraFit, MapArea, MapCamera};
pub(crate) use overlays::Overlays;

/// Label font size, screen pixels (labels keep their size at any zoom).
const LABEL_SIZE: f32 = 12.0;
/// Country label font size.
const COUNTRY_LABEL_SIZE: f32 = 18.0;
/// Draw order.
const Z_SEA: f32 = -1.0;
const Z_LAND: f32 = 0.0;
const Z_STATION: f32 = 5.0;
const Z_LABEL: f32 = 6.0;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        camera::plugin,
        backdrop::plugin,
        route_line::plugin,
        stations::plugin,
        overlays::plugin,
        night::plugin,
    ));
}
