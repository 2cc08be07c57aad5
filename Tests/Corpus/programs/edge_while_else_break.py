def first_divisor(n):
    d = 2
    while d * d <= n:
        if n % d == 0:
            break
        d += 1
    else:
        return None
    return d
print([first_divisor(n) for n in [2, 9, 15, 17, 49, 97, 100]])
