//! The event loop: runs a journey from its scheduled departure to its arrival, reporting as it goes.
//!
//! Between events the train follows a closed-form plan (see [`crate::profile`]) to its current
//! stopping target: the next planned stop, or nearer, an incident standstill or a Lockdown
//! station. Events are found exactly inside the plan's pieces (a position is reached by solving
//! the piece's kinematics; a time gives a position the same way), so no time step is involved.
//! An arrival estimate is a copy of the engine state run to the end in "forecast" mode, where
//! nothing not yet triggered can happen.
//!
//! The seams: [`state`] (the `Copy` state a forecast forks), [`sink`] (where reports go),
//! [`events`] (security events and incidents as they are met) and [`step`] (the loop itself).
mod events;
mod plan_cache;
mod sink;
mod state;
mod step;

use crate::error::SimError;
use crate::incidents::Incident;
use crate::journey::{Journey, StationTimes};
use crate::profile::{Piece, PlanScratch};
use crate::spec::JourneySpec;
use plan_cache::PlanCache;
use sink::{ArrivalSink, JourneySink};
use state::State;
use step::Engine;

/// What to record besides the arrival and the station times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Report arrival estimates (each costs a forecast run).
    pub estimates: bool,
    /// Record the trajectory (needed for charts and the desktop app).
    pub trajectory: bool,
    /// Which random stream to draw incidents from (0 = the scenario's own journey).
    pub stream: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            estimates: true,
            trajectory: true,
            stream: 0,
        }
    }
}

/// Buffers reused across journeys so that batch runs do not allocate per journey.
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    main: Buffers,
    forecast: Buffers,
    incidents: Vec<Incident>,
    pending: Vec<Incident>,
}

#[derive(Debug, Default, Clone)]
struct Buffers {
    pieces: Vec<Piece>,
    scratch: PlanScratch,
    cache: PlanCache,
}

impl Buffers {
    fn for_track(&mut self, spec: &JourneySpec) -> &mut Self {
        self.cache.use_limits(spec.track.limits());
        self
    }
}

/// Runs one journey and returns everything it reports.
pub fn simulate(spec: &JourneySpec, options: Options) -> Result<Journey, SimError> {
    let mut journey = Journey::default();
    simulate_into(spec, options, &mut Workspace::default(), &mut journey)?;
    Ok(journey)
}

/// Runs one journey into `journey` (cleared first), reusing `workspace`.
pub fn simulate_into(
    spec: &JourneySpec,
    options: Options,
    workspace: &mut Workspace,
    journey: &mut Journey,
) -> Result<(), SimError> {
    journey.estimates.clear();
    journey.security.clear();
    journey.incidents.clear();
    journey.trajectory.clear();
    journey.stations.clear();
    journey
        .stations
        .resize(spec.track.stations().len(), StationTimes::default());
    draw_incidents(spec, options.stream, &mut workspace.incidents);
    let engine = Engine {
        spec,
        incidents: &workspace.incidents,
    };
    let mut sink = JourneySink::new(journey, options.trajectory, &mut workspace.pending);
    let mut state = State::at_departure(spec);
    let forecast = if options.estimates {
        Some(workspace.forecast.for_track(spec))
    } else {
        None
    };
    let arrival_s = engine.run(
        &mut state,
        workspace.main.for_track(spec),
        &mut sink,
        forecast,
    )?;
    sink.finish(arrival_s, spec.track.destination_m());
    Ok(())
}

/// Runs one journey recording only the arrival and, if given, the station arrival times: the
/// Monte Carlo hot path (no estimates, no trajectory, no allocation once `workspace` is warm).
pub(crate) fn simulate_arrival(
    spec: &JourneySpec,
    stream: u64,
    workspace: &mut Workspace,
    arrivals: &mut [f64],
) -> Result<f64, SimError> {
    draw_incidents(spec, stream, &mut workspace.incidents);
    let engine = Engine {
        spec,
        incidents: &workspace.incidents,
    };
    let mut sink = ArrivalSink { arrivals };
    let mut state = State::at_departure(spec);
    engine.run(&mut state, workspace.main.for_track(spec), &mut sink, None)
}

/// Scripted incidents merged with the random draws of `stream`, sorted by position.
fn draw_incidents(spec: &JourneySpec, stream: u64, out: &mut Vec<Incident>) {
    out.clear();
    out.extend_from_slice(&spec.incidents);
    if let Some(random) = &spec.random {
        let scripted = out.len();
        let mut rng = random.rng(stream);
        random.draw(
            &mut rng,
            spec.track.origin_m(),
            spec.track.destination_m(),
            out,
        );
        if scripted > 0 && out.len() > scripted {
            // Both halves are sorted; a stable sort keeps scripted incidents first at equal km.
            out.sort_by(|a, b| a.at_m.total_cmp(&b.at_m));
        }
    }
}
