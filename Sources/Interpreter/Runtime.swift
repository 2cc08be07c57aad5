// The state of one run: limits and counters, globals, the call machinery (argument binding,
// frames, recursion depth), attribute access, iteration, and host calls with their trace.
import Foundation

/// Sandbox limits. Exceeding one ends the run with `LimitExceeded` naming it.
public struct Limits: Sendable {
    /// Statements and loop iterations executed.
    public var maxSteps: Int = 20_000_000
    public var maxWallSeconds: Double = 10
    /// Nested calls, counted like CPython (the module is one frame); exceeding raises RecursionError.
    public var maxRecursionDepth: Int = 1000
    /// Elements of any one list/tuple/dict/set.
    public var maxCollectionSize: Int = 5_000_000
    /// UTF-8 bytes of any one string.
    public var maxStringLength: Int = 10_000_000
    /// Container elements allocated over the whole run.
    public var maxTotalAllocation: Int = 50_000_000
    public var maxHostCalls: Int = 1000
    /// Bytes a program may print.
    public var maxOutputBytes: Int = 10_000_000

    public init() {}

    public static let `default` = Limits()
}

struct ParameterLayout {
    /// Positional parameters, then keyword-only ones.
    var names: [String] = []
    var defaults: [Value?] = []
    var positionalCount = 0
    var hasVarArgs = false
    var hasVarKeywords = false
    var varArgsName = "args"
    var varKeywordsName = "kwargs"

    var isSimple: Bool { !hasVarArgs && !hasVarKeywords && names.count == positionalCount }

    /// Names in the order bound values are returned: positional, *args, keyword-only, **kwargs.
    var boundOrder: [String] {
        var out = Array(names[0..<positionalCount])
        if hasVarArgs { out.append(varArgsName) }
        out += names[positionalCount...]
        if hasVarKeywords { out.append(varKeywordsName) }
        return out
    }
}

typealias Eval = (Frame) throws -> Value
typealias Exec = (Frame) throws -> Flow

enum Flow { case normal, breakLoop, continueLoop, returned }

/// Compiled code of a `def` or `lambda`.
final class FunctionCode {
    let name: String
    let qualifiedName: String
    let layout: ParameterLayout
    let slotCount: Int
    let ownCellCount: Int
    /// Where each bound parameter (in `layout.boundOrder`) is stored.
    let parameterTargets: [NameBinding]
    var body: Exec = { _ in .normal }
    let line: Int
    let isLambda: Bool

    init(name: String, qualifiedName: String, layout: ParameterLayout, scope: Scope, line: Int, isLambda: Bool) {
        self.name = name
        self.qualifiedName = qualifiedName
        self.layout = layout
        self.slotCount = scope.slotNames.count
        self.ownCellCount = scope.cellNames.count
        self.parameterTargets = scope.parameters.map { scope.resolve($0) }
        self.line = line
        self.isLambda = isLambda
    }
}

public final class FunctionObject {
    let code: FunctionCode
    /// Defaults aligned with `code.layout.names`.
    let defaults: [Value?]
    let closure: [Cell]
    var qualifiedName: String { code.qualifiedName }
    init(code: FunctionCode, defaults: [Value?], closure: [Cell]) {
        self.code = code
        self.defaults = defaults
        self.closure = closure
    }
    deinit {
        var vals = defaults.compactMap { $0 }
        Graveyard.bury(&vals)
    }
}

public final class BuiltinFunction: @unchecked Sendable {
    let name: String
    let body: (Runtime, [Value], [(String, Value)]) throws -> Value
    init(_ name: String, _ body: @escaping (Runtime, [Value], [(String, Value)]) throws -> Value) {
        self.name = name
        self.body = body
    }
}

public final class BoundMethod {
    let receiver: Value
    let name: String
    let hostMethod: HostMethod?
    var receiverIsHost: Bool { hostMethod != nil }
    init(receiver: Value, name: String, hostMethod: HostMethod?) {
        self.receiver = receiver
        self.name = name
        self.hostMethod = hostMethod
    }
}

/// The activation of a function (or the module): local slots and cells.
final class Frame {
    let slots: UnsafeMutablePointer<Value?>
    let slotCount: Int
    var cells: [Cell]
    var line = 0
    var returnValue: Value = .none
    let name: String
    /// Exceptions being handled by enclosing `except` blocks, for bare `raise`.
    var handling: [ExceptionObject] = []

    init(slotCount: Int, cells: [Cell], name: String) {
        self.slotCount = slotCount
        slots = UnsafeMutablePointer<Value?>.allocate(capacity: max(slotCount, 1))
        slots.initialize(repeating: nil, count: max(slotCount, 1))
        self.cells = cells
        self.name = name
    }

    deinit {
        var vals: [Value] = []
        for i in 0..<slotCount { if let v = slots[i], v.objectIdentity != nil { vals.append(v) } }
        slots.deinitialize(count: max(slotCount, 1))
        slots.deallocate()
        Graveyard.bury(&vals)
    }
}

/// Module globals: one slot per name the program uses at module level or as a global.
final class GlobalTable {
    var names: [String] = []
    var index: [String: Int] = [:]
    var values: [Value?] = []
    /// What an unbound global falls back to (builtins and host registrations).
    var fallback: [Value?] = []

    func slot(_ name: String) -> Int {
        if let i = index[name] { return i }
        index[name] = names.count
        names.append(name)
        values.append(nil)
        fallback.append(nil)
        return names.count - 1
    }
}

public final class Runtime {
    let limits: Limits
    let registry: HostRegistry
    let globals = GlobalTable()
    var depth = 1
    private var stepBudget: Int
    private var stepsCounted = 0
    private let stepChunk = 10_000
    private let deadline: Double
    private var allocated = 0
    private var hostCalls = 0
    private var outputBytes = 0
    var output: (String) -> Void
    var trace: [TraceEvent] = []
    var sourceLines: [String] = []
    /// Line of the call being made, for host-call trace records.
    var callLine = 0
    /// Set on the thread that runs the program: a second guard behind the depth limit, so a
    /// generous `maxRecursionDepth` still cannot exhaust the real stack.
    var stack = StackGuard()

    init(limits: Limits, registry: HostRegistry, output: @escaping (String) -> Void) {
        self.limits = limits
        self.registry = registry
        self.output = output
        stepBudget = min(stepChunk, limits.maxSteps)
        deadline = monotonicSeconds() + limits.maxWallSeconds
    }

    // MARK: Limits

    @inline(__always)
    func tick() throws {
        stepBudget &-= 1
        if stepBudget < 0 { try refillSteps() }
    }

    private func refillSteps() throws {
        stepsCounted += min(stepChunk, limits.maxSteps)
        if stepsCounted >= limits.maxSteps {
            throw LimitExceeded(limit: "maxSteps", value: String(limits.maxSteps))
        }
        if monotonicSeconds() > deadline {
            throw LimitExceeded(limit: "maxWallSeconds", value: String(limits.maxWallSeconds))
        }
        stepBudget = min(stepChunk, limits.maxSteps - stepsCounted) - 1
    }

    var stepsExecuted: Int { stepsCounted + (min(stepChunk, limits.maxSteps) - max(stepBudget, 0)) }

    @inline(__always)
    func checkSize(_ n: Int) throws {
        if n > limits.maxCollectionSize {
            throw LimitExceeded(limit: "maxCollectionSize", value: String(limits.maxCollectionSize))
        }
    }

    @inline(__always)
    func checkStringSize(_ n: Int) throws {
        if n > limits.maxStringLength {
            throw LimitExceeded(limit: "maxStringLength", value: String(limits.maxStringLength))
        }
    }

    @inline(__always)
    func account(_ n: Int) throws {
        allocated &+= n
        if allocated > limits.maxTotalAllocation {
            throw LimitExceeded(limit: "maxTotalAllocation", value: String(limits.maxTotalAllocation))
        }
    }

    func write(_ text: String) throws {
        outputBytes += text.utf8.count
        if outputBytes > limits.maxOutputBytes {
            throw LimitExceeded(limit: "maxOutputBytes", value: String(limits.maxOutputBytes))
        }
        output(text)
    }

    // MARK: Calls

    func call(_ callee: Value, _ args: [Value], _ kwargs: [(String, Value)] = [], line: Int = 0) throws -> Value {
        switch callee {
        case .function(let f): return try callFunction(f, args, kwargs)
        case .builtin(let b): return try b.body(self, args, kwargs)
        case .boundMethod(let m):
            if let hm = m.hostMethod, case .host(let h) = m.receiver { return try callHostMethod(h, hm, args, kwargs, line: line) }
            return try callMethod(m.receiver, m.name, args, kwargs)
        case .type(let t): return try construct(t, args, kwargs, line: line)
        default:
            throw PyError.typeError("'\(callee.typeName)' object is not callable")
        }
    }

    @inline(__always)
    func enterCall() throws {
        depth += 1
        if depth > limits.maxRecursionDepth || !stack.hasRoom {
            depth -= 1
            throw PyError(.recursionError, "maximum recursion depth exceeded")
        }
    }

    func callFunction(_ f: FunctionObject, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        let code = f.code
        let frame = makeFrame(f)
        let pc = code.layout.positionalCount
        if code.layout.isSimple && kwargs.isEmpty && args.count <= pc
            && (args.count == pc || f.defaults[args.count] != nil) {
            // Positional arguments, the rest from defaults (defaults are trailing, so the first
            // missing one having a default means all do).
            for i in 0..<args.count { store(frame, code.parameterTargets[i], args[i]) }
            for i in args.count..<pc { store(frame, code.parameterTargets[i], f.defaults[i]!) }
        } else if code.layout.isSimple && args.count <= pc && pc <= 64,
                  bindDirectly(code, f.defaults, frame, args, kwargs) {
            // Keywords bound straight into the frame.
        } else {
            let bound = try bindArguments(code.layout, f.defaults, code.name, args, kwargs)
            for i in 0..<bound.count { store(frame, code.parameterTargets[i], bound[i]) }
        }
        return try run(f, frame)
    }

    @inline(__always)
    func makeFrame(_ f: FunctionObject) -> Frame {
        let code = f.code
        if code.ownCellCount == 0 {
            // Shares the closure's array: no allocation per call.
            return Frame(slotCount: code.slotCount, cells: f.closure, name: code.name)
        }
        var cells: [Cell] = []
        cells.reserveCapacity(code.ownCellCount + f.closure.count)
        for _ in 0..<code.ownCellCount { cells.append(Cell()) }
        cells.append(contentsOf: f.closure)
        return Frame(slotCount: code.slotCount, cells: cells, name: code.name)
    }

    @inline(__always)
    func store(_ frame: Frame, _ target: NameBinding, _ v: Value) {
        switch target {
        case .local(let i): frame.slots[i] = v
        case .cell(let i): frame.cells[i].value = v
        case .global: break
        }
    }

    /// Runs a function body in a prepared frame.
    func run(_ f: FunctionObject, _ frame: Frame) throws -> Value {
        try enterCall()
        defer { depth -= 1 }
        do {
            _ = try f.code.body(frame)
        } catch let e as PyError {
            e.exception.traceback.append(TraceFrame(function: f.code.name, line: frame.line))
            throw e
        } catch var e as LimitExceeded {
            if e.line == nil { e.line = frame.line }
            e.traceback.append(TraceFrame(function: f.code.name, line: frame.line))
            throw e
        }
        return frame.returnValue
    }

    /// Binds positional and keyword arguments of a simple signature straight into `frame`;
    /// false when the call is malformed (the caller then binds again to raise the exact error).
    private func bindDirectly(_ code: FunctionCode, _ defaults: [Value?], _ frame: Frame,
                              _ args: [Value], _ kwargs: [(String, Value)]) -> Bool {
        let names = code.layout.names
        var filled: UInt64 = 0
        for i in 0..<args.count {
            store(frame, code.parameterTargets[i], args[i])
            filled |= 1 << UInt64(i)
        }
        for (k, v) in kwargs {
            guard let i = names.firstIndex(of: k), filled & (1 << UInt64(i)) == 0 else { return false }
            store(frame, code.parameterTargets[i], v)
            filled |= 1 << UInt64(i)
        }
        for i in 0..<names.count where filled & (1 << UInt64(i)) == 0 {
            guard let d = defaults[i] else { return false }
            store(frame, code.parameterTargets[i], d)
        }
        return true
    }

    func bindArguments(_ layout: ParameterLayout, _ defaults: [Value?], _ name: String,
                       _ args: [Value], _ kwargs: [(String, Value)]) throws -> [Value] {
        let n = layout.names.count
        var values = [Value?](repeating: nil, count: n)
        let pc = layout.positionalCount
        var extra: [Value] = []
        for (i, a) in args.enumerated() {
            if i < pc { values[i] = a } else if layout.hasVarArgs { extra.append(a) } else {
                let required = (0..<pc).filter { defaults[$0] == nil }.count
                let takes = required == pc ? "\(pc)" : "from \(required) to \(pc)"
                let plural = (required == pc && pc == 1) ? "argument" : "arguments"
                let kwGiven = kwargs.filter { k in layout.names.contains(k.0) }.count
                let given = kwGiven > 0
                    ? "\(args.count) positional argument\(args.count == 1 ? "" : "s") (and \(kwGiven) keyword-only argument\(kwGiven == 1 ? "" : "s")) were given"
                    : "\(args.count) \(args.count == 1 ? "was" : "were") given"
                throw PyError.typeError("\(name)() takes \(takes) positional \(plural) but \(given)")
            }
        }
        var extraKw: [(String, Value)] = []
        for (k, v) in kwargs {
            if let i = layout.names.firstIndex(of: k) {
                if values[i] != nil { throw PyError.typeError("\(name)() got multiple values for argument '\(k)'") }
                values[i] = v
            } else if layout.hasVarKeywords {
                extraKw.append((k, v))
            } else {
                throw PyError.typeError("\(name)() got an unexpected keyword argument '\(k)'")
            }
        }
        var missingPositional: [String] = []
        var missingKeyword: [String] = []
        for i in 0..<n where values[i] == nil {
            if let d = defaults[i] { values[i] = d } else if i < pc { missingPositional.append(layout.names[i]) } else { missingKeyword.append(layout.names[i]) }
        }
        if !missingPositional.isEmpty {
            throw PyError.typeError("\(name)() missing \(missingPositional.count) required positional argument\(missingPositional.count == 1 ? "" : "s"): \(nameList(missingPositional))")
        }
        if !missingKeyword.isEmpty {
            throw PyError.typeError("\(name)() missing \(missingKeyword.count) required keyword-only argument\(missingKeyword.count == 1 ? "" : "s"): \(nameList(missingKeyword))")
        }
        var out: [Value] = values[0..<pc].map { $0! }
        if layout.hasVarArgs { out.append(.tuple(TupleObject(extra))) }
        out += values[pc...].map { $0! }
        if layout.hasVarKeywords {
            let d = DictObject()
            for (k, v) in extraKw { d.set(.str(k), v) }
            out.append(.dict(d))
        }
        return out
    }

    private func nameList(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        switch quoted.count {
        case 1: return quoted[0]
        case 2: return quoted[0] + " and " + quoted[1]
        default: return quoted.dropLast().joined(separator: ", ") + ", and " + quoted.last!
        }
    }

    // MARK: Host calls

    func callHostFunction(_ f: HostFunction, _ args: [Value], _ kwargs: [(String, Value)], line: Int, callee: String? = nil) throws -> Value {
        let bound = try bindArguments(f.layout, f.layout.defaults, f.name, args, kwargs)
        return try recordHostCall(callee ?? f.name, bound, line: line) {
            try f.body(HostArguments(values: bound, names: f.layout.boundOrder))
        }
    }

    func callHostMethod(_ h: HostObject, _ m: HostMethod, _ args: [Value], _ kwargs: [(String, Value)], line: Int) throws -> Value {
        let bound = try bindArguments(m.layout, m.layout.defaults, m.name, args, kwargs)
        return try recordHostCall("\(h.type.name).\(m.name)", [.host(h)] + bound, line: line) {
            try m.body(h, HostArguments(values: bound, names: m.layout.boundOrder))
        }
    }

    private func recordHostCall(_ callee: String, _ args: [Value], line: Int, _ body: () throws -> Value) throws -> Value {
        hostCalls += 1
        if hostCalls > limits.maxHostCalls {
            throw LimitExceeded(limit: "maxHostCalls", value: String(limits.maxHostCalls), line: line)
        }
        let start = monotonicSeconds()
        let argText = args.map { $0.pythonRepr }
        do {
            let result = try body()
            trace.append(TraceEvent(line: line, callee: callee, arguments: argText, result: result.pythonRepr,
                                    error: nil, durationSeconds: monotonicSeconds() - start))
            return result
        } catch let e as PyError {
            trace.append(TraceEvent(line: line, callee: callee, arguments: argText, result: "",
                                    error: "\(e.exception.type.name): \(e.exception.message(self))",
                                    durationSeconds: monotonicSeconds() - start))
            throw e
        } catch let e as LimitExceeded {
            throw e
        } catch {
            let message = "\(callee) failed: \(error)"
            trace.append(TraceEvent(line: line, callee: callee, arguments: argText, result: "", error: "RuntimeError: \(message)",
                                    durationSeconds: monotonicSeconds() - start))
            throw PyError(.runtimeError, message)
        }
    }

    // MARK: Attributes

    func getAttribute(_ v: Value, _ name: String, line: Int = 0) throws -> Value {
        if name.hasPrefix("_") {
            throw PyError.attributeError("access to '\(name)' is not allowed: attributes starting with '_' are refused in Loupe programs")
        }
        switch v {
        case .host(let h):
            if let p = h.type.property(named: name) {
                do { return try p.getter(h) } catch let e as PyError { throw e } catch {
                    throw PyError(.runtimeError, "\(h.type.name).\(name) failed: \(error)")
                }
            }
            if let m = h.type.method(named: name) { return .boundMethod(BoundMethod(receiver: v, name: name, hostMethod: m)) }
            throw PyError.attributeError("'\(h.type.name)' object has no attribute '\(name)'" + h.type.unknownMemberHint(name))
        case .module(let m):
            if let x = m.members[name] { return x }
            throw PyError.attributeError("module '\(m.name)' has no attribute '\(name)'")
        case .exception(let e) where name == "args":
            return .tuple(TupleObject(e.args))
        case .type(let t) where t === TypeObject.dict && name == "fromkeys":
            return .builtin(BuiltinFunction("fromkeys") { rt, args, kwargs in
                try rt.callMethod(.dict(DictObject()), .fromkeys, args, kwargs)
            })
        case .type(let t):
            // Unbound methods: `str.lower`, `list.append`, used as key functions.
            if BuiltinMethod.names(for: t.name).contains(name) {
                return .builtin(BuiltinFunction("\(t.name).\(name)") { rt, args, kwargs in
                    guard let receiver = args.first, receiver.typeName == t.name || (t === TypeObject.int && receiver.intValue != nil) else {
                        throw PyError.typeError("descriptor '\(name)' for '\(t.name)' objects doesn't apply to a '\(args.first?.typeName ?? "NoneType")' object")
                    }
                    return try rt.callMethod(receiver, name, Array(args.dropFirst()), kwargs)
                })
            }
            if case .host(let ht) = t.kind, let m = ht.method(named: name) {
                return .builtin(BuiltinFunction("\(t.name).\(name)") { rt, args, kwargs in
                    guard case .host(let h)? = args.first, h.type === ht else {
                        throw PyError.typeError("\(t.name).\(name)() needs a \(t.name) as first argument")
                    }
                    return try rt.callHostMethod(h, m, Array(args.dropFirst()), kwargs, line: line)
                })
            }
            throw PyError.attributeError("type object '\(t.name)' has no attribute '\(name)'")
        case .float(let d):
            if name == "real" { return v }
            if name == "imag" { return .float(0) }
            _ = d
        case .int, .bool:
            if name == "real" || name == "numerator" { return .int(v.intValue!) }
            if name == "imag" { return .int(0) }
            if name == "denominator" { return .int(1) }
        case .range(let r):
            if name == "start" { return .int(r.start) }
            if name == "stop" { return .int(r.stop) }
            if name == "step" { return .int(r.step) }
        case .slice(let s):
            if name == "start" { return s.lower }
            if name == "stop" { return s.upper }
            if name == "step" { return s.step }
        default: break
        }
        if BuiltinMethod.names(for: v.typeName).contains(name) {
            return .boundMethod(BoundMethod(receiver: v, name: name, hostMethod: nil))
        }
        if case .function = v { throw PyError.attributeError("'function' object has no attribute '\(name)'") }
        throw PyError.attributeError("'\(v.typeName)' object has no attribute '\(name)'")
    }

    func setAttribute(_ v: Value, _ name: String, _ value: Value) throws {
        if name.hasPrefix("_") {
            throw PyError.attributeError("access to '\(name)' is not allowed: attributes starting with '_' are refused in Loupe programs")
        }
        switch v {
        case .host(let h):
            if h.type.hasMember(name) { throw PyError.attributeError("property '\(name)' of '\(h.type.name)' object has no setter") }
            throw PyError.attributeError("'\(h.type.name)' object has no attribute '\(name)'")
        case .function:
            throw PyError.attributeError("setting attributes on functions is not supported in Loupe programs")
        default:
            if BuiltinMethod.names(for: v.typeName).contains(name) {
                throw PyError.attributeError("'\(v.typeName)' object attribute '\(name)' is read-only")
            }
            throw PyError.attributeError("'\(v.typeName)' object has no attribute '\(name)'")
        }
    }

    // MARK: Iteration

    func iterate(_ v: Value) throws -> IteratorObject {
        switch v {
        case .list(let l): return ListIterator(l)
        case .tuple(let t): return ArrayIterator(t.items, "tuple_iterator")
        case .range(let r): return RangeIterator(r)
        case .str(let s): return StringIterator(s)
        case .dict(let d): return DictIterator(d, .keys)
        case .set(let s): return SetIterator(s)
        case .iterator(let view as DictView): return view.fresh()
        case .iterator(let it): return it
        default: throw PyError.typeError("'\(v.typeName)' object is not iterable")
        }
    }

    /// All items of an iterable, with the collection-size limit checked as it grows.
    func collect(_ v: Value) throws -> [Value] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t.items
        case .range(let r):
            try checkSize(r.count > Int64(Int.max / 2) ? Int.max : Int(r.count))
            try account(Int(r.count))
            var out: [Value] = []
            out.reserveCapacity(Int(r.count))
            var x = r.start
            for _ in 0..<r.count { out.append(.int(x)); x &+= r.step }
            return out
        case .str(let s):
            return s.unicodeScalars.map { .str(String($0)) }
        case .dict(let d): return d.orderedKeys
        case .set(let s): return s.keys
        default:
            let it = try iterate(v)
            var out: [Value] = []
            while let x = try it.next() {
                out.append(x)
                if out.count & 1023 == 0 { try checkSize(out.count); try account(1024); try tick() }
            }
            return out
        }
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

// MARK: - Iterators

public class IteratorObject {
    var typeName: String { "iterator" }
    func next() throws -> Value? { nil }
}

final class ListIterator: IteratorObject {
    let list: ListObject
    var i = 0
    init(_ l: ListObject) { list = l }
    override var typeName: String { "list_iterator" }
    override func next() throws -> Value? {
        guard i < list.items.count else { return nil }
        defer { i += 1 }
        return list.items[i]
    }
}

final class ArrayIterator: IteratorObject {
    let items: [Value]
    let name: String
    var i = 0
    init(_ items: [Value], _ name: String) { self.items = items; self.name = name }
    override var typeName: String { name }
    override func next() throws -> Value? {
        guard i < items.count else { return nil }
        defer { i += 1 }
        return items[i]
    }
}

final class RangeIterator: IteratorObject {
    let range: RangeObject
    var i: Int64 = 0
    init(_ r: RangeObject) { range = r }
    override var typeName: String { "range_iterator" }
    override func next() throws -> Value? {
        guard i < range.count else { return nil }
        defer { i += 1 }
        return .int(range.element(i))
    }
}

final class StringIterator: IteratorObject {
    var it: String.UnicodeScalarView.Iterator
    init(_ s: String) { it = s.unicodeScalars.makeIterator() }
    override var typeName: String { "str_ascii_iterator" }
    override func next() throws -> Value? {
        guard let u = it.next() else { return nil }
        return .str(String(u))
    }
}

final class DictIterator: IteratorObject {
    enum Mode { case keys, values, items }
    let dict: DictObject
    let mode: Mode
    let startCount: Int
    var position = 0
    init(_ d: DictObject, _ mode: Mode) { dict = d; self.mode = mode; startCount = d.count }
    override var typeName: String {
        switch mode { case .keys: return "dict_keyiterator"; case .values: return "dict_valueiterator"; case .items: return "dict_itemiterator" }
    }
    override func next() throws -> Value? {
        if dict.count != startCount { throw PyError(.runtimeError, "dictionary changed size during iteration") }
        guard let i = dict.nextLive(from: position) else { return nil }
        position = i + 1
        switch mode {
        case .keys: return dict.keys[i]!
        case .values: return dict.values[i]
        case .items: return .tuple(TupleObject([dict.keys[i]!, dict.values[i]]))
        }
    }
}

final class SetIterator: IteratorObject {
    let set: SetObject
    let members: [Value]
    let startCount: Int
    var i = 0
    init(_ s: SetObject) { set = s; members = s.keys; startCount = s.count }
    override var typeName: String { "set_iterator" }
    override func next() throws -> Value? {
        if set.count != startCount { throw PyError(.runtimeError, "Set changed size during iteration") }
        guard i < members.count else { return nil }
        defer { i += 1 }
        return members[i]
    }
}

/// map, filter, zip, enumerate, reversed, dict views...: an iterator defined by a closure.
final class ClosureIterator: IteratorObject {
    let name: String
    let step: () throws -> Value?
    var finished = false
    init(_ name: String, _ step: @escaping () throws -> Value?) { self.name = name; self.step = step }
    override var typeName: String { name }
    override func next() throws -> Value? {
        if finished { return nil }
        guard let v = try step() else { finished = true; return nil }
        return v
    }
}
