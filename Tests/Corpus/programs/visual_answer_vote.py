answers = ["yes", "no", "yes", "yes", "no", "maybe"]
tally = {}
for a in answers:
    tally[a] = tally.get(a, 0) + 1
ranked = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
print(ranked)
winner, votes = ranked[0]
print(f"{winner} with {votes}/{len(answers)} = {votes / len(answers):.1%}")
