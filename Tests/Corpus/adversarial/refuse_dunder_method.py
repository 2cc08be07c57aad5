# expect: __len__
print([1, 2].__len__())
