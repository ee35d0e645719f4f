#!/usr/bin/env python3
"""Writes the broken-scenario corpus: tests/fixtures/minimal.ron with one kind of mistake each.

Each case lists text edits and what `drillhall validate` must report: an anchor (a unique piece
of the edited text, plus a column offset) whose position is the expected line:column, and a
substring of the expected message or hint. The positions come from the text, not from drillhall,
so the test (tests/validate_corpus.rs) checks drillhall against an independent expectation.
Run from the repository root: python3 tests/broken/generate.py
"""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
BASE = (ROOT / "tests/fixtures/minimal.ron").read_text()
# A forest fire on a terrain (inline grids), its plan file left out so the copy stands alone.
FIRE = (ROOT / "scenarios/small-fire.ron").read_text().replace('    plan: File("plans/forest-fire.ron"),\n', "")
# A flood on a terrain (inline grids), its plan file left out so the copy stands alone.
FLOOD = (ROOT / "scenarios/small-flood.ron").read_text().replace('    plan: File("plans/flood-village.ron"),\n', "")
FUEL_GRID = "grid: Inline(rows: 10, cols: 12, values: [" + ", ".join(["1.0"] * 57 + ["14.0"] + ["1.0"] * 62) + "]),\n            zones:"

BLIND = 'blind: (start_delay_s: (min: 0.0, max: 600.0), draws: [Inject(number: 1, probability: 1.5)]),\n    end:'
R2 = '(id: "c1", kind: Corridor'

CASES = [
    ("unknown-field-typo", "a misspelt field name",
     [('width_m: 1.0, can_block', 'widht_m: 1.0, can_block')],
     [("widht_m", 0, "unknown field `widht_m`"), ("widht_m", 0, "did you mean `width_m`?"),
      ('(id: "d1"', 0, "missing field `width_m`")]),
    ("unknown-space-in-door", "a door refers to a space that does not exist",
     [('spaces: ("r1", "c1")', 'spaces: ("r1", "c2")')],
     [('"c2"', 0, "unknown space `c2`"), ('"c2"', 0, "did you mean `c1`?")]),
    ("door-off-wall", "a door that is not on the wall its spaces share",
     [('at: (7.5, 8.0)', 'at: (7.5, 6.0)')],
     [('(7.5, 6.0)', 0, "is not on a wall shared by `r1` and `c1`")]),
    ("door-does-not-fit", "a door wider than the wall beside it",
     [('at: (7.5, 8.0)', 'at: (8.6, 8.0)')],
     [('1.0, can_block', 0, "does not fit on the wall")]),
    ("self-intersecting-room", "a room outline that crosses itself",
     [('[(0.0, 0.0), (9.0, 0.0), (9.0, 8.0), (0.0, 8.0)]', '[(0.0, 0.0), (9.0, 8.0), (9.0, 0.0), (0.0, 8.0)]')],
     [('(9.0, 0.0), (0.0, 8.0)]', 0, "crosses itself")]),
    ("intensity-below-scale", "intensity V is below the drill scale VI–XII",
     [('intensity: VII', 'intensity: V')],
     [('V, start_s', 0, "unknown variant `V`")]),
    ("intensity-as-integer", "intensity written as an integer",
     [('intensity: VII', 'intensity: 8')],
     [('8, start_s', 0, "Roman numeral: `VIII`")]),
    ("negative-exit-width", "a negative width",
     [('width_m: 1.8', 'width_m: -1.8')],
     [('-1.8', 0, "exit width must be > 0")]),
    ("probability-above-one", "a probability outside 0–1",
     [('end:', BLIND)],
     [('1.5)]', 0, "probability must be ≥ 0 and ≤ 1, found 1.5")]),
    ("missing-comma", "a comma missing at the end of a line",
     [('elevation_m: 0.0,', 'elevation_m: 0.0')],
     [('spaces: [', 0, "a comma is probably missing")]),
    ("unclosed-paren", "the document's closing parenthesis is missing",
     [('    end: (time_limit_s: 600.0),\n)', '    end: (time_limit_s: 600.0),\n')],
     [('(\n    meta:', 0, "`(` is never closed")]),
    ("unknown-escape", "an unknown escape in a string",
     [('in one classroom."', 'in one classroom \\q."')],
     [('\\q', 1, "unknown escape `\\q`")]),
    ("number-with-unit", "a unit glued to a number",
     [('width_m: 1.0, can_block', 'width_m: 1.0m, can_block')],
     [('1.0m', 0, "`1.0m` is not a number")]),
    ("number-in-quotes", "a number written as a string",
     [('elevation_m: 0.0', 'elevation_m: "0.0"')],
     [('"0.0"', 0, "write the number without quotes")]),
    ("unknown-leader", "an occupant group follows a participant that does not exist",
     [('leader: "t1"', 'leader: "t2"')],
     [('"t2"', 0, "unknown participant `t2`")]),
    ("role-not-in-plan", "a participant's role is not a role of the plan",
     [('role: "homeroom-teacher"', 'role: "teacher"')],
     [('"teacher"', 0, "unknown role of the plan `teacher`")]),
    ("unreachable-room", "a room with no door",
     [(R2, '(id: "r2", kind: Storage, polygon: [(9.0, 0.0), (12.0, 0.0), (12.0, 8.0), (9.0, 8.0)]),\n                    ' + R2)],
     [('"r2"', 0, "space `r2` cannot be reached from any exit")]),
    ("overlapping-rooms", "two rooms that share floor area",
     [(R2, '(id: "r2", kind: Storage, polygon: [(8.0, 0.0), (12.0, 0.0), (12.0, 8.0), (8.0, 8.0)]),\n                    ' + R2)],
     [('[(8.0, 0.0)', 0, "space `r2` overlaps space `r1`"), ('"r2"', 0, "cannot be reached")]),
    ("exit-into-room", "an exit on a wall shared with another room",
     [('at: (12.0, 9.25)', 'at: (6.0, 8.0)')],
     [('(6.0, 8.0)', 0, "exit `e1` opens into space `r1`, not outside")]),
    ("stair-not-rising", "a stair whose ends are on the same floor",
     [('        doors: [', '        stairs: [(id: "s1", from: "c1", to: "r1", width_m: 1.2, length_m: 6.0)],\n        doors: [')],
     [('"r1", width_m: 1.2', 0, "`to` must be higher")]),
    ("overcrowded-room", "more people than a room holds",
     [('count: 30', 'count: 500')],
     [('500', 0, "above the 5.4 at which nobody can move")]),
    ("inject-unknown-door", "an inject blocks a door that does not exist",
     [('effect: Block(Door("d1"))', 'effect: Block(Door("d9"))')],
     [('Block(Door("d9"))', 0, "unknown door `d9`")]),
    ("inject-blocks-fixed-door", "an inject blocks a door not marked can_block",
     [('width_m: 1.0, can_block: true', 'width_m: 1.0, can_block: false')],
     [('Block(Door("d1"))', 0, "is not marked as one that can be blocked")]),
    ("missing-required-field", "the shaking duration is missing",
     [('strong_shaking_s: 20.0, ', '')],
     [('Earthquake(intensity', 0, "missing field `strong_shaking_s`")]),
    ("kind-does-not-match-site", "a flood drill on a building site",
     [('kind: Earthquake,\n        audience', 'kind: Flood,\n        audience')],
     [('Building(', 0, "a Flood drill cannot take place on a Building site"),
      ('[\n        Earthquake', 0, "a Flood drill needs a Flood hazard"),
      ('Inline(Plan', 0, "the plan is for Earthquake drills")]),
    ("newer-format-version", "a file written for a newer format",
     [('format_version: 1,\n        id: "minimal",', 'format_version: 2,\n        id: "minimal",')],
     [('2,\n        id: "minimal"', 0, "format version 2 is not supported")]),
    ("duplicate-door-id", "two doors with one id",
     [('        exits: [', '        exits: [')] ,
     []),  # placeholder replaced below
    ("misspelt-document", "the document name is misspelt",
     [('Scenario(\n    meta', 'Scenaro(\n    meta')],
     [('Scenaro(', 0, "did you mean `Scenario(…)`?")]),
    ("early-warning-too-long", "an early warning lead time of ten minutes",
     [('early_warning_s: 8.0', 'early_warning_s: 600.0')],
     [('early_warning_s: 600.0', 17, "early warning lead time must be > 0 and ≤ 120")]),
    ("aftershock-before-mainshock", "an aftershock before the main shaking ends",
     [('early_warning_s: 8.0)', 'early_warning_s: 8.0, aftershocks: [(at_s: 5.0, intensity: VI, duration_s: 5.0)])')],
     [('5.0, intensity: VI', 0, "is not after the main shaking")]),
    ("plan-unknown-objective", "a plan step under an objective that does not exist",
     [('objective: "protect",', 'objective: "protection",')],
     [('"protection"', 0, "unknown objective `protection`"), ('"protection"', 0, "did you mean `protect`?")]),
    ("plan-unknown-source", "a plan step cites a source that does not exist",
     [('doc: "shakeout"', 'doc: "shakout"')],
     [('"shakout"', 0, "did you mean `shakeout`?")]),
    ("inject-cycle", "two injects that wait for each other",
     [('    plan: Inline', '''        (number: 2, trigger: After(inject: 3, delay_s: 5.0), effect: PowerCut),
        (number: 3, trigger: After(inject: 2, delay_s: 5.0), effect: PowerCut),
    ],
    plan: Inline'''), ('control_note: "Tests re-routing: the class must use the corridor\'s other end.",\n        ),\n    ],\n',
                        'control_note: "Tests re-routing: the class must use the corridor\'s other end.",\n        ),\n')],
     [('After(inject: 3', 0, "waits on a cycle"), ('After(inject: 2', 0, "waits on a cycle")]),
    ("empty-chinese-title", "a title with no Chinese text",
     [('(zh: "最小演练"', '(zh: ""')],
     [('""', 0, "the Chinese text is empty")]),
    ("errors-in-several-elements", "mistakes in two list elements are all reported",
     [('width_m: 1.0, can_block', 'widht_m: 1.0, can_block'), ('width_m: 1.8,', 'wdth_m: 1.8,')],
     [("widht_m", 0, "unknown field `widht_m`"), ("wdth_m", 0, "unknown field `wdth_m`"),
      ('(id: "d1"', 0, "missing field `width_m`"), ('(id: "e1"', 0, "missing field `width_m`")]),
    ("bad-start-clock", "a time of day that does not exist",
     [('start_clock: "10:00"', 'start_clock: "25:00"')],
     [('"25:00"', 0, "is not a time of day")]),
    ("furniture-outside-room", "a bookshelf placed outside its room",
     [('At(8.6, 4.0)', 'At(10.0, 4.0)')],
     [('At(10.0', 0, "outside space `r1`")]),
    ("window-off-wall", "a window in the middle of the room",
     [('at: (4.5, 0.0), width_m: 2.4', 'at: (4.5, 1.0), width_m: 2.4')],
     [('(4.5, 1.0)', 0, "window at (4.5, 1) is not on a wall of space `r1`")]),
    ("destination-wrong-kind", "occupants sent to a space instead of an assembly area",
     [('destination: AssemblyArea("yard")', 'destination: Space("c1")')],
     [('Space("c1")', 0, "cannot be used here")]),
    ("plan-window-closes-on-itself", "a step's window that closes when the step is done",
     [('deadline_s: 5.0,\n                prohibits', 'deadline_s: 5.0,\n                until: Step("cover"),\n                prohibits')],
     [('Step("cover")', 0, "step `cover` closes on itself")]),
    ("plan-window-wrong-hazard", "a window closing on a hazard this kind of drill does not have",
     [('deadline_s: 5.0,\n                prohibits', 'deadline_s: 5.0,\n                until: Hazard(FireReported),\n                prohibits')],
     [('Hazard(FireReported)', 0, "FireReported does not happen in Earthquake drills")]),
    ("full-width-comma", "a comma typed with a Chinese input method",
     [('elevation_m: 0.0,', 'elevation_m: 0.0，')],
     [('，', 0, "`，` is a full-width comma"), ('，', 0, "type the ASCII `,`")]),
    ("full-width-quotes", "a string in Chinese quotation marks",
     [('role: "homeroom-teacher"', 'role: “homeroom-teacher”')],
     [('“', 0, "`“` is a full-width quotation mark"), ('“', 0, 'type the ASCII `"`')]),
    ("full-width-colon", "a field name followed by a Chinese colon",
     [('capacity_persons: 100', 'capacity_persons：100')],
     [('：', 0, "`：` is a full-width colon"), ('：', 0, "type the ASCII `:`")]),
    ("full-width-parenthesis", "a value in Chinese parentheses",
     [('At(8.6, 4.0)', 'At（8.6, 4.0）')],
     [('（', 0, "`（` is a full-width parenthesis"), ('（', 0, "type the ASCII `(`")]),
    ("bare-site-in-responsible-for", "a place written without `Site(…)` in a list of groups and places",
     [('responsible_for: [Group("g1")]', 'responsible_for: [Group("g1"), Space("c1"), Door("d1")]')],
     [('Space("c1")', 0, "unknown variant `Space`"), ('Space("c1")', 0, 'Site(Space("c1"))'),
      ('Door("d1")]', 0, "unknown variant `Door`"), ('Door("d1")]', 0, 'Site(Door("d1"))')]),
    ("plan-step-starts-on-itself", "a step that starts when it is itself done",
     [('starts: Hazard(ShakingStarts),\n                requires', 'starts: Step("cover"),\n                requires')],
     [('Step("cover")', 0, "step `cover` starts on itself")]),
    ("force-without-can-block", "a door that can be forced open but never blocked",
     [('width_m: 1.0, can_block: true', 'width_m: 1.0, force_s: 20.0')],
     [('20.0)', 0, "door `d1` can be forced but never blocked")]),
    ("leader-and-leaders", "a group given both `leader` and `leaders`",
     [('leader: "t1",', 'leader: "t1",\n            leaders: ["t1"],')],
     [('["t1"]', 0, "gives both `leader` and `leaders`"), ('["t1"]', 0, "the one who leads first")]),
    ("unknown-leader-in-list", "a list of leaders naming someone who is not a participant",
     [('leader: "t1",', 'leaders: ["t1", "t2"],')],
     [('"t2"]', 0, "unknown participant `t2`")]),
    ("staffing-rule-without-numbers", "a plan staffing rule that states no number",
     [('        ],\n    )),', '        ],\n        staffing: Some((source: (doc: "shakeout", clause: "x"))),\n    )),')],
     [('Some((source', 0, "states neither `per_group` nor `children_per_adult`")]),
    # Issue 20: a trainer's mistakes in the fire part of a scenario.
    ("fire-unknown-fuel-code", "a fuel model code that does not exist",
     [("default_model: 1,", "default_model: 14,")],
     [("14,\n", 0, "unknown fuel model 14")], FIRE),
    ("fire-wind-in-kmh", "a wind of 30 km/h written as m/s",
     [("speed_mps: 3.0, from_deg: 225.0", "speed_mps: 30.0, from_deg: 225.0")],
     [("30.0, from_deg: 225.0", 0, "write `speed_mps: 8.3` (km/h ÷ 3.6)")], FIRE),
    ("fire-moisture-as-fraction", "fuel moisture written as a fraction",
     [("dead_1h_pct: 6.0", "dead_1h_pct: 0.06")],
     [("0.06", 0, "a fraction 0.06 is 6 %")], FIRE),
    ("fire-ignition-outside-grid", "an ignition east of the terrain",
     [("at: (210.0, 150.0), time_s", "at: (2100.0, 150.0), time_s")],
     [("(2100.0, 150.0)", 0, "outside the terrain")], FIRE),
    ("fire-fuel-grid-wrong-size", "a fuel raster on another grid than the elevation",
     [("zones: [\n                // The farmstead", "grid: Inline(rows: 2, cols: 2, values: [1.0, 1.0, 1.0, 1.0]),\n            zones: [\n                // The farmstead")],
     [("Inline(rows: 2", 0, "the fuel grid is 2 rows × 2 cols; the elevation grid is 10 × 12")], FIRE),
    ("fire-line-rate-of-the-whole-crew", "a crew's fireline rate (274 m/h) written per person",
     [("line_m_per_h_per_person: Some(18.3)", "line_m_per_h_per_person: Some(274.0)")],
     [("Some(274.0)", 0, "fireline production (m/h per person) must be > 0 and ≤ 200, found 274")], FIRE),
    ("fire-fuel-grid-unknown-code", "a fuel raster holding an unknown code",
     [("zones: [\n                // The farmstead", FUEL_GRID + " [\n                // The farmstead")],
     [("Inline(rows: 10, cols: 12, values: [1.0", 0, "row 5 (from the north), column 10 holds 14, not a known fuel model")], FIRE),
    # Issue 21: a trainer's mistakes in the flood part of a scenario.
    ("flood-manning-n-as-percent", "Manning's n written as 3.5 (a percentage slip) for 0.035",
     [("default_n: 0.035,", "default_n: 3.5,")],
     [("3.5,\n", 0, "Manning's n must be 0.005–0.5, found 3.5")], FLOOD),
    ("flood-hydrograph-out-of-order", "hydrograph points out of time order",
     [("(t_s: 1200.0, q_m3s: 12.0)", "(t_s: 500.0, q_m3s: 12.0)")],
     [("500.0, q_m3s: 12.0", 0, "hydrograph time 500 s is not after 600 s")], FLOOD),
    ("flood-breach-off-levee", "a breach 30 m from its levee",
     [("at: (35.0, 50.0), width_m: 10.0", "at: (65.0, 50.0), width_m: 10.0")],
     [("(65.0, 50.0), width_m: 10.0", 0, "the breach is 30.0 m from levee `brook-levee`")], FLOOD),
    ("flood-breach-off-grid", "a breach beyond the terrain",
     [("at: (35.0, 50.0), width_m: 10.0", "at: (35.0, 500.0), width_m: 10.0")],
     [("(35.0, 500.0), width_m: 10.0", 0, "outside the terrain")], FLOOD),
    ("flood-rain-in-m-per-s", "rain of 30 mm/h written as m/s",
     [("intensity_mm_per_h: 30.0", "intensity_mm_per_h: 0.0000083")],
     [("0.0000083", 0, "write `intensity_mm_per_h: 29.9`")], FLOOD),
    ("flood-roughness-grid-wrong-size", "a roughness raster on another grid than the elevation",
     [("default_n: 0.035,\n", "default_n: 0.035,\n            grid: Inline(rows: 2, cols: 2, values: [0.035, 0.035, 0.035, 0.035]),\n")],
     [("Inline(rows: 2", 0, "the roughness grid is 2 rows × 2 cols; the elevation grid is 10 × 12")], FLOOD),
    ("flood-inflow-not-on-an-edge", "an inflow line drawn across the middle of the terrain",
     [("line: ((20.0, 100.0), (30.0, 100.0))", "line: ((20.0, 60.0), (30.0, 60.0))")],
     [("((20.0, 60.0)", 0, "the inflow line is not on an edge of the terrain")], FLOOD),
    ("flood-blind-rain-factor-inverted", "a double-blind rain factor with its range the wrong way round",
     [("\n    end:", "\n    blind: (start_delay_s: (min: 0.0, max: 0.0), draws: [Rain(factor: (min: 1.3, max: 0.8))]),\n    end:")],
     [("0.8))]", 0, "max is below min")], FLOOD),
]

# The duplicate-id case needs the door list edited.
for i, c in enumerate(CASES):
    if c[0] == "duplicate-door-id":
        CASES[i] = ("duplicate-door-id", "two doors with one id",
                    [('            (id: "d1", spaces: ("r1", "c1"), at: (7.5, 8.0), width_m: 1.0, can_block: true),\n',
                      '            (id: "d1", spaces: ("r1", "c1"), at: (7.5, 8.0), width_m: 1.0, can_block: true),\n'
                      '            (id: "d1", spaces: ("r1", "c1"), at: (2.0, 8.0), width_m: 1.0),\n')],
                    [('"d1", spaces: ("r1", "c1"), at: (2.0', 0, "door id `d1` is used twice")])


def position(text, anchor, offset):
    k = text.find(anchor)
    assert k >= 0, f"anchor {anchor!r} not found"
    assert text.find(anchor, k + 1) < 0 or anchor in ("widht_m", "wdth_m"), f"anchor {anchor!r} is not unique"
    k += offset
    line = text.count("\n", 0, k) + 1
    col = k - (text.rfind("\n", 0, k) + 1) + 1
    return line, col


def main():
    out = ROOT / "tests/broken"
    for old in out.glob("*.ron"):
        old.unlink()
    for n, case in enumerate(CASES, start=1):
        name, why, edits, expects = case[:4]
        text = case[4] if len(case) > 4 else BASE
        for old, new in edits:
            assert old in text, f"{name}: {old!r} not in base"
            text = text.replace(old, new, 1)
        header_lines = 1 + len(expects)
        body = text
        lines = [f"// broken: {why}"]
        for anchor, offset, msg in expects:
            line, col = position(body, anchor, offset)
            lines.append(f"// expect: {line + header_lines}:{col}: {msg}")
        (out / f"{n:02d}-{name}.ron").write_text("\n".join(lines) + "\n" + body)
    print(f"wrote {len(CASES)} cases")


if __name__ == "__main__":
    main()
