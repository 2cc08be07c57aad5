import Foundation

// The hash table behind `set`, laid out as CPython 3.11's setobject.c lays it out (open
// addressing, 9 linear probes then perturbed jumps, resize at 60% fill), so iterating a set of
// numbers or tuples of numbers gives CPython's order: `print({3, 1, 2})` shows `{1, 2, 3}`.
// Strings hash randomly in CPython too, so their order is not observable by a portable program.

struct PySetTable {
    private struct Entry {
        var hash: Int64 = 0
        /// nil = never used; `dummy` marks a deleted slot.
        var key: Value? = nil
        var dummy = false
    }
    private var table = [Entry](repeating: Entry(), count: 8)
    private var mask = 7
    private(set) var count = 0
    /// Used slots including deleted ones.
    private var fill = 0
    private(set) var version = 0

    var members: [Value] {
        var out: [Value] = []
        out.reserveCapacity(count)
        for e in table where !e.dummy { if let k = e.key { out.append(k) } }
        return out
    }

    func contains(_ key: Value) -> Bool { find(key, pythonHash(key)) != nil }

    private func find(_ key: Value, _ hash: Int64) -> Int? {
        var perturb = UInt64(bitPattern: hash)
        var i = Int(UInt64(bitPattern: hash) & UInt64(mask))
        while true {
            let probes = i + 9 <= mask ? 9 : 0
            var j = i
            for _ in 0...probes {
                let e = table[j]
                if e.key == nil && !e.dummy { return nil }
                if !e.dummy, e.hash == hash, let k = e.key, HashKey.keysEqual(k, key) { return j }
                j += 1
            }
            perturb >>= 5
            i = Int((UInt64(i) &* 5 &+ 1 &+ perturb) & UInt64(mask))
        }
    }

    mutating func insert(_ key: Value) {
        let hash = pythonHash(key)
        var perturb = UInt64(bitPattern: hash)
        var i = Int(UInt64(bitPattern: hash) & UInt64(mask))
        var freeslot: Int? = nil
        while true {
            let probes = i + 9 <= mask ? 9 : 0
            var j = i
            for _ in 0...probes {
                let e = table[j]
                if e.key == nil && !e.dummy {
                    if let f = freeslot {
                        table[f] = Entry(hash: hash, key: key, dummy: false)
                        count += 1
                        version &+= 1
                        return
                    }
                    table[j] = Entry(hash: hash, key: key, dummy: false)
                    count += 1
                    fill += 1
                    version &+= 1
                    if fill * 5 >= mask * 3 { resize(count > 50000 ? count * 2 : count * 4) }
                    return
                }
                if e.dummy {
                    if freeslot == nil { freeslot = j }
                } else if e.hash == hash, let k = e.key, HashKey.keysEqual(k, key) {
                    return
                }
                j += 1
            }
            perturb >>= 5
            i = Int((UInt64(i) &* 5 &+ 1 &+ perturb) & UInt64(mask))
        }
    }

    mutating func remove(_ key: Value) -> Bool {
        guard let j = find(key, pythonHash(key)) else { return false }
        table[j] = Entry(hash: -1, key: nil, dummy: true)
        count -= 1
        version &+= 1
        return true
    }

    private mutating func resize(_ minUsed: Int) {
        var size = 8
        while size <= minUsed { size <<= 1 }
        let old = table
        table = [Entry](repeating: Entry(), count: size)
        mask = size - 1
        fill = count
        for e in old where !e.dummy {
            guard let k = e.key else { continue }
            insertClean(k, e.hash)
        }
    }

    private mutating func insertClean(_ key: Value, _ hash: Int64) {
        var perturb = UInt64(bitPattern: hash)
        var i = Int(UInt64(bitPattern: hash) & UInt64(mask))
        while true {
            if table[i].key == nil {
                table[i] = Entry(hash: hash, key: key, dummy: false)
                return
            }
            if i + 9 <= mask {
                for j in (i + 1)...(i + 9) where table[j].key == nil {
                    table[j] = Entry(hash: hash, key: key, dummy: false)
                    return
                }
            }
            perturb >>= 5
            i = Int((UInt64(i) &* 5 &+ 1 &+ perturb) & UInt64(mask))
        }
    }
}

private let hashModulus: UInt64 = (1 << 61) - 1

/// CPython's `hash()` for numbers and tuples; other hashable values get a stable per-process hash.
func pythonHash(_ v: Value) -> Int64 {
    switch v {
    case .int(let i): return hashInt(i)
    case .bool(let b): return b ? 1 : 0
    case .float(let d): return hashDouble(d)
    case .tuple(let t):
        var acc: UInt64 = 2870177450012600261
        for item in t.items {
            let lane = UInt64(bitPattern: pythonHash(item))
            acc = acc &+ lane &* 14029467366897019727
            acc = (acc << 31) | (acc >> 33)
            acc = acc &* 11400714785074694791
        }
        acc = acc &+ (UInt64(t.items.count) ^ (2870177450012600261 ^ 3527539))
        if acc == UInt64.max { return 1546275796 }
        return Int64(bitPattern: acc)
    case .str(let s): return hashString(s)
    default:
        let h = Int64(HashKey(v).hashValue)
        return h == -1 ? -2 : h
    }
}

/// FNV-1a over the UTF-8 bytes: strings are equal as keys exactly when their code points are.
func hashString(_ s: String) -> Int64 {
    var h: UInt64 = 0xcbf29ce484222325
    var copy = s
    copy.withUTF8 { bytes in
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x100000001b3
        }
    }
    let r = Int64(bitPattern: h)
    return r == -1 ? -2 : r
}

func hashInt(_ i: Int64) -> Int64 {
    let magnitude = i.magnitude % hashModulus
    var h = i < 0 ? -Int64(magnitude) : Int64(magnitude)
    if h == -1 { h = -2 }
    return h
}

func hashDouble(_ v: Double) -> Int64 {
    if v.isInfinite { return v > 0 ? 314159 : -314159 }
    if v.isNaN { return 0 }
    var e: Int32 = 0
    var m = frexp(v, &e)
    var sign: Int64 = 1
    if m < 0 { sign = -1; m = -m }
    var x: UInt64 = 0
    var exp = Int(e)
    while m != 0 {
        x = ((x << 28) & hashModulus) | x >> (61 - 28)
        m *= 268435456.0
        exp -= 28
        let y = UInt64(m)
        m -= Double(y)
        x += y
        if x >= hashModulus { x -= hashModulus }
    }
    exp = exp >= 0 ? exp % 61 : 61 - 1 - ((-1 - exp) % 61)
    x = ((x << UInt64(exp)) & hashModulus) | x >> UInt64(61 - exp)
    var r = Int64(bitPattern: x) &* sign
    if r == -1 { r = -2 }
    return r
}
