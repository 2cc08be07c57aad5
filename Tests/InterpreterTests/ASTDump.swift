// A compact text form of the syntax tree, written so that `Tests/InterpreterTests/Reference/
// ast_reference.py` can print the same form from CPython's `ast` module: two parsers agree
// when the two texts are equal. Positions are `@line:column` (1-based) on every node outside
// f-strings (CPython 3.11's positions inside f-strings are not reliable to compare).
@testable import Interpreter

enum ASTDump {
    static func dump(_ module: Module) -> String {
        module.body.map { statement($0) }.joined(separator: "\n")
    }

    static func statements(_ body: [Stmt]) -> String {
        "[" + body.map { statement($0) }.joined(separator: ", ") + "]"
    }

    static func statement(_ s: Stmt) -> String {
        let text: String
        switch s.kind {
        case .expression(let e): text = "Expr(\(expr(e)))"
        case .assign(let targets, let value): text = "Assign(\(list(targets)), \(expr(value)))"
        case .augmentedAssign(let target, let op, let value): text = "AugAssign(\(expr(target)), \(op.rawValue), \(expr(value)))"
        case .annotatedAssign(let target, let annotation, let value): text = "AnnAssign(\(expr(target)), \(expr(annotation)), \(optional(value)))"
        case .functionDef(let f):
            text = "FunctionDef(\(f.name), \(parameters(f.parameters)), \(statements(f.body)), \(optional(f.returnAnnotation)))"
        case .return(let value): text = "Return(\(optional(value)))"
        case .if(let test, let body, let orElse): text = "If(\(expr(test)), \(statements(body)), \(statements(orElse)))"
        case .for(let target, let iterable, let body, let orElse):
            text = "For(\(expr(target)), \(expr(iterable)), \(statements(body)), \(statements(orElse)))"
        case .while(let test, let body, let orElse): text = "While(\(expr(test)), \(statements(body)), \(statements(orElse)))"
        case .break: text = "Break"
        case .continue: text = "Continue"
        case .pass: text = "Pass"
        case .assert(let test, let message): text = "Assert(\(expr(test)), \(optional(message)))"
        case .try(let body, let handlers, let orElse, let finally):
            let hs = handlers.map { "ExceptHandler(\(optional($0.type)), \($0.name ?? "None"), \(statements($0.body)))@\($0.location)" }
            text = "Try(\(statements(body)), [\(hs.joined(separator: ", "))], \(statements(orElse)), \(statements(finally)))"
        case .raise(let exception, let cause): text = "Raise(\(optional(exception)), \(optional(cause)))"
        case .delete(let targets): text = "Delete(\(list(targets)))"
        case .import(let names): text = "Import(\(aliases(names)))"
        case .importFrom(let module, let names): text = "ImportFrom(\(module), \(aliases(names)))"
        case .refused(let construct): text = "Refused(\(construct))"
        }
        return text + "@\(s.location)"
    }

    static func aliases(_ names: [ImportName]) -> String {
        "[" + names.map { "alias(\($0.name), \($0.alias ?? "None"))" }.joined(separator: ", ") + "]"
    }

    static func parameters(_ p: Parameters) -> String {
        func arg(_ a: Parameters.Parameter) -> String { "arg(\(a.name), \(optional(a.annotation)))@\(a.location)" }
        let positional = p.positional.map(arg).joined(separator: ", ")
        let defaults = p.positional.compactMap(\.defaultValue).map { expr($0) }.joined(separator: ", ")
        let keywordOnly = p.keywordOnly.map(arg).joined(separator: ", ")
        let keywordDefaults = p.keywordOnly.map { optional($0.defaultValue) }.joined(separator: ", ")
        return "arguments([\(positional)], \(p.varArgs.map(arg) ?? "None"), [\(keywordOnly)], [\(keywordDefaults)], \(p.varKeywords.map(arg) ?? "None"), [\(defaults)])"
    }

    static func list(_ es: [Expr], inFString: Bool = false) -> String {
        "[" + es.map { expr($0, inFString: inFString) }.joined(separator: ", ") + "]"
    }

    static func optional(_ e: Expr?, inFString: Bool = false) -> String {
        e.map { expr($0, inFString: inFString) } ?? "None"
    }

    /// Strings as both sides print them: printable ASCII as is, everything else as \u{HEX}.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\" {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return out + "\""
    }

    static func constant(_ c: Constant) -> String {
        switch c {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return d.isInfinite ? "inf" : "\(d)"
        case .string(let s): return quote(s)
        case .ellipsis: return "Ellipsis"
        }
    }

    static func fstring(_ parts: [FStringPart]) -> String {
        // CPython folds the self-documenting text into the literal before the field.
        var items: [String] = []
        var literal = ""
        for part in parts {
            switch part {
            case .literal(let text):
                literal += text
            case .field(let value, let conversion, let spec, let selfDocumenting):
                literal += selfDocumenting ?? ""
                if !literal.isEmpty { items.append("Constant(\(quote(literal)))") }
                literal = ""
                let code = conversion.map { String($0.unicodeScalars.first!.value) } ?? "-1"
                items.append("FormattedValue(\(expr(value, inFString: true)), \(code), \(spec.map { fstring($0) } ?? "None"))")
            }
        }
        if !literal.isEmpty { items.append("Constant(\(quote(literal)))") }
        return "JoinedStr([" + items.joined(separator: ", ") + "])"
    }

    static func comprehensions(_ clauses: [Comprehension], inFString: Bool) -> String {
        "[" + clauses.map { "comprehension(\(expr($0.target, inFString: inFString)), \(expr($0.iterable, inFString: inFString)), \(list($0.conditions, inFString: inFString)))" }.joined(separator: ", ") + "]"
    }

    static func expr(_ e: Expr, inFString: Bool = false) -> String {
        let f = inFString
        let text: String
        switch e.kind {
        case .name(let n): text = "Name(\(n))"
        case .constant(let c): text = "Constant(\(constant(c)))"
        case .formattedString(let parts): text = fstring(parts)
        case .unary(let op, let x): text = "UnaryOp(\(op.rawValue), \(expr(x, inFString: f)))"
        case .binary(let a, let op, let b): text = "BinOp(\(expr(a, inFString: f)), \(op.rawValue), \(expr(b, inFString: f)))"
        case .boolean(let op, let xs): text = "BoolOp(\(op.rawValue), \(list(xs, inFString: f)))"
        case .compare(let first, let rest):
            text = "Compare(\(expr(first, inFString: f)), [\(rest.map { $0.op.rawValue }.joined(separator: ", "))], \(list(rest.map(\.right), inFString: f)))"
        case .conditional(let test, let body, let orElse):
            text = "IfExp(\(expr(test, inFString: f)), \(expr(body, inFString: f)), \(expr(orElse, inFString: f)))"
        case .namedExpr(let name, let value): text = "NamedExpr(\(name), \(expr(value, inFString: f)))"
        case .call(let callee, let arguments):
            var positional: [String] = []
            var keywords: [String] = []
            for a in arguments {
                switch a {
                case .positional(let x): positional.append(expr(x, inFString: f))
                case .unpack(let x): positional.append("Starred(\(expr(x, inFString: f)))")
                case .keyword(let name, let value, let location): keywords.append("keyword(\(name), \(expr(value, inFString: f)))" + (f ? "" : "@\(location)"))
                case .unpackKeywords(let x): keywords.append("keyword(None, \(expr(x, inFString: f)))")
                }
            }
            text = "Call(\(expr(callee, inFString: f)), [\(positional.joined(separator: ", "))], [\(keywords.joined(separator: ", "))])"
        case .attribute(let x, let name): text = "Attribute(\(expr(x, inFString: f)), \(name))"
        case .subscript(let x, let index): text = "Subscript(\(expr(x, inFString: f)), \(expr(index, inFString: f)))"
        case .slice(let lower, let upper, let step):
            text = "Slice(\(optional(lower, inFString: f)), \(optional(upper, inFString: f)), \(optional(step, inFString: f)))"
        case .list(let xs): text = "List(\(list(xs, inFString: f)))"
        case .tuple(let xs): text = "Tuple(\(list(xs, inFString: f)))"
        case .set(let xs): text = "Set(\(list(xs, inFString: f)))"
        case .dict(let entries):
            text = "Dict([\(entries.map { optional($0.key, inFString: f) }.joined(separator: ", "))], \(list(entries.map(\.value), inFString: f)))"
        case .starred(let x): text = "Starred(\(expr(x, inFString: f)))"
        case .lambda(let p, let body): text = "Lambda(\(parameters(p)), \(expr(body, inFString: f)))"
        case .listComprehension(let x, let clauses): text = "ListComp(\(expr(x, inFString: f)), \(comprehensions(clauses, inFString: f)))"
        case .setComprehension(let x, let clauses): text = "SetComp(\(expr(x, inFString: f)), \(comprehensions(clauses, inFString: f)))"
        case .generator(let x, let clauses): text = "GeneratorExp(\(expr(x, inFString: f)), \(comprehensions(clauses, inFString: f)))"
        case .dictComprehension(let k, let v, let clauses):
            text = "DictComp(\(expr(k, inFString: f)), \(expr(v, inFString: f)), \(comprehensions(clauses, inFString: f)))"
        case .refused(let construct): text = "Refused(\(construct))"
        }
        if f { return text }
        if case .formattedString = e.kind { return text + "@\(e.location)" }
        return text + "@\(e.location)"
    }
}
