s = "abcdef"
xs = list(range(6))
print(s[None:2], s[::None], xs[None:None:-2], s[-2:None])
try:
    print(xs[1.5:3])
except TypeError as e:
    print("TypeError:", e)
try:
    print(xs[::0])
except ValueError as e:
    print("ValueError:", e)
