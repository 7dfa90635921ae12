//! Coarse geo cells for the distance filter: every geocoded place of a passage is indexed as
//! the ids of the latitude/longitude grid cells that hold it, at a few cell sizes, in the
//! `geo_cell` field. `--near P --within R` then reads only the passages in the cells that
//! cover the circle ([`covering`]) and checks the exact distance on those, instead of reading
//! the coordinates of every passage.
//!
//! Changing [`LEVELS`] or the id layout changes what an index holds: rename the field (or
//! otherwise make old indexes fail to open) when doing so.

/// Cell sizes in degrees, finest first (about 7, 28, 111, 445 and 1,780 km at the equator).
pub const LEVELS: [f64; 5] = [1.0 / 16.0, 0.25, 1.0, 4.0, 16.0];

/// At most this many cells in a covering; a circle needing more at every level is scanned.
pub const MAX_CELLS: usize = 32;

/// Mean Earth radius in km, as [`super::schema::distance_km`] uses.
const EARTH_KM: f64 = 6371.0088;

/// Slack in degrees added around a covering's bounding box so rounding can never leave a
/// point within the radius outside it (about 10 m).
const SLACK_DEG: f64 = 1e-4;

fn rows(size: f64) -> u64 {
    (180.0 / size).ceil() as u64
}

fn cols(size: f64) -> u64 {
    (360.0 / size).ceil() as u64
}

fn row(lat: f64, size: f64) -> u64 {
    let r = ((lat + 90.0) / size).floor().max(0.0) as u64;
    r.min(rows(size) - 1)
}

/// Longitudes are taken in [-180, 180): 180 is the same meridian as -180.
fn col(lon: f64, size: f64) -> u64 {
    let lon = if lon >= 180.0 { lon - 360.0 } else { lon };
    let c = ((lon + 180.0) / size).floor().max(0.0) as u64;
    c.min(cols(size) - 1)
}

fn id(level: usize, row: u64, col: u64) -> u64 {
    ((level as u64) << 48) | (row << 24) | col
}

/// The cell ids holding a point, one per level.
pub fn cells_of(lat: f64, lon: f64) -> [u64; LEVELS.len()] {
    let mut out = [0u64; LEVELS.len()];
    for (level, &size) in LEVELS.iter().enumerate() {
        out[level] = id(level, row(lat, size), col(lon, size));
    }
    out
}

/// The distinct cell ids of packed points ([`super::schema::pack_geo`]), sorted; the cells are
/// those of the unpacked coordinates, which the exact distance check also reads.
pub fn cells_of_packed(packed: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = packed
        .iter()
        .flat_map(|&g| {
            let (lat, lon) = super::schema::unpack_geo(g);
            cells_of(lat, lon)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The cells of one level covering every point within `km` of (`lat`, `lon`): the cells
/// meeting the circle's latitude/longitude bounding box. `None` when even the coarsest level
/// needs more than [`MAX_CELLS`] (or the circle covers the whole sphere): scan instead.
pub fn covering(lat: f64, lon: f64, km: f64) -> Option<Vec<u64>> {
    if !(lat.is_finite() && lon.is_finite() && km.is_finite()) || km < 0.0 {
        return None;
    }
    // Angular radius; beyond half the circumference every point is within reach.
    let r = km / EARTH_KM;
    if r >= std::f64::consts::PI {
        return None;
    }
    let dlat = r.to_degrees() + SLACK_DEG;
    let (lat_lo, lat_hi) = (lat - dlat, lat + dlat);
    // The circle's longitude extent, unless it holds a pole (then every longitude).
    let lon_ranges: Vec<(f64, f64)> = {
        let s = r.sin() / lat.to_radians().cos();
        if lat_hi >= 90.0 || lat_lo <= -90.0 || !(0.0..1.0).contains(&s) {
            vec![(-180.0, 180.0)]
        } else {
            let dlon = s.asin().to_degrees() + SLACK_DEG;
            let (lo, hi) = (lon - dlon, lon + dlon);
            if hi - lo >= 360.0 {
                vec![(-180.0, 180.0)]
            } else if lo < -180.0 {
                vec![(lo + 360.0, 180.0), (-180.0, hi)]
            } else if hi > 180.0 {
                vec![(lo, 180.0), (-180.0, hi - 360.0)]
            } else {
                vec![(lo, hi)]
            }
        }
    };
    let (lat_lo, lat_hi) = (lat_lo.max(-90.0), lat_hi.min(90.0));
    for (level, &size) in LEVELS.iter().enumerate() {
        let (r0, r1) = (row(lat_lo, size), row(lat_hi, size));
        // Column spans, merged where the split ranges meet (a span is inclusive).
        let mut spans: Vec<(u64, u64)> = lon_ranges
            .iter()
            .map(|&(lo, hi)| {
                let c1 = if hi >= 180.0 {
                    cols(size) - 1
                } else {
                    col(hi, size)
                };
                (col(lo, size), c1)
            })
            .collect();
        spans.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::new();
        for (a, b) in spans {
            match merged.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let ncols: u64 = merged.iter().map(|(a, b)| b - a + 1).sum();
        let n = (r1 - r0 + 1).saturating_mul(ncols);
        if n as usize > MAX_CELLS {
            continue;
        }
        let mut out = Vec::with_capacity(n as usize);
        for rr in r0..=r1 {
            for &(a, b) in &merged {
                for cc in a..=b {
                    out.push(id(level, rr, cc));
                }
            }
        }
        return Some(out);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::distance_km;

    /// Whether a covering of (`lat`, `lon`, `km`) holds the point `p` (used by tests).
    fn covered(lat: f64, lon: f64, km: f64, p: (f64, f64)) -> bool {
        match covering(lat, lon, km) {
            None => true,
            Some(cells) => cells_of(p.0, p.1).iter().any(|c| cells.contains(c)),
        }
    }

    /// Whether `p` is within `km` of (`lat`, `lon`) (the exact check the filter applies).
    fn within(lat: f64, lon: f64, km: f64, p: (f64, f64)) -> bool {
        distance_km((lat, lon), p) <= km
    }

    /// splitmix64, so the sampled points repeat.
    struct Rng(u64);
    impl Rng {
        fn unit(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Every point within the radius lies in a covering cell, for centres anywhere
    /// (poles and the ±180° meridian included) and radii from metres to continents.
    #[test]
    fn coverings_hold_every_point_within_the_radius() {
        let mut rng = Rng(7);
        let centres: [(f64, f64); 11] = [
            (33.51, 36.29),
            (0.0, 0.0),
            (89.99, 10.0),
            (-89.9, -170.0),
            (90.0, 0.0),
            (-90.0, 45.0),
            (64.8, 179.95),
            (-16.5, -179.99),
            (51.5, -0.1),
            (0.0, 180.0),
            (0.0, -180.0),
        ];
        for &(lat, lon) in &centres {
            for km in [0.0, 0.5, 5.0, 55.0, 100.0, 300.0, 1000.0, 2500.0, 9000.0] {
                for _ in 0..400 {
                    // A point at a random bearing and a random distance up to 1.2 km.
                    let d = km * 1.2 * rng.unit() / EARTH_KM;
                    let b = 2.0 * std::f64::consts::PI * rng.unit();
                    let (p1, l1) = (lat.to_radians(), lon.to_radians());
                    let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * b.cos()).asin();
                    let l2 =
                        l1 + (b.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
                    let mut lon2 = l2.to_degrees();
                    while lon2 >= 180.0 {
                        lon2 -= 360.0;
                    }
                    while lon2 < -180.0 {
                        lon2 += 360.0;
                    }
                    let p = (p2.to_degrees(), lon2);
                    if within(lat, lon, km, p) {
                        assert!(covered(lat, lon, km, p), "{lat},{lon} {km} km: {p:?}");
                    }
                }
                // The points on the bounding box's edges, exactly at the radius.
                let dlat = (km / EARTH_KM).to_degrees();
                for p in [(lat + dlat, lon), (lat - dlat, lon)] {
                    if (-90.0..=90.0).contains(&p.0) && within(lat, lon, km, p) {
                        assert!(covered(lat, lon, km, p), "{lat},{lon} {km} km: {p:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn coverings_are_small_or_absent() {
        // Damascus, 100 km: a few one-degree cells.
        let c = covering(33.51, 36.29, 100.0).unwrap();
        assert!(c.len() <= 9, "{}", c.len());
        assert!(c.iter().all(|id| id >> 48 == 2));
        // 5 km: the finest cells.
        let c = covering(33.51, 36.29, 5.0).unwrap();
        assert!(
            c.len() <= 9 && c.iter().all(|id| id >> 48 == 0),
            "{}",
            c.len()
        );
        // Across the ±180° meridian: cells on both sides.
        let c = covering(-16.5, 179.99, 20.0).unwrap();
        let cols: Vec<u64> = c.iter().map(|id| id & 0xFF_FFFF).collect();
        assert!(
            cols.contains(&0) && cols.iter().any(|&x| x > 1000),
            "{cols:?}"
        );
        // Half the planet: scan.
        assert_eq!(covering(0.0, 0.0, 12_000.0), None);
        assert_eq!(covering(0.0, 0.0, f64::INFINITY), None);
        // At a pole every longitude is in reach, at a coarse level.
        let c = covering(90.0, 0.0, 50.0).unwrap();
        assert!(c.len() <= MAX_CELLS);
    }

    #[test]
    fn the_antimeridian_is_one_column() {
        assert_eq!(cells_of(10.0, 180.0), cells_of(10.0, -180.0));
        assert_eq!(
            cells_of(90.0, 0.0)[0] >> 24 & 0xFF_FFFF,
            rows(LEVELS[0]) - 1
        );
    }
}
