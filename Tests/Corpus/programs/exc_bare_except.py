results = []
for v in ["1", "x", None, "3"]:
    try:
        results.append(int(v))
    except:
        results.append(0)
print(results)
