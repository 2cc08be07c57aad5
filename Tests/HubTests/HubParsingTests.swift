import Foundation
@testable import Hub
import XCTest

/// The small parsers the download depends on, against hand-worked answers.
final class HubParsingTests: XCTestCase {
    func testNextPageFromLinkHeader() {
        let base = URL(string: "https://huggingface.co/api/models/a/b/tree/main?recursive=true")!
        XCTAssertEqual(HubClient.nextPage(inLinkHeader: #"<https://huggingface.co/api/models/a/b/tree/main?recursive=true&cursor=ZXlK>; rel="next""#, relativeTo: base)?.absoluteString,
                       "https://huggingface.co/api/models/a/b/tree/main?recursive=true&cursor=ZXlK")
        XCTAssertEqual(HubClient.nextPage(inLinkHeader: #"</x?page=1>; rel="prev", </x?page=3>; rel="next""#, relativeTo: base)?.absoluteString,
                       "https://huggingface.co/x?page=3")
        XCTAssertNil(HubClient.nextPage(inLinkHeader: #"</x?page=1>; rel="prev""#, relativeTo: base))
    }

    func testContentRangeStart() {
        XCTAssertEqual(FileDownload.rangeStart("bytes 100-199/200"), 100)
        XCTAssertEqual(FileDownload.rangeStart("bytes 0-0/1"), 0)
        XCTAssertNil(FileDownload.rangeStart("bytes */200"))
        XCTAssertNil(FileDownload.rangeStart("items 1-2/3"))
    }

    func testRepositoryNames() throws {
        XCTAssertEqual(try RepoID("google/paligemma-3b-mix-224").folderName, "google--paligemma-3b-mix-224")
        XCTAssertEqual(try RepoID("gpt2").folderName, "gpt2")
        for bad in ["", "a/b/c", "../x", "a/..", "a//b", "a/b c", "https://huggingface.co/a/b", "a/.hidden"] {
            XCTAssertThrowsError(try RepoID(bad), "'\(bad)' should be refused")
        }
    }

    func testRevisionGetsItsOwnFolder() throws {
        let root = URL(fileURLWithPath: "/m")
        let repo = try RepoID("a/b")
        XCTAssertEqual(ModelFolder.folder(for: repo, revision: "main", root: root).path, "/m/a--b")
        XCTAssertEqual(ModelFolder.folder(for: repo, revision: "refs/pr/1", root: root).path, "/m/a--b@refs-pr-1")
    }

    func testGlobsFollowPythonFnmatch() throws {
        let download = SnapshotDownload(repo: try RepoID("a/b"), revision: "main", destination: URL(fileURLWithPath: "/tmp"),
                                        include: ["*.safetensors", "config.json"], exclude: ["*/ignored*"])
        func file(_ path: String) -> RepoFile { RepoFile(path: path, size: 0, checksum: .gitBlob("")) }
        XCTAssertTrue(download.isSelected(file("model.safetensors")))
        XCTAssertTrue(download.isSelected(file("sub/model.safetensors")), "'*' crosses '/' as in fnmatch")
        XCTAssertTrue(download.isSelected(file("config.json")))
        XCTAssertFalse(download.isSelected(file("sub/config.json")))
        XCTAssertFalse(download.isSelected(file("x/ignored.safetensors")))
        XCTAssertFalse(download.isSelected(file("tokenizer.json")))
    }

    func testHumanReadableSizesAndDurations() {
        XCTAssertEqual(DownloadProgress.bytes(999), "999 B")
        XCTAssertEqual(DownloadProgress.bytes(1500), "1.50 kB")
        XCTAssertEqual(DownloadProgress.bytes(5_368_709_120), "5.37 GB")
        XCTAssertEqual(DownloadProgress.bytes(999_999), "1.00 MB")
        XCTAssertEqual(DownloadProgress.duration(45), "45s")
        XCTAssertEqual(DownloadProgress.duration(92), "1m32s")
        XCTAssertEqual(DownloadProgress.duration(7500), "2h05m")
    }

    func testProgressLine() {
        let line = DownloadProgress.line(doneFiles: 2, files: 5, active: ["model-00001.safetensors", "model-00002.safetensors"],
                                         done: 1_200_000_000, total: 4_800_000_000, bytesPerSecond: 40_000_000)
        XCTAssertEqual(line, "[2/5] model-00001.safetensors +1  1.20 GB / 4.80 GB [======>                 ] 40.0 MB/s ETA 1m30s")
        let long = DownloadProgress.line(doneFiles: 0, files: 1, active: [String(repeating: "d/", count: 30) + "x.bin"],
                                         done: 0, total: 10, bytesPerSecond: nil)
        XCTAssertEqual(long, "[0/1] …" + String(repeating: "d/", count: 17) + "x.bin  0 B / 10 B [>                       ]")
    }
}
