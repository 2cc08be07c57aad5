/// Keys and values of the tokens a decoder has already seen, so later tokens attend to them
/// without recomputing. One cache belongs to one sequence.
public protocol KeyValueCache: AnyObject {
    /// Number of tokens stored: the next token goes to this position.
    var count: Int { get }
    /// Forgets every token from position `length` on. Returns false when the cache can no longer
    /// serve position `length` (a sliding-window layer has overwritten what it would need); the
    /// cache is then empty.
    @discardableResult func truncate(to length: Int) -> Bool
    func removeAll()
}

/// A cache for a stack of attention layers: one `LayerKeyValueCache` per layer.
public final class LayeredKeyValueCache: KeyValueCache {
    let layers: [LayerKeyValueCache]
    public private(set) var count = 0

    init(layers: [LayerKeyValueCache]) {
        self.layers = layers
    }

    func advance(by tokens: Int) {
        count += tokens
    }

    @discardableResult public func truncate(to length: Int) -> Bool {
        if length >= count { return length == count }
        if layers.allSatisfy({ $0.canServe(from: length) }) {
            count = length
            for layer in layers { layer.forget(from: length) }
            return true
        }
        removeAll()
        return false
    }

    public func removeAll() {
        count = 0
        for layer in layers { layer.removeAll() }
    }
}

/// Keys and values of one attention layer, `width` = kvHeads * headDimension floats per token.
///
/// Full-attention layers keep every position (slot = position). Sliding-window layers keep a
/// ring of `window + chunk` slots (slot = position % capacity), enough for a prefill chunk of up
/// to `chunk` tokens to see the `window` positions before each of its queries; each slot records
/// its position so attention masks by position, not by slot. A sliding-window layer that
/// `keepsHistory` stores every position as a full-attention layer does, so truncating to any
/// length keeps the window before it (prompt-prefix reuse), and attention still reads only the
/// window (`attendedSlots`).
final class LayerKeyValueCache {
    let width: Int
    let window: Int?
    private(set) var keys: UnsafeMutablePointer<Float>
    private(set) var values: UnsafeMutablePointer<Float>
    private(set) var capacity: Int
    private(set) var positions: [Int]
    private let ringCapacity: Int?

    init(width: Int, window: Int?, chunk: Int, keepsHistory: Bool) {
        self.width = width
        self.window = window
        ringCapacity = keepsHistory ? nil : window.map { $0 + chunk }
        capacity = 0
        keys = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        values = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        positions = []
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Slots holding data: attention scans slots `0 ..< occupied`.
    var occupied: Int { positions.count }

    private func grow(to needed: Int) {
        var newCapacity = max(capacity, 64)
        while newCapacity < needed { newCapacity *= 2 }
        if let ringCapacity { newCapacity = min(newCapacity, ringCapacity) }
        if newCapacity <= capacity { return }
        let newKeys = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity * width)
        let newValues = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity * width)
        newKeys.update(from: keys, count: positions.count * width)
        newValues.update(from: values, count: positions.count * width)
        keys.deallocate()
        values.deallocate()
        keys = newKeys
        values = newValues
        capacity = newCapacity
    }

    func slot(of position: Int) -> Int {
        ringCapacity.map { position % $0 } ?? position
    }

    /// Stores `rows` tokens' keys and values (row stride `width`) at positions from `first`.
    func store(keys newKeys: UnsafePointer<Float>, values newValues: UnsafePointer<Float>, rows: Int, first: Int) {
        if let ringCapacity { precondition(rows <= ringCapacity - (window ?? 0), "prefill chunk larger than the ring allows") }
        grow(to: first + rows)
        for row in 0..<rows {
            let position = first + row
            let slot = slot(of: position)
            while positions.count <= slot { positions.append(-1) }
            positions[slot] = position
            (keys + slot * width).update(from: newKeys + row * width, count: width)
            (values + slot * width).update(from: newValues + row * width, count: width)
        }
    }

    /// Whether `rows` tokens fit in one `store` (a sliding-window ring holds window + chunk slots).
    func accepts(rows: Int) -> Bool {
        ringCapacity.map { rows <= $0 - (window ?? 0) } ?? true
    }

    /// Whether every position a query at `length` may attend to (before it) is still stored.
    func canServe(from length: Int) -> Bool {
        let earliest = window.map { max(0, length - $0 + 1) } ?? 0
        for position in earliest..<length where slot(of: position) >= positions.count || positions[slot(of: position)] != position {
            return false
        }
        return true
    }

    /// The slots queries at positions `first...` may see: every occupied slot of a ring, the
    /// window before `first` of a sliding-window layer that keeps its history (unless a query
    /// lies in the bidirectional prefix, which sees back to position 0).
    func attendedSlots(queriesFrom first: Int, bidirectionalPrefix: Int) -> Range<Int> {
        guard ringCapacity == nil, let window, first >= bidirectionalPrefix else { return 0..<occupied }
        return min(max(0, first - window + 1), occupied) ..< occupied
    }

    /// Marks positions from `length` on as empty (a later store reuses their slots).
    func forget(from length: Int) {
        if ringCapacity == nil {
            if positions.count > length { positions.removeLast(positions.count - length) }
        } else {
            for slot in positions.indices where positions[slot] >= length { positions[slot] = -1 }
        }
    }

    func removeAll() {
        positions.removeAll(keepingCapacity: true)
    }
}
