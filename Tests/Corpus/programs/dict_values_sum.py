prices = {"apple": 1.25, "bread": 2.5, "milk": 0.99}
total = sum(prices.values())
print(total, round(total, 2), f"{total:.2f}")
cheap = {k: v for k, v in prices.items() if v < 2}
print(cheap)
print(min(prices.items(), key=lambda kv: kv[1]))
