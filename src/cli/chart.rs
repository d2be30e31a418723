//! `chart`: publication-quality SVG charts of a journey (plotters): space-time diagram, speed
//! profile, estimate drift and the Monte Carlo arrival distribution.
use super::Context;
use super::args::{ChartArgs, ChartKind};
use super::load;
use super::output::note;
use super::output_file::{self, SVG_CHART};
use crate::exit;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::io::Write;
use train_analysis::montecarlo::{BatchError, MAX_RUNS, arrivals};
use train_analysis::series;
use train_analysis::stats::{bin_counts, percentile};
use train_scenario::Run;

/// SVG size, pixels.
const SIZE: (u32, u32) = (1100, 700);
const TITLE_FONT: u32 = 26;
const LABEL_FONT: u32 = 16;
const SMALL_FONT: u32 = 13;
/// Station labels closer than this share of the route are thinned out.
const LABEL_GAP_SHARE: f64 = 0.02;
/// Bars of the arrival distribution.
const DISTRIBUTION_BINS: usize = 40;
/// Trajectory samples per hour for smooth curves.
const SAMPLES_PER_HOUR: f64 = 30.0;
const ACTUAL: RGBColor = RGBColor(26, 64, 166);
const PLANNED: RGBColor = RGBColor(150, 150, 150);
const RESTRICTION: RGBColor = RGBColor(230, 120, 30);
const LEVEL_COLORS: [RGBColor; 4] = [
    RGBColor(26, 140, 51),
    RGBColor(230, 166, 13),
    RGBColor(230, 90, 13),
    RGBColor(204, 13, 26),
];

pub(crate) fn chart(args: &ChartArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let to_stdout = load::is_stdio(&args.output);
    if !to_stdout && args.output.extension().is_none_or(|e| e != "svg") {
        anyhow::bail!(
            "{}: the output must be a .svg file (or - for standard output)",
            args.output.display()
        );
    }
    // Refuse a bad output before the work, then again when writing (the inputs are known now
    // only by path; the route file is known once loaded).
    let mut inputs = vec![args.scenario.clone()];
    if !to_stdout {
        output_file::check_target(&args.output, SVG_CHART, &inputs)?;
    }
    let scenario = load::scenario(&ctx.loader, &args.scenario, &args.overrides)?;
    inputs.push(scenario.route.source.path.clone());
    let run = load::run(&scenario)?;
    let mut svg = String::new();
    let result = match args.kind {
        ChartKind::Marey => marey(&run, &mut svg),
        ChartKind::Speed => speed(&run, &mut svg),
        ChartKind::Eta => eta(&run, &mut svg),
        ChartKind::Montecarlo => montecarlo(&run, args.runs, &mut svg),
    };
    result.map_err(|e| anyhow::anyhow!("{}: {e}", args.output.display()))?;
    let document = format!("{}\n{svg}", SVG_CHART.marker);
    if to_stdout {
        out.write_all(document.as_bytes())?;
    } else {
        output_file::write(&args.output, SVG_CHART, &inputs, document.as_bytes())?;
        note(format!("wrote {}", args.output.display()));
    }
    Ok(exit::OK)
}

/// Approximate width of a character in font sizes (for sizing the label area and the title).
const CHAR_WIDTH: f64 = 0.6;

/// A title font size that fits the chart's width.
fn caption_size(title: &str) -> u32 {
    let fits = f64::from(SIZE.0) * 0.95 / (title.chars().count() as f64 * CHAR_WIDTH);
    (fits as u32).clamp(SMALL_FONT, TITLE_FONT)
}

/// Pixels for labels of `chars` characters beside the axis.
fn label_area(chars: usize) -> u32 {
    (chars as f64 * f64::from(SMALL_FONT) * CHAR_WIDTH) as u32 + 15
}

pub(crate) type DrawResult = Result<(), Box<dyn std::error::Error>>;
type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// A white SVG canvas drawing into `svg`.
fn canvas(
    svg: &mut String,
) -> Result<DrawingArea<SVGBackend<'_>, plotters::coord::Shift>, Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    Ok(root)
}

/// The series legend, in the same style on every chart.
fn draw_legend<'a, 'b: 'a>(chart: &mut Chart<'a, 'b>, position: SeriesLabelPosition) -> DrawResult {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(("sans-serif", LABEL_FONT))
        .draw()?;
    Ok(())
}

pub(crate) fn marey(run: &Run, svg: &mut String) -> DrawResult {
    let root = canvas(svg)?;
    let hours = run.journey.arrival_s.max(run.planned.arrival_s) / 3600.0;
    let route = &run.scenario.route;
    let length = route.length_km();
    let departure = run.local_at_station(0.0, 0);
    // Station labels on the distance axis: stops first, then the others, each left out if it
    // would overlap one already chosen.
    let min_gap_km = length * LABEL_GAP_SHARE;
    let mut order: Vec<usize> = (0..route.stations.len()).collect();
    order.sort_by_key(|&i| !route.is_planned_stop(i));
    let mut chosen: Vec<usize> = Vec::new();
    for i in order {
        let km = route.stations[i].km;
        if chosen
            .iter()
            .all(|&c| (route.stations[c].km - km).abs() >= min_gap_km)
        {
            chosen.push(i);
        }
    }
    let labels: Vec<(f64, String)> = chosen
        .iter()
        .map(|&i| {
            let s = &route.stations[i];
            (s.km, format!("{} {:.0}", s.name, s.km))
        })
        .collect();
    let widest = labels
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(0);
    let title = format!("{}: space-time diagram", run.scenario.title);
    let mut chart = ChartBuilder::on(&root)
        .caption(&title, ("sans-serif", caption_size(&title)))
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(label_area(widest))
        .right_y_label_area_size(20)
        .build_cartesian_2d(0.0..hours * 1.02, 0.0..length * 1.02)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_desc(format!(
            "hours since departure ({} {})",
            departure.strftime("%a %d %b %H:%M"),
            train_scenario::time::offset_label(&departure)
        ))
        .x_label_style(("sans-serif", LABEL_FONT))
        .draw()?;
    for station in &route.stations {
        chart.draw_series(LineSeries::new(
            [(0.0, station.km), (hours * 1.02, station.km)],
            RGBColor(225, 225, 225),
        ))?;
    }
    for (km, label) in labels {
        chart.plotting_area().draw(&Text::new(
            label,
            (0.0, km),
            ("sans-serif", SMALL_FONT)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    for period in &run.journey.security {
        let color = LEVEL_COLORS[period.level as usize].mix(0.25);
        chart.draw_series(std::iter::once(Rectangle::new(
            [
                (period.from_s / 3600.0, 0.0),
                (period.to_s / 3600.0, length * 1.02),
            ],
            color.filled(),
        )))?;
    }
    let planned = series::marey(&run.planned, SAMPLES_PER_HOUR);
    let actual = series::marey(&run.journey, SAMPLES_PER_HOUR);
    chart
        .draw_series(DashedLineSeries::new(
            planned,
            8,
            6,
            PLANNED.stroke_width(2),
        ))?
        .label("planned (no events)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], PLANNED.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(actual, ACTUAL.stroke_width(3)))?
        .label("actual")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], ACTUAL.stroke_width(3)));
    draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
    root.present()?;
    Ok(())
}

pub(crate) fn speed(run: &Run, svg: &mut String) -> DrawResult {
    let root = canvas(svg)?;
    let route = &run.scenario.route;
    let length = route.length_km();
    let top = run.scenario.cruise_kmh * 1.2;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("{}: speed along the route", run.scenario.title),
            ("sans-serif", caption_size(&run.scenario.title)),
        )
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..length * 1.01, 0.0..top)?;
    chart
        .configure_mesh()
        .x_desc("km from the origin")
        .y_desc("km/h")
        .label_style(("sans-serif", LABEL_FONT))
        .draw()?;
    for r in &route.restrictions {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(r.from_km, 0.0), (r.to_km, r.max_kmh)],
            RESTRICTION.mix(0.35).filled(),
        )))?;
        let label = format!(
            "{} km/h: {}",
            r.max_kmh,
            r.reason.clone().unwrap_or_default()
        );
        chart.draw_series(std::iter::once(Text::new(
            label,
            (r.from_km, r.max_kmh + top * 0.03),
            ("sans-serif", SMALL_FONT)
                .into_font()
                .color(&RESTRICTION)
                .pos(Pos::new(HPos::Right, VPos::Bottom)),
        )))?;
    }
    for station in &route.stations {
        chart.draw_series(LineSeries::new(
            [(station.km, 0.0), (station.km, top * 0.04)],
            BLACK,
        ))?;
    }
    for (i, station) in route
        .stations
        .iter()
        .enumerate()
        .filter(|(i, s)| *i == 0 || s.dwell_s > 0.0 || *i + 1 == route.stations.len())
    {
        let anchor = if i == 0 { HPos::Left } else { HPos::Right };
        chart.draw_series(std::iter::once(Text::new(
            station.name.clone(),
            (station.km, top * 0.05),
            ("sans-serif", SMALL_FONT)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(anchor, VPos::Bottom)),
        )))?;
    }
    let profile = series::speed_profile(&run.journey, SAMPLES_PER_HOUR * 4.0);
    chart
        .draw_series(LineSeries::new(profile, ACTUAL.stroke_width(2)))?
        .label("speed")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], ACTUAL.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(
            [
                (0.0, run.scenario.cruise_kmh),
                (length, run.scenario.cruise_kmh),
            ],
            PLANNED,
        ))?
        .label("cruise")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], PLANNED));
    draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    root.present()?;
    Ok(())
}

fn eta(run: &Run, svg: &mut String) -> DrawResult {
    let root = canvas(svg)?;
    let timetable = run.timetable();
    let first_eta = timetable.estimates.first().map(|e| e.eta.clone());
    let drifts = series::drift_points(&timetable);
    let max = drifts.iter().map(|d| d.1).fold(0.0f64, f64::max).max(10.0);
    let min = drifts.iter().map(|d| d.1).fold(0.0f64, f64::min).min(-10.0);
    let hours = run.journey.arrival_s / 3600.0;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("{}: how the arrival estimate drifted", run.scenario.title),
            ("sans-serif", TITLE_FONT),
        )
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..hours * 1.02, min * 1.15..max * 1.15)?;
    chart
        .configure_mesh()
        .x_desc("hours since departure (when the estimate was reported)")
        .y_desc(format!(
            "minutes later than the first estimate ({})",
            first_eta.map_or(String::new(), |e| e.zoned.strftime("%a %H:%M").to_string())
        ))
        .label_style(("sans-serif", LABEL_FONT))
        .draw()?;
    for period in &run.journey.security {
        let color = LEVEL_COLORS[period.level as usize].mix(0.25);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [
                    (period.from_s / 3600.0, min * 1.15),
                    (period.to_s / 3600.0, max * 1.15),
                ],
                color.filled(),
            )))?
            .label(period.level.name())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 15, y + 5)], color.filled()));
    }
    for stop in &run.journey.incidents {
        chart.draw_series(std::iter::once(Rectangle::new(
            [
                (stop.from_s / 3600.0, min * 1.15),
                (stop.to_s / 3600.0, max * 1.15),
            ],
            RGBColor(120, 120, 120).mix(0.3).filled(),
        )))?;
    }
    let line = series::drift_steps(&timetable, hours);
    chart
        .draw_series(LineSeries::new(line, ACTUAL.stroke_width(3)))?
        .label("estimate drift")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], ACTUAL.stroke_width(3)));
    chart.draw_series(
        drifts
            .iter()
            .map(|&(x, y)| Circle::new((x, y), 3, ACTUAL.filled())),
    )?;
    draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    root.present()?;
    Ok(())
}

fn montecarlo(run: &Run, runs: u64, svg: &mut String) -> DrawResult {
    if run.scenario.random.is_none() {
        return Err(format!("{} has no `random` incidents: every run would be the same journey, so there is no distribution to draw", run.scenario.path().display()).into());
    }
    if runs == 0 || runs > MAX_RUNS {
        return Err(BatchError::Runs(runs).into());
    }
    let (mut arrivals, _) = arrivals(run.scenario.spec(), runs, &[], None)?;
    arrivals.sort_by(f64::total_cmp);
    let undisturbed = run.planned.arrival_s;
    let delays_h: Vec<f64> = arrivals
        .iter()
        .map(|a| (a - undisturbed) / 3600.0)
        .collect();
    let lo = delays_h.first().copied().unwrap_or(0.0);
    let hi = delays_h.last().copied().unwrap_or(1.0).max(lo + 0.5);
    let width = (hi - lo) / DISTRIBUTION_BINS as f64;
    let counts = bin_counts(&delays_h, lo, width, DISTRIBUTION_BINS);
    let max = counts.iter().copied().max().unwrap_or(1) as f64 / delays_h.len() as f64 * 100.0;
    let root = canvas(svg)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("{}: arrival over {runs} runs", run.scenario.title),
            ("sans-serif", TITLE_FONT),
        )
        .margin(20)
        .x_label_area_size(50)
        .y_label_area_size(60)
        .build_cartesian_2d(lo..hi + width, 0.0..max * 1.15)?;
    chart
        .configure_mesh()
        .x_desc("delay against the undisturbed arrival, hours")
        .y_desc("% of runs")
        .label_style(("sans-serif", LABEL_FONT))
        .draw()?;
    chart.draw_series(counts.iter().enumerate().map(|(i, &c)| {
        let x0 = lo + width * i as f64;
        Rectangle::new(
            [
                (x0, 0.0),
                (x0 + width, c as f64 / delays_h.len() as f64 * 100.0),
            ],
            ACTUAL.mix(0.7).filled(),
        )
    }))?;
    for (name, p) in [("P5", 0.05), ("P50", 0.5), ("P95", 0.95)] {
        let x = percentile(&delays_h, p);
        chart.draw_series(LineSeries::new(
            [(x, 0.0), (x, max * 1.1)],
            RED.stroke_width(2),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            format!("{name} +{:.1} h", x),
            (x, max * 1.12),
            ("sans-serif", LABEL_FONT)
                .into_font()
                .color(&RED)
                .pos(Pos::new(HPos::Center, VPos::Bottom)),
        )))?;
    }
    root.present()?;
    Ok(())
}
