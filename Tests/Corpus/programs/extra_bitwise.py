a = 0b1100
b = 0b1010
print(a & b, a | b, a ^ b)
print(a << 2, a >> 2, -a >> 1)
print(~a, 255 & 15, 0xff, 0o17)
print(1 << 40)
