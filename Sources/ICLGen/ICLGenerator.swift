import Agent
import Evaluation
import Foundation

/// Builds an ICE store from a labeled set: for each question, several programs are sampled from
/// the controller (temperature > 0, a different seed each), run, and kept when their answer
/// matches the label and came from at least one perception request, every detected phrase made
/// of the question's words (`PhraseGrounding`); duplicates (same
/// normalized text) are dropped and at most `maxPerFamily` are kept per question family, at most
/// `maxPerQuestion` per labeled question. Each
/// question is committed in one transaction together with its `finished` mark, so a killed run
/// resumes without losing or repeating finished work.
public final class ICLGenerator: @unchecked Sendable {
    public struct Options: Sendable {
        public var samples: Int
        public var temperature: Double
        public var seed: UInt64
        public var maxPerFamily: Int
        public var maxPerQuestion: Int
        public var workers: Int
        public var showProgress: Bool

        public init(samples: Int = 4, temperature: Double = 0.7, seed: UInt64 = 0, maxPerFamily: Int = 8, maxPerQuestion: Int = .max,
                    workers: Int = 1, showProgress: Bool = true) {
            self.samples = samples
            self.temperature = temperature
            self.seed = seed
            self.maxPerFamily = maxPerFamily
            self.maxPerQuestion = maxPerQuestion
            self.workers = workers
            self.showProgress = showProgress
        }
    }

    public struct Report: Sendable, Equatable {
        /// Questions processed in this run.
        public var processed = 0
        /// Questions skipped because an earlier run finished them.
        public var skipped = 0
        /// Processed questions with at least one program giving the labeled answer.
        public var verified = 0
        /// Programs added to the store in this run.
        public var added = 0
        /// Unreadable dataset lines (recorded as finished with their error).
        public var problems = 0
    }

    public let store: ICEStore
    public let options: Options
    /// The sampling prompt's examples when they grow with the store (told after each question).
    public let growing: GrowingExamples?
    private let makeAgent: () throws -> Agent

    public init(store: ICEStore, options: Options, growing: GrowingExamples? = nil, makeAgent: @escaping () throws -> Agent) {
        self.store = store
        self.options = options
        self.growing = growing
        self.makeAgent = makeAgent
    }

    private final class Tally: @unchecked Sendable {
        var report = Report()
        let lock = NSLock()
        func update(_ body: (inout Report) -> Void) {
            lock.lock()
            body(&report)
            lock.unlock()
        }
    }

    public func run(_ dataset: Dataset) throws -> Report {
        let finished = try store.finishedIDs()
        let tally = Tally()
        for problem in dataset.problems where !finished.contains(problem.id) {
            try store.recordQuestion(id: problem.id, family: "(unreadable)", question: "", isVideo: false, candidates: [],
                                     maxPerFamily: options.maxPerFamily, error: problem.message)
            FileHandle.standardError.write(Data("iclgen: \(problem.message)\n".utf8))
            tally.update { $0.problems += 1 }
        }
        let todo = dataset.items.filter { !finished.contains($0.id) }
        tally.update { $0.skipped = dataset.items.count - todo.count }
        let progress = ProgressBar(total: todo.count, label: "iclgen", enabled: options.showProgress)
        defer { progress.finish() }
        try ParallelWorkers.run(count: options.workers, items: todo, makeWorker: makeAgent) { [self] agent, item in
            var candidates: [ICEStore.Candidate] = []
            var lastError: String?
            for sample in 0..<max(1, options.samples) {
                let result = agent.answer(item.task, temperature: options.temperature,
                                          seed: options.seed &+ UInt64(sample) &* 1_000_003, allowFallback: false)
                if let unavailable = result.controllerUnavailable { throw unavailable }
                guard let program = result.program, result.answer != nil else {
                    lastError = result.error
                    continue
                }
                // A program that never asked perception (`return "no"`, `return 2`), or that looked
                // for something the question does not name, can match a label by chance; as an
                // example it would teach the model to guess, so it is not kept.
                let looks = result.outcome?.looks ?? []
                let grounded = PhraseGrounding.ungrounded(PhraseGrounding.detectedPhrases(looks), question: item.question).isEmpty
                let correct = !looks.isEmpty && grounded && Scorer.score(result.answer, against: item.truth).correct
                candidates.append(ICEStore.Candidate(sample: sample, program: program, correct: correct))
            }
            let added = try store.recordQuestion(id: item.id, family: item.family, question: item.question, isVideo: item.media.isVideo,
                                                 candidates: candidates, maxPerFamily: options.maxPerFamily,
                                                 maxPerQuestion: options.maxPerQuestion, error: candidates.isEmpty ? lastError : nil)
            if added > 0 { try growing?.refresh() }
            tally.update {
                $0.processed += 1
                $0.added += added
                if candidates.contains(where: \.correct) { $0.verified += 1 }
            }
            progress.advance()
        }
        return tally.report
    }
}
