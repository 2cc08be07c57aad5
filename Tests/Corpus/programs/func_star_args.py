def total(*nums):
    s = 0
    for n in nums:
        s += n
    return s
print(total(), total(1), total(1, 2, 3))
def head_tail(first, *rest):
    return first, rest
print(head_tail(1), head_tail(1, 2, 3))
vals = [4, 5, 6]
print(total(*vals), total(1, *vals, 10))
def kw_only(a, *, b=2):
    return a * b
print(kw_only(3), kw_only(3, b=5))
