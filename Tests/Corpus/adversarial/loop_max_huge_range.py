# CPython would take days; Loupe may compute it directly or stop on a limit, but must not hang.
# may-succeed
# stdout-if-success: 999999999999999
# expect-any: maxSteps | maxWallSeconds
print(max(range(10 ** 15)))
