def run(x):
    log = []
    try:
        log.append("try")
        v = 10 // x
    except ZeroDivisionError:
        log.append("except")
        return log
    else:
        log.append("else")
        if v > 5:
            return log + ["early"]
    finally:
        log.append("finally")
    log.append("end")
    return log
print(run(0), run(1), run(5))
