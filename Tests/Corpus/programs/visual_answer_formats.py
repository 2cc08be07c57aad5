def format_answer(v):
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.2f}"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(format_answer(x) for x in v)
    if v is None:
        return "unknown"
    return str(v).strip()
for v in [True, False, 3, 2.0 / 3, [1, 2.5, "x"], None, "  red  ", (True, 0)]:
    print(format_answer(v))
