# raises: ValueError
vals = ["1", "2", "x3"]
total = 0
for v in vals:
    total += int(v)
    print("total", total)
