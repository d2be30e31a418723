//! The map's scale bar: a round number of kilometres, drawn at the bottom left of the map in the
//! panels' layer, so it reads the same at any zoom.
use super::geo::UNITS_PER_DEGREE;
use bevy_egui::egui;

/// Kilometres in a degree of latitude (mean Earth radius 6,371 km): the projection is true to
/// scale along its reference latitude.
const KM_PER_DEGREE: f32 = 111.195;
/// The longest the bar may be, logical pixels.
const MAX_BAR_PX: f32 = 160.0;
/// Distance of the bar from the map's bottom-left corner, logical pixels.
const MARGIN_PX: f32 = 14.0;
/// Height of the bar's end ticks, logical pixels.
const TICK_PX: f32 = 6.0;

/// The longest round length (1, 2 or 5 times a power of ten, km) that fits in `max_km`.
pub(crate) fn round_km(max_km: f32) -> f32 {
    let power = 10f32.powf(max_km.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&km| km <= max_km)
        .unwrap_or(power)
}

/// Draws the bar in `map` (the map's rectangle on screen) for a camera showing `units_per_px`
/// world units per logical pixel.
pub(crate) fn draw(painter: &egui::Painter, map: egui::Rect, units_per_px: f32) {
    let km_per_px = units_per_px * KM_PER_DEGREE / UNITS_PER_DEGREE;
    if !(km_per_px.is_finite() && km_per_px > 0.0) {
        return;
    }
    let km = round_km(MAX_BAR_PX * km_per_px);
    let length = km / km_per_px;
    let left = egui::pos2(map.min.x + MARGIN_PX, map.max.y - MARGIN_PX);
    let right = left + egui::vec2(length, 0.0);
    let ink = egui::Color32::from_rgb(30, 30, 36);
    let halo = egui::Stroke::new(5.0, egui::Color32::from_white_alpha(200));
    let stroke = egui::Stroke::new(2.0, ink);
    for (stroke, lift) in [(halo, 0.0), (stroke, 0.0)] {
        painter.line_segment([left, right], stroke);
        for end in [left, right] {
            painter.line_segment([end, end - egui::vec2(0.0, TICK_PX + lift)], stroke);
        }
    }
    let label = if km >= 1.0 {
        format!("{km:.0} km")
    } else {
        format!("{km} km")
    };
    let at = egui::pos2((left.x + right.x) / 2.0, left.y - TICK_PX - 2.0);
    let font = egui::FontId::proportional(13.0);
    for (offset, colour) in [
        (egui::vec2(1.0, 1.0), egui::Color32::WHITE),
        (egui::vec2(0.0, 0.0), ink),
    ] {
        painter.text(
            at + offset,
            egui::Align2::CENTER_BOTTOM,
            &label,
            font.clone(),
            colour,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::round_km;

    #[test]
    fn the_bar_is_a_round_number_of_km() {
        assert_eq!(round_km(160.0), 100.0);
        assert_eq!(round_km(499.0), 200.0);
        assert_eq!(round_km(520.0), 500.0);
        assert_eq!(round_km(9.9), 5.0);
    }
}
