// Generic access to a tree's direct children, for passes that must walk trees of any depth
// without recursion (the parser's depth guard) or that only need to visit every node.

public enum ASTNode {
    case statement(Stmt)
    case expression(Expr)

    public var location: SourceLocation {
        switch self {
        case .statement(let s): return s.location
        case .expression(let e): return e.location
        }
    }

    public var children: [ASTNode] {
        switch self {
        case .statement(let s):
            return s.childExpressions.map(ASTNode.expression) + s.childBodies.joined().map(ASTNode.statement)
        case .expression(let e):
            return e.children.map(ASTNode.expression)
        }
    }
}

extension Parameters {
    /// Defaults and annotations, in source order; they are evaluated where the function is defined.
    public var expressions: [Expr] {
        var result: [Expr] = []
        for p in positional + [varArgs].compactMap({ $0 }) + keywordOnly + [varKeywords].compactMap({ $0 }) {
            if let a = p.annotation { result.append(a) }
            if let d = p.defaultValue { result.append(d) }
        }
        return result
    }

    /// Every parameter name, in the order of the signature.
    public var names: [String] {
        positional.map(\.name) + (varArgs.map { [$0.name] } ?? []) + keywordOnly.map(\.name) + (varKeywords.map { [$0.name] } ?? [])
    }
}

extension Stmt {
    /// The expressions directly in this statement (not those of nested statements).
    public var childExpressions: [Expr] {
        switch kind {
        case .expression(let e): return [e]
        case .assign(let targets, let value): return targets + [value]
        case .augmentedAssign(let target, _, let value): return [target, value]
        case .annotatedAssign(let target, let annotation, let value): return [target, annotation] + (value.map { [$0] } ?? [])
        case .functionDef(let f): return f.parameters.expressions + (f.returnAnnotation.map { [$0] } ?? [])
        case .return(let value): return value.map { [$0] } ?? []
        case .if(let test, _, _), .while(let test, _, _): return [test]
        case .for(let target, let iterable, _, _): return [target, iterable]
        case .assert(let test, let message): return [test] + (message.map { [$0] } ?? [])
        case .try(_, let handlers, _, _): return handlers.compactMap(\.type)
        case .raise(let exception, let cause): return [exception, cause].compactMap { $0 }
        case .delete(let targets): return targets
        case .break, .continue, .pass, .import, .importFrom, .refused: return []
        }
    }

    /// The statement lists nested in this statement, in source order.
    public var childBodies: [[Stmt]] {
        switch kind {
        case .functionDef(let f): return [f.body]
        case .if(_, let body, let orElse), .for(_, _, let body, let orElse), .while(_, let body, let orElse): return [body, orElse]
        case .try(let body, let handlers, let orElse, let finally): return [body] + handlers.map(\.body) + [orElse, finally]
        default: return []
        }
    }
}

extension Expr {
    /// The direct sub-expressions, in source order (f-string fields and their specs included).
    public var children: [Expr] {
        switch kind {
        case .name, .constant, .refused: return []
        case .formattedString(let parts): return Expr.fields(of: parts)
        case .unary(_, let e), .starred(let e), .attribute(let e, _), .namedExpr(_, let e): return [e]
        case .binary(let a, _, let b), .subscript(let a, let b): return [a, b]
        case .boolean(_, let operands): return operands
        case .compare(let first, let rest): return [first] + rest.map(\.right)
        case .conditional(let test, let body, let orElse): return [body, test, orElse]
        case .call(let callee, let arguments):
            return [callee] + arguments.map { argument in
                switch argument {
                case .positional(let e), .unpack(let e), .unpackKeywords(let e), .keyword(_, let e, _): return e
                }
            }
        case .slice(let lower, let upper, let step): return [lower, upper, step].compactMap { $0 }
        case .list(let items), .tuple(let items), .set(let items): return items
        case .dict(let entries): return entries.flatMap { [$0.key, $0.value].compactMap { $0 } }
        case .lambda(let parameters, let body): return parameters.expressions + [body]
        case .listComprehension(let element, let clauses), .setComprehension(let element, let clauses), .generator(let element, let clauses):
            return [element] + Expr.clauseExpressions(clauses)
        case .dictComprehension(let key, let value, let clauses):
            return [key, value] + Expr.clauseExpressions(clauses)
        }
    }

    private static func clauseExpressions(_ clauses: [Comprehension]) -> [Expr] {
        clauses.flatMap { [$0.target, $0.iterable] + $0.conditions }
    }

    private static func fields(of parts: [FStringPart]) -> [Expr] {
        parts.flatMap { part -> [Expr] in
            guard case .field(let value, _, let spec, _) = part else { return [] }
            return [value] + fields(of: spec ?? [])
        }
    }
}
