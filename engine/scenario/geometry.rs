//! Plane geometry for checking sites: polygons, walls, openings.

use super::schema::Point;

pub fn sub(a: Point, b: Point) -> Point {
    (a.0 - b.0, a.1 - b.1)
}

pub fn dot(a: Point, b: Point) -> f64 {
    a.0 * b.0 + a.1 * b.1
}

pub fn cross(a: Point, b: Point) -> f64 {
    a.0 * b.1 - a.1 * b.0
}

pub fn dist(a: Point, b: Point) -> f64 {
    let d = sub(a, b);
    dot(d, d).sqrt()
}

/// The bearing from `a` to `b`, degrees clockwise from north (x east, y north), 0–360.
pub fn bearing_deg(a: Point, b: Point) -> f64 {
    libm::atan2(b.0 - a.0, b.1 - a.1)
        .to_degrees()
        .rem_euclid(360.0)
}

/// Signed area (positive when the corners run anticlockwise).
pub fn signed_area(poly: &[Point]) -> f64 {
    let n = poly.len();
    (0..n)
        .map(|i| cross(poly[i], poly[(i + 1) % n]))
        .sum::<f64>()
        / 2.0
}

pub fn area(poly: &[Point]) -> f64 {
    signed_area(poly).abs()
}

/// The polygon's edges as (start, end) pairs, closing edge included.
pub fn edges(poly: &[Point]) -> impl Iterator<Item = (Point, Point)> + '_ {
    (0..poly.len()).map(move |i| (poly[i], poly[(i + 1) % poly.len()]))
}

/// Distance from `p` to the segment `a`–`b`, and the parameter (0–1) of the nearest point.
pub fn point_segment(p: Point, a: Point, b: Point) -> (f64, f64) {
    let ab = sub(b, a);
    let len2 = dot(ab, ab);
    let t = if len2 == 0.0 {
        0.0
    } else {
        (dot(sub(p, a), ab) / len2).clamp(0.0, 1.0)
    };
    let q = (a.0 + t * ab.0, a.1 + t * ab.1);
    (dist(p, q), t)
}

/// Distance from `p` to the polygon's boundary, and the index of the nearest edge.
pub fn boundary_distance(p: Point, poly: &[Point]) -> (f64, usize) {
    edges(poly)
        .enumerate()
        .map(|(i, (a, b))| (point_segment(p, a, b).0, i))
        .fold(
            (f64::INFINITY, 0),
            |best, x| if x.0 < best.0 { x } else { best },
        )
}

/// Distance from `p` to a polyline.
pub fn polyline_distance(p: Point, line: &[Point]) -> f64 {
    match line {
        [] => f64::INFINITY,
        [only] => dist(p, *only),
        _ => line
            .windows(2)
            .map(|w| point_segment(p, w[0], w[1]).0)
            .fold(f64::INFINITY, f64::min),
    }
}

/// The polygon's bounding box: (min corner, max corner).
pub fn bounds(poly: &[Point]) -> (Point, Point) {
    poly.iter().fold(
        ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN)),
        |((x0, y0), (x1, y1)), p| ((x0.min(p.0), y0.min(p.1)), (x1.max(p.0), y1.max(p.1))),
    )
}

/// Whether `p` is inside the polygon (even-odd rule; points on the boundary may go either way).
pub fn contains(poly: &[Point], p: Point) -> bool {
    let mut inside = false;
    for (a, b) in edges(poly) {
        if (a.1 > p.1) != (b.1 > p.1) {
            let x = a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0);
            if p.0 < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// Whether two segments cross at a single point interior to both (touching does not count).
pub fn segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool {
    const EPS: f64 = 1e-9;
    let d1 = cross(sub(b, a), sub(c, a));
    let d2 = cross(sub(b, a), sub(d, a));
    let d3 = cross(sub(d, c), sub(a, c));
    let d4 = cross(sub(d, c), sub(b, c));
    ((d1 > EPS && d2 < -EPS) || (d1 < -EPS && d2 > EPS))
        && ((d3 > EPS && d4 < -EPS) || (d3 < -EPS && d4 > EPS))
}

/// Whether two segments overlap or touch anywhere (used for self-intersection).
fn segments_touch(a: Point, b: Point, c: Point, d: Point) -> bool {
    const EPS: f64 = 1e-9;
    if segments_cross(a, b, c, d) {
        return true;
    }
    point_segment(c, a, b).0 < EPS
        || point_segment(d, a, b).0 < EPS
        || point_segment(a, c, d).0 < EPS
        || point_segment(b, c, d).0 < EPS
}

/// The first pair of non-adjacent edges that meet, if the polygon is not simple.
pub fn self_intersection(poly: &[Point]) -> Option<(usize, usize)> {
    let n = poly.len();
    for i in 0..n {
        for j in i + 1..n {
            let adjacent = j == i + 1 || (i == 0 && j == n - 1);
            if adjacent {
                continue;
            }
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            let (c, d) = (poly[j], poly[(j + 1) % n]);
            if segments_touch(a, b, c, d) {
                return Some((i, j));
            }
        }
    }
    None
}

/// Whether the interiors of two simple polygons overlap (sharing a wall does not count).
///
/// Either some edges cross properly, or some piece of one polygon's boundary has the other's
/// interior just inside it. Each edge is cut at the other polygon's corners that lie on it, so
/// every piece is wholly inside or wholly outside the other polygon; a point at the middle of
/// each piece, moved a hair into its own polygon, decides.
pub fn overlap(a: &[Point], b: &[Point]) -> bool {
    for (p, q) in edges(a) {
        for (r, s) in edges(b) {
            if segments_cross(p, q, r, s) {
                return true;
            }
        }
    }
    boundary_enters(a, b) || boundary_enters(b, a)
}

fn boundary_enters(a: &[Point], b: &[Point]) -> bool {
    const EPS: f64 = 1e-4;
    for (e, (p, q)) in edges(a).enumerate() {
        let mut ts: Vec<f64> = vec![0.0, 1.0];
        ts.extend(b.iter().filter_map(|&v| {
            let (d, t) = point_segment(v, p, q);
            (d < 1e-9).then_some(t)
        }));
        ts.sort_by(f64::total_cmp);
        let n = outward_normal(a, e);
        for w in ts.windows(2) {
            if w[1] - w[0] < 1e-9 {
                continue;
            }
            let t = (w[0] + w[1]) / 2.0;
            let m = (
                p.0 + (q.0 - p.0) * t - n.0 * EPS,
                p.1 + (q.1 - p.1) * t - n.1 * EPS,
            );
            if contains(b, m) && boundary_distance(m, b).0 > EPS / 4.0 {
                return true;
            }
        }
    }
    false
}

/// Where an opening of `width` centred at `at` sits on a wall shared by two polygons: the
/// length of wall shared around `at`, measured along the wall, or `None` if `at` is not on a
/// wall of both. Walls are shared when edges of the two polygons run along the same line.
pub fn shared_wall_span(at: Point, a: &[Point], b: &[Point], tol: f64) -> Option<(f64, f64)> {
    let (da, ea) = boundary_distance(at, a);
    let (db, eb) = boundary_distance(at, b);
    if da > tol || db > tol {
        return None;
    }
    let (a0, a1) = (a[ea], a[(ea + 1) % a.len()]);
    let (b0, b1) = (b[eb], b[(eb + 1) % b.len()]);
    let dir = sub(a1, a0);
    let len = dot(dir, dir).sqrt();
    if len == 0.0 {
        return None;
    }
    let u = (dir.0 / len, dir.1 / len);
    // The edges must run along the same line.
    let dirb = sub(b1, b0);
    if cross(u, dirb).abs() > tol * dot(dirb, dirb).sqrt().max(1.0) {
        return None;
    }
    let s = |p: Point| dot(sub(p, a0), u);
    let (sa0, sa1) = (0.0_f64, len);
    let (sb0, sb1) = {
        let (x, y) = (s(b0), s(b1));
        (x.min(y), x.max(y))
    };
    let lo = sa0.max(sb0);
    let hi = sa1.min(sb1);
    let at_s = s(at);
    Some((at_s - lo, hi - at_s))
}

/// Room either side of `at` along the polygon wall nearest to it: (before, after) in metres.
pub fn wall_room(at: Point, poly: &[Point]) -> (f64, (f64, f64)) {
    let (d, e) = boundary_distance(at, poly);
    let (a, b) = (poly[e], poly[(e + 1) % poly.len()]);
    let len = dist(a, b);
    let (_, t) = point_segment(at, a, b);
    (d, (t * len, (1.0 - t) * len))
}

/// The outward normal of the polygon's edge `e` (unit length).
pub fn outward_normal(poly: &[Point], e: usize) -> Point {
    let (a, b) = (poly[e], poly[(e + 1) % poly.len()]);
    let d = sub(b, a);
    let len = dot(d, d).sqrt().max(1e-12);
    // For an anticlockwise polygon the outside is to the right of each edge.
    let right = (d.1 / len, -d.0 / len);
    if signed_area(poly) >= 0.0 {
        right
    } else {
        (-right.0, -right.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: [Point; 4] = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)];

    #[test]
    fn bow_tie_is_self_intersecting() {
        let bow = [(0.0, 0.0), (4.0, 4.0), (4.0, 0.0), (0.0, 4.0)];
        assert!(self_intersection(&bow).is_some());
        assert!(self_intersection(&SQUARE).is_none());
    }

    #[test]
    fn rooms_sharing_a_wall_do_not_overlap() {
        let east = [(4.0, 0.0), (8.0, 0.0), (8.0, 4.0), (4.0, 4.0)];
        assert!(!overlap(&SQUARE, &east));
        let shifted = [(3.0, 1.0), (7.0, 1.0), (7.0, 3.0), (3.0, 3.0)];
        assert!(overlap(&SQUARE, &shifted));
        let inner = [(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0)];
        assert!(overlap(&SQUARE, &inner));
        // Edges along the same lines and corners on edges, but no proper crossing.
        let wider = [(3.0, 0.0), (6.0, 0.0), (6.0, 4.0), (3.0, 4.0)];
        assert!(overlap(&SQUARE, &wider));
        assert!(overlap(&SQUARE, &SQUARE));
        let l_shape = [
            (4.0, 0.0),
            (8.0, 0.0),
            (8.0, 8.0),
            (0.0, 8.0),
            (0.0, 4.0),
            (4.0, 4.0),
        ];
        assert!(!overlap(&SQUARE, &l_shape));
    }

    #[test]
    fn door_on_shared_wall() {
        let east = [(4.0, 0.0), (8.0, 0.0), (8.0, 2.0), (4.0, 2.0)];
        let (before, after) = shared_wall_span((4.0, 1.0), &SQUARE, &east, 0.05).unwrap();
        assert!((before.abs() - 1.0).abs() < 1e-9 && (after.abs() - 1.0).abs() < 1e-9);
        assert!(shared_wall_span((4.0, 3.0), &SQUARE, &east, 0.05).is_none());
    }
}
