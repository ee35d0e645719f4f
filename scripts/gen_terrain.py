#!/usr/bin/env python3
"""Generate the synthetic terrain grids the shipped scenarios use (ESRI ASCII grid, `.asc`).

    python3 scripts/gen_terrain.py            # writes scenarios/terrain/*.asc
    python3 scripts/gen_terrain.py --check    # also prints slope statistics

Standard library only; the output is deterministic (no random numbers), so re-running the script
gives byte-identical files. Values are rounded to 0.1 m to keep each file well under 200 KB.

Frame: the grids have `xllcorner 0`, `yllcorner 0`, so the scenario coordinates (metres from the
south-west corner, x east, y north) are the grid coordinates. Rows are written northern row first.

ridge.asc (forest-fire-ridge.ron): 100 cols x 80 rows of 30 m = 3000 m east x 2400 m north.
    A forested ridge running west-east with its crest near y = 1900 m (~650-700 m), a saddle
    at x = 1500 m, a gully (a chimney: 沟深谷窄, fire.md 四不打) cut into the south face at
    x = 1900 m, a lookout knoll on a spur at (2250, 1050), and a valley floor (~300-320 m) with
    a stream running west to east along y = 330 m. The village sits on the valley floor at the
    foot of the south face. Slopes: 0-5 % on the floor, 30-60 % on the face (fire.md: slope in
    percent matters; the behave cases use 25-30 %).

river-valley.asc (flood-village.ron): 120 cols x 100 rows of 10 m = 1200 m east x 1000 m north.
    A river flowing north to south in a channel centred near x = 250 m (40 m wide, 4 m below the
    banks), an unprotected west bank (low fields), a protected floodplain east of the levee
    (x = 290 m; the levee itself is NOT in the grid: drillhall raises it from the scenario's
    `levees`, whose crest height is above the ground), the village on that floodplain at about
    49.5-51 m with an old-channel hollow that the low road crosses, and high ground east of
    x = 850 m at 62-65 m, 12-15 m above the floodplain. The valley falls 1 m per km to the south.
"""

import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "scenarios", "terrain")


def smoothstep(a, b, x):
    """0 below a, 1 above b, a cosine ramp in between."""
    if x <= a:
        return 0.0
    if x >= b:
        return 1.0
    return 0.5 - 0.5 * math.cos(math.pi * (x - a) / (b - a))


def gauss(d, w):
    return math.exp(-((d / w) ** 2))


# ---------------------------------------------------------------------------------------------
# ridge.asc


def ridge_elevation(x, y):
    # Valley floor: falls 30 m from west to east (the stream flows east).
    floor = 320.0 - 0.010 * x
    # South of the stream the ground rises gently towards the southern fields and the school.
    if y < 330.0:
        floor += 0.05 * (330.0 - y)
    # Stream channel: 3 m deep, ~40 m wide.
    floor -= 3.0 * gauss(y - 330.0, 20.0)
    # Ridge height above the floor: 330-390 m with a saddle (垭口) at x = 1500.
    height = 360.0 + 30.0 * math.sin(2.0 * math.pi * (x + 400.0) / 3000.0)
    height -= 70.0 * gauss(x - 1500.0, 260.0)
    # Profile across the ridge: rises from y = 480 (foot) to the crest at y = 1900,
    # then falls 35 % of the ridge height to the northern edge.
    rise = smoothstep(480.0, 1900.0, y)
    fall = 0.35 * smoothstep(1900.0, 2600.0, y)
    z = floor + height * (rise - fall)
    # A gully cut into the south face at x = 1900, deepest mid-slope.
    z -= 45.0 * gauss(x - 1900.0 - 0.05 * (y - 1000.0), 90.0) * smoothstep(520.0, 900.0, y) * (
        1.0 - smoothstep(1500.0, 1850.0, y))
    # A spur with the lookout knoll at (2250, 1050): it looks across at the gully and the village.
    z += 40.0 * gauss(math.hypot(x - 2250.0, y - 1050.0), 160.0)
    z += 25.0 * gauss(x - 2250.0, 180.0) * smoothstep(600.0, 1050.0, y) * (1.0 - smoothstep(1050.0, 1700.0, y))
    # Gentle, deterministic undulation (a few metres) so the slopes are not perfectly smooth.
    z += 3.0 * math.sin(x / 137.0 + 0.7) * math.cos(y / 173.0 - 0.3)
    z += 2.0 * math.sin((x + y) / 97.0)
    return z


# ---------------------------------------------------------------------------------------------
# river-valley.asc


def river_center_x(y):
    """Centre line of the channel: a slight meander around x = 250 m."""
    return 250.0 + 12.0 * math.sin(2.0 * math.pi * y / 1000.0)


def valley_elevation(x, y):
    # Floodplain: 50.5 m at the north edge, 49.5 m at the south edge (1 m per km).
    fp = 49.5 + y / 1000.0
    # The protected floodplain rises gently eastwards (0.3 % from the levee to x = 800).
    if x > 290.0:
        fp += 0.003 * (min(x, 800.0) - 290.0)
    else:
        # West bank fields: slightly lower than the east bank (the natural overflow side).
        fp -= 0.3 + 0.002 * (290.0 - x)
    # Old-channel hollow east of the village, 1.2 m deep: the low road crosses it.
    fp -= 1.2 * gauss(x - 470.0 - 0.15 * (y - 500.0), 35.0) * smoothstep(80.0, 260.0, y) * (
        1.0 - smoothstep(620.0, 800.0, y))
    # High ground to the east: rises 13 m between x = 820 and x = 1000, then 2 m more.
    fp += 13.0 * smoothstep(820.0, 1000.0, x) + 2.0 * smoothstep(1000.0, 1200.0, x)
    # River channel: trapezoid-ish, 40 m wide at the banks, 4 m deep.
    d = abs(x - river_center_x(y))
    if d < 20.0:
        depth = 4.0 * (1.0 - smoothstep(12.0, 20.0, d))
        fp -= depth
    return fp


# ---------------------------------------------------------------------------------------------


def build(fn, cols, rows, cell):
    """Values at cell centres, northern row first."""
    grid = []
    for r in range(rows):
        y = (rows - r - 0.5) * cell
        grid.append([round(fn((c + 0.5) * cell, y), 1) for c in range(cols)])
    return grid


def write_asc(path, grid, cell):
    rows, cols = len(grid), len(grid[0])
    lines = [
        f"ncols {cols}",
        f"nrows {rows}",
        "xllcorner 0",
        "yllcorner 0",
        f"cellsize {cell:g}",
        "NODATA_value -9999",
    ]
    for row in grid:
        lines.append(" ".join(f"{v:.1f}" for v in row))
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def slope_stats(grid, cell):
    """Percent slope from central differences: min, median, 95th percentile, max."""
    rows, cols = len(grid), len(grid[0])
    s = []
    for r in range(1, rows - 1):
        for c in range(1, cols - 1):
            dzdx = (grid[r][c + 1] - grid[r][c - 1]) / (2 * cell)
            dzdy = (grid[r - 1][c] - grid[r + 1][c]) / (2 * cell)
            s.append(100.0 * math.hypot(dzdx, dzdy))
    s.sort()
    return s[0], s[len(s) // 2], s[int(len(s) * 0.95)], s[-1]


def sample(grid, cell, x, y):
    rows = len(grid)
    c = min(int(x / cell), len(grid[0]) - 1)
    r = min(rows - 1 - int(y / cell), rows - 1)
    return grid[r][c]


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    check = "--check" in sys.argv
    specs = [
        ("ridge.asc", ridge_elevation, 100, 80, 30.0),
        ("river-valley.asc", valley_elevation, 120, 100, 10.0),
    ]
    for name, fn, cols, rows, cell in specs:
        grid = build(fn, cols, rows, cell)
        path = os.path.join(OUT_DIR, name)
        write_asc(path, grid, cell)
        flat = [v for row in grid for v in row]
        print(f"{name}: {cols} x {rows} cells of {cell:g} m = {cols * cell:g} m x {rows * cell:g} m, "
              f"elevation {min(flat):.1f}-{max(flat):.1f} m, {os.path.getsize(path)} bytes")
        if check:
            lo, med, p95, hi = slope_stats(grid, cell)
            print(f"  slope %: min {lo:.1f}, median {med:.1f}, 95th {p95:.1f}, max {hi:.1f}")
            if name == "ridge.asc":
                for label, x, y in [("village", 1300, 520), ("ignition", 1900, 820),
                                    ("gully mid", 1900, 1200), ("lookout knoll", 2250, 1050),
                                    ("saddle", 1500, 1900), ("crest", 600, 1900),
                                    ("school", 750, 220), ("command post", 900, 400)]:
                    print(f"  {label:14s} ({x}, {y}): {sample(grid, cell, x, y):.1f} m")
            else:
                for label, x, y in [("river bed N", 250, 995), ("river bed S", 250, 5),
                                    ("west field", 100, 500), ("levee foot", 300, 600),
                                    ("village", 600, 500), ("hollow", 470, 400),
                                    ("low road", 470, 200), ("shelter school", 1060, 600),
                                    ("shelter hall", 980, 280)]:
                    print(f"  {label:14s} ({x}, {y}): {sample(grid, cell, x, y):.1f} m")


if __name__ == "__main__":
    main()
