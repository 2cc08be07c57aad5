xs = [5, 2, 9, 1, 5, 6]
xs.sort()
print(xs)
xs.sort(reverse=True)
print(xs)
words = ["pear", "fig", "banana", "kiwi"]
words.sort(key=len)
print(words)
words.sort(key=lambda w: (len(w), w), reverse=True)
print(words)
r = words.sort()
print(r, words)
