def is_prime(n: int) -> bool:
    """Trial division, enough for small n."""
    if n < 2:
        return False
    return all(n % d for d in range(2, int(n ** 0.5) + 1))
print(list(filter(is_prime, range(50))))
print(list(filter(lambda s: s.startswith("b"), ["apple", "banana", "blueberry", "cherry"])))
print(len(list(filter(None, [0, 0.0, "", None, False, 1]))))
print(list(filter(lambda s: s.isdigit(), ["1", "a", "22"])))
