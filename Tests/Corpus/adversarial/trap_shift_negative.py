# expect-any: ValueError
print(-1 >> 9223372036854775807)
print(1 << -1)
