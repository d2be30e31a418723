//! The panels around the map (egui): clock and estimates on top, time controls and sliders at the
//! bottom, the lesson on the left, the charts on the right, and the error banner.
use super::charts::{self, ChartCursor, LargeChart};
use super::intent::{Intent, Presenter};
use super::journey::JourneyState;
use super::map::{MapArea, MapCamera, Overlays};
use super::now::Now;
use super::playback::{Playback, SPEEDS};
use super::scale_bar;
use super::theme;
use super::uncertainty::Bands;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiGlobalSettings, EguiPrimaryContextPass, egui};
use train_analysis::sun::Light;
use train_scenario::claims::ClaimOutcome;
use train_scenario::duration::{format_duration, format_signed_duration};
use train_scenario::time::offset_label;
use train_scenario::timetable::LATE_THRESHOLD_S;

/// Slider length in presenter mode, points (egui's default is 100).
const PRESENTER_SLIDER_WIDTH: f32 = 45.0;
/// Width the top bar keeps for the menus and buttons right of the title, logical pixels.
const TOP_BAR_CONTROLS_WIDTH: f32 = 470.0;
/// The title never gets less than this, logical pixels.
const MIN_TITLE_WIDTH: f32 = 200.0;
/// Width of the lesson panel, logical pixels.
const LESSON_WIDTH: f32 = 250.0;
/// Width of the charts panel, logical pixels.
const CHARTS_WIDTH: f32 = 380.0;
/// Slider ranges.
const CRUISE_RANGE_KMH: std::ops::RangeInclusive<f64> = 20.0..=80.0;
const SHIFT_RANGE_H: std::ops::RangeInclusive<f64> = -24.0..=24.0;
/// Seconds in an hour (the time slider is in hours).
const S_PER_H: f64 = 3600.0;
/// Text sizes (projector-friendly).
const CLOCK_SIZE: f32 = 22.0;
const VALUE_SIZE: f32 = 15.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, absorb_input)
        .add_systems(EguiPrimaryContextPass, (style_panels, panels).chain());
}

/// What the panels read (they change nothing themselves: clicks become [`Intent`]s).
struct View<'a> {
    state: &'a JourneyState,
    playback: &'a Playback,
    now: &'a Now,
    overlays: &'a Overlays,
}

/// Clicks and keys that egui uses do not also pan the map or toggle playback.
fn absorb_input(mut settings: ResMut<EguiGlobalSettings>) {
    settings.enable_absorb_bevy_input_system = true;
}

/// The dark theme, with panels that leave their background to the window's clear colour
/// ([`theme::panel_background`]): the same picture for much less software rendering.
fn style_panels(mut contexts: EguiContexts, mut styled: Local<bool>) -> Result {
    if *styled {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    ctx.set_theme(egui::Theme::Dark);
    ctx.set_visuals_of(
        egui::Theme::Dark,
        egui::Visuals {
            panel_fill: egui::Color32::TRANSPARENT,
            ..egui::Visuals::dark()
        },
    );
    *styled = true;
    Ok(())
}

fn panels(
    mut contexts: EguiContexts,
    state: Res<JourneyState>,
    playback: Res<Playback>,
    now: Res<Now>,
    overlays: Res<Overlays>,
    bands: Res<Bands>,
    presenter: Res<Presenter>,
    mut large: ResMut<LargeChart>,
    mut cursor: ResMut<ChartCursor>,
    mut intents: MessageWriter<Intent>,
    camera: Query<&Transform, With<MapCamera>>,
    mut area: ResMut<MapArea>,
) -> Result {
    let view = View {
        state: &state,
        playback: &playback,
        now: &now,
        overlays: &overlays,
    };
    let mut asked = Vec::new();
    let ctx = contexts.ctx_mut()?.clone();
    let zoom = presenter.zoom();
    if (ctx.zoom_factor() - zoom).abs() > f32::EPSILON {
        ctx.set_zoom_factor(zoom);
    }
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );

    egui::Panel::top("hud").show(&mut root, |ui| top_bar(ui, &view, &mut asked));
    if let Some(error) = state.error.clone() {
        egui::Panel::top("error")
            .frame(
                egui::Frame::new()
                    .fill(egui::Color32::from_rgb(170, 20, 30))
                    .inner_margin(6.0),
            )
            .show(&mut root, |ui| {
                ui.colored_label(
                    egui::Color32::WHITE,
                    egui::RichText::new(format!("⚠ {error}  — showing the last good journey"))
                        .size(VALUE_SIZE),
                );
            });
    }
    egui::Panel::bottom("controls").show(&mut root, |ui| controls(ui, &view, &mut asked));
    let mut hovered = None;
    if presenter.on {
        // Presenter mode: no side panels; the lesson a paragraph at a time, large.
        if let Some(text) = current_step(&state, playback.t_s) {
            egui::Panel::bottom("step").show(&mut root, |ui| {
                ui.label(egui::RichText::new(text).size(VALUE_SIZE + 3.0));
            });
        }
    } else {
        egui::Panel::left("lesson")
            .exact_size(LESSON_WIDTH)
            .show(&mut root, |ui| lesson_panel(ui, &state));
        egui::Panel::right("charts")
            .exact_size(CHARTS_WIDTH)
            .show(&mut root, |ui| {
                // A copy, so that the resource is marked changed only when it changes.
                let mut chart = *large;
                hovered = charts::show(ui, &state, &playback, &bands, &mut chart, &mut asked);
                large.set_if_neq(chart);
            });
    }
    cursor.set_if_neq(ChartCursor { t_s: hovered });
    intents.write_batch(asked);

    // The map camera draws only in the space the panels leave.
    let central = root.available_rect_before_wrap();
    if let Ok(transform) = camera.single() {
        scale_bar::draw(root.painter(), central, transform.scale.x * zoom);
    }
    area.set_if_neq(MapArea {
        min: Vec2::new(central.min.x, central.min.y) * zoom,
        size: Vec2::new(central.width(), central.height()) * zoom,
    });
    Ok(())
}

/// The lesson's paragraph for `t_s`: its steps up to then (the last one), or its first paragraph.
pub(crate) fn current_step(state: &JourneyState, t_s: f64) -> Option<String> {
    let s = &state.run.scenario;
    let at = train_scenario::time::instant_after(s.departure, t_s);
    let step = s
        .steps
        .iter()
        .take_while(|(when, _)| when.is_none_or(|w| w <= at))
        .last()
        .map(|(_, text)| text.clone());
    step.or_else(|| {
        s.lesson
            .as_ref()
            .map(|l| l.split("\n\n").next().unwrap_or(l).to_string())
    })
}

fn top_bar(ui: &mut egui::Ui, view: &View, asked: &mut Vec<Intent>) {
    let (state, now) = (view.state, view.now);
    ui.horizontal(|ui| {
        // A long title is cut short ("…", the whole of it on hover) so the menus and buttons on
        // its right stay on screen.
        let title_width = (ui.available_width() - TOP_BAR_CONTROLS_WIDTH).max(MIN_TITLE_WIDTH);
        ui.allocate_ui(
            egui::vec2(title_width, ui.spacing().interact_size.y),
            |ui| {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(&state.run.scenario.title)
                            .heading()
                            .strong(),
                    )
                    .truncate(),
                )
                .on_hover_text(&state.run.scenario.title);
            },
        );
        ui.add_space(12.0);
        let current = state.path.clone();
        let mut chosen = None;
        egui::ComboBox::from_id_salt("scenario")
            .selected_text("Scenarios…")
            .width(120.0)
            .show_ui(ui, |ui| {
                for entry in state.catalogue.iter().filter(|e| !e.is_lesson) {
                    let open = entry.path == current;
                    if ui
                        .selectable_label(open && state.case.is_none(), &entry.title)
                        .clicked()
                    {
                        chosen = Some((entry.path.clone(), None));
                    }
                    // A table-driven file lists its cases under it.
                    for case in &entry.cases {
                        let shown = open && state.case.as_deref() == Some(case.as_str());
                        if ui
                            .selectable_label(shown, format!("    · {case}"))
                            .clicked()
                        {
                            chosen = Some((entry.path.clone(), Some(case.clone())));
                        }
                    }
                }
            });
        egui::ComboBox::from_id_salt("lessons")
            .selected_text("Lessons…")
            .width(110.0)
            .show_ui(ui, |ui| {
                for entry in state.catalogue.iter().filter(|e| e.is_lesson) {
                    if ui
                        .selectable_label(entry.path == current, &entry.title)
                        .clicked()
                    {
                        chosen = Some((entry.path.clone(), None));
                    }
                }
            });
        match chosen {
            Some((path, Some(case))) => asked.push(Intent::OpenCase(path, case)),
            Some((path, None)) => asked.push(Intent::Open(path)),
            None => {}
        }
        let has_lines = !state.run.scenario.overlays.is_empty();
        if ui
            .add_enabled(
                has_lines,
                egui::Button::selectable(view.overlays.straight_lines, "Straight-line distances"),
            )
            .clicked()
        {
            asked.push(Intent::ToggleStraightLines);
        }
        if ui.button("Fit map").clicked() {
            asked.push(Intent::FitMap);
        }
    });
    ui.separator();
    let run = state.run.clone();
    let last = run.scenario.route.stations.len() - 1;
    // Wrapped: in presenter mode's large text the values flow onto a second row instead of
    // being squeezed into a column of letters.
    ui.horizontal_wrapped(|ui| {
        if let (Some(local), Some(utc)) = (&now.local, &now.utc) {
            let day = if now.day == 0 {
                String::new()
            } else {
                format!(" D{:+}", now.day)
            };
            ui.label(
                egui::RichText::new(format!(
                    "{} {}{day}",
                    local.strftime("%a %d %b %H:%M"),
                    offset_label(local)
                ))
                .size(CLOCK_SIZE)
                .strong(),
            );
            // Two-line labels in their own column: a wrapped row would flow their second
            // line back to the left edge.
            column(
                ui,
                vec![
                    egui::RichText::new(&now.zone_name).size(VALUE_SIZE - 3.0),
                    egui::RichText::new(format!("{} UTC", utc.strftime("%H:%M")))
                        .size(VALUE_SIZE - 3.0),
                ],
            );
            if let (Some(light), Some(altitude)) = (now.light(), now.sun_altitude_deg) {
                let (icon, colour) = match light {
                    Light::Day => ("DAY", egui::Color32::from_rgb(200, 140, 0)),
                    Light::Twilight => ("TWILIGHT", egui::Color32::from_rgb(120, 100, 160)),
                    Light::Night => ("NIGHT", egui::Color32::from_rgb(70, 80, 160)),
                };
                column(
                    ui,
                    [icon.to_string(), format!("sun {altitude:+.0}°")]
                        .into_iter()
                        .map(|line| {
                            egui::RichText::new(line)
                                .size(VALUE_SIZE - 2.0)
                                .color(colour)
                        })
                        .collect(),
                );
            }
        }
        ui.separator();
        let length = run.scenario.route.length_km();
        value(
            ui,
            "km done / left",
            &format!("{:.0} / {:.0}", now.km, (length - now.km).max(0.0)),
        );
        value(ui, "speed", &format!("{:.0} km/h", now.speed_kmh));
        let next = now
            .next_stop
            .and_then(|i| state.timetable.stations.get(i))
            .and_then(|s| Some((s, s.arrive.as_ref()?)));
        match next {
            Some((station, at)) => value(
                ui,
                "next stop",
                &format!(
                    "{} {}",
                    station.name,
                    match &now.local {
                        Some(here) => clock_seen_from(here, &at.zoned),
                        None => format!(
                            "{} {}",
                            at.zoned.strftime("%a %H:%M"),
                            offset_label(&at.zoned)
                        ),
                    }
                ),
            ),
            None => value(ui, "next stop", "—"),
        }
        let eta = run.local_at_station(now.eta_s, last);
        let drift = if now.drift_s.abs() < LATE_THRESHOLD_S {
            "on plan".to_string()
        } else {
            format_signed_duration(now.drift_s)
        };
        value(
            ui,
            &format!("ETA {}", run.scenario.route.stations[last].name),
            &format!(
                "{} {} ({drift})",
                eta.strftime("%a %H:%M"),
                offset_label(&eta)
            ),
        );
        ui.separator();
        let color = theme::level_egui(now.level);
        let mut security = vec![
            egui::RichText::new("security")
                .size(VALUE_SIZE - 4.0)
                .weak(),
            egui::RichText::new(format!(" {} ", now.level.name()))
                .size(VALUE_SIZE + 1.0)
                .strong()
                .color(egui::Color32::WHITE)
                .background_color(color),
        ];
        if let Some(reason) = &now.level_reason {
            security.push(egui::RichText::new(reason).size(VALUE_SIZE - 4.0));
        }
        column(ui, security);
    });
}

/// The record against this run, as the lessons refer to it ('Observed vs simulated'): each
/// observation, the run's time there and the difference, green where they agree within the
/// observation's tolerance; the source on hover.
fn observed_vs_simulated(ui: &mut egui::Ui, rows: &[train_scenario::observations::ObservedRow]) {
    if rows.is_empty() {
        return;
    }
    ui.separator();
    ui.strong("Observed vs simulated");
    for row in rows {
        let (word, level) = if row.agrees {
            ("agrees", train_sim::Level::Normal)
        } else {
            ("differs", train_sim::Level::Lockdown)
        };
        let simulated = row
            .simulated
            .as_deref()
            .map_or_else(|| "never".to_string(), short_time);
        ui.colored_label(
            theme::level_egui(level),
            format!(
                "{} {}: record {}, run {} ({}; {word})",
                row.place,
                row.event.to_lowercase(),
                short_time(&row.observed),
                simulated,
                row.difference
            ),
        )
        .on_hover_text(&row.source);
    }
}

/// An RFC 3339 time as a short local reading at its own offset ("Tue 12 Sep 06:00 +10"); a date
/// or anything else as written.
fn short_time(text: &str) -> String {
    let offset = jiff::fmt::temporal::Pieces::parse(text)
        .ok()
        .and_then(|pieces| pieces.to_numeric_offset());
    match (text.parse::<jiff::Timestamp>(), offset) {
        (Ok(at), Some(offset)) => {
            let at = at.to_zoned(jiff::tz::TimeZone::fixed(offset));
            format!("{} {}", at.strftime("%a %d %b %H:%M"), offset_label(&at))
        }
        _ => text.to_string(),
    }
}

/// A time as read beside the clock showing `here`: the day when it is another day, the offset
/// when it is another zone (a next stop across the border keeps its own clock).
fn clock_seen_from(here: &jiff::Zoned, at: &jiff::Zoned) -> String {
    let day = if at.date() == here.date() {
        String::new()
    } else {
        format!("{} ", at.strftime("%a"))
    };
    let zone = if at.offset() == here.offset() {
        String::new()
    } else {
        format!(" {}", offset_label(at))
    };
    format!("{day}{}{zone}", at.strftime("%H:%M"))
}

fn value(ui: &mut egui::Ui, label: &str, text: &str) {
    column(
        ui,
        vec![
            egui::RichText::new(label).size(VALUE_SIZE - 4.0).weak(),
            egui::RichText::new(text).size(VALUE_SIZE).strong(),
        ],
    );
    ui.add_space(8.0);
}

/// Lines stacked in a column of a wrapped row, never wrapped themselves: a column that does not
/// fit in what is left of the row starts the next row (a wrapped row only moves single widgets,
/// and would squeeze a column into a stack of letters).
fn column(ui: &mut egui::Ui, lines: Vec<egui::RichText>) {
    let widest = lines
        .iter()
        .map(|line| {
            egui::WidgetText::from(line.clone())
                .into_galley(
                    ui,
                    Some(egui::TextWrapMode::Extend),
                    f32::INFINITY,
                    egui::TextStyle::Body,
                )
                .size()
                .x
        })
        .fold(0.0, f32::max);
    if ui.available_size_before_wrap().x < widest {
        ui.end_row();
    }
    ui.vertical(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        for line in lines {
            ui.label(line);
        }
    });
}

fn controls(ui: &mut egui::Ui, view: &View, asked: &mut Vec<Intent>) {
    let (state, playback) = (view.state, view.playback);
    // Presenter mode's large text leaves less room: shorter sliders keep each row on screen.
    if ui.ctx().zoom_factor() > 1.0 {
        ui.spacing_mut().slider_width = PRESENTER_SLIDER_WIDTH;
    }
    ui.horizontal_wrapped(|ui| {
        if ui.button("⏮ Restart (R)").clicked() {
            asked.push(Intent::Restart);
        }
        let play = if playback.paused {
            "▶ Play (space)"
        } else {
            "⏸ Pause (space)"
        };
        if ui.button(play).clicked() {
            asked.push(Intent::TogglePlay);
        }
        for (i, speed) in SPEEDS.iter().enumerate() {
            if ui
                .selectable_label(playback.scale == *speed, format!("{speed}x ({})", i + 1))
                .clicked()
            {
                asked.push(Intent::SetScale(*speed));
            }
        }
        if ui.button("⏭ Next event (N)").clicked() {
            asked.push(Intent::NextEvent);
        }
        if ui.button("Next day (D)").clicked() {
            asked.push(Intent::NextDay);
        }
        if state.timetable.itinerary && ui.button("Next leg (L)").clicked() {
            asked.push(Intent::NextLeg);
        }
        ui.separator();
        let arrival = state.arrival_s();
        let mut hours = playback.t_s / S_PER_H;
        if ui
            .add(
                egui::Slider::new(&mut hours, 0.0..=arrival / S_PER_H)
                    .text("h since departure")
                    .fixed_decimals(1),
            )
            .changed()
        {
            asked.push(Intent::Seek(hours * S_PER_H));
        }
    });
    ui.horizontal_wrapped(|ui| {
        let mut cruise = state.cruise_kmh;
        if ui
            .add(
                egui::Slider::new(&mut cruise, CRUISE_RANGE_KMH)
                    .text("cruise km/h")
                    .fixed_decimals(0),
            )
            .changed()
        {
            asked.push(Intent::SetCruise(cruise));
        }
        let mut shift = state.shift_h;
        let departure = &state.timetable.departure;
        if ui
            .add(
                egui::Slider::new(&mut shift, SHIFT_RANGE_H)
                    .step_by(0.5)
                    .text(format!(
                        "departure shift h: {}",
                        departure.zoned.strftime("%a %H:%M")
                    )),
            )
            .changed()
        {
            asked.push(Intent::SetDepartureShift(shift));
        }
        if ui.button("Reset sliders").clicked() {
            asked.push(Intent::ResetSliders);
        }
        ui.separator();
        ui.label(
            egui::RichText::new(format!(
                "{} · t = {}",
                state.path.display(),
                format_duration(view.now.t_s)
            ))
            .weak(),
        );
    });
}

fn lesson_panel(ui: &mut egui::Ui, state: &JourneyState) {
    // A solid scroll bar, always shown: a long lesson goes on below the panel's edge.
    ui.style_mut().spacing.scroll = egui::style::ScrollStyle::solid();
    egui::ScrollArea::vertical()
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
        .show(ui, |ui| {
            if let Some(lesson) = &state.run.scenario.lesson {
                ui.heading("Lesson");
                ui.label(egui::RichText::new(lesson).size(VALUE_SIZE - 1.0));
            }
            let claims = &state.run.claims;
            if !claims.is_empty() {
                ui.separator();
                ui.strong("Press claims");
                for claim in claims {
                    let color = theme::claim(claim.verdict);
                    ui.label(egui::RichText::new(format!("{}:", claim.source)).small());
                    let against = match &claim.record {
                        Some(record) => format!("record: {record}"),
                        None => format!("model only: {}", claim.says.actual),
                    };
                    ui.colored_label(
                        color,
                        format!(
                            "{} {}: {} ({against})",
                            claim.says.kind,
                            claim.says.expected,
                            claim.verdict.word(),
                        ),
                    );
                }
            }
            observed_vs_simulated(ui, &state.run.observed);
            ui.separator();
            ui.strong("Legend");
            ui.colored_label(
                theme::to_egui(theme::ROUTE_DONE),
                "Blue line: route travelled",
            );
            ui.colored_label(theme::to_egui(theme::ROUTE_AHEAD), "Grey line: route ahead");
            ui.horizontal_wrapped(|ui| {
                ui.label("Train arrow, by security level:");
                for level in train_sim::Level::ALL {
                    ui.colored_label(theme::level_egui(level), level.name());
                }
            });
            ui.colored_label(
                theme::to_egui(theme::STATION_ESTIMATED),
                "Grey station: position estimated (est.)",
            );
            if !claims.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label("Claims:");
                    for (outcome, meaning) in [
                        (ClaimOutcome::Consistent, "fits the record"),
                        (ClaimOutcome::Inconsistent, "ruled out"),
                        (
                            ClaimOutcome::ConsistentWithOtherMeasure,
                            "right as another measure",
                        ),
                        (ClaimOutcome::ModelOnlyConsistent, "pale: the model only"),
                    ] {
                        ui.colored_label(theme::claim(outcome), meaning);
                    }
                });
            }
            ui.label(
                egui::RichText::new("Drag to pan, wheel to zoom. Keys: space, 1-4, N, D, L, R.")
                    .small(),
            );
        });
}

#[cfg(test)]
mod tests {
    use super::{clock_seen_from, short_time};

    fn zoned(text: &str) -> jiff::Zoned {
        text.parse().unwrap()
    }

    #[test]
    fn a_next_stop_shows_its_day_and_zone_only_when_they_differ_from_the_clock() {
        let here = zoned("2023-09-18T07:36:00+10:00[Asia/Vladivostok]");
        // Tumangang on Pyongyang time: 06:47 there is 07:47 here, still ahead.
        assert_eq!(
            clock_seen_from(&here, &zoned("2023-09-18T06:47:00+09:00[Asia/Pyongyang]")),
            "06:47 +09"
        );
        assert_eq!(
            clock_seen_from(&here, &zoned("2023-09-18T10:26:00+10:00[Asia/Vladivostok]")),
            "10:26"
        );
        assert_eq!(
            clock_seen_from(&here, &zoned("2023-09-19T04:23:00+10:00[Asia/Vladivostok]")),
            "Tue 04:23"
        );
    }

    #[test]
    fn observed_times_read_short_and_anything_else_as_written() {
        assert_eq!(
            short_time("2023-09-12T06:00:00+10:00"),
            "Tue 12 Sep 06:00 +10"
        );
        assert_eq!(
            short_time("2019-04-24T11:40:00+05:30"),
            "Wed 24 Apr 11:40 +05:30"
        );
        assert_eq!(short_time("2023-09-13"), "2023-09-13");
    }
}
