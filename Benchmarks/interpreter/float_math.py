# Float arithmetic: a small Mandelbrot set and a numeric integration.
def mandel(cx, cy, limit):
    x = 0.0
    y = 0.0
    for k in range(limit):
        x2 = x * x
        y2 = y * y
        if x2 + y2 > 4.0:
            return k
        y = 2.0 * x * y + cy
        x = x2 - y2 + cx
    return limit
rows = []
for r in range(80):
    cy = -1.2 + r * 0.06
    rows.append(sum(mandel(-2.0 + c * 0.04, cy, 50) for c in range(70)))
print(sum(rows), max(rows))
area = 0.0
steps = 300000
h = 1.0 / steps
for i in range(steps):
    x = (i + 0.5) * h
    area += 4.0 / (1.0 + x * x)
print(f"{area * h:.10f}")
