import Foundation
import Tools
import VLM
import XCTest

/// The OpenAI-compatible backend against a tiny HTTP server started by the test on 127.0.0.1
/// (Python's http.server); never the network.
final class OpenAIBackendTests: XCTestCase {
    static let server = """
        import base64, json, sys, time
        from http.server import BaseHTTPRequestHandler, HTTPServer
        log_path, mode = sys.argv[1], sys.argv[2]
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def do_POST(self):
                if mode == "silent":
                    time.sleep(30)
                    return
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                parts = body["messages"][0]["content"]
                text = [p["text"] for p in parts if p["type"] == "text"][0]
                url = [p["image_url"]["url"] for p in parts if p["type"] == "image_url"][0]
                png = base64.b64decode(url.split(",", 1)[1])
                with open(log_path, "a") as log:
                    log.write(json.dumps({"path": self.path, "model": body["model"], "text": text,
                        "prefix": url[:22], "png_width": int.from_bytes(png[16:20], "big"),
                        "png_height": int.from_bytes(png[20:24], "big")}) + "\\n")
                reply = "<loc0256><loc0512><loc0768><loc1023> red circle" if text.startswith("detect") else "blue"
                data = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        server = HTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    private func startServer(_ folder: URL, mode: String) throws -> (Process, Int, URL) {
        let script = folder.appendingPathComponent("server.py")
        try Self.server.write(to: script, atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("requests.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, log.path, mode]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        XCTAssertGreaterThan(port, 0, "the test server did not report its port")
        return (process, port, log)
    }

    func testPaliGemmaLikeModelDetectsAndAnswersWithTheCropInline() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("openai")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (server, port, log) = try startServer(folder, mode: "reply")
        defer { server.terminate(); server.waitUntilExit() }

        let backend = try BackendSpec.make("openai:http://127.0.0.1:\(port)/v1#paligemma-3b-mix-224", timeoutSeconds: 10)
        XCTAssertEqual(backend.capabilities, [.detect, .answer, .caption])
        let image = SourceImage(image: try RGBImage(width: 300, height: 200, filledWith: (0, 0, 255)))
        // A 200x100 crop at (50, 40): loc 512/1024 of 200 px = 100, loc 256/1024 of 100 px = 25.
        let input = PerceptionInput(image: image, region: BoundingBox(xMin: 50, yMin: 40, xMax: 250, yMax: 140))
        let found = try backend.detect(input, phrase: "red circle")
        XCTAssertEqual(found.map(\.box), [BoundingBox(xMin: 150, yMin: 65, xMax: 250, yMax: 115)])
        XCTAssertEqual(try backend.answer(input, question: "What color is it?"), "blue")

        let requests = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        XCTAssertEqual(requests.count, 2)
        XCTAssertEqual(requests[0]["path"] as? String, "/v1/chat/completions")
        XCTAssertEqual(requests[0]["model"] as? String, "paligemma-3b-mix-224")
        XCTAssertEqual(requests[0]["text"] as? String, "detect red circle")
        XCTAssertEqual(requests[1]["text"] as? String, "answer en What color is it?")
        XCTAssertEqual(requests[0]["prefix"] as? String, "data:image/png;base64,")
        XCTAssertEqual(requests[0]["png_width"] as? Int, 200)
        XCTAssertEqual(requests[0]["png_height"] as? Int, 100)
    }

    func testOtherModelsDoNotOfferDetection() throws {
        let backend = try BackendSpec.make("openai:http://127.0.0.1:9/v1#gpt-4o-mini")
        XCTAssertEqual(backend.capabilities, [.answer, .caption])
        let text = VisionToolkit(perception: Perception(backend: backend)).registry().renderAPIText()
        XCTAssertFalse(text.contains("def find("))
        XCTAssertTrue(text.contains("def simple_query("))
    }

    func testUnreachableEndpointFailsClearlyAndFast() throws {
        // A port nobody listens on: bind, read the number, close.
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        close(probe)

        let backend = try BackendSpec.make("openai:http://127.0.0.1:\(port)/v1#m", timeoutSeconds: 3)
        let image = SourceImage(image: try RGBImage(width: 8, height: 8, filledWith: (1, 2, 3)))
        let start = Date()
        XCTAssertThrowsError(try backend.answer(PerceptionInput(image: image, region: .whole(width: 8, height: 8)), question: "q?")) { error in
            XCTAssertTrue("\(error)".contains("openai backend: cannot reach http://127.0.0.1:\(port)/v1/chat/completions"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 4.5)
    }

    func testSilentEndpointTimesOut() throws {
        let folder = try ToolsTestSupport.temporaryDirectory("silent")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (server, port, _) = try startServer(folder, mode: "silent")
        defer { server.terminate(); server.waitUntilExit() }
        let backend = try BackendSpec.make("openai:http://127.0.0.1:\(port)#m", timeoutSeconds: 1.5)
        let image = SourceImage(image: try RGBImage(width: 8, height: 8, filledWith: (1, 2, 3)))
        let start = Date()
        XCTAssertThrowsError(try backend.caption(PerceptionInput(image: image, region: .whole(width: 8, height: 8)))) { error in
            XCTAssertTrue("\(error)".contains("openai backend:"), "\(error)")
        }
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertGreaterThan(elapsed, 1.0)
        XCTAssertLessThan(elapsed, 4.0)
    }

    func testBackendSpecs() {
        XCTAssertThrowsError(try BackendSpec.make("clip")) { error in
            XCTAssertTrue("\(error)".contains("--vision 'clip' is not a known backend"), "\(error)")
        }
        XCTAssertThrowsError(try BackendSpec.make("openai:ftp://x")) { error in
            XCTAssertTrue("\(error)".contains("not an http(s) URL"), "\(error)")
        }
    }
}
