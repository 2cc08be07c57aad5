#!/usr/bin/env python3
"""Checks the differential corpus against CPython and writes its coverage table.

Every program in Tests/Corpus/programs must stay inside Loupe's language (no classes, no imports
but `math`, no `global`, no `id`/`hash`), run under python3 in a few seconds, print the same
output under two different hash seeds (so nothing depends on str hashing), and end the way its
header says: programs whose first line is `# raises: ErrorType` must end in exactly that uncaught
error, all others must exit 0.

The coverage table (Tests/Corpus/COVERAGE.md) maps every construct, builtin and method that
LANGUAGE.md's "Must be supported" list names to the programs that use it, found by walking each
program's syntax tree, so the table cannot claim what the programs do not do.

Usage: python3 scripts/corpus_check.py [--write]   (without --write, fails if COVERAGE.md is stale)
"""
import ast
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "Tests", "Corpus", "programs")
COVERAGE = os.path.join(ROOT, "Tests", "Corpus", "COVERAGE.md")

BUILTINS = ("len range enumerate zip sorted reversed min max sum abs round int float str bool list "
            "tuple dict set any all isinstance print map filter").split()
METHODS = {
    "str": "lower upper strip split join replace startswith endswith find count format".split(),
    "list": "append extend insert pop remove index sort count".split(),
    "dict": "get keys values items update setdefault".split(),
    "set": "add union intersection difference".split(),
}
MATH_FUNCTIONS = "sqrt floor ceil pi".split()
FORBIDDEN_CALLS = {"id", "hash", "exec", "eval", "open", "__import__", "globals", "locals", "vars",
                   "getattr", "setattr", "input", "type"}


def constructs(tree):
    """Yields the names of the LANGUAGE.md constructs a program's syntax tree uses."""
    functions = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            functions[node] = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    for node in ast.walk(tree):
        t = type(node)
        if t is ast.FunctionDef:
            yield "def"
            a = node.args
            if a.args:
                yield "def: positional parameters"
            if a.defaults or a.kw_defaults:
                yield "def: default values"
            if a.vararg:
                yield "def: *args parameter"
            if a.kwonlyargs:
                yield "def: keyword-only parameters"
            if any(x.annotation for x in a.args + a.kwonlyargs) or node.returns:
                yield "def: type annotations"
            if ast.get_docstring(node) is not None:
                yield "def: docstring"
            inner_calls = {n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
            if node.name in inner_calls:
                yield "recursion"
            for child in ast.walk(node):
                if child is not node and isinstance(child, (ast.FunctionDef, ast.Lambda)):
                    yield "nested function" if isinstance(child, ast.FunctionDef) else "lambda inside a function"
                    outer_locals = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
                    outer_locals |= {x.arg for x in node.args.args + node.args.kwonlyargs}
                    if functions[child] & outer_locals:
                        yield "closure (inner function reads an enclosing local)"
        elif t is ast.Return:
            yield "return"
        elif t is ast.Lambda:
            yield "lambda"
        elif t is ast.If:
            yield "if"
            if node.orelse:
                yield "elif" if len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If) else "else"
        elif t is ast.For:
            yield "for"
            if isinstance(node.target, (ast.Tuple, ast.List)):
                yield "for with tuple unpacking"
            if node.orelse:
                yield "for/else"
        elif t is ast.While:
            yield "while"
            if node.orelse:
                yield "while/else"
        elif t is ast.Break:
            yield "break"
        elif t is ast.Continue:
            yield "continue"
        elif t is ast.Pass:
            yield "pass"
        elif t is ast.Assert:
            yield "assert"
        elif t is ast.Try:
            yield "try"
            for h in node.handlers:
                yield "except (bare)" if h.type is None else "except Type"
                if isinstance(h.type, ast.Tuple):
                    yield "except (Type1, Type2)"
                if h.name:
                    yield "except ... as e"
            if node.finalbody:
                yield "finally"
            if node.orelse:
                yield "try/else"
        elif t is ast.Raise:
            yield "raise"
        elif t is ast.Assign:
            yield "assignment"
            if len(node.targets) > 1:
                yield "chained assignment (a = b = v)"
            for target in node.targets:
                if isinstance(target, (ast.Tuple, ast.List)):
                    yield "tuple/list unpacking"
                    if any(isinstance(e, ast.Starred) for e in target.elts):
                        yield "starred unpacking (a, *rest = ...)"
                if isinstance(target, ast.Subscript):
                    yield "subscript assignment"
                if isinstance(target, ast.Attribute):
                    yield "attribute assignment"
        elif t is ast.AnnAssign:
            yield "annotated assignment"
        elif t is ast.AugAssign:
            yield "augmented assignment"
            if isinstance(node.target, ast.Subscript):
                yield "subscript assignment"
        elif t is ast.Delete:
            yield "del"
        elif t is ast.BinOp:
            yield "operator " + {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
                                 ast.Mod: "%", ast.Pow: "**"}.get(type(node.op), "bitwise")
        elif t is ast.UnaryOp:
            yield {ast.USub: "unary -", ast.UAdd: "unary +", ast.Not: "not", ast.Invert: "unary ~"}[type(node.op)]
        elif t is ast.Compare:
            yield "comparison"
            if len(node.ops) > 1:
                yield "comparison chain"
            for op in node.ops:
                if isinstance(op, (ast.In, ast.NotIn)):
                    yield "in / not in"
                if isinstance(op, (ast.Is, ast.IsNot)):
                    yield "is / is not"
        elif t is ast.BoolOp:
            yield "and" if isinstance(node.op, ast.And) else "or"
        elif t is ast.IfExp:
            yield "conditional expression"
        elif t is ast.JoinedStr:
            yield "f-string"
        elif t is ast.FormattedValue and node.format_spec is not None:
            yield "f-string format spec"
        elif t is ast.List and isinstance(node.ctx, ast.Load):
            yield "list literal"
        elif t is ast.Tuple and isinstance(node.ctx, ast.Load):
            yield "tuple literal"
        elif t is ast.Dict:
            yield "dict literal"
        elif t is ast.Set:
            yield "set literal"
        elif t is ast.ListComp:
            yield "list comprehension"
        elif t is ast.DictComp:
            yield "dict comprehension"
        elif t is ast.SetComp:
            yield "set comprehension"
        elif t is ast.GeneratorExp:
            yield "generator expression"
        elif t is ast.Subscript:
            if isinstance(node.slice, ast.Slice):
                yield "slicing"
                if node.slice.step is not None:
                    yield "slicing with step"
            else:
                yield "subscript"
        elif t is ast.Attribute:
            yield "attribute access"
        elif t is ast.Call:
            if node.keywords:
                yield "call with keyword arguments"
            if any(isinstance(a, ast.Starred) for a in node.args):
                yield "call with *args"
        elif t is ast.Constant:
            v = node.value
            if v is None:
                yield "value None"
            elif isinstance(v, bool):
                yield "value bool"
            elif isinstance(v, int):
                yield "value int"
            elif isinstance(v, float):
                yield "value float"
            elif isinstance(v, str):
                yield "value str"
        elif t is ast.Import:
            yield "import math"


def calls(tree):
    """Yields ("builtin", name), ("method", name) and ("math", name) for what a program calls."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name):
                yield ("builtin", f.id)
            elif isinstance(f, ast.Attribute):
                if isinstance(f.value, ast.Name) and f.value.id == "math":
                    yield ("math", f.attr)
                else:
                    yield ("method", f.attr)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "math":
            yield ("math", node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in BUILTINS:
            # A builtin passed as a value (`key=len`, `map(str, xs)`) counts as used.
            yield ("builtin", node.id)


def language_problems(tree):
    """What in a program lies outside Loupe's language (it would be refused, not compared)."""
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name != "math" for a in node.names):
            problems.append("import other than math")
        elif isinstance(node, ast.ImportFrom):
            problems.append("from-import")
        elif isinstance(node, (ast.ClassDef, ast.Global, ast.Nonlocal, ast.With, ast.Yield, ast.YieldFrom,
                               ast.AsyncFunctionDef, ast.Await)):
            problems.append(type(node).__name__)
        elif isinstance(node, ast.FunctionDef) and node.decorator_list:
            problems.append("decorator")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            problems.append("underscore attribute " + node.attr)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
            problems.append("call of " + node.func.id)
    return problems


def run(path, seed):
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    p = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=10, env=env)
    return p.returncode, p.stdout, p.stderr


def required_items():
    items = [("construct", c) for c in [
        "def", "def: positional parameters", "def: default values", "def: *args parameter",
        "def: type annotations", "def: docstring", "return", "lambda", "nested function",
        "closure (inner function reads an enclosing local)", "recursion", "call with keyword arguments",
        "call with *args", "if", "elif", "else", "for", "for with tuple unpacking", "while", "break",
        "continue", "pass", "assert", "try", "except Type", "except (bare)", "except ... as e", "finally",
        "raise", "assignment", "tuple/list unpacking", "augmented assignment", "subscript assignment",
        "attribute assignment", "operator +", "operator -", "operator *", "operator /", "operator //",
        "operator %", "operator **", "unary -", "unary +", "not", "comparison", "comparison chain",
        "and", "or", "in / not in", "is / is not", "conditional expression", "f-string",
        "f-string format spec", "list literal", "tuple literal", "dict literal", "set literal",
        "list comprehension", "dict comprehension", "set comprehension", "generator expression",
        "slicing", "slicing with step", "subscript", "attribute access", "value None", "value bool",
        "value int", "value float", "value str", "import math"]]
    items += [("builtin", b) for b in BUILTINS]
    for owner, names in METHODS.items():
        items += [("method", f"{owner}.{m}") for m in names]
    items += [("math", m) for m in MATH_FUNCTIONS]
    return items


def main():
    write = "--write" in sys.argv
    names = sorted(n for n in os.listdir(PROGRAMS) if n.endswith(".py"))
    failures = []
    used = {}  # (kind, name) -> [program]
    raising = 0
    for name in names:
        path = os.path.join(PROGRAMS, name)
        text = open(path).read()
        tree = ast.parse(text, name)
        for p in language_problems(tree):
            failures.append(f"{name}: outside the language: {p}")
        lines = text.count("\n")
        if not 3 <= lines <= 60:
            failures.append(f"{name}: {lines} lines (keep programs 3-60 lines)")
        first = text.splitlines()[0]
        expected_error = first[len("# raises: "):].strip() if first.startswith("# raises: ") else None
        try:
            code1, out1, err1 = run(path, 0)
            code2, out2, _ = run(path, 4242)
        except subprocess.TimeoutExpired:
            failures.append(f"{name}: python3 took over 10 s")
            continue
        if out1 != out2 or code1 != code2:
            failures.append(f"{name}: output depends on the hash seed")
        if not out1.strip():
            failures.append(f"{name}: prints nothing before it ends")
        if expected_error:
            raising += 1
            last = err1.strip().splitlines()[-1] if err1.strip() else ""
            if code1 == 0 or last.split(":")[0] != expected_error:
                failures.append(f"{name}: header says {expected_error}, python3 ended with {code1}: {last!r}")
        elif code1 != 0:
            failures.append(f"{name}: python3 failed: {err1.strip().splitlines()[-1]!r}")
        for item in set(constructs(tree)):
            used.setdefault(("construct", item), []).append(name)
        for kind, callee in set(calls(tree)):
            if kind == "method":
                for owner, methods in METHODS.items():
                    if callee in methods:
                        used.setdefault(("method", f"{owner}.{callee}"), []).append(name)
            else:
                used.setdefault((kind, callee), []).append(name)

    table = ["# Corpus coverage", "",
             "Generated by `python3 scripts/corpus_check.py --write` from the programs' syntax trees; do not edit.",
             "A method row lists every program calling a method of that name on any receiver.", "",
             f"{len(names)} programs, {raising} of them end in an uncaught error (`# raises:` header).", "",
             "| kind | item | programs | count |", "|---|---|---|---|"]
    for kind, item in required_items():
        progs = sorted(used.get((kind, item), []))
        if not progs:
            failures.append(f"no program covers {kind} {item}")
        shown = ", ".join(p[:-3] for p in progs[:8]) + (f", ... (+{len(progs) - 8})" if len(progs) > 8 else "")
        table.append(f"| {kind} | `{item}` | {shown} | {len(progs)} |")
    import builtins
    extra = sorted(k for k in used if (k[0] == "math" or (k[0] == "builtin" and hasattr(builtins, k[1])))
                   and k not in set(required_items()))
    table += ["", "Beyond the required list, programs also call: " +
              ", ".join(f"`{'math.' if kind == 'math' else ''}{n}`" for kind, n in extra) + "."]
    text = "\n".join(table) + "\n"
    if write:
        open(COVERAGE, "w").write(text)
    elif not os.path.exists(COVERAGE) or open(COVERAGE).read() != text:
        failures.append("Tests/Corpus/COVERAGE.md is stale: run python3 scripts/corpus_check.py --write")
    for f in failures:
        print("FAIL", f)
    print(f"{len(names)} programs, {raising} raising, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
