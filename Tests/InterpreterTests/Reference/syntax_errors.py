#!/usr/bin/env python3
"""Writes `syntax_errors.json`: for each program below, the error CPython 3.11 reports when
compiling it (exception type, line, column, message). Loupe's parser tests check that Loupe
reports the same. Run: `python3 Tests/InterpreterTests/Reference/syntax_errors.py`."""
import json
import pathlib
import sys

PROGRAMS = [
    "if x\n    pass\n",
    "if x:\npass\n",
    "for x in y\n    pass\n",
    "def f()\n    pass\n",
    "while x:\nx = 1\n",
    "x = 1\n    y = 2\n",
    "if x:\n        a = 1\n    b = 2\n",
    "x = (1, 2\n",
    "x = [1, 2\ny = 3\n",
    "x = {1: 2\n",
    "x = 1)\n",
    "x = (1]\n",
    "x = 'abc\n",
    "x = \"abc\n",
    "x = '''abc\n\n",
    "x = 1 +\n",
    "x = = 1\n",
    "f() = 1\n",
    "1 = x\n",
    "x + 1 = 2\n",
    "(a, f()) = 1\n",
    "for f() in x: pass\n",
    "del f()\n",
    "f() += 1\n",
    "a, b += 1\n",
    "return 1\n",
    "break\n",
    "continue\n",
    "def f():\n    break\n",
    "for x in y:\n    pass\nelse:\n    break\n",
    "def f(a=1, b):\n    pass\n",
    "def f(a, a):\n    pass\n",
    "def f(*):\n    pass\n",
    "f(a=1, 2)\n",
    "f(**k, 2)\n",
    "f(a=1, a=2)\n",
    "f(x for x in y, 1)\n",
    "f(a.b=1)\n",
    "try:\n    pass\n",
    "try:\n    pass\nx = 1\n",
    "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
    "except ValueError:\n    pass\n",
    "else:\n    pass\n",
    "x = 1 if y\n",
    "x := 1\n",
    "f(x) := 1\n",
    "x = $\n",
    "x = 1 ? 2 : 3\n",
    "print 'hello'\n",
    "x = 0777\n",
    "x = 1__0\n",
    "x = 1_\n",
    "x = 0x\n",
    "x = 1abc\n",
    "x = f'{}'\n",
    "x = f'{x!z}'\n",
    "x = f'}'\n",
    "x = f'{x'\n",
    "x = f'{a#}'\n",
    "x = f'{a)}'\n",
    "if x = 1:\n    pass\n",
    "a, *b, *c = d\n",
    "*a = b\n",
    "x = \\ 1\n",
    "if True:\n\tx = 1\n        y = 2\n",
    "x = (1 for x in y\n",
    "x = (yield\n",
    "import\n",
    "from x import\n",
    "from x import a,\n",
    "x.1\n",
    "def f(**k, a):\n    pass\n",
    "x = [1, 2 3]\n",
    "x = '\\N{BULLET}'\n" if False else "x = '\\xZZ'\n",
    "except ValueError, KeyError:\n    pass\n" if False else "try:\n    pass\nexcept ValueError, KeyError:\n    pass\n",
    "True = 1\n",
    "None += 1\n",
    "x: int, y: int = 1, 2\n",
    "(a, b): int = 1\n",
    "a if b\n",
    "x = {**a: 1}\n",
    "class\n",
    "def\n",
    "f(*)\n",
    "x = ()\n)\n",
    "'''\n",
    "x = 1\x7f\n",
    "= x(\n",
    "*a\n",
    "*a - 'x' pass\n",
    "def f(x):\n    return [\n        x,\n    \n",
    "x = *a\n",
    "def f():\n    return *a\n",
    "for x in *a: pass\n",
    "x: int = *a\n",
    "x += *a\n",
    "f\"{*a}\"\n",
]


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"the references were made with CPython 3.11, this is {sys.version}")
    cases = []
    for source in PROGRAMS:
        try:
            compile(source, "<program>", "exec")
        except SyntaxError as e:
            cases.append({"source": source, "kind": type(e).__name__, "line": e.lineno, "column": e.offset, "message": e.msg})
            continue
        sys.exit(f"compiles without error: {source!r}")
    out = pathlib.Path(__file__).parent / "syntax_errors.json"
    out.write_text(json.dumps(cases, indent=1) + "\n")


main()
