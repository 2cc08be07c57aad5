/// Tunable detection post-processing applied to every backend's raw detections, so that the
/// thresholds can be tuned (by hand or by ICLGen's self-tuning) without touching a backend.
public struct DetectionParameters: Sendable, Equatable, Codable {
    /// Detections scoring below this are dropped.
    public var scoreThreshold: Double
    /// A detection overlapping a higher-scoring one by more than this IoU is dropped.
    public var nmsIoUThreshold: Double
    /// At most this many detections are kept (highest scores first).
    public var maxDetections: Int

    public init(scoreThreshold: Double = 0.3, nmsIoUThreshold: Double = 0.5, maxDetections: Int = 50) {
        self.scoreThreshold = scoreThreshold
        self.nmsIoUThreshold = nmsIoUThreshold
        self.maxDetections = maxDetections
    }

    public static let `default` = DetectionParameters()

    /// Greedy NMS: highest score first (ties keep the backend's order); stable output order is
    /// score descending.
    public func apply(_ detections: [Detection]) -> [Detection] {
        let ranked = detections.enumerated()
            .filter { $0.element.score >= scoreThreshold }
            .sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
            .map(\.element)
        var kept: [Detection] = []
        for candidate in ranked where kept.count < maxDetections {
            if kept.allSatisfy({ $0.box.intersectionOverUnion(candidate.box) <= nmsIoUThreshold }) {
                kept.append(candidate)
            }
        }
        return kept
    }
}

/// One detected instance: a box in pixels of the source image.
public struct Detection: Codable, Sendable, Equatable {
    public var box: BoundingBox
    public var score: Double
    public var label: String

    public init(box: BoundingBox, score: Double, label: String) {
        self.box = box
        self.score = score
        self.label = label
    }
}
