# expect: open
# stdout-excludes: root:
print(open("/etc/passwd").read())
