import Foundation

/// Finds stop strings in streamed text and holds back any tail that could still become one, so a
/// stop string is never partly streamed to the caller.
struct StopStringMatcher {
    let stops: [String]
    private(set) var text = ""
    private(set) var emitted = 0   // characters of `text` already released

    init(_ stops: [String]) {
        self.stops = stops.filter { !$0.isEmpty }
    }

    /// Appends decoded text. Returns the text now safe to release and the stop string hit, if
    /// any (the released text then ends right before it).
    mutating func push(_ piece: String) -> (release: String, stop: String?) {
        text += piece
        if let (cut, stop) = earliestStop() {
            let release = String(text.dropFirst(emitted).prefix(max(0, cut - emitted)))
            text = String(text.prefix(cut))
            emitted = text.count
            return (release, stop)
        }
        let safeEnd = text.count - longestPendingPrefix()
        guard safeEnd > emitted else { return ("", nil) }
        let release = String(text.dropFirst(emitted).prefix(safeEnd - emitted))
        emitted = safeEnd
        return (release, nil)
    }

    /// Releases what was held back (generation ended for another reason).
    mutating func flush() -> String {
        let rest = String(text.dropFirst(emitted))
        emitted = text.count
        return rest
    }

    private func earliestStop() -> (offset: Int, stop: String)? {
        var best: (offset: Int, stop: String)?
        for stop in stops {
            if let range = text.range(of: stop) {
                let offset = text.distance(from: text.startIndex, to: range.lowerBound)
                if best == nil || offset < best!.offset { best = (offset, stop) }
            }
        }
        return best
    }

    /// Length of the longest suffix of `text` that is a proper prefix of some stop string.
    private func longestPendingPrefix() -> Int {
        var longest = 0
        for stop in stops {
            var length = min(stop.count - 1, text.count)
            while length > longest {
                if stop.hasPrefix(String(text.suffix(length))) {
                    longest = length
                    break
                }
                length -= 1
            }
        }
        return longest
    }
}
