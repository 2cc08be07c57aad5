# expect: 'subprocess'
# expect: not allowed
def run():
    import subprocess
    return subprocess.run(["ls"])
run()
