#!/usr/bin/env python3
"""Writes the reference syntax trees for Loupe's parser tests.

For every `parser/NAME.py`, writes `parser/NAME.ast`: CPython's `ast.parse` tree in the compact
form `ASTDump.swift` prints for Loupe's tree. Run with CPython 3.11 (the version the references
were made with): `python3 Tests/InterpreterTests/Reference/ast_reference.py`.
"""
import ast
import pathlib
import sys

OPS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
    ast.Pow: "**", ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|",
    ast.BitXor: "^", ast.MatMult: "@", ast.USub: "-", ast.UAdd: "+", ast.Invert: "~",
    ast.Not: "not", ast.And: "and", ast.Or: "or", ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<",
    ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is",
    ast.IsNot: "is not",
}


class Dumper:
    def __init__(self, source):
        self.lines = source.split("\n")

    def at(self, node):
        line = self.lines[node.lineno - 1].encode()
        column = len(line[: node.col_offset].decode()) + 1
        return f"@{node.lineno}:{column}"

    def quote(self, s):
        out = '"'
        for ch in s:
            if 0x20 <= ord(ch) < 0x7F and ch not in '"\\':
                out += ch
            else:
                out += "\\u{%x}" % ord(ch)
        return out + '"'

    def constant(self, v):
        if v is None or isinstance(v, bool):
            return str(v)
        if v is Ellipsis:
            return "Ellipsis"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return repr(v)
        if isinstance(v, str):
            return self.quote(v)
        raise ValueError(f"unexpected constant {v!r}")

    def stmts(self, body):
        return "[" + ", ".join(self.stmt(s) for s in body) + "]"

    def opt(self, e, f=False):
        return "None" if e is None else self.expr(e, f)

    def exprs(self, es, f=False):
        return "[" + ", ".join(self.expr(e, f) for e in es) + "]"

    def arguments(self, a):
        def arg(x):
            return f"arg({x.arg}, {self.opt(x.annotation)}){self.at(x)}"
        positional = ", ".join(arg(x) for x in a.posonlyargs + a.args)
        vararg = arg(a.vararg) if a.vararg else "None"
        kwonly = ", ".join(arg(x) for x in a.kwonlyargs)
        kwdefaults = ", ".join(self.opt(d) for d in a.kw_defaults)
        kwarg = arg(a.kwarg) if a.kwarg else "None"
        defaults = ", ".join(self.expr(d) for d in a.defaults)
        return f"arguments([{positional}], {vararg}, [{kwonly}], [{kwdefaults}], {kwarg}, [{defaults}])"

    def aliases(self, names):
        return "[" + ", ".join(f"alias({n.name}, {n.asname})" for n in names) + "]"

    def stmt(self, s):
        t = type(s)
        if t is ast.Expr:
            text = f"Expr({self.expr(s.value)})"
        elif t is ast.Assign:
            text = f"Assign({self.exprs(s.targets)}, {self.expr(s.value)})"
        elif t is ast.AugAssign:
            text = f"AugAssign({self.expr(s.target)}, {OPS[type(s.op)]}, {self.expr(s.value)})"
        elif t is ast.AnnAssign:
            text = f"AnnAssign({self.expr(s.target)}, {self.expr(s.annotation)}, {self.opt(s.value)})"
        elif t is ast.FunctionDef:
            text = f"FunctionDef({s.name}, {self.arguments(s.args)}, {self.stmts(s.body)}, {self.opt(s.returns)})"
        elif t is ast.Return:
            text = f"Return({self.opt(s.value)})"
        elif t is ast.If:
            text = f"If({self.expr(s.test)}, {self.stmts(s.body)}, {self.stmts(s.orelse)})"
        elif t is ast.For:
            text = f"For({self.expr(s.target)}, {self.expr(s.iter)}, {self.stmts(s.body)}, {self.stmts(s.orelse)})"
        elif t is ast.While:
            text = f"While({self.expr(s.test)}, {self.stmts(s.body)}, {self.stmts(s.orelse)})"
        elif t in (ast.Break, ast.Continue, ast.Pass):
            text = t.__name__
        elif t is ast.Assert:
            text = f"Assert({self.expr(s.test)}, {self.opt(s.msg)})"
        elif t is ast.Try:
            handlers = ", ".join(
                f"ExceptHandler({self.opt(h.type)}, {h.name}, {self.stmts(h.body)}){self.at(h)}" for h in s.handlers)
            text = f"Try({self.stmts(s.body)}, [{handlers}], {self.stmts(s.orelse)}, {self.stmts(s.finalbody)})"
        elif t is ast.Raise:
            text = f"Raise({self.opt(s.exc)}, {self.opt(s.cause)})"
        elif t is ast.Delete:
            text = f"Delete({self.exprs(s.targets)})"
        elif t is ast.Import:
            text = f"Import({self.aliases(s.names)})"
        elif t is ast.ImportFrom:
            text = f"ImportFrom({'.' * s.level}{s.module or ''}, {self.aliases(s.names)})"
        else:
            raise ValueError(f"statement outside Loupe's subset: {t.__name__}")
        return text + self.at(s)

    def fstring(self, node):
        items = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                items.append(f"Constant({self.quote(v.value)})")
            else:
                spec = "None" if v.format_spec is None else self.fstring(v.format_spec)
                items.append(f"FormattedValue({self.expr(v.value, True)}, {v.conversion}, {spec})")
        return "JoinedStr([" + ", ".join(items) + "])"

    def comprehensions(self, gens, f):
        return "[" + ", ".join(
            f"comprehension({self.expr(g.target, f)}, {self.expr(g.iter, f)}, {self.exprs(g.ifs, f)})" for g in gens) + "]"

    def expr(self, e, f=False):
        t = type(e)
        if t is ast.Name:
            text = f"Name({e.id})"
        elif t is ast.Constant:
            text = f"Constant({self.constant(e.value)})"
        elif t is ast.JoinedStr:
            text = self.fstring(e)
        elif t is ast.UnaryOp:
            text = f"UnaryOp({OPS[type(e.op)]}, {self.expr(e.operand, f)})"
        elif t is ast.BinOp:
            text = f"BinOp({self.expr(e.left, f)}, {OPS[type(e.op)]}, {self.expr(e.right, f)})"
        elif t is ast.BoolOp:
            text = f"BoolOp({OPS[type(e.op)]}, {self.exprs(e.values, f)})"
        elif t is ast.Compare:
            ops = ", ".join(OPS[type(o)] for o in e.ops)
            text = f"Compare({self.expr(e.left, f)}, [{ops}], {self.exprs(e.comparators, f)})"
        elif t is ast.IfExp:
            text = f"IfExp({self.expr(e.test, f)}, {self.expr(e.body, f)}, {self.expr(e.orelse, f)})"
        elif t is ast.NamedExpr:
            text = f"NamedExpr({e.target.id}, {self.expr(e.value, f)})"
        elif t is ast.Call:
            args = ", ".join(
                f"Starred({self.expr(a.value, f)})" if isinstance(a, ast.Starred) else self.expr(a, f) for a in e.args)
            keywords = ", ".join(
                f"keyword({k.arg}, {self.expr(k.value, f)})" + ("" if f or k.arg is None else self.at(k))
                for k in e.keywords)
            text = f"Call({self.expr(e.func, f)}, [{args}], [{keywords}])"
        elif t is ast.Attribute:
            text = f"Attribute({self.expr(e.value, f)}, {e.attr})"
        elif t is ast.Subscript:
            text = f"Subscript({self.expr(e.value, f)}, {self.expr(e.slice, f)})"
        elif t is ast.Slice:
            text = f"Slice({self.opt(e.lower, f)}, {self.opt(e.upper, f)}, {self.opt(e.step, f)})"
        elif t in (ast.List, ast.Tuple, ast.Set):
            text = f"{t.__name__}({self.exprs(e.elts, f)})"
        elif t is ast.Dict:
            keys = ", ".join(self.opt(k, f) for k in e.keys)
            text = f"Dict([{keys}], {self.exprs(e.values, f)})"
        elif t is ast.Starred:
            text = f"Starred({self.expr(e.value, f)})"
        elif t is ast.Lambda:
            text = f"Lambda({self.arguments(e.args)}, {self.expr(e.body, f)})"
        elif t in (ast.ListComp, ast.SetComp, ast.GeneratorExp):
            text = f"{t.__name__}({self.expr(e.elt, f)}, {self.comprehensions(e.generators, f)})"
        elif t is ast.DictComp:
            text = f"DictComp({self.expr(e.key, f)}, {self.expr(e.value, f)}, {self.comprehensions(e.generators, f)})"
        else:
            raise ValueError(f"expression outside Loupe's subset: {t.__name__}")
        return text if f else text + self.at(e)


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"the references were made with CPython 3.11, this is {sys.version}")
    folder = pathlib.Path(__file__).parent / "parser"
    for program in sorted(folder.glob("*.py")):
        source = program.read_text()
        tree = ast.parse(source)
        dumper = Dumper(source)
        program.with_suffix(".ast").write_text("\n".join(dumper.stmt(s) for s in tree.body) + "\n")


main()
