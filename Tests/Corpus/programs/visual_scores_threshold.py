scores = {"cat": 0.91, "dog": 0.42, "car": 0.77, "tree": 0.15, "bus": 0.5}
for thr in [0.3, 0.5, 0.8]:
    kept = sorted(k for k, v in scores.items() if v >= thr)
    print(f"thr={thr:.1f}: {kept}")
best = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:3]
print(", ".join(f"{k} ({v:.0%})" for k, v in best))
