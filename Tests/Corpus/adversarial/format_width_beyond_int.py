# CPython: ValueError (too many decimal digits); Loupe must refuse it without trapping.
# expect-any: ValueError | maxStringLength | overflow
print(len(f"{1:99999999999999999999}"))
