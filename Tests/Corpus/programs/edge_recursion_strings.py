def reverse(s):
    return s if len(s) <= 1 else reverse(s[1:]) + s[0]
def is_pal(s):
    return len(s) < 2 or (s[0] == s[-1] and is_pal(s[1:-1]))
def subsets(xs):
    if not xs:
        return [[]]
    rest = subsets(xs[1:])
    return rest + [[xs[0]] + r for r in rest]
print(reverse("recursion"), is_pal("racecar"), is_pal("abca"))
print(subsets([1, 2, 3]))
