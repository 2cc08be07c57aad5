tracks = {}
frames = [[("a", 0, 0), ("b", 10, 10)], [("a", 1, 2), ("b", 9, 11)], [("a", 3, 5)]]
for t, frame in enumerate(frames):
    for tid, x, y in frame:
        tracks.setdefault(tid, []).append((t, x, y))
for tid, pts in tracks.items():
    dx = pts[-1][1] - pts[0][1]
    dy = pts[-1][2] - pts[0][2]
    print(tid, len(pts), (dx, dy), f"speed={((dx ** 2 + dy ** 2) ** 0.5) / max(1, len(pts) - 1):.3f}")
