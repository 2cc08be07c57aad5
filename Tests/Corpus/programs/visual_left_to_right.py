detections = [("dog", 120, 40), ("cat", 15, 60), ("bird", 300, 10), ("cat", 200, 80)]
ordered = sorted(detections, key=lambda d: d[1])
print([d[0] for d in ordered])
cats = [d for d in detections if d[0] == "cat"]
leftmost_cat = min(cats, key=lambda d: d[1])
print("leftmost cat at x =", leftmost_cat[1])
print("count of cats:", len(cats))
