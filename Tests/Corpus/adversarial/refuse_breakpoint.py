# expect: breakpoint
breakpoint()
