# expect: input
name = input()
