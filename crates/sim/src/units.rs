//! Unit conversions and the named physical constants used by the core.

/// Metres in one kilometre.
pub const M_PER_KM: f64 = 1000.0;
/// Seconds in one hour.
pub const S_PER_H: f64 = 3600.0;
/// Metres per second in one kilometre per hour.
pub const MPS_PER_KMH: f64 = M_PER_KM / S_PER_H;

/// Converts km/h to m/s.
pub fn kmh_to_mps(kmh: f64) -> f64 {
    kmh * MPS_PER_KMH
}

/// Converts m/s to km/h.
pub fn mps_to_kmh(mps: f64) -> f64 {
    mps / MPS_PER_KMH
}

/// Converts kilometres to metres.
pub fn km_to_m(km: f64) -> f64 {
    km * M_PER_KM
}

/// Converts metres to kilometres.
pub fn m_to_km(m: f64) -> f64 {
    m / M_PER_KM
}

/// Two positions closer than this (metres) are the same place: it absorbs the rounding of
/// `x + v²/2b` when a braking train's stopping point is compared with a station's position.
pub const SAME_PLACE_M: f64 = 1e-6;

/// Average speed in km/h over `distance_km` covered in `duration_s` seconds.
pub fn average_kmh(distance_km: f64, duration_s: f64) -> f64 {
    distance_km * M_PER_KM / duration_s * (S_PER_H / M_PER_KM)
}
