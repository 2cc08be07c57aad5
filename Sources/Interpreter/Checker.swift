// The static checker behind `loupe check` and the agent's pre-run check: everything that can be
// known about a program before it runs. It reports all findings at once, sorted by position, so a
// controller can fix a program in one round: the syntax error (if any), refused constructs and
// imports, private attributes, names never defined, names read before their assignment in
// straight-line module code, and calls that cannot work on host objects (unknown members,
// wrong arity) when the receiver's type is known from the host registrations.

public enum Checker {
    /// Checks a program's text against the host registrations.
    public static func check(_ source: String, registry: HostRegistry) -> [Diagnostic] {
        let module: Module
        do {
            module = try Parser.parse(source)
        } catch let diagnostic as Diagnostic {
            return [diagnostic]
        } catch {
            return [Diagnostic.syntax("\(error)", at: SourceLocation(line: 1, column: 1))]
        }
        return check(module, registry: registry)
    }

    /// Checks a parsed program.
    public static func check(_ module: Module, registry: HostRegistry) -> [Diagnostic] {
        let pass = CheckerPass(module: module, registry: registry)
        pass.run()
        var seen = Set<String>()
        return pass.findings
            .sorted { $0.location < $1.location }
            .filter { seen.insert("\($0.location) \($0.message)").inserted }
    }

    /// What to tell a program that reaches for numpy.
    static let numpyMessage = "numpy is not available in Loupe; use lists with the built-ins (sum, min, max, sorted, abs, round, len, zip, range, enumerate) and the math module instead"
}

/// A type the checker knows statically: a host type, or a built-in container with what it holds.
indirect enum StaticType: Equatable {
    case host(String)
    case builtin(String, element: StaticType?)
    /// An imported module (`math`).
    case module(String)

    var name: String {
        switch self {
        case .host(let n), .builtin(let n, _), .module(let n): return n
        }
    }
}

/// Where a name gets its value in one scope; the name's static type is known when all agree.
private enum BindingSite {
    case value(Expr)
    case iteration(over: Expr)
    case annotation(Expr)
    case module(String)
    case unknown
}

private final class CheckerPass {
    let module: Module
    let registry: HostRegistry
    let root: Scope
    let globalNames: Set<String>
    var findings: [Diagnostic] = []

    private var sites: [ObjectIdentifier: [String: [BindingSite]]] = [:]
    private var types: [ObjectIdentifier: [String: StaticType?]] = [:]
    private var inProgress: Set<String> = []
    private var reportedUndefined: Set<String> = []

    init(module: Module, registry: HostRegistry) {
        self.module = module
        self.registry = registry
        self.root = ScopeAnalyzer.analyze(module)
        self.globalNames = registry.globalNames
    }

    func run() {
        collectSites(module.body, root)
        visit(module.body, root)
        checkModuleOrder()
    }

    private func report(_ kind: String, _ message: String, at location: SourceLocation) {
        findings.append(Diagnostic(kind: kind, message: message, location: location))
    }

    // MARK: Binding sites (for static types)

    private func addSite(_ name: String, _ site: BindingSite, _ scope: Scope) {
        sites[ObjectIdentifier(scope), default: [:]][name, default: []].append(site)
    }

    private func addTargetSites(_ target: Expr, _ site: BindingSite, _ scope: Scope) {
        switch target.kind {
        case .name(let n): addSite(n, site, scope)
        case .tuple(let items), .list(let items): for item in items { addTargetSites(item, .unknown, scope) }
        case .starred(let inner): addTargetSites(inner, .unknown, scope)
        default: break
        }
    }

    private func collectSites(_ body: [Stmt], _ scope: Scope) {
        for statement in body {
            switch statement.kind {
            case .assign(let targets, let value):
                for target in targets { addTargetSites(target, .value(value), scope) }
            case .annotatedAssign(let target, let annotation, _):
                addTargetSites(target, .annotation(annotation), scope)
            case .for(let target, let iterable, _, _):
                addTargetSites(target, .iteration(over: iterable), scope)
            case .functionDef(let f):
                addSite(f.name, .unknown, scope)
                if let inner = scope.child(at: statement.location, kind: .function(f.name)) {
                    collectParameterSites(f.parameters, inner)
                    collectSites(f.body, inner)
                }
            case .try(_, let handlers, _, _):
                for h in handlers { if let n = h.name { addSite(n, .unknown, scope) } }
            case .import(let names):
                for n in names {
                    let site: BindingSite = HostRegistry.importableModules.contains(n.name) ? .module(n.name) : .unknown
                    addSite(n.alias ?? String(n.name.split(separator: ".").first ?? ""), site, scope)
                }
            case .importFrom(_, let names):
                for n in names { addSite(n.alias ?? n.name, .unknown, scope) }
            default:
                break
            }
            for body in statement.childBodies where !isFunction(statement) { collectSites(body, scope) }
            for e in statement.childExpressions { collectExpressionSites(e, scope) }
        }
    }

    private func isFunction(_ s: Stmt) -> Bool {
        if case .functionDef = s.kind { return true }
        return false
    }

    private func collectParameterSites(_ parameters: Parameters, _ scope: Scope) {
        let all = parameters.positional + [parameters.varArgs].compactMap { $0 } + parameters.keywordOnly + [parameters.varKeywords].compactMap { $0 }
        for p in all {
            if let annotation = p.annotation {
                addSite(p.name, .annotation(annotation), scope)
            } else if let hostType = hostTypeNamed(afterParameter: p.name) {
                addSite(p.name, .annotation(Expr(.name(hostType), at: p.location)), scope)
            } else {
                addSite(p.name, .unknown, scope)
            }
        }
    }

    /// `image_patch` is taken to hold an `ImagePatch`, as ViperGPT-style programs name it.
    private func hostTypeNamed(afterParameter name: String) -> String? {
        let plain = name.replacingUnderscores()
        return registry.types.first { $0.name.lowercased() == plain }?.name
    }

    /// Lambdas, comprehensions and walrus targets inside an expression.
    private func collectExpressionSites(_ e: Expr, _ scope: Scope) {
        var stack: [(Expr, Scope)] = [(e, scope)]
        while let (e, scope) = stack.popLast() {
            switch e.kind {
            case .namedExpr(let name, let value):
                var target = scope
                while target.kind == .comprehension, let parent = target.parent { target = parent }
                addSite(name, .value(value), target)
                stack.append((value, scope))
            case .lambda(let parameters, let body):
                for d in parameters.expressions { stack.append((d, scope)) }
                if let inner = scope.child(at: e.location, kind: .lambda) {
                    collectParameterSites(parameters, inner)
                    stack.append((body, inner))
                }
            case .listComprehension(_, let clauses), .setComprehension(_, let clauses),
                 .generator(_, let clauses), .dictComprehension(_, _, let clauses):
                guard let inner = scope.child(at: e.location, kind: .comprehension) else { continue }
                for (i, clause) in clauses.enumerated() {
                    addTargetSites(clause.target, .iteration(over: clause.iterable), inner)
                    stack.append((clause.iterable, i == 0 ? scope : inner))
                    for c in clause.conditions { stack.append((c, inner)) }
                }
                for child in comprehensionElements(e) { stack.append((child, inner)) }
            default:
                for child in e.children { stack.append((child, scope)) }
            }
        }
    }

    private func comprehensionElements(_ e: Expr) -> [Expr] {
        switch e.kind {
        case .listComprehension(let x, _), .setComprehension(let x, _), .generator(let x, _): return [x]
        case .dictComprehension(let k, let v, _): return [k, v]
        default: return []
        }
    }

    // MARK: Static types

    /// The scope whose binding of `name` a read in `scope` sees (nil: builtin or host name).
    private func definingScope(of name: String, from scope: Scope) -> Scope? {
        if scope.binds(name) { return scope }
        var s = scope.parent
        while let candidate = s {
            if candidate.kind == .module { return candidate.binds(name) ? candidate : nil }
            if candidate.binds(name) { return candidate }
            s = candidate.parent
        }
        return nil
    }

    private func typeOfName(_ name: String, in scope: Scope) -> StaticType? {
        guard let owner = definingScope(of: name, from: scope) else { return nil }
        let key = ObjectIdentifier(owner)
        if let cached = types[key]?[name] { return cached }
        let marker = "\(key.hashValue):\(name)"
        guard !inProgress.contains(marker) else { return nil }
        inProgress.insert(marker)
        defer { inProgress.remove(marker) }
        var result: StaticType?
        let all = sites[key]?[name] ?? []
        for (i, site) in all.enumerated() {
            let t: StaticType?
            switch site {
            case .value(let value): t = typeOf(value, in: owner)
            case .iteration(let iterable):
                if case .builtin(_, let element) = typeOf(iterable, in: owner) { t = element } else { t = nil }
            case .annotation(let annotation): t = staticType(ofAnnotation: annotation)
            case .module(let name): t = .module(name)
            case .unknown: t = nil
            }
            if i == 0 { result = t } else if t != result { result = nil }
            if result == nil { break }
        }
        types[key, default: [:]][name] = .some(result)
        return result
    }

    private func staticType(ofAnnotation e: Expr) -> StaticType? {
        switch e.kind {
        case .name(let n): return staticType(named: n)
        case .constant(.string(let s)): return staticType(ofAnnotationText: s)
        case .subscript(let base, let index):
            guard case .name(let container) = base.kind else { return nil }
            let name = container.lowercased()
            guard ["list", "set", "tuple", "dict"].contains(name) else { return nil }
            if name == "list" || name == "set" { return .builtin(name, element: staticType(ofAnnotation: index)) }
            return .builtin(name, element: nil)
        default: return nil
        }
    }

    private func staticType(named name: String) -> StaticType? {
        if registry.type(named: name) != nil { return .host(name) }
        if ["str", "list", "dict", "set", "tuple"].contains(name) { return .builtin(name, element: nil) }
        return nil
    }

    /// Types written as text in host signatures: `ImagePatch`, `list[ImagePatch]`, `str`.
    func staticType(ofAnnotationText text: String) -> StaticType? {
        let trimmed = text.filter { $0 != " " }
        if let open = trimmed.firstIndex(of: "["), trimmed.hasSuffix("]") {
            let container = trimmed[..<open].lowercased()
            let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            guard ["list", "set", "tuple", "dict"].contains(container) else { return nil }
            return .builtin(container, element: container == "list" || container == "set" ? staticType(ofAnnotationText: inner) : nil)
        }
        return staticType(named: trimmed)
    }

    private static let stringResultMethods: Set<String> = [
        "lower", "upper", "strip", "lstrip", "rstrip", "replace", "title", "capitalize", "format", "join",
        "swapcase", "casefold", "zfill", "center", "ljust", "rjust", "removeprefix", "removesuffix",
    ]

    func typeOf(_ e: Expr, in scope: Scope) -> StaticType? {
        switch e.kind {
        case .constant(.string), .formattedString: return .builtin("str", element: nil)
        case .list(let items):
            let elements = items.map { typeOf($0, in: scope) }
            let first = elements.first ?? nil
            return .builtin("list", element: elements.allSatisfy { $0 == first } ? first : nil)
        case .listComprehension(let element, _):
            let inner = scope.child(at: e.location, kind: .comprehension)
            return .builtin("list", element: inner.flatMap { typeOf(element, in: $0) })
        case .tuple: return .builtin("tuple", element: nil)
        case .dict, .dictComprehension: return .builtin("dict", element: nil)
        case .set, .setComprehension: return .builtin("set", element: nil)
        case .name(let n): return typeOfName(n, in: scope)
        case .conditional(_, let body, let orElse):
            let t = typeOf(body, in: scope)
            return t == typeOf(orElse, in: scope) ? t : nil
        case .attribute(let receiver, let name):
            guard case .host(let typeName) = typeOf(receiver, in: scope), let hostType = registry.type(named: typeName),
                  let property = hostType.property(named: name), let annotation = property.annotation else { return nil }
            return staticType(ofAnnotationText: annotation)
        case .subscript(let receiver, let index):
            guard let t = typeOf(receiver, in: scope) else { return nil }
            if case .slice = index.kind { return t.name == "list" || t.name == "str" ? t : nil }
            if case .builtin("list", let element) = t { return element }
            if case .builtin("str", _) = t { return t }
            return nil
        case .call(let callee, _):
            return typeOfCall(callee, e, in: scope)
        default:
            return nil
        }
    }

    private func typeOfCall(_ callee: Expr, _ call: Expr, in scope: Scope) -> StaticType? {
        switch callee.kind {
        case .name(let n):
            guard definingScope(of: n, from: scope) == nil else { return nil }
            if registry.type(named: n) != nil { return .host(n) }
            if let f = registry.function(named: n) { return f.signature.returnAnnotation.flatMap { staticType(ofAnnotationText: $0) } }
            guard case .call(_, let arguments) = call.kind else { return nil }
            switch n {
            case "str": return .builtin("str", element: nil)
            case "dict": return .builtin("dict", element: nil)
            case "set": return .builtin("set", element: nil)
            case "tuple": return .builtin("tuple", element: nil)
            case "sorted", "list":
                if case .positional(let source)? = arguments.first, case .builtin(_, let element)? = typeOf(source, in: scope) {
                    return .builtin("list", element: element)
                }
                return .builtin("list", element: nil)
            default: return nil
            }
        case .attribute(let receiver, let name):
            guard let receiverType = typeOf(receiver, in: scope) else { return nil }
            switch receiverType {
            case .host(let typeName):
                guard let method = registry.type(named: typeName)?.method(named: name) else { return nil }
                return method.signature.returnAnnotation.flatMap { staticType(ofAnnotationText: $0) }
            case .builtin("str", _):
                if CheckerPass.stringResultMethods.contains(name) { return receiverType }
                if name == "split" || name == "rsplit" || name == "splitlines" { return .builtin("list", element: receiverType) }
                return nil
            case .builtin("list", _):
                return name == "copy" ? receiverType : nil
            default:
                return nil
            }
        default:
            return nil
        }
    }

    // MARK: Checks

    private func visit(_ body: [Stmt], _ scope: Scope) {
        for statement in body { visit(statement, scope) }
    }

    private func visit(_ statement: Stmt, _ scope: Scope) {
        switch statement.kind {
        case .refused(let construct):
            reportRefused(construct, at: statement.location)
        case .import(let names):
            for n in names where !HostRegistry.importableModules.contains(n.name) {
                reportImport(n.name, at: statement.location)
            }
        case .importFrom(let moduleName, let names):
            if !HostRegistry.importableModules.contains(moduleName) {
                reportImport(moduleName, at: statement.location)
            } else if moduleName == "math" {
                for n in names where MathModule.module.members[n.name] == nil {
                    report("ImportError", "cannot import name '\(n.name)' from 'math'" + closeNameHint(n.name, among: Array(MathModule.module.members.keys)), at: statement.location)
                }
            }
        case .functionDef(let f):
            // Annotations are never evaluated by Loupe, so only defaults are read here.
            for p in f.parameters.positional + f.parameters.keywordOnly {
                if let d = p.defaultValue { visitExpression(d, scope, isTarget: false) }
            }
            if let inner = scope.child(at: statement.location, kind: .function(f.name)) { visit(f.body, inner) }
        case .assign(let targets, let value):
            visitExpression(value, scope, isTarget: false)
            for t in targets { visitExpression(t, scope, isTarget: true) }
        case .augmentedAssign(let target, _, let value):
            visitExpression(value, scope, isTarget: false)
            visitExpression(target, scope, isTarget: false)
        case .annotatedAssign(let target, _, let value):
            if let value { visitExpression(value, scope, isTarget: false) }
            visitExpression(target, scope, isTarget: true)
        case .for(let target, let iterable, let body, let orElse):
            visitExpression(iterable, scope, isTarget: false)
            visitExpression(target, scope, isTarget: true)
            visit(body, scope)
            visit(orElse, scope)
        case .delete(let targets):
            for t in targets { visitExpression(t, scope, isTarget: true) }
        default:
            for e in statement.childExpressions { visitExpression(e, scope, isTarget: false) }
            for body in statement.childBodies { visit(body, scope) }
        }
    }

    /// Walks an expression; in a target, plain names are stores and are not checked as reads.
    private func visitExpression(_ e: Expr, _ scope: Scope, isTarget: Bool) {
        switch e.kind {
        case .name(let name):
            if !isTarget { checkNameRead(name, at: e.location, scope, isCallee: false) }
        case .tuple(let items), .list(let items):
            for item in items { visitExpression(item, scope, isTarget: isTarget) }
        case .starred(let inner):
            visitExpression(inner, scope, isTarget: isTarget)
        case .refused(let construct):
            reportRefused(construct, at: e.location)
        case .attribute(let receiver, let name):
            checkAttribute(receiver, name, at: e.location, scope)
            visitExpression(receiver, scope, isTarget: false)
        case .call(let callee, let arguments):
            checkCall(callee, arguments, at: e.location, scope)
            if case .name(let n) = callee.kind {
                checkNameRead(n, at: callee.location, scope, isCallee: true)
            } else {
                visitExpression(callee, scope, isTarget: false)
            }
            for child in e.children.dropFirst() { visitExpression(child, scope, isTarget: false) }
        case .namedExpr(_, let value):
            visitExpression(value, scope, isTarget: false)
        case .lambda(let parameters, let body):
            for d in parameters.expressions where !(parameters.positional + parameters.keywordOnly).contains(where: { $0.annotation?.location == d.location }) {
                visitExpression(d, scope, isTarget: false)
            }
            if let inner = scope.child(at: e.location, kind: .lambda) { visitExpression(body, inner, isTarget: false) }
        case .listComprehension(_, let clauses), .setComprehension(_, let clauses),
             .generator(_, let clauses), .dictComprehension(_, _, let clauses):
            guard let inner = scope.child(at: e.location, kind: .comprehension) else { return }
            for (i, clause) in clauses.enumerated() {
                visitExpression(clause.iterable, i == 0 ? scope : inner, isTarget: false)
                visitExpression(clause.target, inner, isTarget: true)
                for c in clause.conditions { visitExpression(c, inner, isTarget: false) }
            }
            for element in comprehensionElements(e) { visitExpression(element, inner, isTarget: false) }
        default:
            for child in e.children { visitExpression(child, scope, isTarget: false) }
        }
    }

    private func reportRefused(_ construct: String, at location: SourceLocation) {
        let verb = construct.hasSuffix("s") ? "are" : "is"
        report("SyntaxError", "\(construct) \(verb) not supported in Loupe programs", at: location)
    }

    private func reportImport(_ name: String, at location: SourceLocation) {
        let top = name.split(separator: ".").first.map(String.init) ?? name
        if top == "numpy" {
            report("ImportError", Checker.numpyMessage, at: location)
        } else {
            report("ImportError", "import of '\(name)' is not allowed in Loupe programs (only 'math' can be imported)", at: location)
        }
    }

    private func checkNameRead(_ name: String, at location: SourceLocation, _ scope: Scope, isCallee: Bool) {
        if definingScope(of: name, from: scope) != nil { return }
        if Builtins.refusedNames.contains(name) {
            report("NameError", "'\(name)' is not available in Loupe programs (programs cannot reach files, processes or the interpreter itself)", at: location)
            return
        }
        if globalNames.contains(name) { return }
        guard reportedUndefined.insert(name).inserted else { return }
        if name == "np" || name == "numpy" {
            report("NameError", Checker.numpyMessage, at: location)
            return
        }
        let suggestion = closestName(to: name).map { "; did you mean '\($0)'?" } ?? ""
        if isCallee {
            report("NameError", "unknown function '\(name)': name '\(name)' is not defined\(suggestion)", at: location)
        } else {
            report("NameError", "name '\(name)' is not defined\(suggestion)", at: location)
        }
    }

    /// A known name within two edits, for "did you mean" hints.
    private func closestName(to name: String) -> String? {
        var candidates = globalNames
        candidates.formUnion(root.boundNames)
        var best: (String, Int)?
        for candidate in candidates.sorted() where abs(candidate.count - name.count) <= 2 {
            let d = editDistance(candidate, name)
            if d <= 2 && d < (best?.1 ?? Int.max) && d < name.count { best = (candidate, d) }
        }
        return best?.0
    }

    private func checkAttribute(_ receiver: Expr, _ name: String, at location: SourceLocation, _ scope: Scope) {
        if name.hasPrefix("_") {
            report("AttributeError", "access to '\(name)' is not allowed: attributes starting with '_' are refused in Loupe programs", at: location)
            return
        }
        if case .name(let n) = receiver.kind, (n == "np" || n == "numpy"), definingScope(of: n, from: scope) == nil { return }
        guard let t = typeOf(receiver, in: scope) else { return }
        switch t {
        case .host(let typeName):
            guard let hostType = registry.type(named: typeName), !hostType.hasMember(name) else { return }
            let members = hostType.properties.map(\.name) + hostType.methods.map(\.name)
            report("AttributeError", "'\(typeName)' object has no attribute '\(name)'" + closeNameHint(name, among: members), at: location)
        case .builtin(let typeName, _):
            let methods = HostRegistry.builtinMethods(of: typeName)
            guard !methods.isEmpty, !methods.contains(name) else { return }
            report("AttributeError", "'\(typeName)' object has no attribute '\(name)'" + closeNameHint(name, among: Array(methods)), at: location)
        case .module(let moduleName):
            guard moduleName == "math", MathModule.module.members[name] == nil else { return }
            report("AttributeError", "module 'math' has no attribute '\(name)'" + closeNameHint(name, among: Array(MathModule.module.members.keys)), at: location)
        }
    }

    private func checkCall(_ callee: Expr, _ arguments: [Argument], at location: SourceLocation, _ scope: Scope) {
        switch callee.kind {
        case .name(let n):
            guard definingScope(of: n, from: scope) == nil else { return }
            if let f = registry.function(named: n) {
                checkArity(f.signature, arguments, name: n, at: location)
            } else if let t = registry.type(named: n) {
                if let constructor = t.constructor {
                    checkArity(constructor.signature, arguments, name: n, at: location)
                } else {
                    report("TypeError", "cannot create '\(n)' instances", at: location)
                }
            } else if ["getattr", "hasattr", "setattr", "delattr"].contains(n), arguments.count >= 2,
                      case .positional(let attribute) = arguments[1], case .constant(.string(let s)) = attribute.kind, s.hasPrefix("_") {
                report("AttributeError", "access to '\(s)' is not allowed: attributes starting with '_' are refused in Loupe programs", at: attribute.location)
            }
        case .attribute(let receiver, let name):
            guard case .host(let typeName)? = typeOf(receiver, in: scope),
                  let method = registry.type(named: typeName)?.method(named: name) else { return }
            checkArity(method.signature, arguments, name: "\(typeName).\(name)", at: location)
        default:
            break
        }
    }

    private func checkArity(_ signature: HostSignature, _ arguments: [Argument], name: String, at location: SourceLocation) {
        var positionalCount = 0
        var keywords: [String] = []
        for argument in arguments {
            switch argument {
            case .positional: positionalCount += 1
            case .keyword(let k, _, _): keywords.append(k)
            case .unpack, .unpackKeywords: return
            }
        }
        let positional = signature.parameters.filter { $0.kind == .positional }
        if let maximum = signature.maximumPositionalArguments, positionalCount > maximum {
            report("TypeError", "\(name)() takes \(plural(maximum, "positional argument")) but \(positionalCount) \(positionalCount == 1 ? "was" : "were") given", at: location)
            return
        }
        for keyword in keywords {
            guard let parameter = signature.parameter(named: keyword), parameter.kind == .positional || parameter.kind == .keywordOnly else {
                if !signature.acceptsArbitraryKeywords {
                    report("TypeError", "\(name)() got an unexpected keyword argument '\(keyword)'", at: location)
                }
                continue
            }
            if let index = positional.firstIndex(where: { $0.name == keyword }), index < positionalCount {
                report("TypeError", "\(name)() got multiple values for argument '\(keyword)'", at: location)
            }
        }
        let missing = positional.enumerated().filter { $0.offset >= positionalCount && $0.element.isRequired && !keywords.contains($0.element.name) }.map(\.element.name)
        if !missing.isEmpty {
            report("TypeError", "\(name)() missing \(plural(missing.count, "required positional argument")): \(quotedList(missing))", at: location)
        }
        let missingKeywordOnly = signature.parameters.filter { $0.kind == .keywordOnly && $0.isRequired && !keywords.contains($0.name) }.map(\.name)
        if !missingKeywordOnly.isEmpty {
            report("TypeError", "\(name)() missing \(plural(missingKeywordOnly.count, "required keyword-only argument")): \(quotedList(missingKeywordOnly))", at: location)
        }
    }

    private func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`, as CPython lists missing arguments.
    private func quotedList(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " and " + quoted[quoted.count - 1]
    }

    // MARK: Straight-line module code

    /// Reads at module level that certainly happen before the name's first assignment: the
    /// top-level statements run in order, so a name read by one and first bound by a later one
    /// is a NameError when the program runs.
    private func checkModuleOrder() {
        var assigned: Set<String> = []
        var reported: Set<String> = []
        for statement in module.body {
            for (name, location) in certainReads(statement) where !assigned.contains(name) && root.binds(name) && !reported.contains(name) {
                if globalNames.contains(name) { continue }
                reported.insert(name)
                report("NameError", "name '\(name)' is used before it is assigned", at: location)
            }
            assigned.formUnion(namesBound(by: statement))
        }
    }

    /// Names a top-level statement reads before it binds anything, in order.
    private func certainReads(_ statement: Stmt) -> [(String, SourceLocation)] {
        var reads: [(String, SourceLocation)] = []
        switch statement.kind {
        case .expression(let e), .return(.some(let e)): immediateReads(e, into: &reads)
        case .assign(let targets, let value):
            immediateReads(value, into: &reads)
            for t in targets { targetReads(t, into: &reads) }
        case .augmentedAssign(let target, _, let value):
            if case .name(let n) = target.kind { reads.append((n, target.location)) } else { targetReads(target, into: &reads) }
            immediateReads(value, into: &reads)
        case .annotatedAssign(let target, _, let value):
            if let value {
                immediateReads(value, into: &reads)
                targetReads(target, into: &reads)
            }
        case .if(let test, _, _), .while(let test, _, _): immediateReads(test, into: &reads)
        case .for(_, let iterable, _, _): immediateReads(iterable, into: &reads)
        case .assert(let test, _): immediateReads(test, into: &reads)
        case .raise(let exception, _): if let exception { immediateReads(exception, into: &reads) }
        case .functionDef(let f):
            for p in f.parameters.positional + f.parameters.keywordOnly { if let d = p.defaultValue { immediateReads(d, into: &reads) } }
        default: break
        }
        return reads
    }

    private func targetReads(_ target: Expr, into reads: inout [(String, SourceLocation)]) {
        switch target.kind {
        case .attribute(let receiver, _): immediateReads(receiver, into: &reads)
        case .subscript(let receiver, let index):
            immediateReads(receiver, into: &reads)
            immediateReads(index, into: &reads)
        case .tuple(let items), .list(let items): for item in items { targetReads(item, into: &reads) }
        case .starred(let inner): targetReads(inner, into: &reads)
        default: break
        }
    }

    /// Names an expression reads when evaluated (not those in lambda bodies or a generator's
    /// lazily run parts, and not comprehension variables). Conditional parts (`and`/`or`
    /// right operands, `if` branches) may not run, so only their certain parts count.
    private func immediateReads(_ e: Expr, into reads: inout [(String, SourceLocation)]) {
        switch e.kind {
        case .name(let n): reads.append((n, e.location))
        case .boolean(_, let operands): if let first = operands.first { immediateReads(first, into: &reads) }
        case .conditional(let test, _, _): immediateReads(test, into: &reads)
        case .lambda(let parameters, _):
            for p in parameters.positional + parameters.keywordOnly { if let d = p.defaultValue { immediateReads(d, into: &reads) } }
        case .generator(_, let clauses):
            if let first = clauses.first { immediateReads(first.iterable, into: &reads) }
        case .listComprehension(_, let clauses), .setComprehension(_, let clauses), .dictComprehension(_, _, let clauses):
            if let first = clauses.first { immediateReads(first.iterable, into: &reads) }
        case .namedExpr(_, let value): immediateReads(value, into: &reads)
        default:
            for child in e.children { immediateReads(child, into: &reads) }
        }
    }

    /// Every module-level name a top-level statement may bind (anywhere in its nested blocks).
    private func namesBound(by statement: Stmt) -> Set<String> {
        var names: Set<String> = []
        var stack = [statement]
        while let s = stack.popLast() {
            switch s.kind {
            case .assign(let targets, _): for t in targets { targetNames(t, into: &names) }
            case .augmentedAssign(let t, _, _), .annotatedAssign(let t, _, _): targetNames(t, into: &names)
            case .for(let t, _, _, _): targetNames(t, into: &names)
            case .functionDef(let f):
                names.insert(f.name)
                continue
            case .try(_, let handlers, _, _): for h in handlers { if let n = h.name { names.insert(n) } }
            case .import(let imported): for n in imported { names.insert(n.alias ?? String(n.name.split(separator: ".").first ?? "")) }
            case .importFrom(_, let imported): for n in imported { names.insert(n.alias ?? n.name) }
            default: break
            }
            for e in s.childExpressions { walrusNames(e, into: &names) }
            stack.append(contentsOf: s.childBodies.joined())
        }
        return names
    }

    private func targetNames(_ target: Expr, into names: inout Set<String>) {
        switch target.kind {
        case .name(let n): names.insert(n)
        case .tuple(let items), .list(let items): for item in items { targetNames(item, into: &names) }
        case .starred(let inner): targetNames(inner, into: &names)
        default: break
        }
    }

    private func walrusNames(_ e: Expr, into names: inout Set<String>) {
        var stack = [e]
        while let e = stack.popLast() {
            if case .namedExpr(let n, _) = e.kind { names.insert(n) }
            if case .lambda = e.kind { continue }
            stack.append(contentsOf: e.children)
        }
    }
}

private extension String {
    /// `image_patch` -> `imagepatch`, to compare with a type name lowercased.
    func replacingUnderscores() -> String {
        String(lowercased().filter { $0 != "_" })
    }
}

/// "; did you mean 'x'?" for the name of `names` closest to `name` within two edits, else "".
/// The checker and the evaluator's run-time AttributeError both say it, so they agree.
func closeNameHint(_ name: String, among names: [String]) -> String {
    let scored = names.sorted().map { ($0, editDistance($0, name)) }.filter { $0.1 <= 2 && $0.1 < name.count }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return "" }
    return "; did you mean '\(best.0)'?"
}

/// Levenshtein distance, for "did you mean" suggestions on short names.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
