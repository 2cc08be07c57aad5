log = "INFO start\nWARN disk 91%\nINFO tick\nERROR failed: timeout\nINFO stop"
levels = {}
for line in log.split("\n"):
    level, _, msg = line.partition(" ")
    levels.setdefault(level, []).append(msg)
for level in ["ERROR", "WARN", "INFO"]:
    print(level, len(levels.get(level, [])), levels.get(level, [""])[0])
