print(abs(-5), abs(5), abs(0), abs(-2.5), abs(3.0))
print(abs(-9223372036854775807))
print(abs(True), abs(-0.0))
print(abs(float("-inf")))
