import ArgumentParser
import Foundation
import Tools

/// `loupe cache stats|clear`: the persistent perception cache.
struct Cache: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect or clear the persistent cache of perception calls.",
        subcommands: [Stats.self, Clear.self])

    struct Location: ParsableArguments {
        @Option(help: "Cache file; default $LOUPE_CACHE or ~/.cache/loupe/perception.sqlite.")
        var cache: String?

        func open() throws -> PerceptionCache {
            do { return try PerceptionCache(path: cache ?? PerceptionCache.defaultPath) } catch { throw ValidationError("\(error)") }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entries and bytes in the cache, per backend.")
        @OptionGroup var location: Location

        func run() throws {
            let cache = try location.open()
            let stats = try cache.statistics()
            print("cache: \(cache.path)")
            print("entries: \(stats.entries)")
            print("bytes: \(stats.bytes)")
            for (backend, entries) in stats.perBackend {
                print("  \(backend): \(entries)" + (backend == "oracle" ? " (oracle: read from scene files)" : ""))
            }
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove every entry.")
        @OptionGroup var location: Location

        func run() throws {
            let cache = try location.open()
            let before = try cache.statistics().entries
            try cache.clear()
            print("removed \(before) entries from \(cache.path)")
        }
    }
}
