//! The fire rules judged where an attack began (`AttackBegun`): 四不打 against the plan's limits
//! (wind, slope, night), untrained people, a frontal attack on the head, and LCES (a lookout
//! who sees the front and the crew, two escape routes that beat the fire, a safety zone big
//! enough for the flames; Gleason 1991, Butler & Cohen 1998 as shared/reference/fire.md puts
//! them). Pure: the facts come from the journal, the thresholds from the plan.

use crate::drill::Text;
use crate::journal::events::{AttackFacts, FireSector};
use crate::plan::{FireLimits, Prohibition};

/// Escape routes LCES asks for: more than one (Gleason 1991).
pub const ESCAPE_ROUTES_NEEDED: usize = 2;

/// Why an attack in these conditions breaks `p`, in words; `None` when it does not (or when
/// `p` is not a rule of attacking, or needs limits the plan does not state).
pub(super) fn breach(p: Prohibition, f: &AttackFacts, limits: Option<&FireLimits>) -> Option<Text> {
    let at = format!("({:.0}, {:.0})", f.at.0, f.at.1);
    let said = |zh: String, en: String| {
        Some(Text {
            zh: format!("{zh}（位置 {at}）"),
            en: format!("{en} (at {at})"),
        })
    };
    match p {
        Prohibition::AttackInHighWind => {
            let max = limits?.high_wind_mps;
            (f.wind_mps >= max).then_some(())?;
            said(
                format!(
                    "风速 {:.1} 米/秒，达到预案的大风界限 {max:.1} 米/秒",
                    f.wind_mps
                ),
                format!(
                    "wind {:.1} m/s, at or above the plan's high wind of {max:.1} m/s",
                    f.wind_mps
                ),
            )
        }
        Prohibition::AttackOnSteepTerrain => {
            // 悬崖陡坡沟深谷窄: a slope past the plan's limit, or a form of terrain that
            // channels the fire whatever the plan says (hazards::fire::terrain).
            let deg = libm::atan(f.slope_pct / 100.0).to_degrees();
            let steep = limits
                .map(|l| l.steep_slope_deg)
                .filter(|&max| deg >= max)
                .map(|max| {
                    (
                        format!("坡度 {deg:.0}°，达到预案的陡坡界限 {max:.0}°"),
                        format!("slope {deg:.0}°, at or above the plan's steep slope of {max:.0}°"),
                    )
                });
            let form = f.terrain.is_adverse().then(|| {
                let (zh, en) = f.terrain.words();
                (format!("地形为{zh}"), format!("in {en}"))
            });
            let (zh, en): (Vec<String>, Vec<String>) = steep.into_iter().chain(form).unzip();
            if zh.is_empty() {
                return None;
            }
            said(zh.join("；"), en.join("; "))
        }
        Prohibition::AttackAtNight => {
            let l = limits?;
            let t = f.clock_min?;
            l.is_night(t)?.then_some(())?;
            let clock = hh_mm(t);
            said(
                format!(
                    "当地时间 {clock}，在预案规定的夜间（{}–{}）",
                    l.night_from, l.night_until
                ),
                format!(
                    "local time {clock}, in the plan's night ({}–{})",
                    l.night_from, l.night_until
                ),
            )
        }
        Prohibition::UntrainedAttack => {
            (!f.trained).then_some(())?;
            said(
                "参与扑打者未经扑火训练".into(),
                "the attacker is not trained for firefighting".into(),
            )
        }
        Prohibition::DirectAttackOnHead => match f.sector {
            FireSector::Head => {
                let (zh, en) = if f.terrain.is_adverse() {
                    let (zh, en) = f.terrain.words();
                    (format!("，地形为{zh}"), format!(", in {en}"))
                } else {
                    (String::new(), String::new())
                };
                said(
                    format!(
                        "在火头正前方扑打：距火线 {:.0} 米，火焰长度 {:.1} 米，蔓延速度 {:.1} 米/分{zh}",
                        f.front_distance_m, f.flame_length_m, f.ros_m_per_min
                    ),
                    format!(
                        "at the head, {:.0} m from the front: flames {:.1} m long, spreading {:.1} m/min{en}",
                        f.front_distance_m, f.flame_length_m, f.ros_m_per_min
                    ),
                )
            }
            FireSector::Flank | FireSector::Back => None,
        },
        Prohibition::AttackWithoutLces => {
            let missing = lces_missing(f);
            if missing.is_empty() {
                return None;
            }
            let (zh, en): (Vec<&str>, Vec<&str>) = missing.iter().copied().unzip();
            let (zh, en) = (zh.join("；"), en.join("; "));
            let routes = f.escape_routes.len();
            said(
                format!(
                    "{zh}（可用避险路线 {routes} 条；安全区距可燃物 {:.0} 米，需 {:.0} 米）",
                    f.safety_zone_clear_m, f.safety_zone_needed_m
                ),
                format!(
                    "{en} ({routes} escape route(s) beat the fire; safety zone {:.0} m from fuel, {:.0} m needed)",
                    f.safety_zone_clear_m, f.safety_zone_needed_m
                ),
            )
        }
        Prohibition::UseLift
        | Prohibition::GoBack
        | Prohibition::RunDuringShaking
        | Prohibition::StandInDoorway
        | Prohibition::JumpFromHeight
        | Prohibition::CrossMovingWater
        | Prohibition::DriveThroughWater
        | Prohibition::CaughtByWater
        | Prohibition::OthersBeforeVulnerable
        | Prohibition::ReturnBeforeAllClear
        | Prohibition::AttackUnscouted
        | Prohibition::EscapeDownwind
        | Prohibition::EscapeUphill => None,
    }
}

/// What of LCES was not in place, in words (zh, en).
pub fn lces_missing(f: &AttackFacts) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if f.lookout.is_none() {
        out.push(("未设瞭望哨", "no lookout posted"));
    } else {
        if !f.lookout_sees_front {
            out.push(("瞭望员看不到火线", "the lookout cannot see the front"));
        }
        if !f.lookout_sees_crew {
            out.push(("瞭望员看不到扑火队员", "the lookout cannot see the crew"));
        }
    }
    if f.escape_routes.len() < ESCAPE_ROUTES_NEEDED {
        out.push((
            "不足两条能先于火到达的避险路线",
            "fewer than two escape routes that beat the fire",
        ));
    }
    if f.safety_zone.is_none() || f.safety_zone_clear_m < f.safety_zone_needed_m {
        out.push((
            "安全区不足（距可燃物小于4倍火焰高度加人员所需面积）",
            "no safety zone big enough (4 × flame height plus the crew's area from fuel)",
        ));
    }
    out
}

/// An escape as journalled (`Escaping`).
#[derive(Clone, Debug, PartialEq)]
pub struct Escape {
    pub refuge: String,
    pub bearing_deg: f64,
    pub wind_from_deg: f64,
    pub wind_mps: f64,
    pub climb_m: f64,
    pub distance_m: f64,
}

/// An escape is uphill when the refuge lies at least this much higher…, m (a rise, not the
/// grid's noise)…
pub const UPHILL_CLIMB_M: f64 = 10.0;
/// …at an average grade of at least this (a slope, not a valley floor's fall): drillhall's
/// stated choices.
pub const UPHILL_GRADE: f64 = 0.10;

/// Why an escape breaks `p` (fire.md: escape into the wind, never downwind; on a slope go
/// down, not up), in words; `None` when it does not.
pub(super) fn escape_breach(p: Prohibition, e: &Escape) -> Option<Text> {
    let downwind = (e.wind_from_deg + 180.0).rem_euclid(360.0);
    match p {
        Prohibition::EscapeDownwind => {
            crate::hazards::fire::shape::is_downwind(e.bearing_deg, downwind).then_some(())?;
            Some(Text {
                zh: format!(
                    "向“{}”撤离，方位 {:.0}°，而风（{:.1} 米/秒）吹向 {downwind:.0}°",
                    e.refuge, e.bearing_deg, e.wind_mps
                ),
                en: format!(
                    "escaped to \"{}\" heading {:.0}° with the wind ({:.1} m/s) blowing to {downwind:.0}°",
                    e.refuge, e.bearing_deg, e.wind_mps
                ),
            })
        }
        Prohibition::EscapeUphill => {
            let grade = e.climb_m / e.distance_m.max(1.0);
            (e.climb_m >= UPHILL_CLIMB_M && grade >= UPHILL_GRADE).then(|| Text {
                zh: format!(
                    "向“{}”撤离须上坡 {:.0} 米（平均坡度 {:.0}%）",
                    e.refuge,
                    e.climb_m,
                    grade * 100.0
                ),
                en: format!(
                    "escaped to \"{}\", {:.0} m uphill (an average grade of {:.0} %)",
                    e.refuge,
                    e.climb_m,
                    grade * 100.0
                ),
            })
        }
        Prohibition::UseLift
        | Prohibition::GoBack
        | Prohibition::RunDuringShaking
        | Prohibition::StandInDoorway
        | Prohibition::JumpFromHeight
        | Prohibition::CrossMovingWater
        | Prohibition::DriveThroughWater
        | Prohibition::CaughtByWater
        | Prohibition::OthersBeforeVulnerable
        | Prohibition::ReturnBeforeAllClear
        | Prohibition::DirectAttackOnHead
        | Prohibition::AttackAtNight
        | Prohibition::AttackInHighWind
        | Prohibition::AttackOnSteepTerrain
        | Prohibition::AttackUnscouted
        | Prohibition::UntrainedAttack
        | Prohibition::AttackWithoutLces => None,
    }
}

/// What an identification of escape routes or a safety zone lacked, in words; `None` when it
/// holds (two routes that beat the fire; a zone at least as far from fuel as it must be).
pub(super) fn lces_check_short(
    action: crate::drill::Action,
    from: crate::scenario::schema::Point,
    routes: &[String],
    zone: Option<&str>,
    clear_m: f64,
    needed_m: f64,
) -> Option<Text> {
    use crate::drill::Action;
    let at = format!("({:.0}, {:.0})", from.0, from.1);
    if action == Action::IdentifyEscapeRoutes {
        (routes.len() < ESCAPE_ROUTES_NEEDED).then(|| Text {
            zh: format!(
                "自 {at} 仅 {} 条避险路线能先于火到达（需至少 {ESCAPE_ROUTES_NEEDED} 条）",
                routes.len()
            ),
            en: format!(
                "from {at} only {} escape route(s) beat the fire ({ESCAPE_ROUTES_NEEDED} needed)",
                routes.len()
            ),
        })
    } else if action == Action::IdentifySafetyZone {
        match zone {
            None => Some(Text {
                zh: "场地无安全区".into(),
                en: "the site has no safety zone".into(),
            }),
            Some(z) => (clear_m < needed_m).then(|| Text {
                zh: format!("安全区“{z}”距可燃物 {clear_m:.0} 米，不足所需 {needed_m:.0} 米"),
                en: format!(
                    "safety zone \"{z}\" is {clear_m:.0} m from fuel, {needed_m:.0} m needed"
                ),
            }),
        }
    } else {
        // Only the identifications are checks; every other action counts when done.
        None
    }
}

/// Minutes after midnight as "HH:MM".
fn hh_mm(clock_min: f64) -> String {
    let m = clock_min.rem_euclid(1440.0).floor() as u32;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Whether the wind stayed at or above the plan's high wind from `start` to the journal's end
/// (the winds journalled: the fire's first, then each shift): an attack step with no deadline
/// that was never done is then a crew that waited, as 气象不利先等待 asks. The wind then.
pub(super) fn waited_for_wind(r: &super::replay::Replay, start: u64) -> Option<(f64, f64)> {
    let limit = r.fire_limits.as_ref()?.high_wind_mps;
    let at_start = r.winds.iter().rev().find(|(t, _)| *t <= start)?.1;
    let since = r.winds.iter().filter(|(t, _)| *t > start).map(|w| w.1);
    let lowest = since.fold(at_start, f64::min);
    (lowest >= limit).then_some((lowest, limit))
}

/// The rules of attacking, judged from the drill's start whether or not their step has begun.
pub(super) fn from_drill_start(p: Prohibition) -> bool {
    match p {
        Prohibition::AttackUnscouted
        | Prohibition::DirectAttackOnHead
        | Prohibition::AttackAtNight
        | Prohibition::AttackInHighWind
        | Prohibition::AttackOnSteepTerrain
        | Prohibition::UntrainedAttack
        | Prohibition::AttackWithoutLces => true,
        Prohibition::UseLift
        | Prohibition::GoBack
        | Prohibition::RunDuringShaking
        | Prohibition::StandInDoorway
        | Prohibition::JumpFromHeight
        | Prohibition::CrossMovingWater
        | Prohibition::DriveThroughWater
        | Prohibition::CaughtByWater
        | Prohibition::OthersBeforeVulnerable
        | Prohibition::ReturnBeforeAllClear
        | Prohibition::EscapeDownwind
        | Prohibition::EscapeUphill => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::events::TerrainForm;
    use crate::plan::Citation;

    fn limits() -> FireLimits {
        FireLimits {
            high_wind_mps: 8.0,
            steep_slope_deg: 25.0,
            night_from: "19:00".into(),
            night_until: "06:00".into(),
            source: Citation {
                doc: "d".into(),
                clause: "c".into(),
            },
        }
    }

    fn safe() -> AttackFacts {
        AttackFacts {
            at: (100.0, 200.0),
            clock_min: Some(14.0 * 60.0),
            wind_mps: 4.0,
            wind_from_deg: 225.0,
            slope_pct: 20.0,
            terrain: TerrainForm::Open,
            flame_length_m: 1.5,
            ros_m_per_min: 1.4,
            front_distance_m: 30.0,
            sector: FireSector::Flank,
            trained: true,
            lookout: Some("lookout".into()),
            lookout_sees_front: true,
            lookout_sees_crew: true,
            escape_routes: vec!["a".into(), "b".into()],
            safety_zone: Some("z".into()),
            safety_zone_clear_m: 100.0,
            safety_zone_needed_m: 9.5,
        }
    }

    const RULES: [Prohibition; 6] = [
        Prohibition::AttackInHighWind,
        Prohibition::AttackOnSteepTerrain,
        Prohibition::AttackAtNight,
        Prohibition::UntrainedAttack,
        Prohibition::DirectAttackOnHead,
        Prohibition::AttackWithoutLces,
    ];

    fn broken(f: &AttackFacts) -> Vec<Prohibition> {
        RULES
            .into_iter()
            .filter(|&p| breach(p, f, Some(&limits())).is_some())
            .collect()
    }

    #[test]
    fn a_flank_attack_in_daylight_with_lces_breaks_no_rule() {
        assert!(broken(&safe()).is_empty());
    }

    #[test]
    fn each_condition_breaks_its_own_rule_at_the_plans_threshold() {
        type Change = fn(&mut AttackFacts);
        let cases: [(Change, Prohibition); 6] = [
            (|f| f.wind_mps = 8.0, Prohibition::AttackInHighWind),
            // 25° is 46.6 %.
            (|f| f.slope_pct = 46.7, Prohibition::AttackOnSteepTerrain),
            (
                |f| f.clock_min = Some(5.0 * 60.0 + 59.0),
                Prohibition::AttackAtNight,
            ),
            (|f| f.trained = false, Prohibition::UntrainedAttack),
            (
                |f| f.sector = FireSector::Head,
                Prohibition::DirectAttackOnHead,
            ),
            (
                |f| f.escape_routes.truncate(1),
                Prohibition::AttackWithoutLces,
            ),
        ];
        for (change, rule) in cases {
            let mut f = safe();
            change(&mut f);
            assert_eq!(broken(&f), vec![rule]);
        }
        let mut f = safe();
        f.slope_pct = 46.5;
        f.clock_min = Some(6.0 * 60.0);
        f.wind_mps = 7.9;
        assert!(broken(&f).is_empty());
    }

    #[test]
    fn a_chimney_saddle_or_narrow_valley_is_adverse_terrain_without_a_slope_limit() {
        for form in [
            TerrainForm::Chimney,
            TerrainForm::Saddle,
            TerrainForm::NarrowValley,
        ] {
            let mut f = safe();
            f.terrain = form;
            assert_eq!(broken(&f), vec![Prohibition::AttackOnSteepTerrain]);
            let why = breach(Prohibition::AttackOnSteepTerrain, &f, None).unwrap();
            assert!(why.en.contains(form.words().1), "{}", why.en);
            f.sector = FireSector::Head;
            let head = breach(Prohibition::DirectAttackOnHead, &f, None).unwrap();
            assert!(head.zh.contains(form.words().0), "{}", head.zh);
        }
        let mut f = safe();
        f.slope_pct = 60.0;
        f.terrain = TerrainForm::Chimney;
        let both = breach(Prohibition::AttackOnSteepTerrain, &f, Some(&limits())).unwrap();
        assert!(
            both.en.contains("slope 31°") && both.en.contains("chimney"),
            "{}",
            both.en
        );
    }

    #[test]
    fn lces_names_what_was_missing() {
        let mut f = safe();
        f.lookout_sees_crew = false;
        f.safety_zone_clear_m = 5.0;
        let why = breach(Prohibition::AttackWithoutLces, &f, None).unwrap();
        assert!(why.en.contains("cannot see the crew"), "{}", why.en);
        assert!(why.en.contains("no safety zone big enough"), "{}", why.en);
        assert!(why.zh.contains("瞭望员看不到扑火队员"));
        f.lookout = None;
        assert!(lces_missing(&f).iter().any(|m| m.1 == "no lookout posted"));
    }

    #[test]
    fn rules_with_numbers_need_the_plans_limits() {
        let mut f = safe();
        f.wind_mps = 20.0;
        assert!(breach(Prohibition::AttackInHighWind, &f, None).is_none());
        f.clock_min = None;
        assert!(breach(Prohibition::AttackAtNight, &f, Some(&limits())).is_none());
    }

    fn escape(bearing_deg: f64, climb_m: f64, distance_m: f64) -> Escape {
        Escape {
            refuge: "z".into(),
            bearing_deg,
            wind_from_deg: 340.0,
            wind_mps: 8.0,
            climb_m,
            distance_m,
        }
    }

    /// With the wind from 340° (blowing to 160°), heading 118.7° (the ridge's eastern paddies
    /// from the anchor) is within 45° of it: downwind; 248° (the western paddies) is across it.
    #[test]
    fn escaping_with_the_wind_or_up_a_slope_breaks_the_escape_rules() {
        let down = Prohibition::EscapeDownwind;
        let up = Prohibition::EscapeUphill;
        assert!(escape_breach(down, &escape(118.7, 0.0, 300.0)).is_some());
        assert!(escape_breach(down, &escape(248.0, 0.0, 300.0)).is_none());
        assert!(escape_breach(down, &escape(205.0, 0.0, 300.0)).is_some());
        assert!(escape_breach(down, &escape(205.1, 0.0, 300.0)).is_none());
        // 10 m over 486 m is a valley floor's fall, not a slope; 30 m over 200 m is.
        assert!(escape_breach(up, &escape(0.0, 10.3, 486.0)).is_none());
        let why = escape_breach(up, &escape(0.0, 30.0, 200.0)).unwrap();
        assert!(why.en.contains("30 m uphill"), "{}", why.en);
    }

    /// Identifying escape routes counts when two beat the fire; a safety zone when its centre is
    /// as far from fuel as the flames ask.
    #[test]
    fn lces_identified_only_when_it_holds() {
        use crate::drill::Action;
        let two = ["a".to_string(), "b".to_string()];
        let check = |a, routes: &[String], clear| {
            lces_check_short(a, (1700.0, 409.0), routes, Some("z"), clear, 9.5)
        };
        assert!(check(Action::IdentifyEscapeRoutes, &two, 0.0).is_none());
        let one = check(Action::IdentifyEscapeRoutes, &two[..1], 0.0).unwrap();
        assert!(
            one.en.contains("only 1 escape route(s) beat the fire"),
            "{}",
            one.en
        );
        assert!(check(Action::IdentifySafetyZone, &[], 9.5).is_none());
        let small = check(Action::IdentifySafetyZone, &[], 5.0).unwrap();
        assert!(
            small.en.contains("5 m from fuel, 10 m needed"),
            "{}",
            small.en
        );
        assert!(
            lces_check_short(Action::IdentifySafetyZone, (0.0, 0.0), &[], None, 0.0, 1.0).is_some()
        );
        assert!(check(Action::Attack, &[], 0.0).is_none());
    }
}
