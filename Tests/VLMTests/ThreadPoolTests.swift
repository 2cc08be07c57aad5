import CKernels
import XCTest

final class ThreadPoolTests: XCTestCase {
    override func tearDown() { loupe_set_num_threads(0) }

    /// Every index is visited exactly once, across many back-to-back jobs (the decode pattern),
    /// while the pool grows: a worker created for a job must take part in that very job.
    func testEveryIndexRunsOnceWhileThePoolGrows() {
        final class Counts { var values = [Int32](repeating: 0, count: 10_000) }
        let counts = Counts()
        for threads in [1, 2, 3, 4] {
            loupe_set_num_threads(Int32(threads))
            for round in 0..<200 {
                let n = 1 + (round * 37) % counts.values.count
                counts.values.withUnsafeMutableBufferPointer { buffer in
                    loupe_parallel_for(Int64(n), 1, { context, begin, end in
                        let values = context!.assumingMemoryBound(to: Int32.self)
                        for i in Int(begin)..<Int(end) { values[i] += 1 }
                    }, buffer.baseAddress)
                }
            }
        }
        var expected = [Int32](repeating: 0, count: counts.values.count)
        for _ in [1, 2, 3, 4] {
            for round in 0..<200 {
                for i in 0..<(1 + (round * 37) % expected.count) { expected[i] += 1 }
            }
        }
        XCTAssertEqual(counts.values, expected)
    }
}
