#!/usr/bin/env python3
"""Writes scenarios/school-earthquake.ron: a four-floor Chinese primary-school teaching building
(教学楼) with 24 classes, an earthquake of intensity VIII with early warning, and the injects of
the school drill. Run from anywhere: python3 scripts/gen_school.py

Every coordinate is computed here from a few dimensions, so doors sit exactly on the walls their
two spaces share and exits on outside walls. Edit the constants below, not the .ron file.

Plan view (metres, x east, y north; the same on every floor):

  y=13.2                          +-------+
                                  | lift  |  lift lobby (x 33.5–37.5)
  y=10.7 +----+-------------------+--d----+--------------------+----+
         | st |  corridor (single-loaded, 2.7 m)                | st |
  y=8.0  | a  +--d--d--+--d--d--+--d--d--+-d-+-d-+--d--d--+ ... | b  |
         |    | bay 1  | bay 2  | bay 3  |off|wc | bay 4  | ... |    |  (ground floor: lobby
  y=0.0  +-E--+--------+--------+--------+---E---+--------+-----+-E--+   instead of office+wc)
         x=0  4        13       22       31      39       48    66   70

  E = exits (ground floor only), d = doors. The playground is south of the building.

Standards behind the dimensions (GB 50099-2011 《中小学校设计规范》): stair flights at least 1.2 m
and in multiples of 0.6 m (here 1.8 m, three streams of people); primary-school treads at least
0.26 m and risers at most 0.15 m; single-loaded corridors at least 1.8 m clear; every teaching
room at least two doors of at least 0.9 m clear.
"""
import math
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "scenarios" / "school-earthquake.ron"

# ---- building dimensions -------------------------------------------------------------------
FLOORS = 4
STOREY_M = 3.6  # floor-to-floor; elevations 0, 3.6, 7.2, 10.8
ROOM_W = 9.0  # classroom along x
ROOM_D = 8.0  # classroom along y
CORR_Y0, CORR_Y1 = ROOM_D, ROOM_D + 2.7  # corridor 2.7 m wide, north of the classrooms
STAIR_W = 4.0  # stairwell along x: two 1.8 m flights, a 0.2 m well, walls
MID_W = 8.0  # middle bay: ground-floor lobby, or office + toilet upstairs
BAY_X0 = [4.0, 13.0, 22.0, 39.0, 48.0, 57.0]  # west walls of the six classrooms
MID_X0 = 31.0
STAIR_B_X0 = 66.0
BUILDING_X1 = STAIR_B_X0 + STAIR_W  # 70.0
LIFT_X0, LIFT_X1, LIFT_Y1 = 33.5, 37.5, CORR_Y1 + 2.5

FLIGHT_WIDTH_M = 1.8
FLIGHT_RUN_M = 7.2  # 24 risers of 0.15 m, 22 treads of 0.30 m, plus the turn at the half-landing
CLASS_DOOR_M = 1.0
STAIR_DOOR_M = 1.8
EXIT_STAIR_M = 2.0
EXIT_MAIN_M = 3.0

# ---- people --------------------------------------------------------------------------------
GRADE_ZH = ["一", "二", "三", "四", "五", "六"]
SURNAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"),
    ("胡", "Hu"), ("朱", "Zhu"), ("高", "Gao"), ("林", "Lin"), ("何", "He"), ("郭", "Guo"),
    ("马", "Ma"), ("罗", "Luo"), ("梁", "Liang"), ("宋", "Song"), ("郑", "Zheng"), ("谢", "Xie"),
]
FLOOR_ZH = ["一", "二", "三", "四"]
ORDINAL_EN = ["ground", "second", "third", "fourth"]

# The 24 classes in reading order fill bays 1–6 of floor 1, then floor 2, …: the youngest
# pupils on the lowest floors, as most Chinese primary schools arrange them.
CLASSES = [(g, c) for g in range(1, 7) for c in range(1, 5)]


def class_size(g, c):
    """48 ± 1 pupils: a fixed pattern, so the file does not change between runs."""
    return 47 + (g * 3 + c * 5) % 3


def pre_movement(g):
    """Median seconds from the evacuation signal until a pupil moves, by grade."""
    return {1: 6.0, 2: 6.0, 3: 5.0, 4: 5.0, 5: 4.0, 6: 4.0}[g]


# ---- helpers -------------------------------------------------------------------------------
def num(x):
    """A number as drillhall's RON reader takes it: always with a decimal point."""
    s = f"{x:.3f}".rstrip("0")
    return s + "0" if s.endswith(".") else s


def pt(p):
    return f"({num(p[0])}, {num(p[1])})"


def poly(ps):
    return "[" + ", ".join(pt(p) for p in ps) + "]"


def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def text(zh, en):
    return f'(zh: "{zh}", en: "{en}")'


def room_id(f, bay):
    return f"room-{f}0{bay}"


# ---- site ----------------------------------------------------------------------------------
spaces = {}  # id -> (floor, kind, polygon)
floors = []  # per floor: dict(spaces=[...lines], windows=[...], furniture=[...])
doors = []  # (id, a, b, at, width, can_block)
exits = []
stairs = []


def add_space(f, sid, kind, ps, zh, en, out):
    spaces[sid] = (f, kind, ps)
    out.append(f'(id: "{sid}", kind: {kind}, name: {text(zh, en)}, polygon: {poly(ps)}),')


def classroom_furniture(sid, x0, out):
    """A 9 × 8 m classroom facing west: board on the west wall, light from the left (south)."""
    y0 = 0.0
    out.append(f"// {sid}: board on the west wall; pupils face west so daylight comes from their left.")
    out.append(
        f'(kind: Whiteboard, space: "{sid}", layout: At{pt((x0 + 0.1, y0 + 4.0))}, rotation_deg: 90.0, anchored: true),'
    )
    out.append(f'(kind: Table, space: "{sid}", layout: At{pt((x0 + 1.1, y0 + 4.0))}, rotation_deg: 90.0),  // 讲台')
    # 7 × 7 single desks: columns 0.85 m apart front to back, rows 1.0 m apart across the room.
    out.append(
        f'(kind: Desk, space: "{sid}", layout: Grid(origin: {pt((x0 + 2.2, y0 + 1.0))}, rows: 7, cols: 7, pitch_m: (0.85, 1.0)), rotation_deg: 90.0),'
    )
    out.append(
        f'(kind: Chair, space: "{sid}", layout: Grid(origin: {pt((x0 + 2.6, y0 + 1.0))}, rows: 7, cols: 7, pitch_m: (0.85, 1.0)), rotation_deg: 90.0),'
    )
    out.append(
        f'(kind: Bookshelf, space: "{sid}", layout: At{pt((x0 + 8.8, y0 + 2.0))}, rotation_deg: 90.0),  // 图书角, free-standing'
    )
    out.append(
        f'(kind: CeilingLight, space: "{sid}", layout: Grid(origin: {pt((x0 + 2.0, y0 + 1.5))}, rows: 3, cols: 3, pitch_m: (2.5, 2.5))),'
    )
    out.append(
        f'(kind: CeilingLight, space: "{sid}", layout: At{pt((x0 + 0.6, y0 + 4.0))}, rotation_deg: 90.0),  // board light'
    )


for f in range(1, FLOORS + 1):
    sp, win, fur = [], [], []
    cid = f"corridor-{f}"
    fz = FLOOR_ZH[f - 1]
    # Stairwells span the full depth of the building at each end.
    for s, x0 in (("a", 0.0), ("b", STAIR_B_X0)):
        side_zh, side_en = ("西", "west") if s == "a" else ("东", "east")
        add_space(
            f, f"stairwell-{s}-{f}", "Stairwell", rect(x0, 0.0, x0 + STAIR_W, CORR_Y1),
            f"{side_zh}楼梯间（{fz}层）", f"{side_en.capitalize()} stairwell, floor {f}", sp,
        )
    add_space(
        f, cid, "Corridor", rect(STAIR_W, CORR_Y0, STAIR_B_X0, CORR_Y1),
        f"{fz}层走廊", f"Corridor, floor {f}", sp,
    )
    for bay, x0 in enumerate(BAY_X0, start=1):
        rid = room_id(f, bay)
        g, c = CLASSES[(f - 1) * 6 + bay - 1]
        add_space(
            f, rid, "Classroom", rect(x0, 0.0, x0 + ROOM_W, ROOM_D),
            f"{f}0{bay}教室（{GRADE_ZH[g - 1]}({c})班）", f"Room {f}0{bay} (class {g}-{c})", sp,
        )
        # Front door by the board, back door by the bookshelf: 1.0 m each on the corridor wall.
        doors.append((f"d-{f}0{bay}-front", rid, cid, (x0 + 1.0, ROOM_D), CLASS_DOOR_M, False))
        doors.append((f"d-{f}0{bay}-back", rid, cid, (x0 + ROOM_W - 1.0, ROOM_D), CLASS_DOOR_M, False))
        for k in range(3):
            win.append(f'(space: "{rid}", at: {pt((x0 + 1.5 + 3.0 * k, 0.0))}, width_m: 2.1),')
        classroom_furniture(rid, x0, fur)
    if f == 1:
        add_space(
            f, "lobby-1", "Lobby", rect(MID_X0, 0.0, MID_X0 + MID_W, ROOM_D),
            "门厅", "Entrance hall", sp,
        )
        doors.append(("d-1-lobby", "lobby-1", cid, (MID_X0 + MID_W / 2, ROOM_D), 3.0, False))
        for x in (MID_X0 + 1.0, MID_X0 + MID_W - 1.0):
            win.append(f'(space: "lobby-1", at: {pt((x, 0.0))}, width_m: 1.2),')
    else:
        oid, tid = f"office-{f}", f"toilet-{f}"
        add_space(
            f, oid, "Office", rect(MID_X0, 0.0, MID_X0 + 4.0, ROOM_D),
            f"{fz}层教师办公室", f"Teachers' office, floor {f}", sp,
        )
        add_space(
            f, tid, "Toilet", rect(MID_X0 + 4.0, 0.0, MID_X0 + MID_W, ROOM_D),
            f"{fz}层卫生间", f"Toilets, floor {f}", sp,
        )
        doors.append((f"d-{f}-office", oid, cid, (MID_X0 + 2.0, ROOM_D), 1.0, False))
        doors.append((f"d-{f}-toilet", tid, cid, (MID_X0 + 6.0, ROOM_D), 1.0, False))
        win.append(f'(space: "{oid}", at: {pt((MID_X0 + 2.0, 0.0))}, width_m: 1.8),')
        fur.append(
            f'(kind: Table, space: "{oid}", layout: Grid(origin: {pt((MID_X0 + 1.2, 1.5))}, rows: 3, cols: 2, pitch_m: (1.6, 2.0))),'
        )
        fur.append(
            f'(kind: Cabinet, space: "{oid}", layout: At{pt((MID_X0 + 3.7, 7.0))}, rotation_deg: 90.0),  // files, not fixed to the wall'
        )
    add_space(
        f, f"lift-lobby-{f}", "Lobby", rect(LIFT_X0, CORR_Y1, LIFT_X1, LIFT_Y1),
        f"{fz}层电梯厅", f"Lift lobby, floor {f}", sp,
    )
    doors.append((f"d-{f}-lift", f"lift-lobby-{f}", cid, ((LIFT_X0 + LIFT_X1) / 2, CORR_Y1), 2.0, False))
    # Stairwell doors: 1.8 m openings in the stairwell walls at the corridor's two ends.
    mid_corr = (CORR_Y0 + CORR_Y1) / 2
    for s, x in (("a", STAIR_W), ("b", STAIR_B_X0)):
        # Inject 3 blocks the third floor's east stairwell door, so only that one may be blocked.
        doors.append((f"d-{f}-stair-{s}", f"stairwell-{s}-{f}", cid, (x, mid_corr), STAIR_DOOR_M, f == 3 and s == "b"))
    floors.append(dict(spaces=sp, windows=win, furniture=fur))

for s in ("a", "b"):
    for f in range(1, FLOORS):
        stairs.append((f"stair-{s}-{f}-{f + 1}", f"stairwell-{s}-{f}", f"stairwell-{s}-{f + 1}"))

exits = [
    ("exit-a", "stairwell-a-1", (STAIR_W / 2, 0.0), EXIT_STAIR_M),
    ("exit-main", "lobby-1", (MID_X0 + MID_W / 2, 0.0), EXIT_MAIN_M),
    ("exit-b", "stairwell-b-1", (STAIR_B_X0 + STAIR_W / 2, 0.0), EXIT_STAIR_M),
]
PLAYGROUND = rect(0.0, -75.0, BUILDING_X1, -15.0)  # 70 × 60 m, 15 m clear of the facade

# ---- people --------------------------------------------------------------------------------
groups = []
teachers = []
for idx, (g, c) in enumerate(CLASSES):
    f, bay = idx // 6 + 1, idx % 6 + 1
    if f == 1:
        exit_id = {1: "exit-a", 2: "exit-a", 3: "exit-main", 4: "exit-main", 5: "exit-b", 6: "exit-b"}[bay]
    else:
        exit_id = "exit-a" if bay <= 3 else "exit-b"
    zh_s, en_s = SURNAMES[idx]
    gid, tid = f"class-{g}-{c}", f"teacher-{g}-{c}"
    groups.append(dict(id=gid, g=g, c=c, count=class_size(g, c), room=room_id(f, bay), exit=exit_id,
                       leader=tid, median=pre_movement(g)))
    teachers.append(dict(id=tid, g=g, c=c, zh=zh_s, en=en_s, room=room_id(f, bay), group=gid))

# Stair guides (楼梯值守教师): subject teachers from the upstairs offices, one per flight. The
# guide of flight b 2–3 comes from the second-floor office, so the first to reach the third
# floor's east stairwell door (inject 3) is a class, not a guide.
GUIDES = [
    ("guide-a-12", "stair-a-1-2", "office-2", "韩", "Han"),
    ("guide-a-23", "stair-a-2-3", "office-3", "唐", "Tang"),
    ("guide-a-34", "stair-a-3-4", "office-4", "冯", "Feng"),
    ("guide-b-12", "stair-b-1-2", "office-2", "于", "Yu"),
    ("guide-b-23", "stair-b-2-3", "office-2", "董", "Dong"),
    ("guide-b-34", "stair-b-3-4", "office-4", "萧", "Xiao"),
]

students = sum(x["count"] for x in groups)
participants_n = len(teachers) + len(GUIDES) + 2  # + commander + rule-breaking staff member

# ---- write ---------------------------------------------------------------------------------
L = []
w = L.append


def block(lines, indent):
    for line in lines:
        w(" " * indent + line)


w("// 教学楼地震应急疏散演练 — a four-floor primary-school teaching building, 24 classes.")
w("// GENERATED by scripts/gen_school.py: edit the script and run it again, not this file.")
w(f"// {students} pupils in {len(groups)} classes, {len(teachers)} homeroom teachers, {len(GUIDES)} stair guides,")
w(f"// the principal as drill commander and one staff member: {students + participants_n} people in all.")
w("Scenario(")
w("    meta: (")
w("        format_version: 1,")
w('        id: "school-earthquake",')
w("        kind: Earthquake,")
w("        audience: Trainee,")
w(f"        title: {text('教学楼地震应急疏散演练', 'Teaching-building earthquake evacuation drill')},")
w("        briefing: (")
w('            zh: "星期二上午10:00，第三节课。四层教学楼内24个班、约1160名学生正在上课。学校地震预警终端将提前约12秒发出预警，'
  '随后是约30秒的强烈震动（烈度Ⅷ度）。先避险、后疏散：预警响起立即伏地、遮挡、手抓牢；震动停止后听总指挥的疏散信号，'
  '各班按指定楼梯有序撤离到南侧操场，禁止乘坐电梯、禁止返回教室；到达后清点人数并逐级报告。目标：从疏散信号到全部撤出教学楼不超过2分钟。",')
w('            en: "Tuesday, 10:00, third lesson. 24 classes, about 1,160 pupils, are in the four-floor teaching building. '
  'The school\'s earthquake early-warning terminal will sound about 12 s before some 30 s of strong shaking (intensity VIII). '
  'Take cover first, evacuate after: drop, cover and hold on at the warning; when the shaking stops, wait for the commander\'s '
  'evacuation signal, then lead each class down its assigned stair to the playground south of the building. No lift, no going '
  'back. Count heads and report up the chain. Target: everyone out of the building within 2 minutes of the signal.",')
w("        ),")
w('        start_clock: "10:00",')
w("    ),")
w("    site: Building(")
w("        floors: [")
for f in range(1, FLOORS + 1):
    fl = floors[f - 1]
    w("            (")
    w(f'                id: "F{f}",')
    w(f"                elevation_m: {num((f - 1) * STOREY_M)},")
    w(f"                height_m: {num(STOREY_M)},")
    w("                spaces: [")
    block(fl["spaces"], 20)
    w("                ],")
    w("                // Three 2.1 m windows on the south (outside) wall of each classroom, sill 0.9 m.")
    w("                windows: [")
    block(fl["windows"], 20)
    w("                ],")
    w("                furniture: [")
    block(fl["furniture"], 20)
    w("                ],")
    w("            ),")
w("        ],")
w("        // Every door sits on the wall its two spaces share; `at` is the centre of the opening.")
w("        doors: [")
for did, a, b, at, width, can_block in doors:
    extra = ", can_block: true" if can_block else ""
    w(f'            (id: "{did}", spaces: ("{a}", "{b}"), at: {pt(at)}, width_m: {num(width)}{extra}),')
w("        ],")
w(f"        // Dog-leg stairs, {num(FLIGHT_WIDTH_M)} m flights (GB 50099: ≥ 1.2 m, in 0.6 m steps): each floor rises")
w(f"        // {num(STOREY_M)} m over a {num(FLIGHT_RUN_M)} m horizontal run, a slope of {STOREY_M / FLIGHT_RUN_M:.2f}.")
w("        stairs: [")
for sid, a, b in stairs:
    w(f'            (id: "{sid}", from: "{a}", to: "{b}", width_m: {num(FLIGHT_WIDTH_M)}, length_m: {num(FLIGHT_RUN_M)}),')
w("        ],")
w("        // A 1000 kg (13-person) passenger lift. The plan forbids it after an earthquake; it is here")
w("        // so a rule-breaker can take it and the evaluation can catch it.")
w("        lifts: [")
stops = ", ".join(f'"lift-lobby-{f}"' for f in range(1, FLOORS + 1))
w(f'            (id: "lift-1", stops: [{stops}], capacity_persons: 13, speed_mps: 1.0),')
w("        ],")
w("        // Ground-floor exits on the south wall, facing the playground.")
w("        exits: [")
for eid, sid, at, width in exits:
    w(f'            (id: "{eid}", space: "{sid}", at: {pt(at)}, width_m: {num(width)}, leads_to: "playground"),')
w("        ],")
w("        assembly_areas: [")
w("            (")
w('                id: "playground",')
w(f"                name: {text('操场（应急集合点）', 'Playground (assembly area)')},")
w("                // 70 × 60 m, 15 m clear of the facade so falling glass and tiles cannot reach it;")
w("                // about 2 m² per person at the capacity below.")
w(f"                polygon: {poly(PLAYGROUND)},")
w("                capacity_persons: 2000,")
w("            ),")
w("        ],")
w("    ),")
w("    // Pre-movement counts from the evacuation signal. A drilled class whose teacher is already")
w("    // at the door moves within seconds; the NIST 1.1 distributions in shared/reference/crowd.md")
w("    // (uniform 10–100 s, lognormal μ 4.586, σ 0.967) describe occupants who must first notice and")
w("    // interpret an alarm, which does not apply here. Medians of 6 s (grades 1–2), 5 s (3–4) and")
w("    // 4 s (5–6), σ 0.45 so 95 % move within about 2.4 × the median; crowd.md: children are slower")
w("    // and spread more, so the youngest get the longest times.")
w("    population: [")
for x in groups:
    g, c = x["g"], x["c"]
    w("        (")
    w(f'            id: "{x["id"]}",')
    w(f"            name: {text(f'{GRADE_ZH[g - 1]}年级({c})班', f'Class {g}-{c} (grade {g})')},")
    w(f"            count: {x['count']},")
    w("            profile: Child,")
    w(f'            start: Space("{x["room"]}"),')
    w(f"            pre_movement_s: LogNormal(mu: {math.log(x['median']):.3f}, sigma: 0.45),")
    w(f'            leader: "{x["leader"]}",')
    w(f'            exit: "{x["exit"]}",')
    w('            destination: AssemblyArea("playground"),')
    w("        ),")
w("    ],")
w("    participants: [")
w("        (")
w('            id: "principal",')
w('            role: "drill-commander",')
w(f"            name: {text('邓校长（演练总指挥）', 'Principal Deng (drill commander)')},")
w("            // In the entrance hall by the broadcast desk when the drill starts.")
w('            start: Space("lobby-1"),')
w('            responsible_for: [Site(AssemblyArea("playground"))],')
w("        ),")
for t in teachers:
    g, c = t["g"], t["c"]
    w("        (")
    w(f'            id: "{t["id"]}",')
    w('            role: "homeroom-teacher",')
    zh_name = f"{GRADE_ZH[g - 1]}({c})班班主任 {t['zh']}老师"
    en_name = f"Teacher {t['en']}, homeroom teacher of class {g}-{c}"
    w(f"            name: {text(zh_name, en_name)},")
    w(f'            start: Space("{t["room"]}"),')
    w(f'            responsible_for: [Group("{t["group"]}")],')
    w("        ),")
for gid, stair, start, zh_s, en_s in GUIDES:
    w("        (")
    w(f'            id: "{gid}",')
    w('            role: "stair-guide",')
    side, lo = stair.split("-")[1], stair.split("-")[2]
    side_zh, side_en = ("西", "west") if side == "a" else ("东", "east")
    hi = int(lo) + 1
    guide_zh = f"{side_zh}楼梯{FLOOR_ZH[int(lo) - 1]}至{FLOOR_ZH[hi - 1]}层值守 {zh_s}老师"
    guide_en = f"Teacher {en_s}, stair guide, {side_en} stair floors {lo}–{hi}"
    w(f"            name: {text(guide_zh, guide_en)},")
    w(f'            start: Space("{start}"),')
    w(f'            responsible_for: [Site(Stair("{stair}"))],')
    w("        ),")
w("        // A staff member with no drill post, played by a rule-breaking bot: it may take the lift")
w("        // or go back, for the evaluation to catch. Give the role to a person, or delete this")
w("        // entry, for a clean run.")
w("        (")
w('            id: "staff-fu",')
w('            role: "staff",')
w(f"            name: {text('傅老师（四层办公室）', 'Teacher Fu (fourth-floor office)')},")
w('            start: Space("office-4"),')
w("            bot: RuleBreaker,")
w("        ),")
w("    ],")
w("    hazards: [")
w("        Earthquake(")
w("            intensity: VIII,")
w("            start_s: 60.0,")
w("            strong_shaking_s: 30.0,")
w("            // 12 s of warning needs distance: the warning is issued a few seconds after the P wave")
w("            // reaches stations near the epicentre, and the S wave arrives about 1 s later for every")
w("            // 8 km. At 80 km there is about 10 s between P and S here. Intensity VIII at 80 km is a")
w("            // large (M7-class) event.")
w("            early_warning_s: 12.0,")
w("            epicentral_distance_km: 80.0,")
w("            // An aftershock while the classes squat on the playground, during the head count.")
w("            aftershocks: [(at_s: 420.0, intensity: VI, duration_s: 10.0)],")
w("        ),")
w("    ],")
w("    injects: [")
INJECTS = r'''
        (
            number: 1,
            trigger: When(condition: PhaseBegins(Alarm)),
            effect: Message,
            message: (
                zh: "【地震预警】强烈地震波即将到达本地，预计约12秒后有强烈震感，请立即就近避险！",
                en: "[Earthquake early warning] Strong shaking will arrive in about 12 seconds. Take cover now!",
            ),
            to: Everyone,
            channel: Broadcast,
            expected_action: (
                zh: "全体师生立即伏地、遮挡、手抓牢：学生躲到课桌下，一手护头，一手抓桌腿，远离窗户和书架。",
                en: "Everyone drops, covers and holds on: pupils under their desks, one arm over the head, one hand on a desk leg, away from windows and the bookshelf.",
            ),
            control_note: "The school's early-warning terminal. The hazard's early_warning_s sets the real lead time; the text says 'about 12 s'.",
        ),
        (
            number: 2,
            trigger: When(condition: Hazard(ShakingStops), delay_s: 10.0),
            effect: Message,
            message: (
                zh: "主震已停止。巡查员报告：教学楼有墙面开裂和吊顶掉落，未见倒塌，两侧楼梯目视可通行。",
                en: "The main shock is over. The inspector reports cracked walls and fallen ceiling panels, no collapse; both stairs look passable.",
            ),
            to: Role("drill-commander"),
            channel: Radio,
            expected_action: (
                zh: "总指挥立即发出疏散信号（广播加连续铃声），各班按预定路线疏散，楼梯值守教师就位。",
                en: "The commander gives the evacuation signal (announcement and continuous bell); classes leave by their routes; stair guides take their posts.",
            ),
            control_note: "Arrives as the plan's 10 s hold-on ends. Plan step signal-evacuation: within 60 s of the shaking stopping.",
        ),
        (
            number: 3,
            trigger: When(condition: FirstReaches(Door("d-3-stair-b"))),
            effect: Block(Door("d-3-stair-b")),
            message: (
                zh: "三楼东侧楼梯间门口的吊顶和墙皮塌落，堵住了门口！",
                en: "Ceiling panels and plaster have come down in the third-floor doorway to the east stairwell: it is blocked!",
            ),
            to: Everyone,
            channel: FaceToFace,
            expected_action: (
                zh: "三楼东侧三个班由班主任带领沿走廊改走西侧楼梯，不推挤；楼梯值守教师向总指挥报告。",
                en: "The three classes on the east side of the third floor turn and follow their teachers along the corridor to the west stair, without pushing; a stair guide reports to the commander.",
            ),
            control_note: "Tests re-routing: about 145 pupils must join the west stair, which already carries the third and fourth floors' west classes. Watch the queue at d-3-stair-a.",
        ),
        (
            number: 4,
            trigger: After(inject: 2, delay_s: 20.0),
            effect: Missing(group: "class-3-2", count: 1),
            control_note: "One pupil of class 3-2 (room 204) goes back for his schoolbag and hides in the second-floor toilet. The teacher's head count must show 47 of 48 present and report the missing pupil; the commander sends a search only once the building has been checked.",
        ),
        (
            number: 5,
            trigger: When(condition: EvacuatedFraction(0.9), delay_s: 120.0),
            effect: Message,
            message: (
                zh: "区教育局来电：请立即报告学校师生伤亡和疏散情况。",
                en: "Call from the district education bureau: report the school's casualties and evacuation status now.",
            ),
            to: Role("drill-commander"),
            channel: Phone,
            expected_action: (
                zh: "总指挥汇总各班报告，报告应到、实到人数和失联学生情况。",
                en: "The commander gathers the class reports and gives the expected and present totals and any missing pupils.",
            ),
            control_note: "Plan step report-up. The correct total counts the missing pupil of class 3-2 as absent.",
        ),
'''
L.extend(INJECTS.strip("\n").split("\n"))
w("    ],")
w('    plan: File("plans/school-earthquake.ron"),')
w("    end: (time_limit_s: 1200.0),")
w(")")

# The size check below guards the inject 4 text against changes to class_size.
assert class_size(3, 2) == 48, class_size(3, 2)

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text("\n".join(L) + "\n", encoding="utf-8")
print(
    f"wrote {OUT.relative_to(ROOT)}: {len(spaces)} spaces, {len(doors)} doors, {len(stairs)} stairs, "
    f"{len(groups)} classes, {students} pupils, {participants_n} participants, "
    f"{students + participants_n} people"
)
