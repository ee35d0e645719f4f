# Elevation grid for family-flood.ron: 16 rows x 24 cols of 10 m (240 m E x 160 m N).
# The brook's channel is column 9 (x 90-100 m), 1.5 m below its banks; the valley falls 5 cm
# per 10 m to the south. West of it fields rise to the west hill; east of it the floodplain
# (the family's house) and, from x = 170 m, the hill with the school shelter.
rows, cols, cell = 16, 24, 10.0
out = []
for r in range(rows):
    yc = (rows - 1 - r) * cell + cell / 2
    fall = 0.005 * yc
    vals = []
    for c in range(cols):
        xc = c * cell + cell / 2
        if c == 9:
            z = 48.8 + fall
        elif xc < 90:
            z = 50.5 + fall + max(0.0, 60 - xc) * 0.12
        else:
            z = 50.3 + fall + (xc - 100) * 0.008 + max(0.0, xc - 170) * 0.12
        vals.append(round(z, 2))
    out.append(vals)
for v in out:
    print("            " + ", ".join(f"{x:.2f}" for x in v) + ",")
