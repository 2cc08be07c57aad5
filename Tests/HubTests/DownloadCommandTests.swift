import Foundation
import XCTest

/// `loupe models download` end to end: the real binary against hub_test_server.py on loopback,
/// with HF_ENDPOINT pointing at it. The server's log says what crossed the wire.
final class DownloadCommandTests: XCTestCase {
    private static let repo = "loupe-tests/tiny-model"
    private static let token = "hf_testTOKEN_d0_not_print_me"

    private var scratch: URL!
    private var source: URL!
    private var home: URL!
    /// The repository's files, by path.
    private var files: [String: Data] = [:]

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-hub-\(UUID().uuidString)")
        source = scratch.appendingPathComponent("repo")
        home = scratch.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        files = [
            "config.json": Data(#"{"model_type": "paligemma", "hidden_size": 8}"#.utf8),
            "tokenizer.json": Self.bytes(count: 40_000, seed: 1),
            "model.safetensors": Self.bytes(count: 3_000_000, seed: 2),
            "vision/extra.safetensors": Self.bytes(count: 100_003, seed: 3),
            "empty.txt": Data(),
            "README.md": Data("# tiny model\n".utf8),
        ]
        for (path, data) in files {
            let url = source.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func server(_ options: [String] = []) throws -> HubTestServer {
        try HubTestServer(repo: Self.repo, root: source, options: options, scratch: scratch)
    }

    private func download(_ server: HubTestServer, _ extra: [String] = [], repo: String = DownloadCommandTests.repo,
                          token: String? = nil, endpoint: String? = nil, timeout: TimeInterval = 60) throws -> LoupeRun {
        var environment = ["HF_ENDPOINT": endpoint ?? server.endpoint, "LOUPE_HOME": home.path]
        if let token { environment["HF_TOKEN"] = token }
        return try LoupeProcess.run(["models", "download", repo] + extra, environment: environment, scratch: scratch, timeout: timeout)
    }

    private var modelFolder: URL { home.appendingPathComponent("models/loupe-tests--tiny-model") }

    private func assertAllFilesIdentical(in folder: URL, file: StaticString = #filePath, line: UInt = #line) {
        for (path, data) in files {
            XCTAssertEqual(try? Data(contentsOf: folder.appendingPathComponent(path)), data, "\(path) differs", file: file, line: line)
        }
        let leftovers = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".incomplete") } ?? []
        XCTAssertEqual(leftovers, [], "partial files left behind", file: file, line: line)
    }

    func testDownloadsEveryFileThroughTheCDNRedirectWithTheTokenOnlyForTheHub() throws {
        let hub = try server(["--redirect", "--token", Self.token, "--page-size", "2"])
        let run = try download(hub, token: Self.token)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines), modelFolder.path)
        assertAllFilesIdentical(in: modelFolder)
        XCTAssertFalse((run.stdout + run.stderr).contains(Self.token), "the token was printed")

        let requests = hub.requests
        // Each LFS file came from the CDN after one redirect; the CDN never saw the token.
        XCTAssertEqual(Set(requests.filter { $0.kind == "cdn" }.map(\.path)), ["model.safetensors", "vision/extra.safetensors"])
        XCTAssertTrue(requests.filter { $0.kind == "cdn" }.allSatisfy { !$0.auth }, "the token went to the CDN host")
        XCTAssertTrue(requests.filter { $0.kind != "cdn" }.allSatisfy { $0.auth }, "a Hub request lacked the token")
        // The other files came through a relative redirect to the Hub's own cache, token kept; the
        // empty one needs no request (its blob id is checked against no bytes).
        XCTAssertEqual(Set(requests.filter { $0.status == 307 }.map(\.path)), ["config.json", "tokenizer.json", "README.md"])
        // The six files and the "vision" folder entry make four pages of two.
        XCTAssertEqual(requests.filter { $0.kind == "api" && $0.path.contains("/tree/") }.count, 4)
        for (path, data) in files { XCTAssertEqual(hub.bytesServed(path), data.count, path) }

        // A second run finds everything complete and fetches nothing.
        let before = hub.requests.count
        let again = try download(hub, token: Self.token)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("nothing to fetch"), again.stderr)
        XCTAssertFalse(hub.requests.dropFirst(before).contains { $0.kind == "resolve" || $0.kind == "cdn" })

        // Without the record, files already in place are hashed and kept rather than fetched.
        try FileManager.default.removeItem(at: modelFolder.appendingPathComponent(".loupe-download.json"))
        let count = hub.requests.count
        let rehashed = try download(hub, token: Self.token)
        XCTAssertEqual(rehashed.status, 0, rehashed.stderr)
        XCTAssertTrue(rehashed.stderr.contains("6 already complete"), rehashed.stderr)
        XCTAssertFalse(hub.requests.dropFirst(count).contains { $0.kind == "resolve" || $0.kind == "cdn" })
    }

    func testADroppedConnectionIsResumedWithoutRefetchingBytes() throws {
        let hub = try server(["--redirect", "--drop", "model.safetensors:1000000"])
        let run = try download(hub)
        XCTAssertEqual(run.status, 0, run.stderr)
        assertAllFilesIdentical(in: modelFolder)
        let model = hub.requests.filter { $0.kind == "cdn" && $0.path == "model.safetensors" }
        XCTAssertEqual(model.map(\.range_start), [0, 1_000_000])
        XCTAssertEqual(hub.bytesServed("model.safetensors"), 3_000_000)
        XCTAssertTrue(run.stderr.contains("retrying from byte 1000000"), run.stderr)
    }

    func testAKilledDownloadContinuesFromItsPartialBytes() throws {
        let stalled = try server(["--stall", "model.safetensors:1500000"])
        let (process, _, _) = try LoupeProcess.start(
            ["models", "download", Self.repo, "--include", "*.safetensors"],
            environment: ["HF_ENDPOINT": stalled.endpoint, "LOUPE_HOME": home.path], scratch: scratch)
        let partial = modelFolder.appendingPathComponent("model.safetensors.incomplete")
        let deadline = Date().addingTimeInterval(60)
        func partialSize() -> Int { ((try? FileManager.default.attributesOfItem(atPath: partial.path))?[.size] as? NSNumber)?.intValue ?? 0 }
        while partialSize() < 1_500_000 && Date() < deadline && process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        stalled.stop()
        XCTAssertEqual(partialSize(), 1_500_000, "the partial file should hold exactly the bytes sent before the stall")

        let hub = try server()
        let run = try download(hub, ["--include", "*.safetensors"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("resuming model.safetensors"), run.stderr)
        XCTAssertEqual(hub.requests.filter { $0.path == "model.safetensors" }.map(\.range_start), [1_500_000])
        XCTAssertEqual(hub.bytesServed("model.safetensors"), 1_500_000)
        XCTAssertEqual(try Data(contentsOf: modelFolder.appendingPathComponent("model.safetensors")), files["model.safetensors"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: partial.path))
    }

    func testAStallTimesOutAndKeepsThePartialFile() throws {
        let hub = try server(["--stall", "model.safetensors:1000"])
        let run = try download(hub, ["--include", "model.safetensors", "--timeout", "1", "--retries", "0"], timeout: 30)
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("timed out"), run.stderr)
        XCTAssertTrue(run.stderr.contains("rerun to continue"), run.stderr)
        let partial = modelFolder.appendingPathComponent("model.safetensors.incomplete")
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? NSNumber)?.intValue, 1000)
    }

    func testOtherFilesFinishWhileOneStalls() throws {
        let hub = try server(["--stall", "model.safetensors:1000"])
        let run = try download(hub, ["--jobs", "2", "--timeout", "1", "--retries", "0"], timeout: 30)
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("model.safetensors: GET"), run.stderr)
        // The files listed after the stalled one came in on the second stream meanwhile.
        for path in ["tokenizer.json", "vision/extra.safetensors"] {
            XCTAssertEqual(try? Data(contentsOf: modelFolder.appendingPathComponent(path)), files[path], path)
        }
        let again = try download(hub)
        XCTAssertEqual(again.status, 0, again.stderr)
        assertAllFilesIdentical(in: modelFolder)
        XCTAssertEqual(hub.bytesServed("model.safetensors"), 3_000_000)
    }

    func testAServerIgnoringTheRangeRestartsTheFileCleanly() throws {
        // A partial file whose bytes are wrong: if they were kept the checksum would fail.
        try FileManager.default.createDirectory(at: modelFolder, withIntermediateDirectories: true)
        try Data(repeating: 7, count: 5000).write(to: modelFolder.appendingPathComponent("model.safetensors.incomplete"))
        let hub = try server(["--ignore-range"])
        let run = try download(hub)
        XCTAssertEqual(run.status, 0, run.stderr)
        assertAllFilesIdentical(in: modelFolder)
    }

    func testAPartialFileLongerThanTheFileIsStartedOver() throws {
        try FileManager.default.createDirectory(at: modelFolder, withIntermediateDirectories: true)
        try Data(repeating: 1, count: 3_000_001).write(to: modelFolder.appendingPathComponent("model.safetensors.incomplete"))
        let hub = try server()
        let run = try download(hub, ["--include", "model.safetensors"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(hub.requests.filter { $0.path == "model.safetensors" }.map(\.range_start), [0])
        XCTAssertEqual(try Data(contentsOf: modelFolder.appendingPathComponent("model.safetensors")), files["model.safetensors"])
    }

    func testASecondDownloadIntoTheSameFolderIsRefused() throws {
        let hub = try server(["--stall", "model.safetensors:1000"])
        let (first, _, _) = try LoupeProcess.start(["models", "download", Self.repo, "--include", "model.safetensors"],
                                                   environment: ["HF_ENDPOINT": hub.endpoint, "LOUPE_HOME": home.path], scratch: scratch)
        defer {
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
        }
        let partial = modelFolder.appendingPathComponent("model.safetensors.incomplete")
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: partial.path) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let second = try download(hub, ["--include", "model.safetensors"])
        XCTAssertNotEqual(second.status, 0)
        XCTAssertTrue(second.stderr.contains("another loupe is downloading into \(modelFolder.path)"), second.stderr)
    }

    func testChecksumMismatchNamesTheFileAndLeavesNothingBehind() throws {
        for (corrupted, kind) in [("model.safetensors", "sha256:"), ("config.json", "git-blob:")] {
            let hub = try server(["--corrupt", corrupted])
            let run = try download(hub, ["--include", corrupted])
            hub.stop()
            XCTAssertNotEqual(run.status, 0)
            XCTAssertTrue(run.stderr.contains("\(corrupted): checksum mismatch"), run.stderr)
            XCTAssertTrue(run.stderr.contains(kind), run.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: modelFolder.appendingPathComponent(corrupted).path))
            XCTAssertFalse(FileManager.default.fileExists(atPath: modelFolder.appendingPathComponent(corrupted + ".incomplete").path))
        }
    }

    func testAuthenticationErrorsSayWhatToDoAndNeverShowTheToken() throws {
        let gated = try server(["--token", Self.token, "--gated"])
        let noToken = try download(gated)
        XCTAssertNotEqual(noToken.status, 0)
        XCTAssertTrue(noToken.stderr.contains("gated"), noToken.stderr)
        XCTAssertTrue(noToken.stderr.contains("HF_TOKEN"), noToken.stderr)
        gated.stop()

        let privateRepo = try server(["--token", Self.token])
        let missing = try download(privateRepo)
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("needs authentication (HTTP 401"), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("Set HF_TOKEN"), missing.stderr)

        let wrong = try download(privateRepo, token: "hf_wrong_secret_value")
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("refused HF_TOKEN"), wrong.stderr)
        XCTAssertFalse((wrong.stdout + wrong.stderr).contains("hf_wrong_secret_value"), "the token was printed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: modelFolder.path), "nothing should be written before access is granted")
    }

    func testUnknownRepositoryAndRevisionAreNamed() throws {
        let hub = try server()
        let unknown = try download(hub, repo: "nobody/nothing", token: Self.token)
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("repository nobody/nothing not found"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("HTTP 404"), unknown.stderr)

        let revision = try download(hub, ["--revision", "v9"])
        XCTAssertNotEqual(revision.status, 0)
        XCTAssertTrue(revision.stderr.contains("revision 'v9' not found"), revision.stderr)

        let badName = try download(hub, repo: "../etc")
        XCTAssertNotEqual(badName.status, 0)
        XCTAssertTrue(badName.stderr.contains("not a Hugging Face repository name"), badName.stderr)
    }

    func testUnreachableEndpointSaysSo() throws {
        let hub = try server()
        // A port that was just free: nothing listens there.
        let closed = try Self.freePort()
        let run = try download(hub, endpoint: "http://127.0.0.1:\(closed)")
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("cannot connect to 127.0.0.1:\(closed)"), run.stderr)
    }

    func testListingRequestsAreRetriedAfterServerErrors() throws {
        let hub = try server(["--fail-api", "2"])
        let run = try download(hub, ["--include", "config.json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(hub.requests.filter { $0.status == 503 }.count, 2)
        XCTAssertEqual(try Data(contentsOf: modelFolder.appendingPathComponent("config.json")), files["config.json"])

        let failing = try server(["--fail-api", "100"])
        let gaveUp = try download(failing, ["--retries", "1"])
        XCTAssertNotEqual(gaveUp.status, 0)
        XCTAssertTrue(gaveUp.stderr.contains("HTTP 503: Service Unavailable"), gaveUp.stderr)
        XCTAssertEqual(failing.requests.filter { $0.status == 503 }.count, 2)
    }

    func testIncludeAndExcludeGlobsPickFiles() throws {
        let hub = try server()
        let run = try download(hub, ["--include", "*.json", "--include", "*.safetensors", "--exclude", "tokenizer*",
                                     "--dir", scratch.appendingPathComponent("custom").path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let folder = scratch.appendingPathComponent("custom")
        let names = Set(FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }
            .filter { !$0.hasPrefix(".") && $0 != "vision" } ?? [])
        XCTAssertEqual(names, ["config.json", "model.safetensors", "vision/extra.safetensors"])

        let none = try download(hub, ["--include", "*.gguf"])
        XCTAssertNotEqual(none.status, 0)
        XCTAssertTrue(none.stderr.contains("no file of \(Self.repo) matches"), none.stderr)
    }

    func testAnUnwritableDestinationIsAClearError() throws {
        // A folder where the partial file must go: opening it for writing fails.
        try FileManager.default.createDirectory(at: modelFolder.appendingPathComponent("config.json.incomplete"),
                                                withIntermediateDirectories: true)
        let hub = try server()
        let run = try download(hub, ["--include", "config.json"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("config.json.incomplete"), run.stderr)

        // A full disk: the partial file is /dev/full, where every write fails with ENOSPC.
        try FileManager.default.createSymbolicLink(atPath: modelFolder.appendingPathComponent("model.safetensors.incomplete").path,
                                                   withDestinationPath: "/dev/full")
        let full = try download(hub, ["--include", "model.safetensors"])
        XCTAssertNotEqual(full.status, 0)
        XCTAssertTrue(full.stderr.contains("cannot write \(modelFolder.path)/model.safetensors.incomplete"), full.stderr)
        XCTAssertTrue(full.stderr.contains("is the disk full?"), full.stderr)

        let file = scratch.appendingPathComponent("a-file")
        try Data().write(to: file)
        let notFolder = try download(hub, ["--dir", file.path])
        XCTAssertNotEqual(notFolder.status, 0)
        XCTAssertTrue(notFolder.stderr.contains("exists and is not a folder"), notFolder.stderr)
    }

    func testListShowsTheDownloadedModel() throws {
        let hub = try server()
        XCTAssertEqual(try download(hub, ["--quiet"]).status, 0)
        let list = try LoupeProcess.run(["models", "list"], environment: ["LOUPE_HOME": home.path], scratch: scratch)
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("loupe-tests--tiny-model"), list.stdout)
        XCTAssertTrue(list.stdout.contains("\(Self.repo)@main"), list.stdout)
    }

    /// The point of downloading: `loupe vlm` runs on the downloaded folder exactly as on the original.
    func testVLMRunsOnTheDownloadedCheckpoint() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("VLMTests/Fixtures/paligemma")
        let original = fixtures.appendingPathComponent("pg1")
        let hub = try HubTestServer(repo: "google/paligemma-tiny", root: original, options: ["--redirect"], scratch: scratch)
        let run = try download(hub, repo: "google/paligemma-tiny")
        XCTAssertEqual(run.status, 0, run.stderr)
        let downloaded = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(downloaded, home.appendingPathComponent("models/google--paligemma-tiny").path)

        func caption(_ model: String) throws -> LoupeRun {
            try LoupeProcess.run(["vlm", "--model", model, "--image", fixtures.appendingPathComponent("image.png").path,
                                  "--prompt", "caption en", "--max-tokens", "4", "--token-ids"], environment: [:], scratch: scratch)
        }
        let expected = try caption(original.path)
        let actual = try caption(downloaded)
        XCTAssertEqual(expected.status, 0, expected.stderr)
        XCTAssertEqual(actual.status, 0, actual.stderr)
        XCTAssertFalse(expected.stdout.isEmpty)
        XCTAssertEqual(actual.stdout, expected.stdout)
    }

    /// Deterministic bytes (xorshift), so failures reproduce.
    private static func bytes(count: Int, seed: UInt64) -> Data {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            bytes[i] = UInt8(truncatingIfNeeded: state)
        }
        return Data(bytes)
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw XCTSkip("cannot bind a loopback socket") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
