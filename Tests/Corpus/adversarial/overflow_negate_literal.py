# The literal 9223372036854775808 itself does not fit in 64 bits.
# expect-any: overflow | 64
print(-(-9223372036854775808))
