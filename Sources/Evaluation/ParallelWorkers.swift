import Foundation

/// Runs `body` over `items` in `count` threads, each with its own worker state from `makeWorker`
/// (an agent is not thread-safe). Items are taken in order; the first error stops every thread
/// after the item it is on and is rethrown.
public enum ParallelWorkers {
    private final class State<Item>: @unchecked Sendable {
        let items: [Item]
        var next = 0
        var failure: Error?
        let lock = NSLock()
        init(_ items: [Item]) { self.items = items }

        func take() -> Item? {
            lock.lock()
            defer { lock.unlock() }
            guard failure == nil, next < items.count else { return nil }
            next += 1
            return items[next - 1]
        }

        func fail(_ error: Error) {
            lock.lock()
            if failure == nil { failure = error }
            lock.unlock()
        }
    }

    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    public static func run<Worker, Item>(count: Int, items: [Item], makeWorker: @escaping () throws -> Worker,
                                         body: @escaping (Worker, Item) throws -> Void) throws {
        let state = State(items)
        let threads = max(1, min(count, items.count))
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            let job = Job {
                defer { group.leave() }
                let worker: Worker
                do { worker = try makeWorker() } catch { state.fail(error); return }
                while let item = state.take() {
                    do { try body(worker, item) } catch { state.fail(error); return }
                }
            }
            let thread = Thread { job.body() }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        if let failure = state.failure { throw failure }
    }
}
