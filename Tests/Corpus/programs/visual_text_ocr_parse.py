ocr = "Total: $12.50\nTax: $1.25\nTip: $2.00"
amounts = {}
for line in ocr.split("\n"):
    key, value = line.split(":")
    amounts[key.strip().lower()] = float(value.strip().replace("$", ""))
print(amounts)
print(f"grand total: ${sum(amounts.values()):.2f}")
