#!/usr/bin/env python3
"""Cumulative people out against time, with an opening's limiter as a straight line: an SVG for
docs/verification.md (no plotting library needed).

usage: plot_flow.py CSV LIMITER_PPS TITLE OUT.svg [NOTE ...]   (CSV: t_s,out — one row per person out)
LIMITER_PPS 0 draws no limiter; BEFORE_CSV=path adds an earlier curve in grey.
DRILLHALL_FLOW_CSV=/tmp/flow.csv cargo test --test drillhall_tests one_exit_hall -- --nocapture
writes the CSV of issue 17's case.
"""
import csv
import os
import sys

path, limiter, title, out = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
def read(p):
    with open(p) as f:
        return [(float(r["t_s"]), int(r["out"])) for r in csv.DictReader(f)]


rows = read(path)
before = read(os.environ["BEFORE_CSV"]) if os.environ.get("BEFORE_CSV") else []
t_end = max(t for t, _ in rows + before)
n = max(k for _, k in rows + before)
W, H, L, R, T, B = 820, 480, 70, 20, 40, 60
xmax = (int(t_end / 100) + 1) * 100
ymax = (int(n / 100) + 1) * 100
x = lambda t: L + (W - L - R) * t / xmax
y = lambda k: H - B - (H - T - B) * k / ymax
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="13">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15">{title}</text>']
for k in range(0, xmax + 1, 100):
    svg.append(f'<line x1="{x(k)}" y1="{y(0)}" x2="{x(k)}" y2="{y(ymax)}" stroke="#ddd"/>')
    svg.append(f'<text x="{x(k)}" y="{y(0) + 18}" text-anchor="middle">{k}</text>')
for k in range(0, ymax + 1, 100):
    svg.append(f'<line x1="{x(0)}" y1="{y(k)}" x2="{x(xmax)}" y2="{y(k)}" stroke="#ddd"/>')
    svg.append(f'<text x="{x(0) - 8}" y="{y(k) + 4}" text-anchor="end">{k}</text>')
svg.append(f'<text x="{(L + W - R) / 2}" y="{H - 15}" text-anchor="middle">time (s)</text>')
svg.append(f'<text x="18" y="{(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 18 {(T + H - B) / 2})">people out (cumulative)</text>')
t0 = rows[0][0]
t1 = t0 + (n - 1) / limiter if limiter > 0 else t0
if before:
    pts = " ".join(f"{x(t):.1f},{y(k):.1f}" for t, k in before)
    svg.append(f'<polyline points="{pts}" fill="none" stroke="#999" stroke-width="3"/>')
pts = " ".join(f"{x(t):.1f},{y(k):.1f}" for t, k in rows)
svg.append(f'<polyline points="{pts}" fill="none" stroke="#58c" stroke-width="5" stroke-opacity="0.7"/>')
if limiter > 0:
    svg.append(f'<line x1="{x(t0)}" y1="{y(1)}" x2="{x(t1)}" y2="{y(n)}" stroke="#c33" stroke-width="1.5" stroke-dasharray="6 4"/>')
# Labels in the empty lower right, under the line.
t_new = max(t for t, _ in rows)
labels = [("#c33", f"red dashed: the limiter, {limiter:.3} p/s")] if limiter > 0 else []
labels += [("#358", f"blue: simulated, all {max(k for _, k in rows)} out at {t_new:.0f} s")]
if before:
    labels += [("#777", f"grey: before, all {max(k for _, k in before)} out at {max(t for t, _ in before):.0f} s")]
labels += [("#555", line) for line in sys.argv[5:]]
for i, (colour, line) in enumerate(labels):
    top = y(0) - 18 * (len(labels) - i) - 6
    svg.append(f'<text x="{x(xmax) - 8}" y="{top}" text-anchor="end" fill="{colour}">{line}</text>')
svg.append("</svg>")
with open(out, "w") as f:
    f.write("\n".join(svg) + "\n")
