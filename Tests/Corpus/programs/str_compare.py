words = ["banana", "Apple", "cherry", "apple", "Banana"]
print(sorted(words))
print(sorted(words, reverse=True))
print(min(words), max(words))
print("abc" < "abd", "abc" < "ab", "a" * 3 == "aaa")
print("abc" != "ABC", "abc".upper() == "ABC")
