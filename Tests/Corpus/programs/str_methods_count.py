text = "the cat sat on the mat with the hat"
for w in ["the", "at", "cat", "dog", " "]:
    print(w, text.count(w))
print("aaaa".count("aa"))
