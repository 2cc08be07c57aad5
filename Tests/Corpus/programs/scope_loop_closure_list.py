handlers = {}
for name in ["start", "stop"]:
    handlers[name] = lambda name=name: f"handling {name}"
print(handlers["start"](), handlers["stop"]())
def counter_factory():
    counts = [0]
    def hit():
        counts[0] += 1
        return counts[0]
    return hit
hit = counter_factory()
print([hit() for _ in range(4)])
