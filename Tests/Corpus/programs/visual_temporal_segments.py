frames = [0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 1]
segments = []
start = None
for t, present in enumerate(frames):
    if present and start is None:
        start = t
    elif not present and start is not None:
        segments.append((start, t - 1))
        start = None
if start is not None:
    segments.append((start, len(frames) - 1))
print(segments)
longest = max(segments, key=lambda s: s[1] - s[0])
print("longest", longest, "frames", longest[1] - longest[0] + 1)
