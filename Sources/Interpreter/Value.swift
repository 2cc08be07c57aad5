import Foundation

// Runtime values of Loupe programs. Scalars (None, bool, int, float, str) live inline in the enum;
// everything mutable or shared is a final class, so aliasing (`b = a; b.append(1)`) and identity
// (`a is b`) behave as in CPython, and mutation happens in place without copy-on-write copies.

/// A value a program can hold.
public enum Value: @unchecked Sendable {
    case none
    case bool(Bool)
    /// 64-bit; arithmetic that leaves the range raises OverflowError instead of wrapping.
    case int(Int64)
    case float(Double)
    case str(String)
    case list(ListObject)
    case tuple(TupleObject)
    case dict(DictObject)
    case set(SetObject)
    case range(RangeObject)
    case function(FunctionObject)
    case builtin(BuiltinFunction)
    case boundMethod(BoundMethod)
    case exception(ExceptionObject)
    case type(TypeObject)
    case iterator(IteratorObject)
    case module(ModuleObject)
    case slice(SliceObject)
    case host(HostObject)
    case ellipsis
}

extension Value {
    public static let `true` = Value.bool(true)
    public static let `false` = Value.bool(false)

    /// The Python type name (`type(x).__name__`), used in error messages.
    public var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set(let s): return s.frozen ? "frozenset" : "set"
        case .range: return "range"
        case .function(let f): return f.code.isLambda || true ? "function" : "function"
        case .builtin: return "builtin_function_or_method"
        case .boundMethod(let m): return m.receiverIsHost ? "method" : "builtin_function_or_method"
        case .exception(let e): return e.type.name
        case .type: return "type"
        case .iterator(let it): return it.typeName
        case .module: return "module"
        case .slice: return "slice"
        case .host(let h): return h.type.name
        case .ellipsis: return "ellipsis"
        }
    }

    /// Python truthiness.
    public var isTruthy: Bool {
        switch self {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.items.isEmpty
        case .dict(let d): return d.count != 0
        case .set(let s): return s.count != 0
        case .range(let r): return r.count != 0
        default: return true
        }
    }

    /// Identity of reference values, for `is`; nil for inline scalars.
    var objectIdentity: ObjectIdentifier? {
        switch self {
        case .list(let o): return ObjectIdentifier(o)
        case .tuple(let o): return ObjectIdentifier(o)
        case .dict(let o): return ObjectIdentifier(o)
        case .set(let o): return ObjectIdentifier(o)
        case .range(let o): return ObjectIdentifier(o)
        case .function(let o): return ObjectIdentifier(o)
        case .builtin(let o): return ObjectIdentifier(o)
        case .boundMethod(let o): return ObjectIdentifier(o)
        case .exception(let o): return ObjectIdentifier(o)
        case .type(let o): return ObjectIdentifier(o)
        case .iterator(let o): return ObjectIdentifier(o)
        case .module(let o): return ObjectIdentifier(o)
        case .slice(let o): return ObjectIdentifier(o)
        case .host(let o): return ObjectIdentifier(o)
        default: return nil
        }
    }

    /// `a is b`. Small ints, None, bools, and equal strings are shared objects in CPython for the
    /// cases programs meet; comparing them by value matches what CPython prints for those.
    func isIdentical(to other: Value) -> Bool {
        switch (self, other) {
        case (.none, .none), (.ellipsis, .ellipsis): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a.bitPattern == b.bitPattern
        case (.str(let a), .str(let b)): return a == b
        default:
            guard let a = objectIdentity, let b = other.objectIdentity else { return false }
            return a == b
        }
    }
}

// MARK: - Containers

/// Releases nested containers iteratively: a list nested a million levels deep would otherwise be
/// freed by a million nested `deinit` calls and overflow the stack.
enum Graveyard {
    nonisolated(unsafe) private static var key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    final class State {
        var draining = false
        var pending: [Value] = []
    }

    static func bury(_ values: inout [Value]) {
        // Scalars-only arrays need nothing special.
        guard values.contains(where: { $0.objectIdentity != nil }) else { return }
        let state: State
        if let raw = pthread_getspecific(key) {
            state = Unmanaged<State>.fromOpaque(raw).takeUnretainedValue()
        } else {
            state = State()
            pthread_setspecific(key, Unmanaged.passRetained(state).toOpaque())
        }
        if state.draining {
            state.pending.append(contentsOf: values)
            values = []
            return
        }
        state.draining = true
        state.pending.append(contentsOf: values)
        values = []
        while let v = state.pending.popLast() { _ = v }
        state.draining = false
    }
}

public final class ListObject {
    public var items: [Value]
    public init(_ items: [Value] = []) { self.items = items }
    deinit { Graveyard.bury(&items) }
}

public final class TupleObject: @unchecked Sendable {
    public var items: [Value]
    public init(_ items: [Value]) { self.items = items }
    deinit { Graveyard.bury(&items) }
    static let empty = TupleObject([])
}

/// A value usable as a dict key or set member: equality and hashing follow Python, so
/// `1`, `1.0` and `True` are the same key. Only built from hashable values (checked by callers).
public struct HashKey: Hashable {
    public let value: Value
    init(_ value: Value) { self.value = value }

    public static func == (a: HashKey, b: HashKey) -> Bool { keysEqual(a.value, b.value) }

    public func hash(into hasher: inout Hasher) { hashValue(value, into: &hasher) }

    static func keysEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.str(let x), .str(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.int(let x), .int(let y)): return x == y
        case (.tuple(let x), .tuple(let y)):
            if x === y { return true }
            guard x.items.count == y.items.count else { return false }
            for i in 0..<x.items.count where !keysEqual(x.items[i], y.items[i]) { return false }
            return true
        case (.set(let x), .set(let y)):
            return x.count == y.count && x.keys.allSatisfy { y.contains($0) }
        default:
            if a.numericValue != nil && b.numericValue != nil { return compareNumbers(a, b) == 0 }
            switch (a, b) {
            case (.none, .none), (.ellipsis, .ellipsis): return true
            case (.float(let x), .float(let y)): return x == y
            default:
                if let x = a.objectIdentity, let y = b.objectIdentity { return x == y }
                return false
            }
        }
    }

    private func hashValue(_ v: Value, into hasher: inout Hasher) {
        switch v {
        case .none: hasher.combine(0x4E4F4E45)
        case .bool(let b): hasher.combine(Int64(b ? 1 : 0))
        case .int(let i): hasher.combine(i)
        case .float(let d):
            if d == d.rounded(), abs(d) < 9.2e18 { hasher.combine(Int64(d)) } else { hasher.combine(d) }
        case .str(let s): hasher.combine(hashString(s))
        case .tuple(let t):
            hasher.combine(t.items.count)
            for item in t.items { hashValue(item, into: &hasher) }
        case .set(let s):
            // Order-independent: XOR of member hashes.
            var acc = 0
            for k in s.keys { acc ^= HashKey(k).hashValue }
            hasher.combine(acc)
        case .ellipsis: hasher.combine(0x454C4C)
        default:
            if let id = v.objectIdentity { hasher.combine(id) }
        }
    }
}

extension Value {
    /// int, bool and integral-or-not floats as a Double for cross-type equality; nil otherwise.
    var numericValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return d
        default: return nil
        }
    }
}

/// An insertion-ordered dict laid out like CPython's: entries in insertion order (deleted ones
/// leave a hole until the next resize) and an open-addressing index table keyed by Python's
/// hash, so int keys hash to themselves instead of going through a seeded hasher.
public final class DictObject {
    var keys: [Value?] = []
    var values: [Value] = []
    private var hashes: [Int64] = []
    /// Slot -> entry index; `empty` or `deleted` otherwise. Size is a power of two.
    private var table = [Int32](repeating: DictObject.empty, count: 8)
    private static let empty: Int32 = -1
    private static let deleted: Int32 = -2
    public private(set) var count = 0
    /// Bumped on insertion/removal so iterators can detect "changed size during iteration".
    var version = 0

    public init() {}
    deinit {
        var all = keys.compactMap { $0 } + values
        keys = []; values = []
        Graveyard.bury(&all)
    }

    @inline(__always)
    private static func keyHash(_ key: Value) -> Int64 {
        switch key {
        case .int(let i): return hashInt(i)
        default: return pythonHash(key)
        }
    }

    /// The table slot holding `key`, or the slot to insert it at (found = false).
    private func find(_ key: Value, _ hash: Int64) -> (slot: Int, found: Bool) {
        let mask = table.count - 1
        var perturb = UInt64(bitPattern: hash)
        var i = Int(UInt64(bitPattern: hash) & UInt64(mask))
        var firstDeleted = -1
        while true {
            let e = table[i]
            if e == DictObject.empty { return (firstDeleted >= 0 ? firstDeleted : i, false) }
            if e == DictObject.deleted {
                if firstDeleted < 0 { firstDeleted = i }
            } else if hashes[Int(e)] == hash, let k = keys[Int(e)] {
                if case .int(let a) = k, case .int(let b) = key { if a == b { return (i, true) } } else if HashKey.keysEqual(k, key) { return (i, true) }
            }
            perturb >>= 5
            i = Int((UInt64(i) &* 5 &+ perturb &+ 1) & UInt64(mask))
        }
    }

    public func get(_ key: Value) -> Value? {
        let (slot, found) = find(key, DictObject.keyHash(key))
        return found ? values[Int(table[slot])] : nil
    }

    public func set(_ key: Value, _ value: Value) {
        let hash = DictObject.keyHash(key)
        let (slot, found) = find(key, hash)
        if found {
            values[Int(table[slot])] = value
            return
        }
        table[slot] = Int32(truncatingIfNeeded: keys.count)
        keys.append(key)
        values.append(value)
        hashes.append(hash)
        count += 1
        version &+= 1
        if keys.count * 3 >= table.count * 2 { rebuild() }
    }

    @discardableResult
    public func remove(_ key: Value) -> Value? {
        let (slot, found) = find(key, DictObject.keyHash(key))
        guard found else { return nil }
        let i = Int(table[slot])
        table[slot] = DictObject.deleted
        let v = values[i]
        keys[i] = nil
        values[i] = .none
        count -= 1
        version &+= 1
        return v
    }

    func removeAll() {
        keys = []; values = []; hashes = []; count = 0; version &+= 1
        table = [Int32](repeating: DictObject.empty, count: 8)
    }

    /// Drops deleted entries and sizes the table for the live ones.
    private func rebuild() {
        if count != keys.count {
            var k: [Value?] = [], v: [Value] = [], h: [Int64] = []
            k.reserveCapacity(count); v.reserveCapacity(count); h.reserveCapacity(count)
            for i in 0..<keys.count where keys[i] != nil {
                k.append(keys[i]); v.append(values[i]); h.append(hashes[i])
            }
            keys = k; values = v; hashes = h
        }
        var size = 8
        while size * 2 <= count * 3 + 3 { size <<= 1 }
        size <<= 1
        table = [Int32](repeating: DictObject.empty, count: size)
        let mask = size - 1
        for (index, hash) in hashes.enumerated() {
            var perturb = UInt64(bitPattern: hash)
            var i = Int(UInt64(bitPattern: hash) & UInt64(mask))
            while table[i] != DictObject.empty {
                perturb >>= 5
                i = Int((UInt64(i) &* 5 &+ perturb &+ 1) & UInt64(mask))
            }
            table[i] = Int32(index)
        }
    }

    /// Live entries in insertion order.
    public var entries: [(key: Value, value: Value)] {
        var out: [(key: Value, value: Value)] = []
        out.reserveCapacity(count)
        for i in 0..<keys.count { if let k = keys[i] { out.append((k, values[i])) } }
        return out
    }

    public var orderedKeys: [Value] { keys.compactMap { $0 } }
    public var orderedValues: [Value] {
        var out: [Value] = []
        out.reserveCapacity(count)
        for i in 0..<keys.count where keys[i] != nil { out.append(values[i]) }
        return out
    }

    func copy() -> DictObject {
        let d = DictObject()
        for (k, v) in entries { d.set(k, v) }
        return d
    }

    /// The slot position of the n-th live entry at or after `position`, for iterators.
    func nextLive(from position: Int) -> Int? {
        var i = position
        while i < keys.count {
            if keys[i] != nil { return i }
            i += 1
        }
        return nil
    }
}

/// A set, iterated in the order CPython's hash table would give for int members (so programs
/// that print small-int sets see CPython's output) and insertion order otherwise.
public final class SetObject {
    var table = PySetTable()
    public var frozen: Bool

    public init(frozen: Bool = false) { self.frozen = frozen }
    deinit {
        var all = table.members
        table = PySetTable()
        Graveyard.bury(&all)
    }

    public var count: Int { table.count }
    public var keys: [Value] { table.members }
    public func contains(_ v: Value) -> Bool { table.contains(v) }
    public func add(_ v: Value) { table.insert(v) }
    @discardableResult public func remove(_ v: Value) -> Bool { table.remove(v) }
    func removeAll() { table = PySetTable() }
    func copy(frozen: Bool? = nil) -> SetObject {
        let s = SetObject(frozen: frozen ?? self.frozen)
        s.table = table
        return s
    }
    var version: Int { table.version }
}

public final class RangeObject {
    public let start: Int64, stop: Int64, step: Int64
    /// The true number of elements; can exceed Int64.max (`range(-2**63, 2**63 - 1)`).
    let length: UInt64
    /// The length clamped to Int64, for loops (which stop on the step limit long before).
    var count: Int64 { Int64(clamping: length) }

    init(start: Int64, stop: Int64, step: Int64) {
        self.start = start; self.stop = stop; self.step = step
        // Unsigned arithmetic: the span of extreme bounds does not fit Int64.
        if step > 0 ? stop <= start : stop >= start {
            length = 0
        } else {
            let span = step > 0 ? UInt64(bitPattern: stop &- start) : UInt64(bitPattern: start &- stop)
            length = (span - 1) / step.magnitude + 1
        }
    }

    func element(_ i: Int64) -> Int64 { element(UInt64(i)) }
    func element(_ i: UInt64) -> Int64 { start &+ Int64(bitPattern: i &* UInt64(bitPattern: step)) }

    func contains(_ i: Int64) -> Bool {
        if step > 0 { guard i >= start && i < stop else { return false } } else { guard i <= start && i > stop else { return false } }
        let diff = step > 0 ? UInt64(bitPattern: i &- start) : UInt64(bitPattern: start &- i)
        return diff % step.magnitude == 0
    }
}

public final class SliceObject {
    let lower: Value, upper: Value, step: Value
    init(lower: Value, upper: Value, step: Value) { self.lower = lower; self.upper = upper; self.step = step }
}

/// A variable captured by a nested function.
public final class Cell {
    var value: Value?
    init(_ value: Value? = nil) { self.value = value }
    deinit {
        if let v = value {
            var a = [v]
            value = nil
            Graveyard.bury(&a)
        }
    }
}

/// `import math` gives one of these: named members, read-only.
public final class ModuleObject: @unchecked Sendable {
    let name: String
    let members: [String: Value]
    init(name: String, members: [String: Value]) { self.name = name; self.members = members }
}
