def reverse_words(s):
    return " ".join(reversed(s.split()))
print(reverse_words("one two three"))
print(reverse_words("   spaced   out  "))
def is_pal(s):
    t = "".join(c for c in s.lower() if c.isalpha())
    return t == t[::-1]
print(is_pal("A man, a plan, a canal: Panama"), is_pal("hello"))
