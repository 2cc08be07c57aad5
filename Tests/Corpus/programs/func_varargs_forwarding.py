def log(prefix, *parts, sep=" "):
    return prefix + ": " + sep.join(str(p) for p in parts)
def info(*parts):
    return log("INFO", *parts)
def warn(*parts, sep="/"):
    return log("WARN", *parts, sep=sep)
print(info("a", 1, 2.5))
print(warn("x", "y"))
print(warn(*range(3), sep="-"))
print(info())
