# expect: OverflowError
print(sum([4611686018427387904] * 4))
