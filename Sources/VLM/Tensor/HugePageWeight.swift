#if canImport(Glibc)
import Glibc
#endif

extension Weight {
    /// `weights` moved out of their file map into one block of anonymous memory the kernel backs
    /// with 2 MiB transparent huge pages, for matrices that stream through every decoded token.
    /// Through the map's 4 KiB pages a stream pays a page walk every 4 KiB and the hardware
    /// prefetcher stops at every page boundary: one thread reads the Gemma 3 270M output head at
    /// 21 GB/s from the map and at 28 GB/s from huge pages (a plain streaming read, measured on
    /// the benchmark machine). The span from the first weight's bytes to the last one's is copied
    /// 2 MiB at a time, and each piece's mapped pages are given back as soon as it is copied, so
    /// the resident set never holds both copies. Loading pays for it once: about 50-90 ms for
    /// Gemma 3 270M's 240 MB, up to a second when the system must first compact memory to find
    /// free huge pages (prompt processing no longer pays the page faults of the first read).
    /// Returned unchanged when the weights do not all live in one mapped file (an owned buffer
    /// would be duplicated), when they are scattered over a span much larger than they are, or
    /// when the system has huge pages switched off.
    static func movedIntoHugePages(_ weights: [Weight]) -> [Weight] {
        #if os(Linux)
        guard let file = weights.first?.mappedFile, weights.allSatisfy({ $0.mappedFile === file }),
              HugePageBuffer.available else { return weights }
        let start = weights.map(\.data).min()!
        let span = weights.map { $0.data + $0.byteCount }.max()! - start
        var seen = Set<UnsafeRawPointer>()
        let total = weights.filter { seen.insert($0.data).inserted }.reduce(0) { $0 + $1.byteCount }
        guard span >= HugePageBuffer.pageBytes, span <= total + total / 4,
              let buffer = HugePageBuffer(byteCount: span) else { return weights }
        // On the pool: most of the time goes to the system clearing each new huge page, which
        // two threads do side by side (240 MB: 89 ms on one thread, 51 ms on two, measured).
        let pageBytes = HugePageBuffer.pageBytes
        parallelRows((span + pageBytes - 1) / pageBytes, grain: 1) { pieces in
            for piece in pieces {
                let offset = piece * pageBytes, count = min(pageBytes, span - offset)
                buffer.pointer.advanced(by: offset).copyMemory(from: start + offset, byteCount: count)
                file.releasePages(start + offset, count: count)
            }
        }
        return weights.map { weight in
            (try? Weight(name: weight.name, type: weight.type, shape: weight.shape,
                         data: UnsafeRawPointer(buffer.pointer.advanced(by: weight.data - start)),
                         byteCount: weight.byteCount, owner: buffer)) ?? weight
        }
        #else
        return weights
        #endif
    }
}

#if os(Linux)
/// Anonymous memory aligned to 2 MiB and advised into transparent huge pages (MADV_HUGEPAGE:
/// the common system setting "madvise" gives huge pages only on request).
final class HugePageBuffer: @unchecked Sendable {
    static let pageBytes = 2 << 20

    /// Whether transparent huge pages are enabled at all ("always" or "madvise", not "never").
    static let available: Bool = {
        guard let setting = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8) else { return false }
        return !setting.contains("[never]")
    }()

    let pointer: UnsafeMutableRawPointer
    private let mapping: UnsafeMutableRawPointer
    private let mappedBytes: Int

    /// nil when the system refuses the memory.
    init?(byteCount: Int) {
        let rounded = (byteCount + Self.pageBytes - 1) / Self.pageBytes * Self.pageBytes
        // One extra huge page of address space, so an aligned start fits; the unused part is never touched.
        mappedBytes = rounded + Self.pageBytes
        guard let raw = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED else { return nil }
        mapping = raw
        let aligned = (Int(bitPattern: raw) + Self.pageBytes - 1) / Self.pageBytes * Self.pageBytes
        pointer = UnsafeMutableRawPointer(bitPattern: aligned)!
        _ = madvise(pointer, rounded, MADV_HUGEPAGE)
    }

    deinit { munmap(mapping, mappedBytes) }
}
#endif
