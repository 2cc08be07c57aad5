import Foundation

/// One object of a Shapes world scene as the oracle sees it.
struct OracleObject {
    var id: Int
    var shape: String
    var color: String
    var size: String
    var label: String?
    var box: BoundingBox

    /// "large red circle"
    var phrase: String { "\(size) \(color) \(shape)" }
}

/// The objects visible in one image, read from the Shapes world's scene file beside it, or from
/// the `timeline.json` of the frame's folder.
struct OracleScene {
    var width: Int
    var height: Int
    var objects: [OracleObject]

    static func load(for image: SourceImage) throws -> OracleScene {
        guard let path = image.path else {
            throw ToolError.badInput("oracle: the image has no file, so there is no scene file to read")
        }
        let url = URL(fileURLWithPath: path)
        let sceneURL = url.deletingPathExtension().appendingPathExtension("json")
        if FileManager.default.fileExists(atPath: sceneURL.path) {
            return try parseScene(readJSON(sceneURL), source: sceneURL.path)
        }
        let timelineURL = url.deletingLastPathComponent().appendingPathComponent("timeline.json")
        if FileManager.default.fileExists(atPath: timelineURL.path) {
            let timeline = try OracleTimeline.load(timelineURL)
            return try timeline.scene(forFrameFile: url.lastPathComponent)
        }
        throw ToolError.badInput("oracle: no scene file for \(path): expected \(sceneURL.path) or \(timelineURL.path) (the oracle answers only Shapes world images)")
    }

    static func readJSON(_ url: URL) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ToolError.badInput("oracle: cannot read \(url.path)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let dictionary = object as? [String: Any] else {
            throw ToolError.badInput("oracle: \(url.path) is not a JSON object")
        }
        return dictionary
    }

    static func parseScene(_ json: [String: Any], source: String) throws -> OracleScene {
        guard let width = json["width"] as? Int, let height = json["height"] as? Int,
              let objects = json["objects"] as? [[String: Any]] else {
            throw ToolError.badInput("oracle: scene file \(source) lacks width, height or objects")
        }
        return OracleScene(width: width, height: height, objects: try objects.map { try parseObject($0, source: source) })
    }

    static func parseObject(_ json: [String: Any], source: String) throws -> OracleObject {
        guard let id = json["id"] as? Int, let shape = json["shape"] as? String, let color = json["color"] as? String,
              let size = json["size"] as? String, let box = parseBox(json["box"]) else {
            throw ToolError.badInput("oracle: an object in \(source) lacks id, shape, color, size or box")
        }
        return OracleObject(id: id, shape: shape, color: color, size: size, label: json["label"] as? String, box: box)
    }

    static func parseBox(_ value: Any?) -> BoundingBox? {
        guard let numbers = value as? [Int], numbers.count == 4 else { return nil }
        return BoundingBox(xMin: numbers[0], yMin: numbers[1], xMax: numbers[2], yMax: numbers[3])
    }

    /// Objects that lie mostly (at least half their box) inside `region`, with their boxes
    /// clipped to it: what a detector looking at that crop could see.
    func objects(in region: BoundingBox) -> [OracleObject] {
        objects.compactMap { object in
            let inside = object.box.intersection(region)
            guard !inside.isEmpty, 2 * inside.area >= object.box.area else { return nil }
            var clipped = object
            clipped.box = inside
            return clipped
        }
    }
}

/// A Shapes world clip's `timeline.json`: static attributes per object and per-frame boxes.
struct OracleTimeline {
    struct Event {
        var frame: Int
        var type: String
        var object: Int
        var to: String?
    }

    var width: Int
    var height: Int
    var attributes: [Int: (shape: String, size: String, label: String?)]
    var frameFiles: [String]
    /// Per frame: (id, color, box).
    var frames: [[(id: Int, color: String, box: BoundingBox)]]
    var events: [Event]
    var source: String

    static func load(_ url: URL) throws -> OracleTimeline {
        let json = try OracleScene.readJSON(url)
        guard let width = json["width"] as? Int, let height = json["height"] as? Int,
              let objects = json["objects"] as? [[String: Any]], let frames = json["frames"] as? [[String: Any]] else {
            throw ToolError.badInput("oracle: timeline \(url.path) lacks width, height, objects or frames")
        }
        var attributes: [Int: (shape: String, size: String, label: String?)] = [:]
        for object in objects {
            guard let id = object["id"] as? Int, let shape = object["shape"] as? String, let size = object["size"] as? String else {
                throw ToolError.badInput("oracle: an object in \(url.path) lacks id, shape or size")
            }
            attributes[id] = (shape, size, object["label"] as? String)
        }
        var files: [String] = []
        var frameObjects: [[(id: Int, color: String, box: BoundingBox)]] = []
        for frame in frames {
            guard let file = frame["file"] as? String, let visible = frame["objects"] as? [[String: Any]] else {
                throw ToolError.badInput("oracle: a frame of \(url.path) lacks file or objects")
            }
            files.append(file)
            frameObjects.append(try visible.map { object in
                guard let id = object["id"] as? Int, let color = object["color"] as? String, let box = OracleScene.parseBox(object["box"]) else {
                    throw ToolError.badInput("oracle: an object of frame \(file) in \(url.path) lacks id, color or box")
                }
                return (id, color, box)
            })
        }
        let events = (json["events"] as? [[String: Any]] ?? []).compactMap { e -> Event? in
            guard let frame = e["frame"] as? Int, let type = e["type"] as? String, let object = e["object"] as? Int else { return nil }
            return Event(frame: frame, type: type, object: object, to: e["to"] as? String)
        }
        return OracleTimeline(width: width, height: height, attributes: attributes, frameFiles: files, frames: frameObjects,
                              events: events, source: url.path)
    }

    func scene(forFrameFile file: String) throws -> OracleScene {
        guard let index = frameFiles.firstIndex(of: file) else {
            throw ToolError.badInput("oracle: frame \(file) is not listed in \(source)")
        }
        return scene(at: index)
    }

    func scene(at index: Int) -> OracleScene {
        OracleScene(width: width, height: height, objects: frames[index].compactMap { entry in
            guard let a = attributes[entry.id] else { return nil }
            return OracleObject(id: entry.id, shape: a.shape, color: entry.color, size: a.size, label: a.label, box: entry.box)
        })
    }
}
