total = 37
parts = {"a": 12, "b": 20, "c": 5}
for k, v in parts.items():
    print(f"{k}: {v / total:.1%} {v * 100 // total}% {round(v / total * 100, 1)}")
print(f"{sum(parts.values()) / total:.0%}")
