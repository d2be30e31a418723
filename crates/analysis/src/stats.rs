//! Small statistics shared by the reports and charts: percentiles, histogram bins, step lines.

/// Nearest-rank percentile of sorted values: the value below which `p` of them fall.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// How many of `values` fall in each of `bins` bins of `width` from `lo` (the last bin takes
/// everything beyond).
pub fn bin_counts(values: &[f64], lo: f64, width: f64, bins: usize) -> Vec<usize> {
    let mut counts = vec![0; bins];
    for &v in values {
        counts[(((v - lo) / width) as usize).min(bins - 1)] += 1;
    }
    counts
}

/// The vertices of a step line through `points`: each value holds until the next point.
pub fn steps(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len() * 2);
    for (i, &(x, y)) in points.iter().enumerate() {
        if i > 0 {
            out.push((x, points[i - 1].1));
        }
        out.push((x, y));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_bins_and_steps() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(
            (
                percentile(&sorted, 0.05),
                percentile(&sorted, 0.5),
                percentile(&sorted, 1.0)
            ),
            (1.0, 2.0, 4.0)
        );
        assert_eq!(bin_counts(&sorted, 1.0, 1.5, 2), vec![2, 2]);
        assert_eq!(
            steps(&[(0.0, 1.0), (2.0, 3.0)]),
            vec![(0.0, 1.0), (2.0, 1.0), (2.0, 3.0)]
        );
    }
}
