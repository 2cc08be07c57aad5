data = ["10", "20", "oops", "5", "", "7"]
total = 0
bad = []
for i, s in enumerate(data):
    try:
        total += int(s)
    except ValueError:
        bad.append(i)
        continue
    print("added", s)
print(total, bad)
