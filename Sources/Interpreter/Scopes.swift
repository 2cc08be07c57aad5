// Python's scoping rules as a pure pass over the syntax tree. Each function, lambda and
// comprehension is a scope; a name bound anywhere in a function body (assignment, `for` target,
// parameter, `def`, `except ... as`, `import`, `del`) is local to that whole function; a name
// only read there and bound in an enclosing function is free (shared through a cell); anything
// else is global (module level, then builtins). Module-level names are all global.
// The evaluator compiles names to slots from this; the static checker reads the same tree.

public enum ScopeKind: Equatable, Sendable {
    case module
    case function(String)
    case lambda
    /// List/set/dict comprehensions and generator expressions run in their own scope.
    case comprehension
}

/// Where a name used in a scope lives.
public enum NameBinding: Equatable, Sendable {
    /// A plain local slot: `Scope.slotNames[index]`.
    case local(Int)
    /// A cell: `Scope.cellNames + Scope.freeNames` at `index` (own captured locals first, then
    /// variables captured from enclosing functions).
    case cell(Int)
    /// Module global, then builtin.
    case global
}

public final class Scope {
    public let kind: ScopeKind
    /// Where the `def`, `lambda` or comprehension starts (line 1, column 1 for the module).
    public let location: SourceLocation
    public private(set) weak var parent: Scope?
    public private(set) var children: [Scope] = []

    /// Parameter names in order (positional, `*args`, keyword-only, `**kwargs`).
    public internal(set) var parameters: [String] = []
    /// Every name bound in this scope, parameters first, then in order of first binding.
    public internal(set) var boundNames: [String] = []
    /// Bound names not captured by any inner scope: these get plain slots.
    public internal(set) var slotNames: [String] = []
    /// Bound names that inner scopes capture.
    public internal(set) var cellNames: [String] = []
    /// Names this scope reads from enclosing function scopes.
    public internal(set) var freeNames: [String] = []
    /// First place each name is bound / read in this scope's own code (not in inner scopes).
    public internal(set) var firstBinding: [String: SourceLocation] = [:]
    public internal(set) var firstUse: [String: SourceLocation] = [:]

    private var boundSet: Set<String> = []
    private var slotIndex: [String: Int] = [:]
    private var cellIndex: [String: Int] = [:]

    init(kind: ScopeKind, location: SourceLocation, parent: Scope?) {
        self.kind = kind
        self.location = location
        self.parent = parent
        parent?.children.append(self)
    }

    public var isFunctionLike: Bool { kind != .module }

    /// How `name`, used in this scope's own code, is reached.
    public func resolve(_ name: String) -> NameBinding {
        if let i = slotIndex[name] { return .local(i) }
        if let i = cellIndex[name] { return .cell(i) }
        return .global
    }

    /// Does this scope bind `name` itself?
    public func binds(_ name: String) -> Bool { boundSet.contains(name) }

    /// The child scope for the `def`/`lambda`/comprehension at `location`.
    public func child(at location: SourceLocation, kind: ScopeKind? = nil) -> Scope? {
        children.first { $0.location == location && (kind == nil || $0.kind == kind!) }
    }

    func bind(_ name: String, at location: SourceLocation) {
        if boundSet.insert(name).inserted {
            boundNames.append(name)
            firstBinding[name] = location
        }
    }

    func use(_ name: String, at location: SourceLocation) {
        if firstUse[name] == nil { firstUse[name] = location }
    }

    /// Finish: split bound names into slots and cells once captures are known.
    func layOut(captured: Set<String>) {
        guard isFunctionLike else { return }
        for n in boundNames {
            if captured.contains(n) {
                cellIndex[n] = cellNames.count
                cellNames.append(n)
            } else {
                slotIndex[n] = slotNames.count
                slotNames.append(n)
            }
        }
        for n in freeNames {
            cellIndex[n] = cellNames.count + (freeNames.firstIndex(of: n) ?? 0)
        }
    }

    var usedNames: [String] { Array(firstUse.keys) }
}

/// Builds the scope tree of a module.
public enum ScopeAnalyzer {
    public static func analyze(_ module: Module) -> Scope {
        let root = Scope(kind: .module, location: SourceLocation(line: 1, column: 1), parent: nil)
        var collector = Collector()
        collector.statements(module.body, root)
        resolve(root)
        return root
    }

    /// Decide free and cell variables bottom-up, then lay out every scope.
    private static func resolve(_ root: Scope) {
        // captured[scope] = names inner scopes take from it.
        var captured: [ObjectIdentifier: Set<String>] = [:]
        func visit(_ scope: Scope) {
            for child in scope.children { visit(child) }
            guard scope.isFunctionLike else { return }
            // Names read here or needed by children as free, and not bound here, come from outside.
            var needed = Set(scope.usedNames)
            for child in scope.children { needed.formUnion(child.freeNames) }
            for name in needed.sorted() where !scope.binds(name) {
                var s = scope.parent
                while let candidate = s, candidate.isFunctionLike {
                    if candidate.binds(name) {
                        captured[ObjectIdentifier(candidate), default: []].insert(name)
                        if !scope.freeNames.contains(name) { scope.freeNames.append(name) }
                        break
                    }
                    s = candidate.parent
                }
            }
        }
        // Free names must be known for children before parents decide; a parent's own freeNames
        // also flow up, so iterate to a fixed point (nesting depth is small).
        var changed = true
        while changed {
            let before = allScopes(root).map { $0.freeNames.count }
            visit(root)
            changed = allScopes(root).map { $0.freeNames.count } != before
        }
        for scope in allScopes(root) {
            scope.layOut(captured: captured[ObjectIdentifier(scope)] ?? [])
        }
    }

    private static func allScopes(_ s: Scope) -> [Scope] { [s] + s.children.flatMap { allScopes($0) } }

    /// Walks statements and expressions, recording bindings and uses per scope.
    private struct Collector {
        mutating func statements(_ body: [Stmt], _ scope: Scope) {
            for s in body { statement(s, scope) }
        }

        mutating func statement(_ stmt: Stmt, _ scope: Scope) {
            let at = stmt.location
            switch stmt.kind {
            case .expression(let e): expr(e, scope)
            case .assign(let targets, let value):
                expr(value, scope)
                for t in targets { target(t, scope) }
            case .augmentedAssign(let t, _, let value):
                expr(value, scope)
                // `x += 1` reads x first.
                if case .name(let n) = t.kind { scope.use(n, at: t.location) }
                target(t, scope)
            case .annotatedAssign(let t, let annotation, let value):
                _ = annotation
                if let v = value {
                    expr(v, scope)
                    target(t, scope)
                } else if case .name(let n) = t.kind {
                    // A bare annotation makes the name local without assigning it.
                    scope.bind(n, at: t.location)
                }
            case .functionDef(let def):
                parameters(def.parameters, scope)
                scope.bind(def.name, at: at)
                let inner = Scope(kind: .function(def.name), location: at, parent: scope)
                declare(def.parameters, inner)
                statements(def.body, inner)
            case .return(let e): if let e { expr(e, scope) }
            case .if(let test, let body, let orElse):
                expr(test, scope); statements(body, scope); statements(orElse, scope)
            case .for(let t, let iterable, let body, let orElse):
                expr(iterable, scope); target(t, scope); statements(body, scope); statements(orElse, scope)
            case .while(let test, let body, let orElse):
                expr(test, scope); statements(body, scope); statements(orElse, scope)
            case .break, .continue, .pass, .refused: break
            case .assert(let test, let message):
                expr(test, scope)
                if let m = message { expr(m, scope) }
            case .try(let body, let handlers, let orElse, let finally):
                statements(body, scope)
                for h in handlers {
                    if let t = h.type { expr(t, scope) }
                    if let n = h.name { scope.bind(n, at: h.location) }
                    statements(h.body, scope)
                }
                statements(orElse, scope)
                statements(finally, scope)
            case .raise(let e, let cause):
                if let e { expr(e, scope) }
                if let c = cause { expr(c, scope) }
            case .delete(let targets):
                for t in targets {
                    if case .name(let n) = t.kind {
                        scope.use(n, at: t.location)
                        scope.bind(n, at: t.location)
                    } else {
                        expr(t, scope)
                    }
                }
            case .import(let names):
                for n in names {
                    let bound = n.alias ?? String(n.name.split(separator: ".").first ?? Substring(n.name))
                    scope.bind(bound, at: at)
                }
            case .importFrom(_, let names):
                for n in names { scope.bind(n.alias ?? n.name, at: at) }
            }
        }

        /// Defaults (and annotations) are evaluated in the defining scope.
        mutating func parameters(_ p: Parameters, _ scope: Scope) {
            for param in p.positional + p.keywordOnly {
                if let d = param.defaultValue { expr(d, scope) }
            }
        }

        func declare(_ p: Parameters, _ inner: Scope) {
            var names: [Parameters.Parameter] = p.positional
            if let v = p.varArgs { names.append(v) }
            names += p.keywordOnly
            if let k = p.varKeywords { names.append(k) }
            for param in names {
                inner.parameters.append(param.name)
                inner.bind(param.name, at: param.location)
            }
        }

        mutating func target(_ t: Expr, _ scope: Scope) {
            switch t.kind {
            case .name(let n): scope.bind(n, at: t.location)
            case .tuple(let items), .list(let items): for i in items { target(i, scope) }
            case .starred(let inner): target(inner, scope)
            default: expr(t, scope)  // subscript/attribute targets read their object
            }
        }

        mutating func expr(_ e: Expr, _ scope: Scope) {
            switch e.kind {
            case .name(let n): scope.use(n, at: e.location)
            case .constant, .refused: break
            case .formattedString(let parts): fstring(parts, scope)
            case .unary(_, let x): expr(x, scope)
            case .binary(let a, _, let b): expr(a, scope); expr(b, scope)
            case .boolean(_, let xs): for x in xs { expr(x, scope) }
            case .compare(let first, let rest):
                expr(first, scope)
                for c in rest { expr(c.right, scope) }
            case .conditional(let test, let body, let orElse):
                expr(test, scope); expr(body, scope); expr(orElse, scope)
            case .namedExpr(let name, let value):
                expr(value, scope)
                // Inside a comprehension, `:=` binds in the nearest enclosing non-comprehension scope.
                var s = scope
                while s.kind == .comprehension, let p = s.parent { s = p }
                s.bind(name, at: e.location)
                if s !== scope { scope.use(name, at: e.location) }
            case .call(let f, let args):
                expr(f, scope)
                for a in args {
                    switch a {
                    case .positional(let x), .unpack(let x), .unpackKeywords(let x): expr(x, scope)
                    case .keyword(_, let x, _): expr(x, scope)
                    }
                }
            case .attribute(let x, _): expr(x, scope)
            case .subscript(let x, let i): expr(x, scope); expr(i, scope)
            case .slice(let a, let b, let c):
                if let a { expr(a, scope) }
                if let b { expr(b, scope) }
                if let c { expr(c, scope) }
            case .list(let xs), .tuple(let xs), .set(let xs): for x in xs { expr(x, scope) }
            case .dict(let entries):
                for en in entries {
                    if let k = en.key { expr(k, scope) }
                    expr(en.value, scope)
                }
            case .starred(let x): expr(x, scope)
            case .lambda(let params, let body):
                parameters(params, scope)
                let inner = Scope(kind: .lambda, location: e.location, parent: scope)
                declare(params, inner)
                expr(body, inner)
            case .listComprehension(let elt, let gens), .setComprehension(let elt, let gens), .generator(let elt, let gens):
                comprehension(gens, scope, at: e.location) { c, inner in c.expr(elt, inner) }
            case .dictComprehension(let k, let v, let gens):
                comprehension(gens, scope, at: e.location) { c, inner in c.expr(k, inner); c.expr(v, inner) }
            }
        }

        mutating func comprehension(_ gens: [Comprehension], _ scope: Scope, at location: SourceLocation,
                                    element: (inout Collector, Scope) -> Void) {
            guard let first = gens.first else { return }
            // The outermost iterable is evaluated in the enclosing scope.
            expr(first.iterable, scope)
            let inner = Scope(kind: .comprehension, location: location, parent: scope)
            for (i, g) in gens.enumerated() {
                if i > 0 { expr(g.iterable, inner) }
                target(g.target, inner)
                for c in g.conditions { expr(c, inner) }
            }
            element(&self, inner)
        }

        mutating func fstring(_ parts: [FStringPart], _ scope: Scope) {
            for p in parts {
                if case .field(let value, _, let spec, _) = p {
                    expr(value, scope)
                    if let spec { fstring(spec, scope) }
                }
            }
        }
    }
}
