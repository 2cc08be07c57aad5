# expect: OverflowError
print(-4611686018427387905 * 2)
