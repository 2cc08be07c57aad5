@testable import Agent
import Evaluation
import Interpreter
import ShapesWorld
import Tools
import XCTest

/// The agent's loop: garbage from the controller, programs that fail the checker, raise, loop or
/// blow limits, self-debugging with the error fed back, and the marked fallback.
final class AgentLoopTests: XCTestCase {
    nonisolated(unsafe) static var shapes: URL!
    nonisolated(unsafe) static var items: [EvalItem] = []

    override class func setUp() {
        super.setUp()
        shapes = try! TestSupport.temporaryDirectory("agent-loop")
        try! ShapesDataset.write(seed: 5, count: 15, includeVideo: true, to: shapes.path)
        items = try! DatasetFormat.loupe.read(shapes.appendingPathComponent("questions.jsonl").path).items
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(at: shapes)
        super.tearDown()
    }

    var countItem: EvalItem { Self.items.first { $0.family == "count" }! }

    func replay(_ programs: [(String, String)]) throws -> ReplayController {
        let file = try TestSupport.temporaryDirectory("replay").appendingPathComponent("replay.jsonl")
        try TestSupport.writeLines(programs.map { TestSupport.jsonLine(["id": $0.0, "program": $0.1]) }, to: file)
        return try ReplayController(path: file.path)
    }

    func testGarbageProgramsAreRecordedErrorsAndTheRunGoesOn() throws {
        let image = Self.items.filter { !$0.media.isVideo }
        let garbage: [(String, String)] = [
            ("", "the controller's reply is empty"),
            ("I am sorry, I cannot help with that.", "holds no program"),
            ("def execute_command(image):\n    return (", "SyntaxError"),
            ("def execute_command(image):\n    while True:\n        pass\n", "LimitExceeded"),
            ("def execute_command(image):\n    x = [0] * 100000000\n    return len(x)\n", "LimitExceeded"),
            ("def execute_command(image):\n    return 1 / 0\n", "ZeroDivisionError"),
            ("def execute_command(image):\n    return None\n", "returned None"),
            ("def execute_command(image):\n    return ImagePatch(image).fly_away()\n", "fly_away"),
            ("import os\ndef execute_command(image):\n    return os.listdir('/')\n", "os"),
            ("def execute_command(image):\n    return ImagePatch(image).find(\"star\")[99]\n", "IndexError"),
        ]
        XCTAssertGreaterThanOrEqual(image.count, garbage.count)
        let controller = try replay(zip(image, garbage).map { ($0.id, $1.0) })
        var limits = Limits()
        limits.maxSteps = 200_000
        limits.maxWallSeconds = 5
        let agent = TestSupport.oracleAgent(controller, retries: 0, limits: limits)
        for (item, (_, expected)) in zip(image, garbage) {
            let result = agent.answer(item.task)
            XCTAssertNil(result.answer, item.id)
            XCTAssertFalse(result.usedFallback)
            XCTAssertEqual(result.attempts.count, 1)
            let error = result.error ?? ""
            XCTAssertTrue(error.contains(expected), "\(item.id): expected '\(expected)' in: \(error)")
            XCTAssertLessThan(result.seconds, 10, "a looping program is stopped by its limits")
        }
    }

    func testSelfDebuggingFeedsTheErrorBackAndTheSecondProgramAnswers() throws {
        let item = countItem
        let model = ScriptedModel([
            "    image_patch = ImagePatch(image)\n    return len(image_patch.find_all(\"star\"))\n",
            "    image_patch = ImagePatch(image)\n    return len(image_patch.find(\"star\")) + undefined_name\n",
            "```python\n" + item.program! + "\n```\n",
        ])
        let agent = TestSupport.oracleAgent(ModelController(model: model), retries: 2)
        let result = agent.answer(item.task)
        XCTAssertEqual(result.attempts.map(\.stage), [.check, .check, .succeeded])
        XCTAssertTrue(Scorer.score(result.answer, against: item.truth).correct, "\(result.answer ?? "nil") vs \(item.truth)")
        XCTAssertEqual(model.prompts.count, 3)
        // A completion model's first prompt is Python source: the API, the examples, and the
        // question's `def` line with the body's first line, which the reply continues.
        XCTAssertTrue(model.prompts[0].hasPrefix("\"\"\"Programs that answer questions about images."))
        XCTAssertFalse(model.prompts[0].contains("```"), "no markdown for a completion model")
        XCTAssertTrue(model.prompts[0].hasSuffix("# Question: \(item.question)\ndef execute_command(image):\n    image_patch = ImagePatch(image)\n"))
        XCTAssertTrue(model.prompts[0].contains("class ImagePatch:"))
        XCTAssertTrue(model.prompts[0].contains("def find(self, object_name"))
        XCTAssertFalse(model.prompts[0].contains("class VideoSegment"), "image questions are not shown the video API")
        XCTAssertEqual(model.options[0].stop, PromptBuilder.completionStops)
        // Each later prompt shows the failed program and the checker's finding.
        XCTAssertTrue(model.prompts[1].contains("find_all"))
        XCTAssertTrue(model.prompts[1].contains("# This program failed:"))
        XCTAssertTrue(model.prompts[2].contains("undefined_name"))
        XCTAssertEqual(model.options.map(\.seed), [0, 1, 2])
    }

    func testVideoMultipleChoicePromptShowsTheVideoAPIAndTheOptions() throws {
        let item = Self.items.first { $0.family == "video_multiple_choice" }!
        // The program's select_answer asks the controller model too (the second reply).
        let model = ScriptedModel(["```python\n" + item.program! + "\n```", item.truth.rendered], isChat: true)
        let result = TestSupport.oracleAgent(ModelController(model: model), retries: 0).answer(item.task)
        XCTAssertTrue(Scorer.score(result.answer, against: item.truth).correct, "\(result.answer ?? "nil"): \(result.error ?? "")")
        XCTAssertEqual(model.prompts.count, 2)
        XCTAssertTrue(model.prompts[1].contains("Question: \(item.question)"), model.prompts[1])
        let prompt = model.prompts[0]
        XCTAssertTrue(prompt.contains("class VideoSegment:"))
        XCTAssertTrue(prompt.contains("# Question: \(item.question)\n# Possible answers: " + item.options.map { "\"\($0)\"" }.joined(separator: ", ")))
        XCTAssertTrue(prompt.hasSuffix("starting with `def execute_command(video, question, possible_answers):`) in one ```python code block, and nothing else.\n"))
        XCTAssertEqual(model.options[0].stop, [], "chat models get no stop sequences")
    }

    func testRuntimeErrorFeedbackCarriesTracebackAndHostCalls() throws {
        let item = countItem
        let model = ScriptedModel([
            "    image_patch = ImagePatch(image)\n    stars = image_patch.find(\"star\")\n    return stars[50].simple_query(\"color?\")\n",
            "    return 7\n",
        ])
        let agent = TestSupport.oracleAgent(ModelController(model: model), retries: 1)
        let result = agent.answer(item.task)
        XCTAssertEqual(result.attempts.map(\.stage), [.run, .succeeded])
        XCTAssertEqual(result.answer, "7")
        let feedback = model.prompts[1]
        XCTAssertTrue(feedback.contains("IndexError"), feedback)
        XCTAssertTrue(feedback.contains("Traceback (most recent call last):"))
        XCTAssertTrue(feedback.contains("Host calls before the error"))
        XCTAssertTrue(feedback.contains("find"))
    }

    func testFallbackIsMarkedWhenEveryProgramFails() throws {
        let item = Self.items.first { $0.family == "query_attribute" }!
        let model = ScriptedModel(["garbage ```", "", "still not a program"])
        var configuration = AgentConfiguration(maxRetries: 2, fallbackToDirectQuery: true)
        configuration.limits.maxSteps = 100_000
        let agent = Agent(controller: ModelController(model: model), perception: Perception(backend: OracleBackend()),
                          configuration: configuration)
        let result = agent.answer(item.task)
        XCTAssertTrue(result.usedFallback)
        XCTAssertEqual(result.attempts.count, 3)
        XCTAssertNotNil(result.answer, "the oracle answers the question directly")
        XCTAssertTrue(result.error?.contains("attempt 3") ?? false, result.error ?? "")
    }

    func testMissingImageIsAnErrorWithoutAskingTheController() throws {
        let model = ScriptedModel(["    return 1\n"])
        let agent = TestSupport.oracleAgent(ModelController(model: model), fallback: true)
        let result = agent.answer(AgentTask(id: "m", question: "How many?", media: .image(path: "/nonexistent/x.png")))
        XCTAssertNil(result.answer)
        XCTAssertEqual(result.error, "image /nonexistent/x.png: no such file")
        XCTAssertTrue(model.prompts.isEmpty)
    }

    func testReplayServesSuccessiveProgramsPerQuestion() throws {
        let item = countItem
        let controller = try replay([(item.id, "def execute_command(image):\n    return undefined\n"), (item.id, item.program!)])
        let result = TestSupport.oracleAgent(controller, retries: 1).answer(item.task)
        XCTAssertEqual(result.attempts.map(\.stage), [.check, .succeeded])
        XCTAssertTrue(Scorer.score(result.answer, against: item.truth).correct)
        XCTAssertThrowsError(try controller.reply(to: ProgramRequest(task: AgentTask(id: "unknown", question: "", media: .image(path: ""))), prompt: "")) {
            XCTAssertTrue("\($0)".contains("has no program for question unknown"))
        }
    }

    func testControllerSpecErrors() {
        XCTAssertThrowsError(try ControllerSpec.make("gpt")) { XCTAssertTrue("\($0)".contains("not a known controller")) }
        XCTAssertThrowsError(try ControllerSpec.make("openai:http://127.0.0.1:1/v1")) { XCTAssertTrue("\($0)".contains("openai:URL#MODEL")) }
        XCTAssertThrowsError(try ControllerSpec.make("openai:ftp://x#m")) { XCTAssertTrue("\($0)".contains("not an http(s) URL")) }
        XCTAssertThrowsError(try ControllerSpec.make("replay:/nonexistent.jsonl")) { XCTAssertTrue("\($0)".contains("cannot read /nonexistent.jsonl")) }
        XCTAssertTrue(try ControllerSpec.make("truth") is TruthController)
    }
}
