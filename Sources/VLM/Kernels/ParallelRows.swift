import CKernels

/// Runs `body` over disjoint sub-ranges of `0..<count` on Loupe's kernel thread pool (the caller
/// takes part), at least `grain` items per range. Norms, GELU, attention heads and quantizing
/// weights at load use it so they do not leave the second core idle. `body` must only write to
/// what its own range owns.
func parallelRows(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    withoutActuallyEscaping(body) { body in
        var box = body
        withUnsafeMutablePointer(to: &box) { pointer in
            loupe_parallel_for(Int64(count), Int64(max(grain, 1)), { context, begin, end in
                let body = context!.assumingMemoryBound(to: ((Range<Int>) -> Void).self).pointee
                body(Int(begin) ..< Int(end))
            }, pointer)
        }
    }
}
