for s in ["123", "12a", "", "abc", "ABC", "  ", "a1"]:
    print(s, s.isdigit(), s.isalpha(), s.isspace(), s.isupper(), s.islower())
tokens = "w 12 h 7 x".split()
numbers = [int(t) for t in tokens if t.isdigit()]
print(numbers, sum(numbers))
