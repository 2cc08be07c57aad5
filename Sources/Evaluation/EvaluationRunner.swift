import Agent
import Foundation

/// Runs the agent over a dataset (one shard of it), in `workers` threads, appending each result
/// to the results file as soon as it is known and skipping questions already there.
public final class EvaluationRunner: @unchecked Sendable {
    public struct Options {
        public var workers: Int
        public var shard: Shard
        public var controllerName: String
        public var visionName: String
        public var showProgress: Bool
        /// Writes a trace of one question and returns its path relative to the results file.
        public var writeTrace: ((EvalItem, AgentResult, Agent) -> String?)?

        public init(workers: Int = 1, shard: Shard = .whole, controllerName: String, visionName: String, showProgress: Bool = true,
                    writeTrace: ((EvalItem, AgentResult, Agent) -> String?)? = nil) {
            self.workers = workers
            self.shard = shard
            self.controllerName = controllerName
            self.visionName = visionName
            self.showProgress = showProgress
            self.writeTrace = writeTrace
        }
    }

    public let dataset: Dataset
    public let options: Options
    private let results: ResultsFile?
    private let makeAgent: () throws -> Agent

    public init(dataset: Dataset, results: ResultsFile?, options: Options, make makeAgent: @escaping () throws -> Agent) {
        self.dataset = dataset
        self.results = results
        self.options = options
        self.makeAgent = makeAgent
    }

    private final class Collected: @unchecked Sendable {
        private(set) var records: [ResultRecord] = []
        private let lock = NSLock()
        func add(_ record: ResultRecord) {
            lock.lock()
            records.append(record)
            lock.unlock()
        }
    }

    private enum Work {
        case item(EvalItem)
        case problem(DatasetProblem)

        var id: String {
            switch self {
            case .item(let i): return i.id
            case .problem(let p): return p.id
            }
        }
    }

    /// Returns the records of this shard: those found in the results file and the new ones.
    public func run() throws -> [ResultRecord] {
        // Problems and items in file order, so shards split them the same way on every machine.
        // (Formats without lines keep their reading order: items, then problems.)
        let all: [(line: Int, work: Work)] = dataset.items.map { ($0.line, .item($0)) } + dataset.problems.map { ($0.line, .problem($0)) }
        let ordered = all.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element.work)
        let mine = ordered.enumerated().filter { options.shard.contains(position: $0.offset) }.map(\.element)
        let myIDs = Set(mine.map(\.id))
        let existing = try results?.existingRecords() ?? []
        let finished = Set(existing.map(\.id))
        var records = existing.filter { myIDs.contains($0.id) }
        let todo = mine.filter { !finished.contains($0.id) }

        let progress = ProgressBar(total: todo.count, label: "eval", enabled: options.showProgress)
        let collected = Collected()
        defer { progress.finish() }
        try ParallelWorkers.run(count: options.workers, items: todo, makeWorker: makeAgent) { [self] agent, work in
            let record = try self.evaluate(work, agent: agent)
            try results?.append(record)
            collected.add(record)
            progress.advance(note: record.correct ? "" : "(\(record.id) wrong)")
        }
        records += collected.records
        let order = Dictionary(mine.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        return records.sorted { (order[$0.id] ?? 0) < (order[$1.id] ?? 0) }
    }

    private func evaluate(_ work: Work, agent: Agent) throws -> ResultRecord {
        switch work {
        case .problem(let p):
            return ResultRecord(id: p.id, family: "(unreadable)", question: "", media: "", groundTruth: "", options: nil, answer: nil,
                                normalizedAnswer: nil, correct: false, metric: "none", iou: nil, program: nil, attempts: 0,
                                attemptErrors: [], fallback: false, error: p.message, oracle: false,
                                controller: options.controllerName, vision: options.visionName, seconds: 0, trace: nil)
        case .item(let item):
            let result = agent.answer(item.task)
            if let unavailable = result.controllerUnavailable { throw unavailable }
            let score = Scorer.score(result.answer, against: item.truth)
            return ResultRecord(id: item.id, family: item.family, question: item.question, media: item.media.path,
                                groundTruth: item.truth.rendered, options: item.options.isEmpty ? nil : item.options,
                                answer: result.answer, normalizedAnswer: result.normalizedAnswer, correct: score.correct,
                                metric: score.metric.rawValue, iou: score.iou, program: result.program, attempts: result.attempts.count,
                                attemptErrors: result.attempts.compactMap(\.error), fallback: result.usedFallback, error: result.error,
                                oracle: result.perceptionIsOracle, controller: options.controllerName, vision: options.visionName,
                                seconds: result.seconds, trace: options.writeTrace?(item, result, agent))
        }
    }
}
