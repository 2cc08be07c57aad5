# raises: ValueError
def validate(score):
    if not 0 <= score <= 1:
        raise ValueError(f"score out of range: {score}")
    return score
print(validate(0.5))
print(validate(1.5))
