import Foundation

/// A clip as programs receive it (`execute_command(video, ...)`): its frames in order, each
/// decoded only when a program first looks at it.
public final class VideoSource: @unchecked Sendable {
    public let name: String
    public let frames: [SourceImage]
    /// Nominal frame rate: the timeline's for Shapes clips, the extraction rate for video files.
    public let framesPerSecond: Double?
    /// Folder of frames extracted by ffmpeg, removed with this value.
    private let temporaryFolder: URL?

    init(name: String, frames: [SourceImage], framesPerSecond: Double?, temporaryFolder: URL? = nil) {
        self.name = name
        self.frames = frames
        self.framesPerSecond = framesPerSecond
        self.temporaryFolder = temporaryFolder
    }

    deinit {
        if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) }
    }

    static let frameExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// A folder of PNG/JPEG frames (in file-name order), or a video file decoded by ffmpeg at
    /// `framesPerSecond` (default 4, the Shapes world's rate).
    public static func open(_ path: String, framesPerSecond: Double? = nil) throws -> VideoSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ToolError.badInput("video \(path): no such file or folder")
        }
        return isDirectory.boolValue ? try folder(path) : try decode(path, framesPerSecond: framesPerSecond ?? 4)
    }

    static func folder(_ path: String) throws -> VideoSource {
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { frameExtensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        guard !names.isEmpty else { throw ToolError.badInput("video folder \(path) holds no PNG or JPEG frames") }
        let base = URL(fileURLWithPath: path)
        let frames = names.enumerated().map { SourceImage(path: base.appendingPathComponent($1).path, frameIndex: $0) }
        var rate: Double?
        if let data = FileManager.default.contents(atPath: base.appendingPathComponent("timeline.json").path),
           let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            rate = (json["frames_per_second"] as? NSNumber)?.doubleValue
        }
        return VideoSource(name: path, frames: frames, framesPerSecond: rate)
    }

    /// Extracts frames with the `ffmpeg` binary into a temporary folder (PNG, so decoding stays
    /// lazy and uses Loupe's own decoder).
    static func decode(_ path: String, framesPerSecond: Double) throws -> VideoSource {
        guard framesPerSecond > 0, framesPerSecond <= 240 else {
            throw ToolError.badInput("video \(path): frame rate \(framesPerSecond) is not in (0, 240]")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-frames-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vf", "fps=\(framesPerSecond)",
                             "-frames:v", "10000", folder.appendingPathComponent("frame_%06d.png").path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw ToolError.unavailable("video \(path): cannot start ffmpeg (\(error)); install ffmpeg to read video files")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".png") }.sorted()
        guard process.terminationStatus == 0, !names.isEmpty else {
            try? FileManager.default.removeItem(at: folder)
            let reason = message.trimmingCharacters(in: .whitespacesAndNewlines)
            throw ToolError.badInput("video \(path) cannot be decoded by ffmpeg (exit \(process.terminationStatus))"
                                     + (reason.isEmpty ? ": it yielded no frames" : ": \(reason.split(separator: "\n").last ?? "")"))
        }
        let frames = names.enumerated().map { SourceImage(path: folder.appendingPathComponent($1).path, frameIndex: $0) }
        return VideoSource(name: path, frames: frames, framesPerSecond: framesPerSecond, temporaryFolder: folder)
    }
}

/// The value behind a program's `VideoSegment`: frames `[start, end)` of a clip.
public struct Segment {
    public let video: VideoSource
    public let start: Int
    public let end: Int

    public init(video: VideoSource, start: Int? = nil, end: Int? = nil) throws {
        let count = video.frames.count
        let s = start ?? 0, e = end ?? count
        guard s >= 0, e <= count, s <= e else {
            throw ToolError.badInput("VideoSegment(start=\(s), end=\(e)) is outside the clip's \(count) frames")
        }
        self.video = video
        self.start = s
        self.end = e
    }

    public var frameCount: Int { end - start }

    /// Frame `index` of the segment (negative counts from the end, as in Python).
    public func frame(_ index: Int) throws -> SourceImage {
        let i = index < 0 ? index + frameCount : index
        guard i >= 0, i < frameCount else {
            throw ToolError.badInput("frame index \(index) is out of range for a segment of \(frameCount) frames")
        }
        return video.frames[start + i]
    }

    /// `trim(start, end)`: bounds relative to this segment, clipped to it, end exclusive.
    public func trimmed(start: Int?, end: Int?) throws -> Segment {
        let s = min(max(start ?? 0, 0), frameCount), e = min(max(end ?? frameCount, s), frameCount)
        return try Segment(video: video, start: self.start + s, end: self.start + e)
    }
}
