s = "abracadabra"
print(s.find("a"), s.find("bra"), s.find("z"), s.find("a", 1), s.find("a", 4, 6))
print(s.count("a"), s.count("bra"), s.count("z"), s.count(""))
print(s.index("c"), s.rfind("a"))
print("bra" in s, "cab" in s, "" in s)
