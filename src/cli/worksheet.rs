//! Printable worksheets (`lessons export N --to DIR`): a lesson as one self-contained HTML page
//! (its narrative, the facts of its run with blanks to fill, the space-time chart and a map of the
//! rail line against the straight line, inline as SVG, its questions and the press claims to
//! judge) and its answer key as a second page, so a teacher can hand it out without the app.
use super::chart;
use super::markup::escape;
use super::output_file::{self, FileKind};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use train_scenario::duration::format_duration;
use train_scenario::{Overlay, Run, great_circle_km};

/// Worksheets and answer keys this tool writes.
pub(crate) const WORKSHEET: FileKind = FileKind {
    what: "a worksheet",
    marker: "<!-- written by armored-train lessons export -->",
};

/// Map drawing size, px (the page scales it to its width).
const MAP_SIZE: (f64, f64) = (760.0, 460.0);
/// Where along a straight line its label sits, line by line (shares of its length).
const LABEL_ALONG: [f64; 3] = [0.3, 0.55, 0.75];
/// Station labels closer than this (px, across and down) to one already placed are left out.
const LABEL_GAP_PX: (f64, f64) = (90.0, 14.0);

/// Lengths a scale bar may show, km, and its shortest length on the page, px.
const SCALE_BAR_KM: [f64; 5] = [50.0, 100.0, 200.0, 500.0, 1000.0];
const MIN_SCALE_BAR_PX: f64 = 60.0;

/// Kilometres in a degree of latitude (on the mean Earth radius).
fn km_per_degree() -> f64 {
    train_scenario::geo::EARTH_RADIUS_KM * std::f64::consts::PI / 180.0
}

/// Blank space left for an answer.
const BLANK: &str = "<span class=\"blank\"></span>";

/// Page style: A4, readable in print and on a projector.
const STYLE: &str = "body{font-family:Georgia,'DejaVu Serif',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.45}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #999}\
.meta{color:#555;font-size:.9rem}.lesson{font-size:1.05rem}table{border-collapse:collapse;width:100%}\
td,th{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}\
.blank{display:inline-block;min-width:12rem;border-bottom:1px solid #333;height:1.1rem}\
ol li{margin-bottom:1.1rem}svg{max-width:100%;height:auto;display:block;margin:.5rem 0}\
.key{color:#0a4;font-weight:bold}.note{color:#555;font-size:.9rem}\
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}svg{page-break-inside:avoid}}";

/// The two files of a lesson's worksheet, written into `dir` (created if missing); returns their
/// paths. Never writes over a file this tool did not write.
pub(crate) fn export(
    run: &Run,
    stem: &str,
    dir: &Path,
    inputs: &[PathBuf],
) -> anyhow::Result<[PathBuf; 2]> {
    std::fs::create_dir_all(dir)?;
    let sheet = dir.join(format!("{stem}.html"));
    let key = dir.join(format!("{stem}-answers.html"));
    for path in [&sheet, &key] {
        output_file::check_target(path, WORKSHEET, inputs)?;
    }
    let charts = Charts::draw(run)?;
    output_file::write(
        &sheet,
        WORKSHEET,
        inputs,
        page(run, &charts, false).as_bytes(),
    )?;
    output_file::write(&key, WORKSHEET, inputs, page(run, &charts, true).as_bytes())?;
    Ok([sheet, key])
}

/// The inline drawings of a worksheet.
struct Charts {
    marey: String,
    map: String,
}

impl Charts {
    fn draw(run: &Run) -> anyhow::Result<Self> {
        let mut marey = String::new();
        chart::marey(run, &mut marey).map_err(|e| anyhow::anyhow!("space-time chart: {e}"))?;
        Ok(Self {
            marey,
            map: map_svg(run),
        })
    }
}

/// The facts of the run a pupil fills in, with their answers.
fn facts(run: &Run) -> Vec<(&'static str, String)> {
    let tt = run.timetable();
    vec![
        (
            "Departure (local time)",
            format!(
                "{} {}",
                tt.departure.zoned.strftime("%a %d %b %Y, %H:%M"),
                tt.departure.offset()
            ),
        ),
        (
            "Arrival (local time)",
            format!(
                "{} {}",
                tt.arrival.zoned.strftime("%a %d %b %Y, %H:%M"),
                tt.arrival.offset()
            ),
        ),
        ("Distance by rail", format!("{:.0} km", tt.length_km)),
        ("Travel time", format_duration(tt.travel_time_s)),
        (
            "Average speed, stops included",
            format!("{:.1} km/h", tt.average_kmh),
        ),
    ]
}

/// The worksheet (`answers`: the answer key).
fn page(run: &Run, charts: &Charts, answers: bool) -> String {
    let s = &run.scenario;
    let mut out = String::new();
    let title = if answers {
        format!("{} — answer key", s.title)
    } else {
        s.title.clone()
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n{}\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n",
        WORKSHEET.marker,
        escape(&title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} · armored-train worksheet · name: {BLANK}</p>",
        escape(&s.route.name)
    );
    if let Some(lesson) = &s.lesson {
        let _ = writeln!(out, "<p class=\"lesson\">{}</p>", escape(lesson));
    }
    out.push_str("<h2>The journey in numbers</h2>\n<table>\n");
    for (what, value) in facts(run) {
        let cell = if answers {
            format!("<span class=\"key\">{}</span>", escape(&value))
        } else {
            BLANK.to_string()
        };
        let _ = writeln!(out, "<tr><th>{what}</th><td>{cell}</td></tr>");
    }
    out.push_str("</table>\n");
    let _ = writeln!(
        out,
        "<h2>Where the line goes</h2>\n<p class=\"note\">The rail line (blue) against the straight line (dashed), stations with their km.</p>\n{}",
        charts.map
    );
    let _ = writeln!(
        out,
        "<h2>Space and time</h2>\n<p class=\"note\">Distance along the line against hours since departure: a flat stretch is the train standing.</p>\n{}",
        strip_xml_prolog(&charts.marey)
    );
    if !s.questions.is_empty() {
        out.push_str("<h2>Questions</h2>\n<ol>\n");
        for (ask, answer) in &s.questions {
            let reply = if answers {
                format!("<br><span class=\"key\">{}</span>", escape(answer))
            } else {
                format!("<br>{BLANK}{BLANK}")
            };
            let _ = writeln!(out, "<li>{}{reply}</li>", escape(ask));
        }
        out.push_str("</ol>\n");
    }
    if !run.claims.is_empty() {
        out.push_str("<h2>What the press said: does it hold?</h2>\n<ol>\n");
        for claim in &run.claims {
            let v = &claim.says;
            let reply = if answers {
                let record = claim.record.as_ref().map_or(
                    "the record says nothing: judged against the model's assumptions".to_string(),
                    |r| format!("record: {r}"),
                );
                format!(
                    "<br><span class=\"key\">{}</span> — {}; this run: {}",
                    escape(claim.verdict.word()),
                    escape(&record),
                    escape(&v.actual)
                )
            } else {
                format!("<br>Consistent with the record? {BLANK} Why? {BLANK}")
            };
            let _ = writeln!(
                out,
                "<li><b>{}</b>: {} {} {}{reply}</li>",
                escape(&claim.source),
                escape(&v.kind.to_string()),
                escape(&v.subject),
                escape(&v.expected)
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("<p class=\"note\">Made with armored-train: the train's journey computed exactly from the scenario's assumptions; estimates and hypothetical inputs are marked in the scenario file.</p>\n</body></html>\n");
    out
}

/// An SVG document without its `<?xml ...?>` line (to sit inside HTML).
fn strip_xml_prolog(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// A map of the rail line against the straight line(s): stations with coordinates projected
/// equirectangularly (longitudes shrunk by the cosine of the mean latitude), a scale bar and a
/// north arrow.
fn map_svg(run: &Run) -> String {
    let route = &run.scenario.route;
    let points: Vec<(usize, f64, f64)> = route
        .stations
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, s.lat?, s.lon?)))
        .collect();
    let (w, h) = MAP_SIZE;
    if points.len() < 2 {
        return format!(
            "<p class=\"note\">No map: fewer than two stations of {} have coordinates.</p>",
            escape(&route.name)
        );
    }
    let margin = 60.0;
    let mean_lat = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
    let shrink = mean_lat.to_radians().cos();
    let xs: Vec<f64> = points.iter().map(|p| p.2 * shrink).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    let (x0, x1) = (
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let (y0, y1) = (
        ys.iter().copied().fold(f64::INFINITY, f64::min),
        ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let scale =
        ((w - 2.0 * margin) / (x1 - x0).max(1e-9)).min((h - 2.0 * margin) / (y1 - y0).max(1e-9));
    let project = |lat: f64, lon: f64| {
        (
            margin + (lon * shrink - x0) * scale,
            h - margin - (lat - y0) * scale,
        )
    };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\">\n<rect width=\"{w}\" height=\"{h}\" fill=\"#f7f9fb\" stroke=\"#ccc\"/>\n"
    );
    let line: Vec<String> = points
        .iter()
        .map(|&(_, lat, lon)| {
            let (x, y) = project(lat, lon);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let _ = writeln!(
        svg,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1a40a6\" stroke-width=\"3\"/>",
        line.join(" ")
    );
    // Straight lines: the scenario's overlays, or origin to destination.
    let pairs: Vec<(usize, usize)> = if run.scenario.overlays.is_empty() {
        vec![(0, route.stations.len() - 1)]
    } else {
        run.scenario
            .overlays
            .iter()
            .map(|o| match o {
                Overlay::StraightLine { from, to, .. } => (*from, *to),
            })
            .collect()
    };
    for (n, (a, b)) in pairs.into_iter().enumerate() {
        let (sa, sb) = (&route.stations[a], &route.stations[b]);
        if let (Some(la), Some(oa), Some(lb), Some(ob)) = (sa.lat, sa.lon, sb.lat, sb.lon)
            && (la, oa) != (lb, ob)
        {
            let (xa, ya) = project(la, oa);
            let (xb, yb) = project(lb, ob);
            let km = great_circle_km(la, oa, lb, ob);
            let rail = (sb.km - sa.km).abs();
            // Labels of several lines sit at different points along them, so they do not overlap.
            let along = LABEL_ALONG[n % LABEL_ALONG.len()];
            let _ = writeln!(
                svg,
                "<line x1=\"{xa:.1}\" y1=\"{ya:.1}\" x2=\"{xb:.1}\" y2=\"{yb:.1}\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"8 6\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"#c0392b\">{} → {}: {km:.0} km straight, {rail:.0} km by rail</text>",
                xa + (xb - xa) * along + 8.0,
                ya + (yb - ya) * along,
                escape(&sa.name),
                escape(&sb.name)
            );
        }
    }
    // Stations: the ends and the stops labelled, each place once.
    let mut labelled: Vec<(&str, f64, f64)> = Vec::new();
    for &(i, lat, lon) in &points {
        let (x, y) = project(lat, lon);
        let s = &route.stations[i];
        let _ = writeln!(
            svg,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"#222\"/>"
        );
        let label = i == 0 || i + 1 == route.stations.len() || route.is_planned_stop(i);
        // Each place once, and not on top of a label already placed.
        let free = labelled.iter().all(|(name, lx, ly)| {
            *name != s.name && ((x - lx).abs() > LABEL_GAP_PX.0 || (y - ly).abs() > LABEL_GAP_PX.1)
        });
        if label && free {
            labelled.push((&s.name, x, y));
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{} (km {:.0})</text>",
                x + 6.0,
                y + 4.0,
                escape(&s.name),
                s.km
            );
        }
    }
    // A scale bar of a round number of km, and north.
    let km_per_px = km_per_degree() / scale;
    let bar_km = SCALE_BAR_KM
        .into_iter()
        .find(|k| k / km_per_px >= MIN_SCALE_BAR_PX)
        .unwrap_or(SCALE_BAR_KM[SCALE_BAR_KM.len() - 1]);
    let bar = bar_km / km_per_px;
    let _ = writeln!(
        svg,
        "<line x1=\"20\" y1=\"{y:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#222\" stroke-width=\"3\"/><text x=\"20\" y=\"{t:.1}\" font-size=\"12\">{bar_km:.0} km</text>\n<text x=\"{n:.1}\" y=\"30\" font-size=\"16\" text-anchor=\"middle\">N ↑</text>",
        y = h - 20.0,
        x = 20.0 + bar,
        t = h - 28.0,
        n = w - 25.0
    );
    svg.push_str("</svg>");
    svg
}
