rows = [("apple", 3, 0.5), ("kiwi", 12, 0.25), ("banana", 7, 1.125)]
for name, qty, price in rows:
    print("{:<8}{:>4}{:>8.2f}".format(name, qty, price))
print("{:,}".format(1234567))
print("{:+d} {:+d}".format(5, -5))
print("{:e}".format(12345.678))
print("{:%}".format(0.25))
