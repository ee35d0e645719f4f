//! The debrief: when the drill ends (or is stopped), the journal is read back and scored — the
//! same report.json and report.html as `drillhall report` writes — and the window shows the
//! score, the per-task table and the key moments, with the full report a key away.

use super::camera::ViewCamera;
use super::control::Trainee;
use super::keys::{Command, KeyBindings};
use super::{Screen, UiFont, ViewOptions, pick, wrap};
use crate::report::Report;
use crate::scenario::schema::Scenario;
use crate::sim::DrillSetup;
use crate::sim::journal::JournalSink;
use crate::sim::participants::Participants;
use crate::words::Lang;
use crate::words::{Words, clock};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where the drill's files go (set by `drillhall play`).
#[derive(Resource, Clone)]
pub struct DrillFiles {
    pub dir: PathBuf,
    pub journal: PathBuf,
    /// The scenario as loaded (a blind drill's before its draw), for the report's map.
    pub scenario: Scenario,
    /// Set once the debrief has written the report (the caller reads it after the window
    /// closes: the App itself is gone by then).
    pub reported: Arc<AtomicBool>,
}

/// The debrief has been prepared: the report (none without a plan) or why it failed.
#[derive(Resource)]
pub struct Debriefed {
    pub report: Option<Report>,
    pub html: Option<PathBuf>,
    pub error: Option<String>,
}

#[derive(Component)]
struct Panel;
#[derive(Component)]
struct Footer;

/// Rows of the task table on screen; the report has them all.
const TASK_ROWS: usize = 6;
const OWN_ROWS: usize = 4;
const MOMENTS: usize = 3;
const FINDINGS: usize = 1;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            prepare.after(super::stepping::StepSet),
            keys.run_if(resource_exists::<Debriefed>),
        ),
    );
}

fn prepare(world: &mut World) {
    if *world.resource::<Screen>() != Screen::Debrief || world.contains_resource::<Debriefed>() {
        return;
    }
    let flushed = world
        .get_resource_mut::<JournalSink>()
        .map_or(Ok(()), |mut s| s.flush());
    let files = world.get_resource::<DrillFiles>().cloned();
    let setup = world.resource::<DrillSetup>().clone();
    let lang = world.resource::<ViewOptions>().lang;
    let d = match (files, &setup.plan, flushed) {
        (_, _, Err(e)) => Debriefed {
            report: None,
            html: None,
            error: Some(format!("cannot write the journal: {e}")),
        },
        (Some(f), Some(plan), Ok(())) => match score(&f, plan, lang) {
            Ok(r) => {
                f.reported.store(true, Ordering::Relaxed);
                Debriefed {
                    report: Some(r),
                    html: Some(f.dir.join("report.html")),
                    error: None,
                }
            }
            Err(e) => Debriefed {
                report: None,
                html: None,
                error: Some(e),
            },
        },
        _ => Debriefed {
            report: None,
            html: None,
            error: None,
        },
    };
    spawn(world, &setup, &d, lang);
    world.insert_resource(d);
    world.insert_resource(super::EndShown);
}

fn score(f: &DrillFiles, plan: &crate::plan::Plan, lang: Lang) -> Result<Report, String> {
    let file = std::fs::File::open(&f.journal)
        .map_err(|e| format!("cannot read {}: {e}", f.journal.display()))?;
    let v = crate::journal::verify(std::io::BufReader::new(file))
        .map_err(|e| format!("{}: {e}", f.journal.display()))?;
    let date = crate::report::file_date(&f.journal);
    crate::report::write_files(&v, plan, Some(&f.scenario), (lang, date), &f.dir)
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    bindings: Res<KeyBindings>,
    pads: Query<&Gamepad>,
    d: Res<Debriefed>,
    opts: Res<ViewOptions>,
    mut footer: Query<&mut Text, With<Footer>>,
    mut exit: MessageWriter<AppExit>,
) {
    if opts.unattended.is_some() {
        return;
    }
    let pad = |b: GamepadButton| pads.iter().any(|g| g.just_pressed(b));
    if bindings.just_pressed(Command::Quit, &keys) || pad(GamepadButton::East) {
        exit.write(AppExit::Success);
    }
    if (bindings.just_pressed(Command::Confirm, &keys) || pad(GamepadButton::South))
        && let Some(path) = &d.html
    {
        let said = match open_in_browser(path) {
            Ok(()) => match opts.lang {
                Lang::Zh => format!("已打开 {}", path.display()),
                Lang::En => format!("Opened {}", path.display()),
            },
            Err(e) => match opts.lang {
                Lang::Zh => format!("无法打开浏览器（{e}）；报告在 {}", path.display()),
                Lang::En => format!(
                    "Cannot open a browser ({e}); the report is {}",
                    path.display()
                ),
            },
        };
        if let Ok(mut t) = footer.single_mut() {
            t.0 = said;
        }
    }
}

/// Hand a file to the desktop's browser.
fn open_in_browser(path: &std::path::Path) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(path).spawn().map(|_| ())
}

fn spawn(world: &mut World, setup: &DrillSetup, d: &Debriefed, lang: Lang) {
    let font = world.resource::<UiFont>().0.clone();
    let bindings = world.resource::<KeyBindings>().clone();
    // Whose tasks come first: the trainee's, else the participant the camera followed.
    let parts = world.resource::<Participants>();
    let followed = world.resource::<ViewCamera>().person;
    let me = world
        .resource::<Trainee>()
        .participant
        .and_then(|i| parts.list.get(i))
        .or_else(|| followed.and_then(|p| parts.list.iter().find(|x| x.person == p)))
        .map(|p| p.id.clone());
    let text = |size: f32| {
        TextFont::default()
            .with_font(font.clone())
            .with_font_size(size)
    };
    let zh = lang == Lang::Zh;
    let t = |zh_s: String, en_s: String| if zh { zh_s } else { en_s };
    // Participants as the trainer named them.
    let name = |r: &crate::report::Report, id: &str| {
        crate::plan::evaluate::name_of(&r.participants, id)
            .map_or_else(|| id.to_string(), |n| if zh { n.zh } else { n.en })
    };
    let title = pick(lang, &setup.scenario.meta.title).to_string();
    let mut lines: Vec<(String, f32, Color)> = vec![(
        t(format!("演练讲评 · {title}"), format!("Debrief · {title}")),
        30.0,
        Color::WHITE,
    )];
    let mut rows: Vec<([String; 4], bool)> = Vec::new();
    let mut more = 0;
    let mut moments: Vec<String> = Vec::new();
    match &d.report {
        Some(r) => {
            let (bz, be) = r.band.words();
            let rating = r.rating.map_or("–".into(), |x| format!("{x:?}"));
            // The trainee's own score first, from their own tasks; the drill's second.
            let own = me
                .as_ref()
                .and_then(|id| r.participants.iter().find(|p| &p.participant == id));
            if let Some(p) = own {
                let (oz, oe) = p.band.words();
                lines.push((
                    t(
                        format!("你的得分 {:.0} · {oz} · 评级 {:?}", p.score, p.rating),
                        format!("Your score {:.0} · {oe} · rating {:?}", p.score, p.rating),
                    ),
                    40.0,
                    Color::srgb(1.0, 0.85, 0.35),
                ));
            }
            lines.push((
                t(
                    format!("全场得分 {:.0} · {bz} · 评级 {rating}", r.score),
                    format!("The drill's score {:.0} · {be} · rating {rating}", r.score),
                ),
                if own.is_some() { 26.0 } else { 40.0 },
                Color::srgb(1.0, 0.85, 0.35),
            ));
            if r.partial {
                lines.push((
                    t(
                        "演练中途停止：按已记录的部分评分".into(),
                        "Stopped before its end: scored on what was recorded".into(),
                    ),
                    20.0,
                    Color::srgb(1.0, 0.6, 0.5),
                ));
            }
            if let Some(e) = &r.evacuation {
                let out: u32 = e.exits.values().sum();
                let cap = e.capacity_s.map_or(String::new(), |c| {
                    t(
                        format!("；楼梯与出口的通行下限 {}", clock(c)),
                        format!("; the stairs and exits need at least {}", clock(c)),
                    )
                });
                // From the hazard, as the report's headline: a late signal cannot shorten it.
                let (zh, en) = match e.from_hazard_s {
                    Some(hz) => (
                        format!(
                            "险情开始后 {}（疏散信号后 {}）最后一人撤出，{out} 人撤出{cap}",
                            clock(hz),
                            clock(e.total_s)
                        ),
                        format!(
                            "Last out {} after the hazard began ({} after the signal), {out} people out{cap}",
                            clock(hz),
                            clock(e.total_s)
                        ),
                    ),
                    None => (
                        format!("疏散用时 {}，{out} 人撤出{cap}", clock(e.total_s)),
                        format!("Evacuation {} with {out} people out{cap}", clock(e.total_s)),
                    ),
                };
                lines.push((t(zh, en), 22.0, Color::WHITE));
            }
            let steps = setup.plan.as_ref().map(|p| &p.steps[..]).unwrap_or(&[]);
            let title_of = |id: &str| {
                steps
                    .iter()
                    .find(|s| s.id == id)
                    .map_or(id.to_string(), |s| pick(lang, &s.title).to_string())
            };
            // The trainee's (or the followed participant's) own tasks one by one; everyone
            // else's by plan step: how many met it, late, not, and the last done.
            use crate::plan::evaluate::Outcome;
            let tasks: Vec<&crate::plan::evaluate::TaskResult> = r.tasks.iter().collect();
            let short = |o: Outcome| !matches!(o, Outcome::Met | Outcome::NotApplicable);
            for x in tasks.iter().filter(|x| Some(&x.participant) == me.as_ref()) {
                let (oz, oe) = x.outcome.words();
                rows.push((
                    [
                        title_of(&x.id),
                        name(r, &x.participant),
                        t(oz.into(), oe.into()),
                        x.done_s.map_or("–".into(), clock),
                    ],
                    short(x.outcome),
                ));
            }
            let mut steps_seen: Vec<&str> = Vec::new();
            let mut others: Vec<([String; 4], bool)> = Vec::new();
            for x in tasks.iter().filter(|x| Some(&x.participant) != me.as_ref()) {
                if steps_seen.contains(&x.id.as_str()) {
                    continue;
                }
                steps_seen.push(&x.id);
                let same: Vec<&&crate::plan::evaluate::TaskResult> = tasks
                    .iter()
                    .filter(|y| y.id == x.id && Some(&y.participant) != me.as_ref())
                    .collect();
                let mut counts: Vec<(Outcome, usize)> = Vec::new();
                for y in &same {
                    match counts.iter_mut().find(|(o, _)| *o == y.outcome) {
                        Some(c) => c.1 += 1,
                        None => counts.push((y.outcome, 1)),
                    }
                }
                counts.sort_by_key(|(o, _)| short(*o));
                let summary = counts
                    .iter()
                    .map(|(o, n)| {
                        let (oz, oe) = o.words();
                        t(format!("{oz} {n}"), format!("{oe} {n}"))
                    })
                    .collect::<Vec<_>>()
                    .join(" · ");
                let who = if same.len() == 1 {
                    name(r, &same[0].participant)
                } else if same.iter().all(|y| y.role == x.role) {
                    let role = setup.plan.as_ref().map_or_else(
                        || crate::words::text(&x.role, &x.role),
                        |p| p.role_name(&x.role),
                    );
                    format!("{} ×{}", if zh { role.zh } else { role.en }, same.len())
                } else {
                    t(
                        format!("{} 人", same.len()),
                        format!("{} people", same.len()),
                    )
                };
                let last = same
                    .iter()
                    .filter_map(|y| y.done_s)
                    .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
                others.push((
                    [
                        title_of(&x.id),
                        who,
                        summary,
                        last.map_or("–".into(), clock),
                    ],
                    same.iter().any(|y| short(y.outcome)),
                ));
            }
            // Those that fell short first; one's own tasks take at most OWN_ROWS, so the
            // whole drill's shortfalls show too.
            others.sort_by_key(|(_, fell_short)| !fell_short);
            rows.sort_by_key(|(_, fell_short)| !fell_short);
            let total = rows.len() + others.len();
            rows.truncate(OWN_ROWS.max(TASK_ROWS.saturating_sub(others.len())));
            let room = TASK_ROWS.saturating_sub(rows.len());
            rows.extend(others.into_iter().take(room));
            more = total - rows.len();
            // One's key moments: what they did, from the evidence the report judged them on;
            // a line once where it repeats in the language shown.
            let mut ev: Vec<(f64, String)> = me
                .as_deref()
                .map(|m| crate::report::analysis::evidence_of(&r.tasks, m))
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e.t_s, pick(lang, &e.text()).to_string()))
                .collect();
            ev.dedup_by(|a, b| a.1 == b.1);
            moments.extend(
                ev.iter()
                    .take(MOMENTS)
                    .map(|(s, w)| format!("{}  {}", clock(*s), wrap(w, lang))),
            );
            for f in r.findings.iter().take(FINDINGS) {
                let (sz, se) = f.severity.words();
                moments.push(wrap(
                    &format!(
                        "{}：{}",
                        t(sz.into(), se.into()),
                        pick(lang, &f.observation)
                    ),
                    lang,
                ));
            }
        }
        None => lines.push((
            d.error.clone().unwrap_or_else(|| {
                t(
                    "本演练没有预案，不评分".into(),
                    "This drill has no plan to score against".into(),
                )
            }),
            22.0,
            Color::srgb(1.0, 0.6, 0.5),
        )),
    }
    let footer = match &d.html {
        Some(p) => t(
            format!(
                "[{}] 打开完整报告（{}）   [{}] 退出",
                bindings.label(Command::Confirm),
                p.display(),
                bindings.label(Command::Quit)
            ),
            format!(
                "[{}] open the full report ({})   [{}] quit",
                bindings.label(Command::Confirm),
                p.display(),
                bindings.label(Command::Quit)
            ),
        ),
        None => t(
            format!("[{}] 退出", bindings.label(Command::Quit)),
            format!("[{}] quit", bindings.label(Command::Quit)),
        ),
    };
    let head = [
        t("任务".into(), "Task".into()),
        t("参演人员".into(), "Participant".into()),
        t("结果".into(), "Outcome".into()),
        t("完成于".into(), "Done at".into()),
    ];
    let widths = [45.0, 24.0, 22.0, 9.0];
    world
        .spawn((
            Panel,
            Node {
                position_type: PositionType::Absolute,
                left: Val::Percent(6.0),
                right: Val::Percent(6.0),
                top: Val::Percent(5.0),
                bottom: Val::Percent(5.0),
                padding: UiRect {
                    left: Val::Px(22.0),
                    right: Val::Px(22.0),
                    top: Val::Px(22.0),
                    bottom: Val::Px(52.0),
                },
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(6.0),
                overflow: Overflow::clip(),
                ..default()
            },
            BackgroundColor(Color::srgba(0.04, 0.08, 0.13, 0.94)),
            GlobalZIndex(10),
        ))
        .with_children(|c| {
            for (s, size, color) in lines {
                c.spawn((Text::new(s), text(size), TextColor(color)));
            }
            if !rows.is_empty() {
                let row = |c: &mut bevy::ecs::relationship::RelatedSpawner<ChildOf>,
                           cells: &[String; 4],
                           color: Color| {
                    c.spawn(Node {
                        flex_direction: FlexDirection::Row,
                        width: Val::Percent(100.0),
                        ..default()
                    })
                    .with_children(|r| {
                        for (cell, w) in cells.iter().zip(widths) {
                            r.spawn((
                                Node {
                                    width: Val::Percent(w),
                                    ..default()
                                },
                                children![(Text::new(cell.clone()), text(18.0), TextColor(color))],
                            ));
                        }
                    });
                };
                row(c, &head, Color::srgb(0.6, 0.8, 1.0));
                for (r, short) in &rows {
                    let color = if *short {
                        Color::srgb(1.0, 0.6, 0.5)
                    } else {
                        Color::WHITE
                    };
                    row(c, r, color);
                }
                if more > 0 {
                    c.spawn((
                        Text::new(t(
                            format!("…… 另有 {more} 行见完整报告"),
                            format!("… {more} more rows in the full report"),
                        )),
                        text(16.0),
                        TextColor(Color::srgb(0.7, 0.7, 0.7)),
                    ));
                }
            }
            if !moments.is_empty() {
                c.spawn((
                    Text::new(t("关键时刻".into(), "Key moments".into())),
                    text(22.0),
                    TextColor(Color::srgb(0.6, 0.8, 1.0)),
                ));
                for m in moments {
                    c.spawn((Text::new(m), text(17.0), TextColor(Color::WHITE)));
                }
            }
            // Pinned to the bottom edge: never pushed out of the panel by long content.
            c.spawn((
                Footer,
                Text::new(footer),
                text(18.0),
                TextColor(Color::srgb(1.0, 0.85, 0.35)),
                Node {
                    position_type: PositionType::Absolute,
                    left: Val::Px(22.0),
                    bottom: Val::Px(14.0),
                    ..default()
                },
                BackgroundColor(Color::srgba(0.04, 0.08, 0.13, 1.0)),
            ));
        });
}
