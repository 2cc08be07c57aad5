import Agent
import Foundation

/// The examples of ICLGen's sampling prompt when it bootstraps: the seed examples (the
/// hand-written ones) together with every program the store has verified so far, retrieved by
/// question form (`ExampleRetriever`), so a labeled question sampled after another of its kind was
/// solved is shown that solution. `ICLGenerator` calls `refresh()` after each recorded question;
/// with one worker the prompts, and so the samples, are the same on every run.
public final class GrowingExamples: ExampleSource, @unchecked Sendable {
    public let seeds: FixedExamples
    public let store: ICEStore
    private let lock = NSLock()
    private var retriever: ExampleRetriever

    public init(seeds: FixedExamples, store: ICEStore) throws {
        self.seeds = seeds
        self.store = store
        retriever = ExampleRetriever(Self.pool(seeds: seeds, stored: try store.examples()))
    }

    /// Reads the store's verified programs again.
    public func refresh() throws {
        let updated = ExampleRetriever(Self.pool(seeds: seeds, stored: try store.examples()))
        lock.lock()
        retriever = updated
        lock.unlock()
    }

    public func examples(for task: AgentTask, limit: Int) -> [InContextExample] {
        lock.lock()
        let current = retriever
        lock.unlock()
        return current.examples(for: task, limit: limit)
    }

    /// Verified programs first: the retriever keeps pool order among equals, so a verified program
    /// is preferred to a hand-written one of the same form.
    private static func pool(seeds: FixedExamples, stored: [ICEStore.Example]) -> [ICEStore.Example] {
        let tagged = seeds.image.map { ($0, false) } + seeds.video.map { ($0, true) }
        return stored + tagged.map { example, isVideo in
            ICEStore.Example(question: example.question, program: example.program, family: example.family ?? "",
                             isVideo: isVideo, sourceID: "seed")
        }
    }
}
