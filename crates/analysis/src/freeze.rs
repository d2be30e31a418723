//! Freezing a sweep (`sweep --freeze`): the scenario file rewritten as a table-driven scenario
//! whose `vary` grid is the sweep's, each cell carrying today's computed times as its
//! expectations, so that `check` later says what changed (as insta's snapshots do). The input's
//! text is kept, comments included; only the title, the base's `expect` and a path to a route
//! file change, and the grid is added.
use crate::rewrite::Rewrite;
use jiff::Timestamp;
use thiserror::Error;
use train_scenario::time::{local, rfc3339};
use train_scenario::{Run, Scenario, cell_name};

/// Tolerance of a frozen time: the times are written to the second.
const FROZEN_WITHIN: &str = "1s";

/// Why a sweep cannot be frozen.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("--freeze: {0}")]
pub struct FreezeError(pub String);

/// The text of `scenario`'s file turned into a `vary` scenario over `speeds` (if the sweep varied
/// the speed) and `departures` (if it varied the departure); `command` is quoted in its comments.
pub fn freeze(
    scenario: &Scenario,
    speeds: Option<&[f64]>,
    departures: Option<&[Timestamp]>,
    command: &str,
    output: &std::path::Path,
) -> Result<String, FreezeError> {
    let fail = |m: String| FreezeError(m);
    if !scenario.cases.is_empty() || !scenario.relations.is_empty() {
        return Err(fail(format!(
            "{} already has cases: freeze a scenario without `cases`, `vary` or `relations`",
            scenario.path().display()
        )));
    }
    let mut rewrite = Rewrite::new(&scenario.source);
    rewrite.replace(
        "title",
        format!("{:?}", format!("{} (frozen sweep)", scenario.title)),
    );
    // The base's own expectations would apply to every cell: each cell states its own instead.
    rewrite.replace("expect", "[]".into());
    // The route, network and observations must still be found from the new file's folder.
    rewrite.relocate(scenario, output);
    let route = &scenario.route;
    let (origin, last) = (&route.stations[0], route.stations.len() - 1);
    let mut grid = format!(
        "    // Frozen by `{command}`: each cell's times as computed then, to the second.\n    vary: Vary(\n"
    );
    if let Some(speeds) = speeds {
        let list: Vec<String> = speeds.iter().map(|v| format!("{v:?}")).collect();
        grid.push_str(&format!("        cruise_kmh: [{}],\n", list.join(", ")));
    }
    if let Some(departures) = departures {
        grid.push_str("        departure: [\n");
        for d in departures {
            let zoned = local(*d, &origin.tz);
            let zone = origin
                .tz
                .iana_name()
                .map(|n| format!("[{n}]"))
                .unwrap_or_default();
            grid.push_str(&format!("            \"{}{zone}\",\n", rfc3339(&zoned)));
        }
        grid.push_str("        ],\n");
    }
    grid.push_str("        expect: {\n");
    let cell_speeds: Vec<Option<f64>> = match speeds {
        Some(s) => s.iter().copied().map(Some).collect(),
        None => vec![None],
    };
    let cell_departures: Vec<Option<Timestamp>> = match departures {
        Some(d) => d.iter().copied().map(Some).collect(),
        None => vec![None],
    };
    for departure in &cell_departures {
        for speed in &cell_speeds {
            let mut cell = scenario.clone();
            if let Some(kmh) = speed {
                cell = cell
                    .with_cruise_kmh(*kmh)
                    .map_err(|e| fail(format!("{kmh} km/h: {e}")))?;
            }
            if let Some(d) = departure {
                cell = cell
                    .with_departure(*d)
                    .map_err(|e| fail(format!("departure {d}: {e}")))?;
            }
            let run = Run::new(&cell).map_err(|e| fail(e.to_string()))?;
            let name = cell_name(*speed, *departure, &origin.tz);
            let mut checks = Vec::new();
            for (i, station) in route.stations.iter().enumerate().skip(1) {
                if i != last && !route.is_planned_stop(i) {
                    continue;
                }
                if let Some(t) = run.journey.stations[i].arrive_s {
                    checks.push(format!(
                        "Arrive(station: {:?}, at: \"{}\", within: \"{FROZEN_WITHIN}\")",
                        station.reference(),
                        rfc3339(&run.local_at_station(t, i))
                    ));
                }
            }
            checks.push(format!(
                "TravelTime(is: \"{}\", within: \"{FROZEN_WITHIN}\")",
                train_scenario::duration::format_duration(run.journey.arrival_s)
            ));
            grid.push_str(&format!("            {name:?}: [\n"));
            for check in checks {
                grid.push_str(&format!("                {check},\n"));
            }
            grid.push_str("            ],\n");
        }
    }
    grid.push_str("        },\n    )");
    rewrite.add(grid);
    let header = format!(
        "// A frozen sweep of {}, written by `{command}`: reviewing the diff of this file shows what changed.\n",
        scenario.path().display()
    );
    Ok(rewrite.apply(&header))
}
