import Foundation
@testable import Hub
import XCTest

/// SHA-256 and SHA-1 against the FIPS 180 example vectors, git's blob ids, and Python's hashlib.
final class DigestTests: XCTestCase {
    private func sha256(_ text: String) -> String { hex(SHA256.hash(Array(text.utf8))) }
    private func sha1(_ bytes: [UInt8]) -> String {
        var hasher = SHA1()
        hasher.update(bytes)
        return hex(hasher.finalize())
    }

    func testSHA256KnownVectors() {
        XCTAssertEqual(sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(sha256(String(repeating: "a", count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testSHA1KnownVectors() {
        XCTAssertEqual(sha1([]), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        XCTAssertEqual(sha1(Array("abc".utf8)), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(sha1(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        XCTAssertEqual(sha1([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    func testGitBlobIdMatchesGit() {
        // `printf 'hello world\n' | git hash-object --stdin`
        let content = Array("hello world\n".utf8)
        var verifier = ContentVerifier(expected: .gitBlob("3b18e512dba79e4c8300dd08aeb37f8e728b8dad"), size: Int64(content.count))
        content.withUnsafeBytes { verifier.update($0) }
        XCTAssertEqual(verifier.finish(), .gitBlob("3b18e512dba79e4c8300dd08aeb37f8e728b8dad"))
    }

    /// Every split of the input into chunks must give the digest hashlib gives for the whole.
    func testStreamingInAnyChunkSizesMatchesPythonHashlib() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<100_003).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-digest-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c",
                            "import hashlib,sys; d=open(sys.argv[1],'rb').read(); print(hashlib.sha256(d).hexdigest(), hashlib.sha1(d).hexdigest())",
                            file.path]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        let expected = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(expected.count, 2, "python3 printed: \(output)")

        for chunk in [1, 3, 55, 63, 64, 65, 127, 4096, 65_537, bytes.count] {
            var a = SHA256()
            var b = SHA1()
            var start = 0
            while start < bytes.count {
                let piece = Array(bytes[start..<min(start + chunk, bytes.count)])
                a.update(piece)
                b.update(piece)
                start += chunk
            }
            XCTAssertEqual([hex(a.finalize()), hex(b.finalize())], expected, "chunks of \(chunk)")
        }
    }
}
