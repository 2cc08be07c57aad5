x = 5
print(1 < x < 10, 1 < x > 10, 0 <= x <= 5 < 6)
print(1 == 1 == 1, 1 == 1 != 2, 3 > 2 > 1 > 0)
print(1 < 2 < 3 < 2)
def noisy(v):
    print("eval", v)
    return v
print(noisy(1) < noisy(0) < noisy(5))
print(noisy(1) < noisy(3) < noisy(5))
