//! Geography on the globe: great-circle distances and compass bearings between stations.

/// Mean Earth radius, km (IUGG), for great-circle distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle (straight-line on the globe) distance between two points, km (haversine).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

/// The initial great-circle bearing from the first point to the second, degrees clockwise from
/// north in [0, 360).
pub fn bearing_deg(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let y = dl.sin() * p2.cos();
    let x = p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos();
    y.atan2(x).to_degrees().rem_euclid(FULL_TURN_DEG)
}

/// Degrees in a full turn.
const FULL_TURN_DEG: f64 = 360.0;
/// Degrees between neighbouring points of the eight-point compass.
pub const COMPASS_STEP_DEG: f64 = 45.0;

/// A point of the eight-point compass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum Compass {
    /// 0°.
    North,
    /// 45°.
    NorthEast,
    /// 90°.
    East,
    /// 135°.
    SouthEast,
    /// 180°.
    South,
    /// 225°.
    SouthWest,
    /// 270°.
    West,
    /// 315°.
    NorthWest,
}

impl Compass {
    /// Every point, clockwise from north.
    pub const ALL: [Compass; 8] = [
        Compass::North,
        Compass::NorthEast,
        Compass::East,
        Compass::SouthEast,
        Compass::South,
        Compass::SouthWest,
        Compass::West,
        Compass::NorthWest,
    ];

    /// Its bearing, degrees.
    pub fn degrees(self) -> f64 {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0) as f64 * COMPASS_STEP_DEG
    }

    /// The point nearest to `bearing_deg`.
    pub fn of(bearing_deg: f64) -> Self {
        let step = (bearing_deg.rem_euclid(FULL_TURN_DEG) / COMPASS_STEP_DEG).round() as usize;
        Self::ALL[step % Self::ALL.len()]
    }
}

/// The signed smallest angle from `from_deg` to `to_deg`, in (-180, 180].
pub fn angle_between_deg(from_deg: f64, to_deg: f64) -> f64 {
    let d = (to_deg - from_deg).rem_euclid(FULL_TURN_DEG);
    if d > FULL_TURN_DEG / 2.0 {
        d - FULL_TURN_DEG
    } else {
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyongyang_to_vladivostok_is_north_east_and_688_km() {
        // Station coordinates of the shipped route (route-facts.md).
        let (pl, po, vl, vo) = (39.00472, 125.73639, 43.11116, 131.88155);
        let km = great_circle_km(pl, po, vl, vo);
        assert!((km - 688.0).abs() < 5.0, "{km}");
        let b = bearing_deg(pl, po, vl, vo);
        assert_eq!(Compass::of(b), Compass::NorthEast, "{b}");
        assert_eq!(Compass::of(359.0), Compass::North);
        assert!((angle_between_deg(350.0, 10.0) - 20.0).abs() < 1e-9);
    }
}
