pixels = [(255, 0, 0), (250, 10, 5), (0, 0, 255), (10, 200, 30), (240, 5, 0), (0, 10, 250)]
def dominant(p):
    names = ["red", "green", "blue"]
    return names[p.index(max(p))]
hist = {}
for p in pixels:
    c = dominant(p)
    hist[c] = hist.get(c, 0) + 1
print(hist)
avg = tuple(round(sum(p[i] for p in pixels) / len(pixels), 1) for i in range(3))
print(avg)
