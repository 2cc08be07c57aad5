header = f"{'name':<10}{'qty':>5}{'price':>9}"
print(header)
print("-" * len(header))
items = [("widget", 4, 3.5), ("gadget", 12, 10.25), ("gizmo", 1, 99.999)]
for name, q, p in items:
    print(f"{name:<10}{q:>5}{p:>9.2f}")
print(f"{'total':<10}{sum(q for _, q, _ in items):>5}{sum(q * p for _, q, p in items):>9.2f}")
