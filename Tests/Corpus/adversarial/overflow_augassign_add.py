# expect: OverflowError
x = 9223372036854775000
while True:
    x += 100
