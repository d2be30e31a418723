//! Closed-form speed profiles: the fastest run from a state to a standstill under piecewise-constant limits.
//!
//! With constant acceleration, `v²` is linear in distance, so the admissible envelope (limits
//! and the braking curves in front of each lower limit and of the stopping point) and the
//! acceleration curve are straight lines in `(x, v²)`. A plan is their lower envelope, cut into
//! at most three pieces per limit segment: accelerate, cruise, brake.
use crate::spec::SpeedLimit;

/// What the train does during a piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    /// Accelerating at the train's `accel`.
    Accelerate,
    /// Constant speed.
    Cruise,
    /// Braking at the train's `brake`.
    Brake,
}

/// One piece of a plan: constant acceleration between two positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    /// What the train does.
    pub kind: PieceKind,
    /// Start position, m.
    pub x0_m: f64,
    /// End position, m.
    pub x1_m: f64,
    /// Speed at the start, m/s.
    pub v0_mps: f64,
    /// Speed at the end, m/s.
    pub v1_mps: f64,
    /// Signed acceleration, m/s².
    pub accel_mps2: f64,
    /// Time the piece takes, s.
    pub duration_s: f64,
}

impl Piece {
    fn new(
        kind: PieceKind,
        x0_m: f64,
        x1_m: f64,
        v0_mps: f64,
        v1_mps: f64,
        accel_mps2: f64,
    ) -> Self {
        let length_m = x1_m - x0_m;
        // Mean speed times time: exact for constant acceleration and free of cancellation.
        let duration_s = if length_m > 0.0 {
            2.0 * length_m / (v0_mps + v1_mps)
        } else {
            0.0
        };
        Self {
            kind,
            x0_m,
            x1_m,
            v0_mps,
            v1_mps,
            accel_mps2,
            duration_s,
        }
    }

    /// Time from the start of the piece until the train reaches `x_m` (clamped to the piece).
    pub fn time_to_reach(&self, x_m: f64) -> f64 {
        let dx = (x_m - self.x0_m).clamp(0.0, self.x1_m - self.x0_m);
        if dx <= 0.0 {
            return 0.0;
        }
        let v = (self.v0_mps * self.v0_mps + 2.0 * self.accel_mps2 * dx)
            .max(0.0)
            .sqrt();
        (2.0 * dx / (self.v0_mps + v)).min(self.duration_s)
    }

    /// Position and speed `tau_s` seconds after the start of the piece (clamped to the piece).
    pub fn state_at(&self, tau_s: f64) -> (f64, f64) {
        let (x, v) = constant_acceleration(
            self.x0_m,
            self.v0_mps,
            self.accel_mps2,
            tau_s.clamp(0.0, self.duration_s),
        );
        (x.min(self.x1_m), v)
    }
}

/// Position (m) and speed (m/s) `tau_s` seconds after `(x0_m, v0_mps)` at constant acceleration;
/// a braking train stays at rest once stopped.
pub fn constant_acceleration(x0_m: f64, v0_mps: f64, accel_mps2: f64, tau_s: f64) -> (f64, f64) {
    let v = (v0_mps + accel_mps2 * tau_s).max(0.0);
    (x0_m + 0.5 * (v0_mps + v) * tau_s, v)
}

/// One stretch of constant admissible speed.
#[derive(Debug, Clone, Copy)]
struct Segment {
    end_m: f64,
    max_mps: f64,
}

/// Reusable buffers for planning, so that repeated planning does not allocate.
#[derive(Debug, Default, Clone)]
pub struct PlanScratch {
    segments: Vec<Segment>,
    exit_v2: Vec<f64>,
}

/// The train's performance as the planner needs it.
#[derive(Debug, Clone, Copy)]
pub struct Dynamics {
    /// Highest speed allowed everywhere in this plan (cruise and security cap), m/s.
    pub cap_mps: f64,
    /// Acceleration, m/s².
    pub accel_mps2: f64,
    /// Braking, m/s².
    pub brake_mps2: f64,
}

/// Plans the fastest run from `(x0_m, v0_mps)` to a standstill at `target_m`, writing the pieces to `out`.
///
/// `limits` must be sorted and disjoint. If `v0_mps` is above the admissible speed (a security cap
/// has just dropped), the plan starts by braking at `brake` until the speed is admissible.
pub fn plan(
    out: &mut Vec<Piece>,
    scratch: &mut PlanScratch,
    x0_m: f64,
    v0_mps: f64,
    target_m: f64,
    limits: &[SpeedLimit],
    dynamics: Dynamics,
) {
    out.clear();
    if !(target_m > x0_m) {
        return;
    }
    build_segments(
        &mut scratch.segments,
        x0_m,
        target_m,
        limits,
        dynamics.cap_mps,
    );
    let (a, b) = (dynamics.accel_mps2, dynamics.brake_mps2);

    // Backward pass: the highest speed² allowed at the end of each segment.
    let segments = &scratch.segments;
    let exit_v2 = &mut scratch.exit_v2;
    exit_v2.clear();
    exit_v2.resize(segments.len(), 0.0);
    for k in (0..segments.len().saturating_sub(1)).rev() {
        let next = segments[k + 1];
        let next_start = segments[k].end_m;
        let entry_next =
            (next.max_mps * next.max_mps).min(exit_v2[k + 1] + 2.0 * b * (next.end_m - next_start));
        exit_v2[k] = entry_next;
    }

    // Forward pass: the lower envelope of the acceleration line, the cap and the braking line.
    let mut x = x0_m;
    let mut w = v0_mps * v0_mps;
    for (k, segment) in segments.iter().enumerate() {
        let end = segment.end_m;
        let cap2 = segment.max_mps * segment.max_mps;
        let exit2 = exit_v2[k];
        // Rounding guard: the state never lies above the braking line of what is ahead.
        w = w.min(exit2 + 2.0 * b * (end - x));
        if w > cap2 {
            let x_meet = x + (w - cap2) / (2.0 * b);
            if x_meet >= end {
                let w_end = (w - 2.0 * b * (end - x)).max(0.0);
                push(out, PieceKind::Brake, x, end, w, w_end, -b);
                x = end;
                w = w_end;
                continue;
            }
            push(out, PieceKind::Brake, x, x_meet, w, cap2, -b);
            x = x_meet;
            w = cap2;
        }
        let x_cap = x + (cap2 - w) / (2.0 * a);
        let x_brake = if cap2 > exit2 {
            end - (cap2 - exit2) / (2.0 * b)
        } else {
            end
        };
        let x_top = if x_cap <= x_brake {
            x_cap
        } else {
            (exit2 + 2.0 * b * end - w + 2.0 * a * x) / (2.0 * (a + b))
        };
        let x_top = x_top.clamp(x, end);
        if x_top > x {
            let w_top = if x_top == x_cap {
                cap2
            } else {
                (w + 2.0 * a * (x_top - x)).min(cap2)
            };
            push(out, PieceKind::Accelerate, x, x_top, w, w_top, a);
            x = x_top;
            w = w_top;
        }
        if x < x_brake && x < end {
            let x_end = x_brake.min(end);
            push(out, PieceKind::Cruise, x, x_end, cap2, cap2, 0.0);
            x = x_end;
            w = cap2;
        }
        if x < end {
            push(out, PieceKind::Brake, x, end, w, exit2.min(w), -b);
            w = exit2.min(w);
        }
        x = end;
    }
}

fn push(out: &mut Vec<Piece>, kind: PieceKind, x0: f64, x1: f64, w0: f64, w1: f64, accel: f64) {
    if x1 > x0 {
        out.push(Piece::new(
            kind,
            x0,
            x1,
            w0.max(0.0).sqrt(),
            w1.max(0.0).sqrt(),
            accel,
        ));
    }
}

fn build_segments(
    out: &mut Vec<Segment>,
    x0_m: f64,
    target_m: f64,
    limits: &[SpeedLimit],
    cap_mps: f64,
) {
    out.clear();
    let mut cursor = x0_m;
    let first = limits.partition_point(|l| l.to_m <= x0_m);
    for limit in &limits[first..] {
        if limit.from_m >= target_m {
            break;
        }
        if limit.from_m > cursor {
            push_segment(out, limit.from_m, cap_mps);
            cursor = limit.from_m;
        }
        let end = limit.to_m.min(target_m);
        if end > cursor {
            push_segment(out, end, cap_mps.min(limit.max_mps));
            cursor = end;
        }
    }
    if target_m > cursor {
        push_segment(out, target_m, cap_mps);
    }
}

fn push_segment(out: &mut Vec<Segment>, end_m: f64, max_mps: f64) {
    match out.last_mut() {
        Some(last) if last.max_mps == max_mps => last.end_m = end_m,
        _ => out.push(Segment { end_m, max_mps }),
    }
}

/// Total time of a plan, s.
pub fn plan_duration(pieces: &[Piece]) -> f64 {
    pieces.iter().map(|p| p.duration_s).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: f64 = 0.1;
    const B: f64 = 0.2;

    fn dynamics(cap_mps: f64) -> Dynamics {
        Dynamics {
            cap_mps,
            accel_mps2: A,
            brake_mps2: B,
        }
    }

    fn run(x0: f64, v0: f64, target: f64, limits: &[SpeedLimit], cap: f64) -> Vec<Piece> {
        let mut out = Vec::new();
        plan(
            &mut out,
            &mut PlanScratch::default(),
            x0,
            v0,
            target,
            limits,
            dynamics(cap),
        );
        out
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * (1.0 + b.abs())
    }

    #[test]
    fn trapezoid_matches_closed_form() {
        let v = 50.0 / 3.6;
        let d = 100_000.0;
        let pieces = run(0.0, 0.0, d, &[], v);
        let kinds: Vec<_> = pieces.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [PieceKind::Accelerate, PieceKind::Cruise, PieceKind::Brake]
        );
        assert!(close(
            plan_duration(&pieces),
            d / v + v / (2.0 * A) + v / (2.0 * B)
        ));
        assert!(close(pieces[0].x1_m, v * v / (2.0 * A)));
        assert!(close(pieces[2].x0_m, d - v * v / (2.0 * B)));
    }

    #[test]
    fn triangle_when_too_short_to_reach_cruise() {
        let v = 50.0 / 3.6;
        // Needs v²/2a + v²/2b = 964.5 + 482.3 m to reach cruise; give it 600 m.
        let d = 600.0;
        let pieces = run(0.0, 0.0, d, &[], v);
        let kinds: Vec<_> = pieces.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [PieceKind::Accelerate, PieceKind::Brake]);
        // Peak: v_p² = 2d·ab/(a+b); time = v_p/a + v_p/b.
        let vp = (2.0 * d * A * B / (A + B)).sqrt();
        assert!(close(pieces[0].v1_mps, vp));
        assert!(close(plan_duration(&pieces), vp / A + vp / B));
    }

    #[test]
    fn constant_speed_is_distance_over_speed() {
        // Start at cruise far from the target: the cruise piece takes d/v.
        let v = 20.0;
        let pieces = run(0.0, v, 50_000.0, &[], v);
        assert_eq!(pieces[0].kind, PieceKind::Cruise);
        let braking_m = v * v / (2.0 * B);
        assert!(close(pieces[0].duration_s, (50_000.0 - braking_m) / v));
        assert!(close(
            plan_duration(&pieces),
            (50_000.0 - braking_m) / v + v / B
        ));
    }

    #[test]
    fn restriction_is_entered_at_its_limit_and_left_accelerating() {
        let v = 50.0 / 3.6;
        let u = 15.0 / 3.6;
        let limits = [SpeedLimit {
            from_m: 40_000.0,
            to_m: 45_000.0,
            max_mps: u,
        }];
        let pieces = run(0.0, 0.0, 100_000.0, &limits, v);
        let entering = pieces.iter().find(|p| p.x1_m == 40_000.0).map(|p| p.v1_mps);
        assert!(close(entering.unwrap_or(f64::NAN), u));
        let after = pieces.iter().find(|p| p.x0_m == 45_000.0).map(|p| p.kind);
        assert_eq!(after, Some(PieceKind::Accelerate));
        // Time lost: (v-u)²/(2bv) braking + (v-u)²/(2av) accelerating + L/u - L/v inside.
        let base = 100_000.0 / v + v / (2.0 * A) + v / (2.0 * B);
        let lost = (v - u).powi(2) / (2.0 * B * v) + (v - u).powi(2) / (2.0 * A * v) + 5000.0 / u
            - 5000.0 / v;
        assert!(close(plan_duration(&pieces), base + lost));
    }

    #[test]
    fn overspeed_after_a_cap_drop_brakes_immediately() {
        let cap = 25.0 / 3.6;
        let v0 = 50.0 / 3.6;
        let pieces = run(0.0, v0, 100_000.0, &[], cap);
        assert_eq!(pieces[0].kind, PieceKind::Brake);
        assert!(close(pieces[0].x1_m, (v0 * v0 - cap * cap) / (2.0 * B)));
        assert!(close(pieces[0].v1_mps, cap));
    }

    #[test]
    fn positions_and_times_are_consistent_inside_pieces() {
        let pieces = run(0.0, 0.0, 30_000.0, &[], 50.0 / 3.6);
        for p in &pieces {
            for f in [0.0, 0.25, 0.5, 0.75, 1.0] {
                let x = p.x0_m + f * (p.x1_m - p.x0_m);
                let (x_back, _) = p.state_at(p.time_to_reach(x));
                assert!((x_back - x).abs() < 1e-6, "{p:?} at {x}: {x_back}");
            }
        }
    }
}
