//! Why a journey would take longer than its times can be written: the largest single part of it,
//! named by the field of the route or scenario that sets it, so the error points at the cause (a
//! dwell, a delay, a Lockdown) rather than at "the speeds".
use crate::duration::format_duration;
use crate::scenario::Scenario;
use train_sim::units::{m_to_km, mps_to_kmh};
use train_sim::{CapsField, EventEnd, EventStart, Level, Location, RandomField, TrainField};

/// Seconds in a (Julian) year.
pub(crate) const S_PER_YEAR: f64 = 365.25 * 86_400.0;

/// One part of a journey's duration and the value behind it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    /// Where the value is set.
    pub(crate) location: Location,
    /// What it is, e.g. "the stop at Khasan".
    pub(crate) what: String,
    /// How long it lasts, s.
    pub(crate) seconds: f64,
}

/// A long duration in the largest unit that reads well: "2,738 years", "41d 3h", "1h 10m".
pub(crate) fn describe(seconds: f64) -> String {
    if seconds >= S_PER_YEAR {
        format!("{:.0} years", seconds / S_PER_YEAR)
    } else {
        format_duration(seconds)
    }
}

/// The largest part of `scenario`'s journey: running at cruise, a dwell or stated departure, an
/// incident's delay, a Lockdown, the High sweeps or the random delays.
pub(crate) fn largest_part(scenario: &Scenario) -> Part {
    let spec = scenario.spec();
    let route = &scenario.route;
    let stations = spec.track().stations();
    let cruise_mps = spec.train().cruise_mps();
    let length_m = spec.track().destination_m() - spec.track().origin_m();
    let mut parts = vec![Part {
        location: Location::Train(TrainField::Cruise),
        what: format!(
            "running {:.0} km at {} km/h",
            m_to_km(length_m),
            mps_to_kmh(cruise_mps)
        ),
        seconds: length_m / cruise_mps,
    }];
    for (i, stop) in stations.iter().enumerate() {
        let name = route.stations[i].reference();
        parts.push(Part {
            location: Location::StationDwell(i),
            what: format!("the stop at {name}"),
            seconds: stop.dwell_s,
        });
        if let Some(at_s) = stop.depart_at_s {
            parts.push(Part {
                location: Location::StationDwell(i),
                what: format!("waiting for the stated departure from {name}"),
                seconds: at_s,
            });
        }
    }
    for incident in spec.incidents() {
        parts.push(Part {
            location: Location::IncidentDelay(incident.cause as usize),
            what: format!("the incident at km {:.1}", m_to_km(incident.at_m)),
            seconds: incident.delay_s,
        });
    }
    for (i, event) in spec.security().iter().enumerate() {
        if event.level != Level::Lockdown {
            continue;
        }
        let start_s = match event.start {
            EventStart::AtTime(t) => t,
            EventStart::AtKm(_) => 0.0,
        };
        let hold_s = match event.until {
            Some(EventEnd::After(d)) => d,
            Some(EventEnd::AtTime(t)) => t - start_s,
            Some(EventEnd::AtKm(_)) | None => 0.0,
        };
        parts.push(Part {
            location: Location::SecurityEnd(i),
            what: format!("Lockdown {}", i + 1),
            seconds: hold_s,
        });
    }
    let raised = spec
        .security()
        .iter()
        .any(|e| matches!(e.level, Level::High | Level::Lockdown));
    if raised {
        let stops = stations.iter().filter(|s| s.is_planned_stop()).count();
        parts.push(Part {
            location: Location::Caps(CapsField::HighSweep),
            what: format!("the High sweep at up to {stops} stops"),
            seconds: spec.caps().high_sweep_s() * stops as f64,
        });
    }
    if let Some(random) = spec.random() {
        // The journey's own incidents: their number and delay on average (the delays are drawn
        // evenly between delay_min and delay_max).
        let expected = random.expected_count(length_m);
        let mean_delay_s = (random.delay_min_s + random.delay_max_s) / 2.0;
        parts.push(Part {
            location: Location::Random(RandomField::DelayMax),
            what: format!(
                "{expected:.0} random incidents of {} each on average",
                format_duration(mean_delay_s)
            ),
            seconds: expected * mean_delay_s,
        });
    }
    parts
        .into_iter()
        .filter(|p| p.seconds.is_finite())
        .max_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .unwrap_or(Part {
            location: Location::Train(TrainField::Cruise),
            what: "running at cruise".into(),
            seconds: f64::INFINITY,
        })
}
