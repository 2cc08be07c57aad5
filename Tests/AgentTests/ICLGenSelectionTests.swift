@testable import Agent
import Evaluation
@testable import ICLGen
import ShapesWorld
import Tools
import XCTest

/// How ICLGen chooses examples: retrieval by question form, the per-question cap, the sampling
/// prompt that grows with the store, seeded sampling, and the temperature of retries.
final class ICLGenSelectionTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try TestSupport.temporaryDirectory("iclgen-selection")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
        super.tearDown()
    }

    private func stored(_ question: String, _ program: String, _ family: String) -> ICEStore.Example {
        ICEStore.Example(question: question, program: program, family: family, isVideo: false, sourceID: family)
    }

    func testSlotWordsAreThePhrasesAProgramCopiedFromItsQuestion() {
        XCTAssertEqual(ExampleRetriever.stringLiterals("x = f(\"a b\", 'c')  # \"not\" this\ny = \"d\\\"e\"\nz = \"open\n"),
                       ["a b", "c", "d\"e"])
        // "large blue object" occurs in the question; the simple_query text and "star" do not
        // ("stars" does, but "star" is not a phrase of it); a literal repeating the whole question is no slot.
        let program = """
            def execute_command(image):
                image_patch = ImagePatch(image)
                patch = image_patch.find("large blue object")[0]
                other = image_patch.find("star")
                whole = image_patch.simple_query("What shape is the large blue object?")
                return patch.simple_query("What shape is this?")
            """
        XCTAssertEqual(ExampleRetriever.slotWords(question: "What shape is the large blue object?", program: program),
                       ["large", "blue", "object"])
        XCTAssertEqual(ExampleRetriever.words("How many Stars, glass and dots?"), ["how", "many", "star", "glass", "and", "dot"])
        XCTAssertEqual(ExampleRetriever.tokens("Is the red star left of the blue circle?", slots: ["red", "star", "blue", "circle"]),
                       ["is", "the", "left", "of", "the", "is the", "the _", "_ left", "left of", "of the", "the _"])
    }

    func testFormSimilarityAgainstHandComputedValues() {
        let retriever = ExampleRetriever([
            stored("How many stars are there?", "len(find(\"star\"))", "count"),
            stored("Is there a red circle?", "exists(\"red circle\")", "exist"),
        ])
        XCTAssertEqual(retriever.slotWords, ["star", "red", "circle"])
        // Tokens: count = how, many, are, there, "how many", "many _", "_ are", "are there";
        // exist = is, there, a, "is there", "there a", "a _". Only "there" is shared: idf
        // ln(3/3)+1 = 1; every other token is in one question: ln(3/2)+1.
        let w = log(1.5) + 1
        // "How many blue squares are there?": blue and squares are no slot words, so the query's
        // tokens are how, many, blue, square, are, there and five pairs of which "how many" and
        // "are there" are stored; the unknown ones weigh the default ln(3)+1. Shared with the
        // count question: how, many, are, "how many", "are there" (w each) and there (1).
        let u = log(3.0) + 1
        let query = "How many blue squares are there?"
        let queryNorm = sqrt(5 * w * w + 5 * u * u + 1)
        let countNorm = sqrt(7 * w * w + 1)
        XCTAssertEqual(retriever.similarity(query, "How many stars are there?"), (5 * w * w + 1) / (queryNorm * countNorm), accuracy: 1e-12)
        // Nouns do not count: a question of the exist form about a red star is nearest to the
        // exist example, though it shares the count example's noun.
        let task = AgentTask(id: "q", question: "Is there a red star?", media: .image(path: "x.png"))
        XCTAssertEqual(retriever.examples(for: task, limit: 1).map(\.family), ["exist"])
        XCTAssertEqual(retriever.similarity("Is there a red star?", "Is there a red circle?"), 1, accuracy: 1e-12)
    }

    func testRetrievalPicksTheQuestionsFamilyOnShapes() throws {
        // The ground-truth programs of one Shapes set as the store, the questions of another
        // seed as queries: the nearest stored question has the query's family for most of them
        // (98 of 110 when this test was written; questions whose form words occur in another
        // family's stored question more often than in their own, can still be confused).
        let labeled = folder.appendingPathComponent("labeled"), queries = folder.appendingPathComponent("queries")
        try ShapesDataset.write(seed: 21, count: 44, includeVideo: false, to: labeled.path)
        try ShapesDataset.write(seed: 22, count: 110, includeVideo: false, to: queries.path)
        let store = try DatasetFormat.loupe.read(labeled.appendingPathComponent("questions.jsonl").path).items
            .map { stored($0.question, $0.program!, $0.family) }
        let retriever = ExampleRetriever(store)
        let items = try DatasetFormat.loupe.read(queries.appendingPathComponent("questions.jsonl").path).items
        let hits = items.filter { retriever.examples(for: $0.task, limit: 1).first?.family == $0.family }.count
        XCTAssertGreaterThanOrEqual(hits, 95, "\(hits) of \(items.count)")
    }

    func testAtMostKPerQuestionAndPerFamily() throws {
        let store = try ICEStore(path: folder.appendingPathComponent("cap.sqlite").path)
        func candidates(_ programs: [String]) -> [ICEStore.Candidate] {
            programs.enumerated().map { ICEStore.Candidate(sample: $0.offset, program: $0.element, correct: true) }
        }
        let first = try store.recordQuestion(id: "a", family: "count", question: "qa", isVideo: false,
                                             candidates: candidates(["p1", "p1  # again", "p2", "p3"]), maxPerFamily: 3, maxPerQuestion: 2)
        XCTAssertEqual(first, 2, "p1 and p2: the duplicate is skipped, p3 is over the question's cap")
        let second = try store.recordQuestion(id: "b", family: "count", question: "qb", isVideo: false,
                                              candidates: candidates(["p1", "p4", "p5"]), maxPerFamily: 3, maxPerQuestion: 2)
        XCTAssertEqual(second, 1, "p1 is stored already, p4 fills the family, p5 is over the family's cap")
        XCTAssertEqual(try store.examples().map(\.program), ["p1", "p2", "p4"])
        XCTAssertEqual(try store.examples().map(\.sourceID), ["a", "a", "b"])
    }

    func testTheBootstrappedSamplingPromptShowsProgramsVerifiedEarlier() throws {
        let shapes = folder.appendingPathComponent("shapes")
        try ShapesDataset.write(seed: 5, count: 23, includeVideo: false, to: shapes.path)
        var dataset = try DatasetFormat.loupe.read(shapes.appendingPathComponent("questions.jsonl").path)
        // The first two count questions: the first one's right program must be in the second one's prompt.
        dataset.items = Array(dataset.items.filter { $0.family == "count" }.prefix(2))
        XCTAssertEqual(dataset.items.count, 2)
        let marked = dataset.items[0].program! + "  # verified first"
        let body = { (program: String) in program.split(separator: "\n").dropFirst(2).joined(separator: "\n") + "\n" }
        let model = ScriptedModel([body(marked), body(dataset.items[1].program!)])
        let store = try ICEStore(path: folder.appendingPathComponent("grow.sqlite").path)
        let growing = try GrowingExamples(seeds: .standard, store: store)
        let generator = ICLGenerator(store: store, options: .init(samples: 1, temperature: 0.7, seed: 9, showProgress: false),
                                     growing: growing) {
            Agent(controller: ModelController(model: model), perception: Perception(backend: OracleBackend()), examples: growing,
                  configuration: AgentConfiguration(maxRetries: 0, fallbackToDirectQuery: false, exampleCount: 2))
        }
        let report = try generator.run(dataset)
        XCTAssertEqual(report.added, 2)
        XCTAssertEqual(model.prompts.count, 2)
        XCTAssertFalse(model.prompts[0].contains("# verified first"))
        // The second prompt's last example (the nearest one) is the program verified for the first
        // question: it ties with the hand-written count example, and verified programs win ties.
        let verified = try XCTUnwrap(store.examples().first).program.trimmingCharacters(in: .newlines)
        XCTAssertTrue(verified.hasSuffix("# verified first"))
        XCTAssertTrue(model.prompts[1].contains("# Question: \(dataset.items[0].question)\n\(verified)\n\n# Question: \(dataset.items[1].question)\n"),
                      model.prompts[1])
        XCTAssertEqual(model.options.map(\.temperature), [0.7, 0.7])
        XCTAssertEqual(model.options.map(\.seed), [9, 9], "sample k of every question has seed + k * 1000003")
    }

    func testSamplesHaveTheirOwnSeedsAndRetriesSample() throws {
        let shapes = folder.appendingPathComponent("shapes")
        try ShapesDataset.write(seed: 5, count: 2, includeVideo: false, to: shapes.path)
        var dataset = try DatasetFormat.loupe.read(shapes.appendingPathComponent("questions.jsonl").path)
        dataset.items = [try XCTUnwrap(dataset.items.first { $0.family == "count" })]
        let item = dataset.items[0]
        let model = ScriptedModel(["    return undefined_a\n", "    return undefined_b\n", "    return undefined_c\n"])
        let store = try ICEStore(path: folder.appendingPathComponent("seeds.sqlite").path)
        _ = try ICLGenerator(store: store, options: .init(samples: 3, temperature: 0.8, seed: 5, showProgress: false)) {
            TestSupport.oracleAgent(ModelController(model: model), retries: 0)
        }.run(dataset)
        XCTAssertEqual(model.options.map(\.seed), [5, 5 + 1_000_003, 5 + 2_000_006])
        XCTAssertEqual(model.options.map(\.temperature), [0.8, 0.8, 0.8])

        // Evaluation decodes the first program greedily; the self-debugging rounds sample, each with its seed.
        let debugModel = ScriptedModel(["    return undefined_a\n", "    return undefined_b\n", "    return undefined_c\n"])
        let agent = Agent(controller: ModelController(model: debugModel), perception: Perception(backend: OracleBackend()),
                          configuration: AgentConfiguration(maxRetries: 2, fallbackToDirectQuery: false, retryTemperature: 0.6))
        XCTAssertNil(agent.answer(item.task).answer)
        XCTAssertEqual(debugModel.options.map(\.temperature), [0, 0.6, 0.6])
        XCTAssertEqual(debugModel.options.map(\.seed), [0, 1, 2])
    }

    func testLocalSamplingIsSeededAndReproducible() throws {
        guard FileManager.default.fileExists(atPath: LlamaServer.modelPath) else {
            throw XCTSkip("\(LlamaServer.modelPath) is absent: run scripts/bootstrap.sh to install it")
        }
        let model = try LocalGemmaModel(path: LlamaServer.modelPath, chat: false)
        let prompt = "def execute_command(image):\n    image_patch = ImagePatch(image)\n"
        func sample(_ seed: UInt64) throws -> String {
            try model.complete(prompt, options: CompletionOptions(maxTokens: 24, temperature: 1.0, seed: seed))
        }
        let first = try sample(1)
        XCTAssertEqual(try sample(1), first, "the same seed gives the same text")
        let others = try [2, 3, 4].map { try sample($0) }
        XCTAssertTrue(others.contains { $0 != first }, "other seeds give other texts: \(first) / \(others)")
        let greedy = try model.complete(prompt, options: CompletionOptions(maxTokens: 24, temperature: 0, seed: 1))
        XCTAssertEqual(try model.complete(prompt, options: CompletionOptions(maxTokens: 24, temperature: 0, seed: 99)), greedy,
                       "greedy decoding ignores the seed")
    }
}

final class PhraseGroundingTests: XCTestCase {
    func testEveryGroundTruthProgramIsGroundedAndAChanceMatchIsNot() throws {
        let folder = try TestSupport.temporaryDirectory("grounding")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ShapesDataset.write(seed: 31, count: 44, includeVideo: true, to: folder.path)
        let items = try DatasetFormat.loupe.read(folder.appendingPathComponent("questions.jsonl").path).items
        let agent = TestSupport.oracleAgent(TruthController(), retries: 0)
        var phrases = 0
        for item in items {
            let result = agent.answer(item.task)
            let detected = PhraseGrounding.detectedPhrases(result.outcome?.looks ?? [])
            phrases += detected.count
            XCTAssertEqual(PhraseGrounding.ungrounded(detected, question: item.question), [], "\(item.id): \(item.question)")
        }
        XCTAssertGreaterThan(phrases, 44, "the ground-truth programs detect")

        // ICLGen keeps a right program only when it looked for nothing but what the question
        // names: the same right program that also looks for a zebra is not kept.
        let shapes = folder.appendingPathComponent("count")
        try ShapesDataset.write(seed: 5, count: 23, includeVideo: false, to: shapes.path)
        var dataset = try DatasetFormat.loupe.read(shapes.appendingPathComponent("questions.jsonl").path)
        dataset.items = [try XCTUnwrap(dataset.items.first { $0.family == "count" })]
        let item = dataset.items[0]
        let lines = item.program!.split(separator: "\n", maxSplits: 2).map(String.init)
        let straying = [lines[0], lines[1], "    unused = image_patch.find(\"zebra\")", lines[2]].joined(separator: "\n")
        let replay = folder.appendingPathComponent("chance.jsonl")
        try TestSupport.writeLines([straying, item.program!].map { TestSupport.jsonLine(["id": item.id, "program": $0]) }, to: replay)
        let store = try ICEStore(path: folder.appendingPathComponent("chance.sqlite").path)
        let controller = try ReplayController(path: replay.path)
        let report = try ICLGenerator(store: store, options: .init(samples: 2, showProgress: false)) {
            TestSupport.oracleAgent(controller, retries: 0)
        }.run(dataset)
        XCTAssertTrue(Scorer.score(TestSupport.oracleAgent(try ReplayController(path: replay.path), retries: 0).answer(item.task).answer,
                                   against: item.truth).correct, "the straying program gives the labeled answer")
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(try store.examples().map(\.program), [item.program! + "\n"])
        XCTAssertEqual(try store.candidates().map(\.candidate.correct), [false, true])
    }
}
