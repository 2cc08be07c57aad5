@testable import Agent
import Evaluation
@testable import ICLGen
import ShapesWorld
import Tools
import XCTest

final class ICLGenTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try TestSupport.temporaryDirectory("iclgen")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
        super.tearDown()
    }

    /// Four samples per question: the right program, the same with a comment and other spacing
    /// (a duplicate once normalized), a wrong one, and a right variant.
    func replayFile(_ items: [EvalItem]) throws -> String {
        var lines: [String] = []
        for item in items {
            let program = item.program!
            let header = program.split(separator: "\n", maxSplits: 1)
            let commented = "\(header[0])  # the same program\n\n" + header[1].replacingOccurrences(of: " = ", with: "  =  ")
            let wrongAnswer = item.media.isVideo ? "def execute_command(video, question, possible_answers):\n    return \"wrong\"\n"
                : "def execute_command(image):\n    return \"wrong\"\n"
            let variant = "\(header[0])\n    unused = 0\n" + header[1]
            for p in [program, commented, wrongAnswer, variant] { lines.append(TestSupport.jsonLine(["id": item.id, "program": p])) }
        }
        let file = folder.appendingPathComponent("replay.jsonl")
        try TestSupport.writeLines(lines, to: file)
        return file.path
    }

    func testVerifiedDeduplicatedCappedAndResumable() throws {
        let shapes = folder.appendingPathComponent("shapes")
        try ShapesDataset.write(seed: 13, count: 30, includeVideo: true, to: shapes.path)
        let dataset = try DatasetFormat.loupe.read(shapes.appendingPathComponent("questions.jsonl").path)
        let replay = try ReplayController(path: try replayFile(dataset.items))
        let store = try ICEStore(path: folder.appendingPathComponent("ices.sqlite").path)
        let options = ICLGenerator.Options(samples: 4, temperature: 0.7, maxPerFamily: 3, workers: 2, showProgress: false)
        let generator = ICLGenerator(store: store, options: options) { TestSupport.oracleAgent(replay, retries: 0) }
        let report = try generator.run(dataset)
        // Expected per family: the distinct right programs (each question's program and its
        // variant; questions of a family may share a program), at most 3.
        var distinct: [String: Set<String>] = [:]
        for item in dataset.items {
            let header = item.program!.split(separator: "\n", maxSplits: 1)
            for p in [item.program!, "\(header[0])\n    unused = 0\n" + header[1]] {
                distinct[item.family, default: []].insert(ProgramText.normalized(p))
            }
        }
        let expected = distinct.mapValues { min(3, $0.count) }
        let expectedTotal = expected.values.reduce(0, +)
        XCTAssertGreaterThan(expectedTotal, 30)
        XCTAssertEqual(report, ICLGenerator.Report(processed: 30, skipped: 0, verified: 30, added: expectedTotal, problems: 0))
        let examples = try store.examples()
        XCTAssertEqual(Dictionary(grouping: examples, by: \.family).mapValues(\.count), expected)
        XCTAssertEqual(Set(examples.map { "\($0.family)|\(ProgramText.normalized($0.program))" }).count, examples.count, "no duplicates")
        XCTAssertFalse(examples.contains { $0.program.contains("wrong") })
        XCTAssertFalse(examples.contains { $0.program.contains("# the same program") }, "the commented copy is a duplicate of the first")
        XCTAssertEqual(try store.counts(), ICEStore.Counts(finished: 30, examples: expectedTotal, candidates: 120))

        // A second run finds everything finished and changes nothing.
        let again = try ICLGenerator(store: store, options: options) { TestSupport.oracleAgent(replay, retries: 0) }.run(dataset)
        XCTAssertEqual(again, ICLGenerator.Report(processed: 0, skipped: 30, verified: 0, added: 0, problems: 0))
        XCTAssertEqual(try store.counts(), ICEStore.Counts(finished: 30, examples: expectedTotal, candidates: 120))

        // Tuning: the oracle's detections all score 1, so every grid point gives the same
        // accuracy and the default parameters are kept. Per question 3 distinct programs, 2 right.
        let tuning = try ParameterTuner.tune(store: store, dataset: dataset) { parameters in
            VisionToolkit(perception: Perception(backend: OracleBackend(), detection: parameters))
        }
        XCTAssertEqual(tuning.grid.count, 15)
        XCTAssertTrue(tuning.grid.allSatisfy { $0.runs == 90 && $0.correct == 60 }, "\(tuning.grid.map { ($0.correct, $0.runs) })")
        XCTAssertEqual(tuning.chosen, .default)
        XCTAssertEqual(try ICEStore.openExisting(store.path).tunedDetection(), .default)
    }

    func testProgramNormalization() {
        XCTAssertEqual(ProgramText.normalized("def f(x):  # c\n\n    y  =  x   # d\n    return \"a  # b\"\n"),
                       "def f(x):\n    y = x\n    return \"a  # b\"")
    }

    func testTFIDFSimilarityAgainstHandComputedValues() {
        let retriever = ExampleRetriever([
            ICEStore.Example(question: "red circle", program: "A", family: "f", isVideo: false, sourceID: "a"),
            ICEStore.Example(question: "blue square", program: "B", family: "f", isVideo: false, sourceID: "b"),
            ICEStore.Example(question: "red square", program: "V", family: "v", isVideo: true, sourceID: "v"),
        ])
        // The programs have no string literals, so no word is a slot word and the tokens are the
        // words and their adjacent pairs. "red" and "square" are in 2 of 3 questions, "circle",
        // "blue" and each pair in 1: the idf weights are ln(4/3)+1 and ln(4/2)+1, and a token no
        // stored question has weighs ln(4)+1. "red red circle" = (red 2 wr, circle wc,
        // "red red" wd, "red circle" wc) against "red circle" = (wr, wc, "red circle" wc).
        let wr = log(4.0 / 3.0) + 1, wc = log(2.0) + 1, wd = log(4.0) + 1
        let expected = (2 * wr * wr + 2 * wc * wc) / (sqrt(4 * wr * wr + 2 * wc * wc + wd * wd) * sqrt(wr * wr + 2 * wc * wc))
        XCTAssertEqual(retriever.similarity("red red circle", "red circle"), expected, accuracy: 1e-12)
        XCTAssertEqual(retriever.similarity("Red, circle!", "red circle"), 1, accuracy: 1e-12)
        XCTAssertEqual(retriever.similarity("green star", "red circle"), 0)
        let image = AgentTask(id: "q", question: "is the blue square red?", media: .image(path: "x.png"))
        XCTAssertEqual(retriever.examples(for: image, limit: 2).map(\.program), ["B", "A"])
        let video = AgentTask(id: "q", question: "blue square", media: .video(path: "v", framesPerSecond: nil))
        XCTAssertEqual(retriever.examples(for: video, limit: 5).map(\.program), ["V"], "video questions get video programs only")
    }

    func testRetrievedExamplesReachThePrompt() throws {
        let retriever = ExampleRetriever([
            ICEStore.Example(question: "How many stars are there?", program: "def execute_command(image):\n    return 111\n",
                             family: "count", isVideo: false, sourceID: "a"),
            ICEStore.Example(question: "What color is the circle?", program: "def execute_command(image):\n    return 222\n",
                             family: "query", isVideo: false, sourceID: "b"),
        ])
        let model = ScriptedModel(["    return 1\n"])
        let agent = Agent(controller: ModelController(model: model), perception: Perception(backend: OracleBackend()),
                          examples: retriever, configuration: AgentConfiguration(maxRetries: 0, fallbackToDirectQuery: false, exampleCount: 1))
        let image = TestSupport.fixtures.appendingPathComponent("gqa/images/n0001.jpg").path
        XCTAssertEqual(agent.answer(AgentTask(id: "q", question: "How many circles are there?", media: .image(path: image))).answer, "1")
        XCTAssertTrue(model.prompts[0].contains("# Question: How many stars are there?\ndef execute_command(image):\n    return 111"))
        XCTAssertFalse(model.prompts[0].contains("return 222"), "one example asked for")

        // With two, the most similar one is shown last, right before the question.
        let both = Agent(controller: ModelController(model: ScriptedModel(["    return 1\n"])), perception: Perception(backend: OracleBackend()),
                         examples: retriever, configuration: AgentConfiguration(maxRetries: 0, fallbackToDirectQuery: false, exampleCount: 2))
        let prompt = both.promptBuilder.prompt(for: ProgramRequest(task: AgentTask(id: "q", question: "How many stars are there?",
                                                                                   media: .image(path: image))), chat: false)
        let stars = try XCTUnwrap(prompt.range(of: "return 111")), circle = try XCTUnwrap(prompt.range(of: "return 222"))
        XCTAssertLessThan(circle.lowerBound, stars.lowerBound)
    }

    func testAProgramThatNeverLooksIsNotKeptEvenWhenItsAnswerIsRight() throws {
        let shapes = folder.appendingPathComponent("shapes")
        try ShapesDataset.write(seed: 5, count: 2, includeVideo: false, to: shapes.path)
        let dataset = try DatasetFormat.loupe.read(shapes.appendingPathComponent("questions.jsonl").path)
        // Per question: its label returned as a constant (right, but a guess), then the real program.
        var lines: [String] = []
        for item in dataset.items {
            let constant = "def execute_command(image):\n    return \"\(item.truth.rendered)\"\n"
            lines += [TestSupport.jsonLine(["id": item.id, "program": constant]), TestSupport.jsonLine(["id": item.id, "program": item.program!])]
        }
        let replayFile = folder.appendingPathComponent("lucky.jsonl")
        try TestSupport.writeLines(lines, to: replayFile)
        let check = TestSupport.oracleAgent(try ReplayController(path: replayFile.path), retries: 0)
        for item in dataset.items {
            XCTAssertTrue(Scorer.score(check.answer(item.task).answer, against: item.truth).correct, "the constant gives the labeled answer")
        }
        let replay = try ReplayController(path: replayFile.path)
        let store = try ICEStore(path: folder.appendingPathComponent("lucky.sqlite").path)
        let report = try ICLGenerator(store: store, options: .init(samples: 2, showProgress: false)) {
            TestSupport.oracleAgent(replay, retries: 0)
        }.run(dataset)
        XCTAssertEqual(report.added, 2)
        XCTAssertEqual(Set(try store.examples().map(\.program)), Set(dataset.items.map { item in item.program! + "\n" }))
        XCTAssertEqual(try store.candidates().filter(\.candidate.correct).count, 2, "the constants are recorded as not verified")
    }

    func testFixedSelectionCoversTheFamiliesInTurn() {
        func example(_ family: String, _ n: Int, video: Bool = false) -> ICEStore.Example {
            ICEStore.Example(question: "\(family) \(n)", program: "p", family: family, isVideo: video, sourceID: "\(family)\(n)")
        }
        let fixed = FixedExamples(coveringFamiliesOf: [example("count", 1), example("count", 2), example("count", 3), example("exist", 1),
                                                       example("video", 1, video: true), example("ordinal", 1), example("exist", 2)])
        let image = AgentTask(id: "q", question: "count 2", media: .image(path: "x.png"))
        XCTAssertEqual(fixed.examples(for: image, limit: 3).map(\.question), ["count 1", "exist 1", "ordinal 1"])
        XCTAssertEqual(fixed.examples(for: image, limit: 10).map(\.question),
                       ["count 1", "exist 1", "ordinal 1", "count 2", "exist 2", "count 3"])
        let other = AgentTask(id: "r", question: "ordinal 1", media: .image(path: "y.png"))
        XCTAssertEqual(fixed.examples(for: other, limit: 3), fixed.examples(for: image, limit: 3), "the same for every question")
        XCTAssertEqual(fixed.examples(for: AgentTask(id: "v", question: "", media: .video(path: "v", framesPerSecond: nil)), limit: 3)
            .map(\.question), ["video 1"])
    }
}
