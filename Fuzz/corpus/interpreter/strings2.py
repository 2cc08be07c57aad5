s = 'Hello, World'
print(s.lower().split(','), s[::-1], s[1:5], '-'.join(['a', 'b']), s.replace('l', 'L', 1))
print('%d' % 5, 'x'.center(5), str(3.5), repr('q'))
