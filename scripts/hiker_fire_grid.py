# Elevation grid for hiker-forest-fire.ron: 16 rows x 20 cols of 30 m (600 m E x 480 m N).
# Valley floor (y < 90 m) nearly flat at ~300 m; above it the slope rises 22 % to the north;
# a gully (V-shaped, 8 m deep at its axis x = 390 m) runs up the slope from y = 120 m.
rows, cols, cell = 16, 20, 30.0
out = []
for r in range(rows):
    yc = (rows - 1 - r) * cell + cell / 2
    vals = []
    for c in range(cols):
        xc = c * cell + cell / 2
        base = 300.0 + 0.05 * yc if yc < 90 else 304.5 + 0.22 * (yc - 90)
        base += 0.01 * xc  # a slight rise to the east
        g = 0.0
        if yc >= 120:
            d = abs(xc - 390.0)
            g = max(0.0, 8.0 - d * 8.0 / 75.0) * min(1.0, (yc - 105) / 60)
        vals.append(round(base - g, 1))
    out.append(vals)
for i, v in enumerate(out):
    print("            " + ", ".join(f"{x:.1f}" for x in v) + ",")
