//! Frames only when the picture can change: the app sleeps while the journey is paused and
//! nothing moves, and draws continuously while the train plays, a band is being computed, or
//! something the picture depends on has just changed.
//!
//! Bevy wakes the app by itself on input and window events and after [`IDLE_WAKE`]; egui asks
//! for frames it needs (hover, animations). This module asks for the rest, and keeps bevy_egui
//! from asking for every frame (see [`drop_repeated_modifiers`]).
use super::charts::{ChartCursor, LargeChart};
use super::intent::Presenter;
use super::journey::{JourneyState, RELOAD_POLL};
use super::map::{CameraFit, MapArea, MapCamera, Overlays};
use super::playback::Playback;
use super::uncertainty::Bands;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::render::view::screenshot::Screenshot;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::{EguiInput, EguiPreUpdateSet, egui};
use std::time::Duration;

/// The longest the app sleeps: as often as the open file is checked for edits, so hot reload
/// keeps working while the app is idle.
const IDLE_WAKE: Duration = RELOAD_POLL;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Last, request_frames).add_systems(
        PreUpdate,
        drop_repeated_modifiers
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    );
}

/// Reactive updates for the interactive app (a screenshot run draws continuously instead, so
/// that its frame count and frame time mean what they say).
pub(super) fn reactive() -> WinitSettings {
    WinitSettings {
        focused_mode: UpdateMode::reactive(IDLE_WAKE),
        // Unfocused (a teacher clicking in another window), the journey still plays: it asks for
        // its frames; only mouse motion elsewhere no longer wakes the app.
        unfocused_mode: UpdateMode::reactive_low_power(IDLE_WAKE),
    }
}

/// What the picture is drawn from; a change in any of them is drawn in the next frame too, so
/// that what is derived from it a frame later (the map's viewport, the fit) settles.
#[derive(SystemParam)]
pub(crate) struct Picture<'w, 's> {
    state: Res<'w, JourneyState>,
    playback: Res<'w, Playback>,
    overlays: Res<'w, Overlays>,
    fit: Res<'w, CameraFit>,
    area: Res<'w, MapArea>,
    cursor: Res<'w, ChartCursor>,
    large: Res<'w, LargeChart>,
    bands: Res<'w, Bands>,
    presenter: Option<Res<'w, Presenter>>,
    camera: Query<'w, 's, Ref<'static, Transform>, With<MapCamera>>,
    screenshots: Query<'w, 's, (), With<Screenshot>>,
}

impl Picture<'_, '_> {
    /// Whether another frame is needed: something moves by itself (the journey playing, a Monte
    /// Carlo band being computed, a screenshot waiting for its frame, a fit under way), or the
    /// picture's inputs changed in the last frame.
    pub(crate) fn needs_frame(&self) -> bool {
        let moving = !self.playback.paused
            || self.bands.progress().is_some()
            || !self.screenshots.is_empty()
            || self.fit.request;
        moving
            || self.state.is_changed()
            || self.playback.is_changed()
            || self.overlays.is_changed()
            || self.fit.is_changed()
            || self.area.is_changed()
            || self.cursor.is_changed()
            || self.large.is_changed()
            || self.bands.is_changed()
            || self.presenter.as_ref().is_some_and(|p| p.is_changed())
            || self.camera.iter().any(|t| t.is_changed())
    }
}

/// bevy_egui 0.42 reports the modifier keys to egui as a new event every frame, and egui asks
/// for another frame whenever it got an event: the app would never rest. Only a change is passed
/// on (egui keeps the last modifiers it was told).
fn drop_repeated_modifiers(
    mut inputs: Query<&mut EguiInput>,
    mut last: Local<Option<egui::Modifiers>>,
) {
    for mut input in &mut inputs {
        input.0.events.retain(|event| match event {
            egui::Event::ModifiersChanged(now) if *last == Some(*now) => false,
            egui::Event::ModifiersChanged(now) => {
                *last = Some(*now);
                true
            }
            _ => true,
        });
    }
}

fn request_frames(picture: Picture, mut redraw: MessageWriter<RequestRedraw>) {
    if picture.needs_frame() {
        redraw.write(RequestRedraw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(paused: bool) -> App {
        let state = super::super::tests::state();
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .insert_resource(state)
            .insert_resource(Playback {
                paused,
                ..Playback::default()
            })
            .init_resource::<Overlays>()
            .init_resource::<CameraFit>()
            .init_resource::<MapArea>()
            .init_resource::<ChartCursor>()
            .init_resource::<LargeChart>()
            .init_resource::<Bands>()
            .add_message::<RequestRedraw>()
            .init_resource::<Requested>()
            .add_plugins(plugin)
            .add_systems(Last, count_requests.after(request_frames));
        app.world_mut().spawn((MapCamera, Transform::default()));
        app
    }

    /// Redraw requests written in an update.
    #[derive(Resource, Default)]
    struct Requested(usize);

    fn count_requests(mut read: MessageReader<RequestRedraw>, mut requested: ResMut<Requested>) {
        requested.0 = read.read().count();
    }

    /// Runs a frame; the redraw requests it wrote.
    fn requests(app: &mut App) -> usize {
        app.update();
        app.world().resource::<Requested>().0
    }

    #[test]
    fn a_paused_journey_stops_asking_for_frames_once_the_picture_settled() {
        let mut app = app(true);
        // The first frame draws everything new.
        assert_eq!(requests(&mut app), 1);
        assert_eq!(requests(&mut app), 0);
        assert_eq!(requests(&mut app), 0);
        // A change (the chart's cursor moved) is drawn, then the app rests again.
        app.world_mut().resource_mut::<ChartCursor>().t_s = Some(3600.0);
        assert_eq!(requests(&mut app), 1);
        assert_eq!(requests(&mut app), 0);
        // Panning the map is drawn.
        app.world_mut()
            .query_filtered::<&mut Transform, With<MapCamera>>()
            .single_mut(app.world_mut())
            .unwrap()
            .translation
            .x += 10.0;
        assert_eq!(requests(&mut app), 1);
        assert_eq!(requests(&mut app), 0);
    }

    #[test]
    fn a_playing_journey_asks_for_every_frame() {
        let mut app = app(false);
        for _ in 0..5 {
            assert_eq!(requests(&mut app), 1);
        }
        app.world_mut().resource_mut::<Playback>().paused = true;
        assert_eq!(requests(&mut app), 1);
        assert_eq!(requests(&mut app), 0);
    }

    #[test]
    fn a_pending_fit_keeps_frames_coming_until_it_is_done() {
        let mut app = app(true);
        app.update();
        app.world_mut().resource_mut::<CameraFit>().request = true;
        for _ in 0..3 {
            assert_eq!(requests(&mut app), 1);
        }
        app.world_mut().resource_mut::<CameraFit>().request = false;
        assert_eq!(requests(&mut app), 1);
        assert_eq!(requests(&mut app), 0);
    }

    #[test]
    fn egui_hears_of_the_modifier_keys_only_when_they_change() {
        let mut app = App::new();
        app.add_systems(Update, drop_repeated_modifiers);
        let context = app.world_mut().spawn(EguiInput::default()).id();
        let mut frame = |modifiers: egui::Modifiers| {
            let mut input = app.world_mut().get_mut::<EguiInput>(context).unwrap();
            input.0.events = vec![
                egui::Event::ModifiersChanged(modifiers),
                egui::Event::PointerGone,
            ];
            app.update();
            let input = app.world().get::<EguiInput>(context).unwrap();
            input
                .0
                .events
                .iter()
                .filter(|e| matches!(e, egui::Event::ModifiersChanged(_)))
                .count()
        };
        assert_eq!(frame(egui::Modifiers::NONE), 1);
        assert_eq!(frame(egui::Modifiers::NONE), 0);
        assert_eq!(frame(egui::Modifiers::SHIFT), 1);
        assert_eq!(frame(egui::Modifiers::SHIFT), 0);
        assert_eq!(frame(egui::Modifiers::NONE), 1);
    }
}
