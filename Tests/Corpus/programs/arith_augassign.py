x = 10
x += 5
print(x)
x -= 3
print(x)
x *= 4
print(x)
x //= 5
print(x)
x %= 4
print(x)
x **= 3
print(x)
x /= 2
print(x)
s = "ab"
s += "cd"
s *= 2
print(s)
lst = [1]
lst += [2, 3]
lst *= 2
print(lst)
