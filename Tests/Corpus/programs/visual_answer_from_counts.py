def answer(question, counts):
    q = question.lower()
    if q.startswith("how many"):
        noun = q.split()[2].rstrip("?s")
        return str(counts.get(noun, 0))
    if q.startswith("is there"):
        noun = q.split()[-1].rstrip("?")
        return "yes" if counts.get(noun, 0) > 0 else "no"
    return "unknown"
counts = {"dog": 2, "cat": 1, "car": 0}
for q in ["How many dogs?", "How many cars?", "Is there a cat?", "Is there a bus?", "What color?"]:
    print(q, "->", answer(q, counts))
