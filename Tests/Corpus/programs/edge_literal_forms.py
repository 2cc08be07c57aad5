print(1_000_000, 0xFF, 0o17, 0b1010, 0x_ff, 1_000.5, 1e3, .5, 5., 1E-3, 0e0)
print("a" "b" 'c', """x""" "y", "tab:\t|", "\101\x42\u0043")
total = 1 + \
    2 + \
    3
values = (
    4,
    5,
)
print(total, values, [
    6, 7,
])
a = 1; b = 2; print(a + b)
if a: print("one-line if")
