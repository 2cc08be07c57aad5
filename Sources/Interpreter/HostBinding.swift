// The one way other modules (Tools) give programs access to host types and functions. A
// registration carries everything three readers need: the evaluator (Swift closures to call),
// the static checker (which members exist, their arity and return types) and the prompt builder
// (Python-style stubs with docstrings, `renderAPIText()`).

/// One parameter of a host function or method, as it would be written in a Python `def`.
public struct HostParameter: Sendable {
    public enum Kind: Sendable { case positional, varArgs, keywordOnly, varKeywords }
    public var name: String
    /// Annotation as text (`"str"`, `"list[ImagePatch]"`), shown in the API text.
    public var annotation: String?
    /// The default used when the argument is omitted; nil = required.
    public var defaultValue: Value?
    public var kind: Kind

    public init(_ name: String, _ annotation: String? = nil, default defaultValue: Value? = nil, kind: Kind = .positional) {
        self.name = name
        self.annotation = annotation
        self.defaultValue = defaultValue
        self.kind = kind
    }

    public var isRequired: Bool { defaultValue == nil && (kind == .positional || kind == .keywordOnly) }
}

/// A Python-style signature. For methods it excludes `self`.
public struct HostSignature: Sendable {
    public var parameters: [HostParameter]
    /// Return annotation as text (`"list[ImagePatch]"`), nil = not stated.
    public var returnAnnotation: String?

    public init(_ parameters: [HostParameter] = [], returns returnAnnotation: String? = nil) {
        self.parameters = parameters
        self.returnAnnotation = returnAnnotation
    }

    /// Fewest positional arguments a call must pass (when it passes no keywords).
    public var minimumArguments: Int { parameters.filter { $0.kind == .positional && $0.defaultValue == nil }.count }
    /// Most positional arguments accepted; nil when there is a `*args`.
    public var maximumPositionalArguments: Int? {
        parameters.contains { $0.kind == .varArgs } ? nil : parameters.filter { $0.kind == .positional }.count
    }
    public var acceptsArbitraryKeywords: Bool { parameters.contains { $0.kind == .varKeywords } }
    public func parameter(named name: String) -> HostParameter? { parameters.first { $0.name == name } }

    /// `(self, object_name: str, k: int = 3) -> list[ImagePatch]`
    public func render(withSelf: Bool) -> String {
        var parts: [String] = withSelf ? ["self"] : []
        var starred = false
        for p in parameters {
            var text: String
            switch p.kind {
            case .positional, .keywordOnly:
                if p.kind == .keywordOnly && !starred { parts.append("*"); starred = true }
                text = p.name
            case .varArgs: text = "*" + p.name; starred = true
            case .varKeywords: text = "**" + p.name
            }
            if let a = p.annotation { text += ": " + a }
            if let d = p.defaultValue {
                let rendered = (try? reprString(d, nil)) ?? "..."
                text += p.annotation == nil ? "=" + rendered : " = " + rendered
            }
            parts.append(text)
        }
        var s = "(" + parts.joined(separator: ", ") + ")"
        if let r = returnAnnotation { s += " -> " + r }
        return s
    }

    var layout: ParameterLayout {
        var l = ParameterLayout()
        for p in parameters {
            switch p.kind {
            case .positional:
                l.names.append(p.name); l.defaults.append(p.defaultValue); l.positionalCount += 1
            case .keywordOnly:
                l.names.append(p.name); l.defaults.append(p.defaultValue)
            case .varArgs: l.hasVarArgs = true; l.varArgsName = p.name
            case .varKeywords: l.hasVarKeywords = true; l.varKeywordsName = p.name
            }
        }
        return l
    }
}

/// Arguments of a host call after binding to the signature: one value per parameter in
/// declaration order (defaults filled in; `*args` as a tuple, `**kwargs` as a dict).
public struct HostArguments {
    public let values: [Value]
    let names: [String]

    public subscript(_ i: Int) -> Value { values[i] }
    public subscript(_ name: String) -> Value {
        guard let i = names.firstIndex(of: name) else { return .none }
        return values[i]
    }
}

/// Errors a host closure throws to raise a Python exception in the program.
public enum HostError {
    public static func valueError(_ message: String) -> Error { PyError(.valueError, message) }
    public static func typeError(_ message: String) -> Error { PyError(.typeError, message) }
    public static func runtimeError(_ message: String) -> Error { PyError(.runtimeError, message) }
    public static func indexError(_ message: String) -> Error { PyError(.indexError, message) }
}

public final class HostFunction: @unchecked Sendable {
    public let name: String
    public let signature: HostSignature
    public let doc: String
    let body: (HostArguments) throws -> Value
    let layout: ParameterLayout

    public init(_ name: String, _ signature: HostSignature, doc: String, body: @escaping (HostArguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.doc = doc
        self.body = body
        self.layout = signature.layout
    }
}

public final class HostMethod: @unchecked Sendable {
    public let name: String
    /// Without `self`.
    public let signature: HostSignature
    public let doc: String
    let body: (HostObject, HostArguments) throws -> Value
    let layout: ParameterLayout

    public init(_ name: String, _ signature: HostSignature, doc: String, body: @escaping (HostObject, HostArguments) throws -> Value) {
        self.name = name
        self.signature = signature
        self.doc = doc
        self.body = body
        self.layout = signature.layout
    }
}

public final class HostProperty: @unchecked Sendable {
    public let name: String
    public let annotation: String?
    public let doc: String
    let getter: (HostObject) throws -> Value

    public init(_ name: String, _ annotation: String?, doc: String, getter: @escaping (HostObject) throws -> Value) {
        self.name = name
        self.annotation = annotation
        self.doc = doc
        self.getter = getter
    }
}

/// A host class (`ImagePatch`): constructor, properties and methods visible to programs.
public final class HostType: @unchecked Sendable {
    public let name: String
    public let doc: String
    /// Called as `ImagePatch(...)`; nil = programs cannot construct it.
    public private(set) var constructor: HostFunction?
    public private(set) var properties: [HostProperty] = []
    public private(set) var methods: [HostMethod] = []
    private var propertyIndex: [String: HostProperty] = [:]
    private var methodIndex: [String: HostMethod] = [:]
    /// Made once in `init` (not lazily) so concurrent runs share one identity for `isinstance`.
    private(set) var typeObject: TypeObject! = nil

    public init(name: String, doc: String) {
        self.name = name
        self.doc = doc
        typeObject = TypeObject(name, .host(self))
    }

    public func setConstructor(_ signature: HostSignature, doc: String, body: @escaping (HostArguments) throws -> Value) {
        constructor = HostFunction(name, signature, doc: doc, body: body)
    }

    public func addProperty(_ name: String, _ annotation: String?, doc: String, getter: @escaping (HostObject) throws -> Value) {
        let p = HostProperty(name, annotation, doc: doc, getter: getter)
        if propertyIndex[name] == nil { properties.append(p) } else { properties.removeAll { $0.name == name }; properties.append(p) }
        propertyIndex[name] = p
    }

    public func addMethod(_ name: String, _ signature: HostSignature, doc: String, body: @escaping (HostObject, HostArguments) throws -> Value) {
        let m = HostMethod(name, signature, doc: doc, body: body)
        if methodIndex[name] == nil { methods.append(m) } else { methods.removeAll { $0.name == name }; methods.append(m) }
        methodIndex[name] = m
    }

    public func property(named name: String) -> HostProperty? { propertyIndex[name] }
    public func method(named name: String) -> HostMethod? { methodIndex[name] }
    public func hasMember(_ name: String) -> Bool { propertyIndex[name] != nil || methodIndex[name] != nil }
}

/// An instance of a host type. Opaque to programs except through its type's registered members.
public final class HostObject: @unchecked Sendable {
    public let type: HostType
    /// The Swift value behind it (an image crop, a video segment, ...).
    public let payload: Any
    /// Shown by `repr()`; defaults to `<ImagePatch object>`.
    public let describe: (() -> String)?

    public init(type: HostType, payload: Any, describe: (() -> String)? = nil) {
        self.type = type
        self.payload = payload
        self.describe = describe
    }
}

/// Everything the host offers programs. Build once, share between runs.
public final class HostRegistry: @unchecked Sendable {
    public private(set) var types: [HostType] = []
    public private(set) var functions: [HostFunction] = []
    private var typeIndex: [String: HostType] = [:]
    private var functionIndex: [String: HostFunction] = [:]

    public init() {}

    public func register(_ type: HostType) {
        if typeIndex[type.name] != nil { types.removeAll { $0.name == type.name } }
        types.append(type)
        typeIndex[type.name] = type
    }

    public func register(_ function: HostFunction) {
        if functionIndex[function.name] != nil { functions.removeAll { $0.name == function.name } }
        functions.append(function)
        functionIndex[function.name] = function
    }

    /// Convenience: register a free function.
    public func registerFunction(_ name: String, _ signature: HostSignature, doc: String, body: @escaping (HostArguments) throws -> Value) {
        register(HostFunction(name, signature, doc: doc, body: body))
    }

    public func type(named name: String) -> HostType? { typeIndex[name] }
    public func function(named name: String) -> HostFunction? { functionIndex[name] }

    /// Names a program can use without defining them: Python builtins Loupe supports, the
    /// built-in exception types, and every registered host type and function.
    public var globalNames: Set<String> {
        var s = HostRegistry.builtinNames
        for t in types { s.insert(t.name) }
        for f in functions { s.insert(f.name) }
        return s
    }

    /// Python builtins available to every program (functions, types and exception classes).
    public static var builtinNames: Set<String> {
        var s = Set(Builtins.functionNames)
        for t in TypeObject.builtinTypes where t !== TypeObject.object { s.insert(t.name) }
        for t in TypeObject.exceptionTypes { s.insert(t.name) }
        return s
    }

    /// Modules `import` accepts.
    public static let importableModules: Set<String> = ["math"]

    /// Methods of built-in types (`str`, `list`, `dict`, `set`, `tuple`) that programs may call,
    /// for the checker's "unknown method" finding on literals.
    public static func builtinMethods(of typeName: String) -> Set<String> {
        Set(BuiltinMethod.names(for: typeName))
    }

    /// Python-style stubs of every registered type and function, for the controller's prompt.
    public func renderAPIText() -> String {
        var out: [String] = []
        for t in types {
            var lines = ["class \(t.name):"]
            if !t.doc.isEmpty { lines.append(contentsOf: docLines(t.doc, indent: 4)) }
            for p in t.properties {
                lines.append("    \(p.name)" + (p.annotation.map { ": " + $0 } ?? ""))
                if !p.doc.isEmpty { lines.append(contentsOf: docLines(p.doc, indent: 4)) }
            }
            if let c = t.constructor {
                lines.append("")
                lines.append("    def __init__" + HostSignature(c.signature.parameters, returns: nil).render(withSelf: true) + ":")
                if !c.doc.isEmpty { lines.append(contentsOf: docLines(c.doc, indent: 8)) }
                lines.append("        ...")
            }
            for m in t.methods {
                lines.append("")
                lines.append("    def \(m.name)" + m.signature.render(withSelf: true) + ":")
                if !m.doc.isEmpty { lines.append(contentsOf: docLines(m.doc, indent: 8)) }
                lines.append("        ...")
            }
            out.append(lines.joined(separator: "\n"))
        }
        for f in functions {
            var lines = ["def \(f.name)" + f.signature.render(withSelf: false) + ":"]
            if !f.doc.isEmpty { lines.append(contentsOf: docLines(f.doc, indent: 4)) }
            lines.append("    ...")
            out.append(lines.joined(separator: "\n"))
        }
        return out.joined(separator: "\n\n\n") + (out.isEmpty ? "" : "\n")
    }

    private func docLines(_ doc: String, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let body = doc.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if body.count == 1 { return [pad + "\"\"\"" + body[0] + "\"\"\""] }
        var lines = [pad + "\"\"\"" + body[0]]
        for l in body.dropFirst() { lines.append(l.isEmpty ? "" : pad + l) }
        lines.append(pad + "\"\"\"")
        return lines
    }
}

/// One recorded host call.
public struct TraceEvent: Sendable {
    public var line: Int
    /// `find`, `ImagePatch.find`, `ImagePatch` (constructor), or a property `ImagePatch.left`.
    public var callee: String
    public var arguments: [String]
    public var result: String
    /// Set when the call raised; then `result` is empty.
    public var error: String?
    public var durationSeconds: Double
}

// Public accessors host closures use to read arguments and build results.
extension Value {
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
    /// int or float as a Double.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
    public var stringValue: String? { if case .str(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var isNone: Bool { if case .none = self { return true } else { return false } }
    public var hostObject: HostObject? { if case .host(let h) = self { return h } else { return nil } }
    /// Items of a list or tuple.
    public var sequenceItems: [Value]? {
        switch self {
        case .list(let l): return l.items
        case .tuple(let t): return t.items
        default: return nil
        }
    }
    public static func makeList(_ items: [Value]) -> Value { .list(ListObject(items)) }
    public static func makeTuple(_ items: [Value]) -> Value { .tuple(TupleObject(items)) }
    public static func makeDict(_ entries: [(Value, Value)]) -> Value {
        let d = DictObject()
        for (k, v) in entries { d.set(k, v) }
        return .dict(d)
    }
    /// `repr(value)` as CPython prints it.
    public var pythonRepr: String { (try? reprString(self, nil)) ?? "<unprintable>" }
    /// `str(value)` as CPython prints it.
    public var pythonStr: String { (try? strString(self, nil)) ?? "<unprintable>" }
}

extension HostType {
    /// What follows "'T' object has no attribute 'x'" at run time, where the checker may not have
    /// known the receiver's type: the close name as the checker says it; with none close, every
    /// member, since the failed program needs one of them (and, for a type with nothing to call,
    /// its doc, which says what to do with it).
    func unknownMemberHint(_ name: String) -> String {
        let members = properties.map(\.name) + methods.map(\.name)
        let close = closeNameHint(name, among: members)
        if !close.isEmpty { return close }
        let listed = members.isEmpty ? "no attributes" : "only " + members.sorted().map { "'\($0)'" }.joined(separator: ", ")
        return "; '\(self.name)' has \(listed)" + (methods.isEmpty ? " (\(doc))" : "")
    }
}
