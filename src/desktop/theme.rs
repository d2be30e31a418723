//! Colours and sizes shared by the map, the marker and the panels.
use bevy::prelude::*;
use bevy_egui::egui;
use train_scenario::claims::ClaimOutcome;
use train_sim::Level;

/// The sea (behind the land, inside the map's area).
pub(crate) const SEA: Color = Color::srgb(0.78, 0.86, 0.92);

/// The panels' background, drawn as the window's clear colour: egui's dark panel fill, which the
/// panels themselves leave transparent (see `hud::style_panels`), so the software renderer does not
/// fill half the window a second time through egui's costlier shader.
pub(crate) fn panel_background() -> Color {
    let [r, g, b, _] = egui::Visuals::dark().panel_fill.to_array();
    Color::srgb_u8(r, g, b)
}
/// Land fills by country.
pub(crate) fn land(country: &str) -> Color {
    match country {
        "North Korea" => Color::srgb(0.96, 0.91, 0.80),
        "Russia" => Color::srgb(0.90, 0.93, 0.85),
        "China" => Color::srgb(0.93, 0.90, 0.90),
        _ => Color::srgb(0.92, 0.92, 0.90),
    }
}
/// Borders and coastlines.
pub(crate) const OUTLINE: Color = Color::srgb(0.45, 0.45, 0.50);
/// The route ahead of the train.
pub(crate) const ROUTE_AHEAD: Color = Color::srgb(0.55, 0.55, 0.60);
/// The route already travelled.
pub(crate) const ROUTE_DONE: Color = Color::srgb(0.10, 0.25, 0.65);
/// Station dots and labels.
pub(crate) const STATION: Color = Color::srgb(0.15, 0.15, 0.18);
/// Estimated (unsourced) positions are drawn lighter.
pub(crate) const STATION_ESTIMATED: Color = Color::srgb(0.38, 0.38, 0.44);
/// Straight-line distances (lesson 2).
pub(crate) const STRAIGHT_LINE: Color = Color::srgb(0.80, 0.30, 0.10);

/// The colour of a security level (marker, HUD, charts).
pub(crate) fn level(level: Level) -> Color {
    match level {
        Level::Normal => Color::srgb(0.10, 0.55, 0.20),
        Level::Elevated => Color::srgb(0.90, 0.65, 0.05),
        Level::High => Color::srgb(0.90, 0.35, 0.05),
        Level::Lockdown => Color::srgb(0.80, 0.05, 0.10),
    }
}

/// The colour of a claim's verdict (the press claims in the lesson panel): green where the
/// record bears it out, red where it rules it out, amber where it is right as another measure,
/// pale where only the model's assumptions could judge it.
pub(crate) fn claim(outcome: ClaimOutcome) -> egui::Color32 {
    match outcome {
        ClaimOutcome::Consistent | ClaimOutcome::ForecastCameTrue => level_egui(Level::Normal),
        ClaimOutcome::Inconsistent | ClaimOutcome::ForecastMissed => level_egui(Level::Lockdown),
        ClaimOutcome::ConsistentWithOtherMeasure => level_egui(Level::Elevated),
        ClaimOutcome::ModelOnlyConsistent => egui::Color32::from_rgb(130, 175, 135),
        ClaimOutcome::ModelOnlyInconsistent => egui::Color32::from_rgb(205, 130, 130),
    }
}

/// The same colour for egui.
pub(crate) fn level_egui(l: Level) -> egui::Color32 {
    to_egui(level(l))
}

/// Converts a Bevy colour to egui.
pub(crate) fn to_egui(color: Color) -> egui::Color32 {
    let c = color.to_srgba();
    egui::Color32::from_rgb(
        (c.red * 255.0) as u8,
        (c.green * 255.0) as u8,
        (c.blue * 255.0) as u8,
    )
}

/// Night on the space-time diagram (translucent, so the lines stay readable).
pub(crate) const NIGHT_BAND: egui::Color32 = egui::Color32::from_rgba_premultiplied(40, 40, 70, 70);
/// A change of time zone on the space-time diagram.
pub(crate) const ZONE_MARK: egui::Color32 = egui::Color32::from_rgb(150, 90, 170);
/// Observed times (the record) on the charts.
pub(crate) const OBSERVED: egui::Color32 = egui::Color32::from_rgb(215, 120, 0);
/// Night on the map: the dark side of the terminator.
pub(crate) const NIGHT_SHADE: Color = Color::srgba(0.05, 0.05, 0.20, 0.42);
/// The uncertainty bands on the drift chart.
pub(crate) const BAND: egui::Color32 = egui::Color32::from_rgba_premultiplied(60, 110, 180, 60);
/// The ghost train: where the pointer is on the space-time diagram.
pub(crate) const GHOST_TRAIN: Color = Color::srgb(0.35, 0.35, 0.45);
