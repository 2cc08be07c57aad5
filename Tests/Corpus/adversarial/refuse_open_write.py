# expect: open
f = open("/tmp/loupe-adversarial-should-not-exist", "w")
f.write("owned")
