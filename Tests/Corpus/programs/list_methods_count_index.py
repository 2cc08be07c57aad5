votes = ["a", "b", "a", "c", "b", "a"]
for c in ["a", "b", "c", "d"]:
    print(c, votes.count(c))
print(votes.index("c"))
winner = max(set(votes), key=votes.count)
print(winner)
