# expect: _private
x = "abc"
print(x._private)
