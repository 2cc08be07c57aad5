scores = {"ann": 91, "bob": 78, "cy": 85}
for k in scores.keys():
    print("key", k)
for v in scores.values():
    print("value", v)
for k, v in scores.items():
    print(f"{k}={v}")
print(sum(scores.values()), max(scores.values()), sorted(scores.keys(), reverse=True))
print(len(scores.items()), ("bob", 78) in scores.items(), "cy" in scores.keys())
