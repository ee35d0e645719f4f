//! The flood's rules of transfer judged against the water the journal recorded: 应转早转 (each
//! household out before the water cuts its house off — `HouseCutOff`, AIDR H3 or worse at the
//! house), the margin each house had, and 危险区和危房住户先转移 (the vulnerable households
//! moved first).

use super::replay::Replay;
use crate::drill::Text;
use crate::journal::events::Household;

/// The occupants of `groups` (`group/nn`, as the simulation names them).
pub(super) fn members(groups: &[(String, u32)]) -> Vec<String> {
    groups
        .iter()
        .flat_map(|(g, n)| (1..=*n).map(move |k| format!("{g}/{k:02}")))
        .collect()
}

/// The household an occupant (`group/nn`) lives in.
fn household_of<'a>(r: &'a Replay, who: &str) -> Option<&'a Household> {
    r.households.iter().find(|h| h.has(who))
}

/// When `who` first stood at a refuge (a shelter, high ground, an assembly area).
fn safe_at(r: &Replay, who: &str) -> Option<u64> {
    r.arrivals
        .iter()
        .filter(|(_, w, k)| w == who && k.is_some_and(|k| k.is_refuge()))
        .map(|(t, _, _)| *t)
        .min()
}

/// Each house of `charge` the water cut off: (house, tick cut off, depth m, speed m/s, the
/// members of `charge` living there, of whom still not at a refuge then, and when the last
/// who got there did).
struct HouseAtCutOff<'a> {
    house: &'a str,
    at: u64,
    depth_m: f64,
    speed_mps: f64,
    people: u32,
    left: u32,
    last_safe: Option<u64>,
}

fn houses_cut_off<'a>(charge: &[String], r: &'a Replay) -> Vec<HouseAtCutOff<'a>> {
    let mut out: Vec<HouseAtCutOff> = Vec::new();
    for who in charge {
        if r.out_of_play.contains(who) {
            continue;
        }
        let Some(h) = household_of(r, who) else {
            continue;
        };
        let Some(&(at, depth_m, speed_mps)) = r.cut_off.get(&h.house) else {
            continue;
        };
        let safe = safe_at(r, who).filter(|&s| s <= at);
        let k = match out.iter().position(|x| x.house == h.house) {
            Some(k) => k,
            None => {
                out.push(HouseAtCutOff {
                    house: &h.house,
                    at,
                    depth_m,
                    speed_mps,
                    people: 0,
                    left: 0,
                    last_safe: None,
                });
                out.len() - 1
            }
        };
        let x = &mut out[k];
        x.people += 1;
        match safe {
            Some(s) => x.last_safe = Some(x.last_safe.map_or(s, |l| l.max(s))),
            None => x.left += 1,
        }
    }
    out.sort_by_key(|x| (x.at, x.house));
    out
}

/// The first house of `charge` cut off, within `[start, until]`, with people of `charge` not
/// yet at a refuge: (tick, in words).
pub(super) fn caught(charge: &[String], r: &Replay, start: u64, until: u64) -> Option<(u64, Text)> {
    let x = houses_cut_off(charge, r)
        .into_iter()
        .find(|x| x.left > 0 && x.at >= start && x.at <= until)?;
    Some((
        x.at,
        Text {
            zh: format!(
                "{}户 {} 人中 {} 人尚未到达安置点时，房屋处水深已达 {:.2} 米、流速 {:.2} 米/秒（AIDR H3 以上，老人儿童已无法自行撤出）",
                x.house, x.people, x.left, x.depth_m, x.speed_mps
            ),
            en: format!(
                "{} of the {} at {} were not yet at a refuge when the water there reached {:.2} m at {:.2} m/s (AIDR H3 or worse: children and the elderly can no longer walk out)",
                x.left, x.people, x.house, x.depth_m, x.speed_mps
            ),
        },
    ))
}

/// Each house of `charge` the water cut off, and how long before it its people were all at a
/// refuge (negative: some were not): (tick cut off, house, margin s, people still out).
pub(super) fn margins(charge: &[String], r: &Replay) -> Vec<(u64, String, Option<f64>, u32)> {
    houses_cut_off(charge, r)
        .into_iter()
        .map(|x| {
            let margin = (x.left == 0)
                .then(|| x.last_safe.map(|s| r.secs(x.at) - r.secs(s)))
                .flatten();
            (x.at, x.house.to_string(), margin, x.left)
        })
        .collect()
}

/// The first household moved while a vulnerable household of `charge` was still unmoved, within
/// `[start, until]`: (tick, in words).
pub(super) fn others_first(
    moved: &[(u64, String)],
    charge: &[String],
    r: &Replay,
    start: u64,
    until: u64,
) -> Option<(u64, Text)> {
    let mine: Vec<&Household> = r
        .households
        .iter()
        .filter(|h| charge.iter().any(|w| household_of(r, w) == Some(*h)))
        .collect();
    let moved_at = |house: &str| {
        moved
            .iter()
            .find(|(t, h)| h == house && *t >= start)
            .map(|(t, _)| *t)
    };
    for (t, house) in moved.iter().filter(|(t, _)| *t >= start && *t <= until) {
        let Some(h) = mine.iter().find(|h| &h.house == house) else {
            continue;
        };
        if h.vulnerable {
            continue;
        }
        let waiting: Vec<&str> = mine
            .iter()
            .filter(|v| v.vulnerable && moved_at(&v.house).is_none_or(|m| m > *t))
            .map(|v| v.house.as_str())
            .collect();
        if let Some(first) = waiting.first() {
            let more = waiting.len() - 1;
            return Some((
                *t,
                Text {
                    zh: format!(
                        "先转移了 {house} 户，危险户 {first}{} 尚未转移",
                        if more > 0 {
                            format!(" 等 {} 户", more + 1)
                        } else {
                            String::new()
                        }
                    ),
                    en: format!(
                        "moved {house} while the vulnerable household {first}{} had not been moved",
                        if more > 0 {
                            format!(" (and {more} more)")
                        } else {
                            String::new()
                        }
                    ),
                },
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests;
