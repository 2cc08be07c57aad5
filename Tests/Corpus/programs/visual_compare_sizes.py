objs = {"elephant": (0, 0, 400, 300), "mouse": (10, 10, 14, 13), "dog": (50, 50, 120, 110)}
sizes = {k: (b[2] - b[0]) * (b[3] - b[1]) for k, b in objs.items()}
print(sizes)
bigger = [(a, b) for a in sizes for b in sizes if sizes[a] > sizes[b]]
print(sorted(bigger))
ratio = sizes["elephant"] / sizes["mouse"]
print(f"{ratio:.1f}", round(ratio), int(ratio))
