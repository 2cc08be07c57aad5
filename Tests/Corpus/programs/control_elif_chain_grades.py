def grade(score: float) -> str:
    """Letter grade for a 0-100 score."""
    if score >= 90:
        return "A"
    elif score >= 80:
        return "B"
    elif score >= 70:
        return "C"
    elif score >= 60:
        return "D"
    return "F"
scores = [95, 85.5, 70, 69.999, 12, 100, 60]
print([grade(s) for s in scores])
print("{} of {} passed".format(sum(1 for s in scores if grade(s) != "F"), len(scores)))
