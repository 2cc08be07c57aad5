def normalize(ans):
    ans = ans.strip().lower()
    for p in [".", ",", "!", "?"]:
        ans = ans.replace(p, "")
    words = [w for w in ans.split() if w not in ("a", "an", "the")]
    return " ".join(words)
for a in ["  The Red Car. ", "a dog!", "An apple, maybe?", "YES"]:
    print("[" + normalize(a) + "]")
nums = {"zero": 0, "one": 1, "two": 2, "three": 3}
print([nums.get(w, w) for w in "two cats and three dogs".split()])
