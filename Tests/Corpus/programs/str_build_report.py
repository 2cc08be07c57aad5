def report(items):
    lines = []
    for i, (name, score) in enumerate(items, 1):
        lines.append(f"{i}. {name:<10} {score:6.2f}")
    return "\n".join(lines)
print(report([("alpha", 3.14159), ("beta", 27.5), ("gamma", -1.0)]))
