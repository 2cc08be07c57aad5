// Methods of the built-in types (str, list, dict, set, tuple, int, float), resolved to an enum
// at compile time so a call dispatches with a switch rather than string comparisons.

enum BuiltinMethod: String {
    // str
    case lower, upper, strip, lstrip, rstrip, split, rsplit, join, replace, startswith, endswith
    case find, rfind, rindex, format, isdigit, isalpha, isalnum, isspace, isupper, islower
    case isnumeric, isdecimal, istitle, title, capitalize, swapcase, casefold, splitlines, zfill
    case center, ljust, rjust, partition, rpartition, removeprefix, removesuffix, expandtabs
    // shared
    case count, index, copy, clear, pop, remove, update
    // list
    case append, extend, insert, sort, reverse
    // dict
    case get, keys, values, items, setdefault, popitem, fromkeys
    // set
    case add, discard, union, intersection, difference
    case symmetric_difference, issubset, issuperset, isdisjoint
    case intersection_update, difference_update, symmetric_difference_update
    // numbers
    case bit_length, is_integer, conjugate

    private static let table: [String: Set<String>] = {
        func names(_ ms: [BuiltinMethod]) -> Set<String> { Set(ms.map(\.rawValue)) }
        let str: [BuiltinMethod] = [.lower, .upper, .strip, .lstrip, .rstrip, .split, .rsplit, .join, .replace,
                                    .startswith, .endswith, .find, .rfind, .index, .rindex, .count, .format,
                                    .isdigit, .isalpha, .isalnum, .isspace, .isupper, .islower, .isnumeric,
                                    .isdecimal, .istitle, .title, .capitalize, .swapcase, .casefold, .splitlines,
                                    .zfill, .center, .ljust, .rjust, .partition, .rpartition, .removeprefix,
                                    .removesuffix, .expandtabs]
        let list: [BuiltinMethod] = [.append, .extend, .insert, .pop, .remove, .index, .count, .sort, .reverse, .copy, .clear]
        let dict: [BuiltinMethod] = [.get, .keys, .values, .items, .update, .setdefault, .pop, .popitem, .copy, .clear, .fromkeys]
        let set: [BuiltinMethod] = [.add, .remove, .discard, .pop, .union, .intersection, .difference,
                                    .symmetric_difference, .issubset, .issuperset, .isdisjoint, .update,
                                    .intersection_update, .difference_update, .symmetric_difference_update, .copy, .clear]
        let frozen: [BuiltinMethod] = [.union, .intersection, .difference, .symmetric_difference, .issubset,
                                       .issuperset, .isdisjoint, .copy]
        return [
            "str": names(str), "list": names(list), "dict": names(dict), "set": names(set),
            "frozenset": names(frozen), "tuple": names([.count, .index]),
            "int": names([.bit_length, .conjugate]), "bool": names([.bit_length, .conjugate]),
            "float": names([.is_integer, .conjugate]),
            "range": names([.count, .index]),
        ]
    }()

    static func names(for typeName: String) -> Set<String> { table[typeName] ?? [] }
}

extension Runtime {
    /// `receiver.name(args)` for any receiver: built-in methods, host methods, module functions,
    /// or a callable attribute.
    func callMethodValue(_ receiver: Value, _ name: String, _ method: BuiltinMethod?, _ args: [Value],
                         _ kwargs: [(String, Value)], line: Int) throws -> Value {
        switch receiver {
        case .host(let h):
            if let m = h.type.method(named: name) { return try callHostMethod(h, m, args, kwargs, line: line) }
        case .module, .type, .function, .builtin, .boundMethod, .exception, .iterator:
            break
        default:
            if let method, BuiltinMethod.names(for: receiver.typeName).contains(name) {
                return try callMethod(receiver, method, args, kwargs)
            }
        }
        return try call(try getAttribute(receiver, name, line: line), args, kwargs, line: line)
    }

    func callMethod(_ receiver: Value, _ name: String, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        guard let m = BuiltinMethod(rawValue: name), BuiltinMethod.names(for: receiver.typeName).contains(name) else {
            throw PyError.attributeError("'\(receiver.typeName)' object has no attribute '\(name)'")
        }
        return try callMethod(receiver, m, args, kwargs)
    }

    func callMethod(_ receiver: Value, _ m: BuiltinMethod, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        switch receiver {
        case .str(let s): return try strMethod(s, m, args, kwargs)
        case .list(let l): return try listMethod(l, m, args, kwargs)
        case .dict(let d): return try dictMethod(d, m, args, kwargs)
        case .set(let s): return try setMethod(s, m, args, kwargs)
        case .tuple(let t):
            try noKeywords(m, kwargs)
            return try sequenceSearch(t.items, m, args, "tuple")
        case .range(let r):
            try noKeywords(m, kwargs)
            try exactly(m, args, 1)
            let hit: Bool
            if let i = args[0].intValue, !args[0].isFloat { hit = r.contains(i) } else { hit = try contains(receiver, args[0]) }
            if m == .count { return .int(hit ? 1 : 0) }
            guard hit else { throw PyError.valueError("\(try reprString(args[0], self)) is not in range") }
            guard let i = args[0].intValue ?? args[0].doubleValue.map({ Int64($0) }) else { throw PyError.valueError("not in range") }
            let diff = r.step > 0 ? UInt64(bitPattern: i &- r.start) : UInt64(bitPattern: r.start &- i)
            return .int(Int64(diff / r.step.magnitude))
        case .int, .bool:
            try noKeywords(m, kwargs)
            try exactly(m, args, 0)
            let i = receiver.intValue!
            if m == .conjugate { return .int(i) }
            return .int(Int64(64 - i.magnitude.leadingZeroBitCount))
        case .float(let d):
            try noKeywords(m, kwargs)
            try exactly(m, args, 0)
            if m == .conjugate { return receiver }
            return .bool(d.isFinite && d == d.rounded())
        default:
            throw PyError.attributeError("'\(receiver.typeName)' object has no attribute '\(m.rawValue)'")
        }
    }

    // MARK: argument checks (CPython's wording)

    func noKeywords(_ m: BuiltinMethod, _ kwargs: [(String, Value)]) throws {
        if !kwargs.isEmpty { throw PyError.typeError("\(m.rawValue)() takes no keyword arguments") }
    }

    func exactly(_ m: BuiltinMethod, _ args: [Value], _ n: Int) throws {
        guard args.count != n else { return }
        if n == 0 { throw PyError.typeError("\(m.rawValue)() takes no arguments (\(args.count) given)") }
        if n == 1 { throw PyError.typeError("\(m.rawValue)() takes exactly one argument (\(args.count) given)") }
        throw PyError.typeError("\(m.rawValue) expected \(n) arguments, got \(args.count)")
    }

    func between(_ m: BuiltinMethod, _ args: [Value], _ lo: Int, _ hi: Int) throws {
        if args.count < lo { throw PyError.typeError("\(m.rawValue) expected at least \(lo) argument\(lo == 1 ? "" : "s"), got \(args.count)") }
        if args.count > hi { throw PyError.typeError("\(m.rawValue) expected at most \(hi) argument\(hi == 1 ? "" : "s"), got \(args.count)") }
    }

    private func strArg(_ m: BuiltinMethod, _ v: Value, _ what: String = "str") throws -> String {
        guard case .str(let s) = v else {
            throw PyError.typeError("\(m.rawValue)() argument must be str, not \(v.typeName)")
        }
        return s
    }

    // MARK: sequences

    private func sequenceSearch(_ items: [Value], _ m: BuiltinMethod, _ args: [Value], _ typeName: String) throws -> Value {
        switch m {
        case .count:
            try exactly(m, args, 1)
            var n = 0
            for x in items where try itemsEqual(x, args[0]) { n += 1 }
            return .int(Int64(n))
        case .index:
            try between(m, args, 1, 3)
            let (start, end) = try searchBounds(args, items.count)
            if start < end {
                for i in start..<end where try itemsEqual(items[i], args[0]) { return .int(Int64(i)) }
            }
            throw PyError.valueError(typeName == "list" ? "\(try reprString(args[0], self)) is not in list" : "tuple.index(x): x not in tuple")
        default:
            throw PyError.attributeError("'\(typeName)' object has no attribute '\(m.rawValue)'")
        }
    }

    /// Python's `start`/`end` arguments (args[1], args[2]) clamped to 0...count.
    private func searchBounds(_ args: [Value], _ count: Int) throws -> (Int, Int) {
        func clamp(_ v: Value, _ dflt: Int) throws -> Int {
            if case .none = v { return dflt }
            guard let i = v.intValue else {
                throw PyError.typeError("slice indices must be integers or have an __index__ method")
            }
            let j = i < 0 ? i + Int64(count) : i
            return Int(min(max(j, 0), Int64(count)))
        }
        let start = args.count > 1 ? try clamp(args[1], 0) : 0
        let end = args.count > 2 ? try clamp(args[2], count) : count
        return (start, end)
    }

    private func listMethod(_ l: ListObject, _ m: BuiltinMethod, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        if m != .sort { try noKeywords(m, kwargs) }
        switch m {
        case .append:
            try exactly(m, args, 1)
            try checkSize(l.items.count + 1)
            try account(1)
            l.items.append(args[0])
        case .extend:
            try exactly(m, args, 1)
            let extra = try collect(args[0])
            try checkSize(l.items.count + extra.count)
            try account(extra.count)
            l.items.append(contentsOf: extra)
        case .insert:
            try exactly(m, args, 2)
            guard let i = args[0].intValue else {
                throw PyError.typeError("'\(args[0].typeName)' object cannot be interpreted as an integer")
            }
            try checkSize(l.items.count + 1)
            let n = Int64(l.items.count)
            let j = i < 0 ? max(0, i + n) : min(i, n)
            l.items.insert(args[1], at: Int(j))
        case .pop:
            try between(m, args, 0, 1)
            if l.items.isEmpty { throw PyError.indexError("pop from empty list") }
            if args.isEmpty { return l.items.removeLast() }
            guard let i = args[0].intValue else {
                throw PyError.typeError("'\(args[0].typeName)' object cannot be interpreted as an integer")
            }
            guard let j = normalizeIndex(i, l.items.count) else { throw PyError.indexError("pop index out of range") }
            return l.items.remove(at: j)
        case .remove:
            try exactly(m, args, 1)
            for i in 0..<l.items.count where try itemsEqual(l.items[i], args[0]) {
                l.items.remove(at: i)
                return .none
            }
            throw PyError.valueError("list.remove(x): x not in list")
        case .index, .count:
            return try sequenceSearch(l.items, m, args, "list")
        case .sort:
            try exactly(m, args, 0)
            var key: Value = .none
            var reverse = false
            for (k, v) in kwargs {
                switch k {
                case "key": key = v
                case "reverse": reverse = v.isTruthy
                default: throw PyError.typeError("'\(k)' is an invalid keyword argument for sort()")
                }
            }
            // CPython empties the list while sorting; mutation during the sort is then detectable.
            var items = l.items
            l.items = []
            defer { if l.items.isEmpty { l.items = items } }
            try sortValues(&items, key: key, reverse: reverse)
            if !l.items.isEmpty { throw PyError.valueError("list modified during sort") }
            l.items = items
        case .reverse:
            try exactly(m, args, 0)
            l.items.reverse()
        case .copy:
            try exactly(m, args, 0)
            try account(l.items.count)
            return .list(ListObject(l.items))
        case .clear:
            try exactly(m, args, 0)
            l.items.removeAll()
        default:
            throw PyError.attributeError("'list' object has no attribute '\(m.rawValue)'")
        }
        return .none
    }

    /// Stable sort with CPython's semantics: keys computed once, `<` comparisons, `reverse`
    /// keeping equal items in their original order.
    func sortValues(_ items: inout [Value], key: Value, reverse: Bool) throws {
        if items.count < 2 { return }
        var keys: [Value]
        if case .none = key { keys = items } else {
            keys = []
            keys.reserveCapacity(items.count)
            for x in items { keys.append(try call(key, [x])) }
        }
        if reverse { items.reverse(); keys.reverse() }
        var order = Array(0..<items.count)
        // Homogeneous ints or strings compare without dispatch.
        if keys.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
            let ints = keys.map { if case .int(let i) = $0 { return i } else { return 0 } }
            try mergeSort(&order) { ints[$0] < ints[$1] }
        } else if keys.allSatisfy({ if case .str = $0 { return true } else { return false } }) {
            let strs = keys.map { if case .str(let s) = $0 { return Array(s.utf8) } else { return [] } }
            try mergeSort(&order) { strs[$0].lexicographicallyPrecedes(strs[$1]) }
        } else if keys.allSatisfy({ if case .float = $0 { return true } else { return false } }) {
            let floats = keys.map { if case .float(let d) = $0 { return d } else { return 0 } }
            try mergeSort(&order) { floats[$0] < floats[$1] }
        } else if let columns = TypedColumns(keys) {
            try mergeSort(&order) { columns.less($0, $1) }
        } else {
            try mergeSort(&order) { try pyCompare(keys[$0], keys[$1], .less) }
        }
        var sorted = order.map { items[$0] }
        if reverse { sorted.reverse() }
        items = sorted
    }

    /// Stable merge sort of indices with a throwing comparator.
    private func mergeSort(_ a: inout [Int], _ less: (Int, Int) throws -> Bool) throws {
        let n = a.count
        // Insertion-sort runs of 16, then merge bottom-up.
        let run = 16
        var start = 0
        while start < n {
            let end = min(start + run, n)
            if end - start > 1 {
                for i in (start + 1)..<end {
                    let x = a[i]
                    var j = i - 1
                    while j >= start, try less(x, a[j]) { a[j + 1] = a[j]; j -= 1 }
                    a[j + 1] = x
                }
            }
            start = end
        }
        var width = run
        var buffer = a
        while width < n {
            var lo = 0
            while lo < n {
                let mid = min(lo + width, n), hi = min(lo + 2 * width, n)
                var i = lo, j = mid, k = lo
                if mid < hi, try !less(a[mid], a[mid - 1]) {
                    // Already in order.
                    while k < hi { buffer[k] = a[k]; k += 1 }
                } else {
                    while i < mid && j < hi {
                        if try less(a[j], a[i]) { buffer[k] = a[j]; j += 1 } else { buffer[k] = a[i]; i += 1 }
                        k += 1
                    }
                    while i < mid { buffer[k] = a[i]; i += 1; k += 1 }
                    while j < hi { buffer[k] = a[j]; j += 1; k += 1 }
                }
                lo = hi
            }
            swap(&a, &buffer)
            width *= 2
            try tick()
        }
    }

    // MARK: dict

    private func dictMethod(_ d: DictObject, _ m: BuiltinMethod, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        if m != .update { try noKeywords(m, kwargs) }
        switch m {
        case .get:
            try between(m, args, 1, 2)
            try checkHashable(args[0])
            return d.get(args[0]) ?? (args.count > 1 ? args[1] : .none)
        case .keys:
            try exactly(m, args, 0)
            return .iterator(DictView(d, .keys))
        case .values:
            try exactly(m, args, 0)
            return .iterator(DictView(d, .values))
        case .items:
            try exactly(m, args, 0)
            return .iterator(DictView(d, .items))
        case .update:
            try between(m, args, 0, 1)
            if let other = args.first {
                if case .dict(let o) = other {
                    for (k, v) in o.entries { d.set(k, v) }
                } else {
                    for (i, item) in try collect(other).enumerated() {
                        let pair = try collect(item)
                        guard pair.count == 2 else {
                            throw PyError.valueError("dictionary update sequence element #\(i) has length \(pair.count); 2 is required")
                        }
                        try checkHashable(pair[0])
                        d.set(pair[0], pair[1])
                    }
                }
            }
            for (k, v) in kwargs { d.set(.str(k), v) }
            try checkSize(d.count)
        case .setdefault:
            try between(m, args, 1, 2)
            try checkHashable(args[0])
            if let v = d.get(args[0]) { return v }
            let v = args.count > 1 ? args[1] : .none
            d.set(args[0], v)
            return v
        case .pop:
            try between(m, args, 1, 2)
            try checkHashable(args[0])
            if let v = d.remove(args[0]) { return v }
            if args.count > 1 { return args[1] }
            throw PyError.keyError(args[0])
        case .popitem:
            try exactly(m, args, 0)
            guard let last = d.entries.last else { throw PyError(.keyError, "popitem(): dictionary is empty") }
            d.remove(last.key)
            return .tuple(TupleObject([last.key, last.value]))
        case .copy:
            try exactly(m, args, 0)
            return .dict(d.copy())
        case .clear:
            try exactly(m, args, 0)
            d.removeAll()
        case .fromkeys:
            try between(m, args, 1, 2)
            let r = DictObject()
            for k in try collect(args[0]) {
                try checkHashable(k)
                r.set(k, args.count > 1 ? args[1] : .none)
            }
            return .dict(r)
        default:
            throw PyError.attributeError("'dict' object has no attribute '\(m.rawValue)'")
        }
        return .none
    }

    // MARK: set

    func toSet(_ v: Value) throws -> SetObject {
        if case .set(let s) = v { return s }
        let s = SetObject()
        for x in try collect(v) {
            try checkHashable(x)
            s.add(x)
        }
        return s
    }

    private func setMethod(_ s: SetObject, _ m: BuiltinMethod, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        try noKeywords(m, kwargs)
        switch m {
        case .add:
            try exactly(m, args, 1)
            try checkHashable(args[0])
            s.add(args[0])
            try checkSize(s.count)
        case .remove:
            try exactly(m, args, 1)
            try checkHashable(args[0])
            if !s.remove(args[0]) { throw PyError.keyError(args[0]) }
        case .discard:
            try exactly(m, args, 1)
            try checkHashable(args[0])
            s.remove(args[0])
        case .pop:
            try exactly(m, args, 0)
            guard let first = s.keys.first else { throw PyError(.keyError, "pop from an empty set") }
            s.remove(first)
            return first
        case .union, .intersection, .difference, .symmetric_difference:
            var r = s.copy()
            let op: BinaryOperator = m == .union ? .bitOr : (m == .intersection ? .bitAnd : (m == .difference ? .subtract : .bitXor))
            if m == .symmetric_difference { try exactly(m, args, 1) }
            for a in args { r = try setOperation(op, r, try toSet(a)) }
            r.frozen = s.frozen
            return .set(r)
        case .update, .intersection_update, .difference_update, .symmetric_difference_update:
            let op: BinaryOperator = m == .update ? .bitOr : (m == .intersection_update ? .bitAnd : (m == .difference_update ? .subtract : .bitXor))
            var r = s
            for a in args { r = try setOperation(op, r, try toSet(a)) }
            s.table = r.table
        case .issubset:
            try exactly(m, args, 1)
            let o = try toSet(args[0])
            return .bool(s.keys.allSatisfy { o.contains($0) })
        case .issuperset:
            try exactly(m, args, 1)
            let o = try toSet(args[0])
            return .bool(o.keys.allSatisfy { s.contains($0) })
        case .isdisjoint:
            try exactly(m, args, 1)
            let o = try toSet(args[0])
            return .bool(!s.keys.contains { o.contains($0) })
        case .copy:
            try exactly(m, args, 0)
            return .set(s.copy())
        case .clear:
            try exactly(m, args, 0)
            s.removeAll()
        default:
            throw PyError.attributeError("'set' object has no attribute '\(m.rawValue)'")
        }
        return .none
    }
}

/// `d.keys()`, `d.values()`, `d.items()`: live views. Iterating one gives a fresh iterator,
/// so a view can be looped over more than once.
final class DictView: IteratorObject {
    let dict: DictObject
    let mode: DictIterator.Mode
    init(_ d: DictObject, _ mode: DictIterator.Mode) { dict = d; self.mode = mode }
    override var typeName: String {
        switch mode { case .keys: return "dict_keys"; case .values: return "dict_values"; case .items: return "dict_items" }
    }
    var current: DictIterator?
    override func next() throws -> Value? {
        if current == nil { current = DictIterator(dict, mode) }
        return try current!.next()
    }
    func fresh() -> DictIterator { DictIterator(dict, mode) }
    var items: [Value] {
        switch mode {
        case .keys: return dict.orderedKeys
        case .values: return dict.orderedValues
        case .items: return dict.entries.map { .tuple(TupleObject([$0.key, $0.value])) }
        }
    }
}

/// Tuple sort keys whose every column holds only ints, only floats or only strings, unpacked
/// into plain arrays so comparisons touch no reference counts. Compares as Python compares
/// tuples: the first differing column decides.
private struct TypedColumns {
    enum Kind { case int, float, str }
    let kinds: [Kind]
    let slot: [Int]
    let ints: [[Int64]]
    let floats: [[Double]]
    let strs: [[[UInt8]]]

    init?(_ keys: [Value]) {
        guard case .tuple(let first)? = keys.first else { return nil }
        let n = first.items.count
        guard n > 0 && n <= 8 else { return nil }
        var rows: [[Value]] = []
        rows.reserveCapacity(keys.count)
        for k in keys {
            guard case .tuple(let t) = k, t.items.count == n else { return nil }
            rows.append(t.items)
        }
        var kinds: [Kind] = [], slot: [Int] = []
        var ints: [[Int64]] = [], floats: [[Double]] = [], strs: [[[UInt8]]] = []
        for c in 0..<n {
            switch rows[0][c] {
            case .int:
                var col: [Int64] = []
                col.reserveCapacity(rows.count)
                for r in rows { guard case .int(let i) = r[c] else { return nil }; col.append(i) }
                kinds.append(.int); slot.append(ints.count); ints.append(col)
            case .float:
                var col: [Double] = []
                col.reserveCapacity(rows.count)
                for r in rows { guard case .float(let d) = r[c] else { return nil }; col.append(d) }
                kinds.append(.float); slot.append(floats.count); floats.append(col)
            case .str:
                var col: [[UInt8]] = []
                col.reserveCapacity(rows.count)
                for r in rows { guard case .str(let s) = r[c] else { return nil }; col.append(Array(s.utf8)) }
                kinds.append(.str); slot.append(strs.count); strs.append(col)
            default: return nil
            }
        }
        self.kinds = kinds; self.slot = slot; self.ints = ints; self.floats = floats; self.strs = strs
    }

    func less(_ i: Int, _ j: Int) -> Bool {
        for c in 0..<kinds.count {
            switch kinds[c] {
            case .int:
                let a = ints[slot[c]][i], b = ints[slot[c]][j]
                if a != b { return a < b }
            case .float:
                let a = floats[slot[c]][i], b = floats[slot[c]][j]
                if a != b { return a < b }
            case .str:
                let a = strs[slot[c]][i], b = strs[slot[c]][j]
                if a != b { return a.lexicographicallyPrecedes(b) }
            }
        }
        return false
    }
}
