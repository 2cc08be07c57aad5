// How much call stack the current thread has left, so that recursive passes over hostile
// programs can stop with an error instead of overflowing the stack (a crash). Frame sizes differ
// between debug and release builds and threads differ in stack size, so a fixed depth limit
// alone cannot be both safe and generous.
#if canImport(Glibc)
import Glibc

// A GNU extension the Glibc module does not export; declared here with its C signature
// (pthread_t is an unsigned integer on Linux, so the Swift and C calling conventions agree).
@_silgen_name("pthread_getattr_np")
private func threadAttributes(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#elseif canImport(Darwin)
import Darwin
#endif

struct StackGuard {
    /// Below this address the thread's stack is considered exhausted; nil when unknown.
    private let floor: UInt?

    /// `reserve` bytes are kept free for error reporting and for the caller's own frames.
    init(reserve: UInt = 256 * 1024) {
        floor = StackGuard.lowestAddress().map { $0 + reserve }
    }

    /// True while the current frame is above the floor.
    var hasRoom: Bool {
        guard let floor else { return true }
        return StackGuard.currentAddress() > floor
    }

    private static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    private static func lowestAddress() -> UInt? {
        #if canImport(Glibc)
        var attributes = pthread_attr_t()
        guard threadAttributes(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base else { return nil }
        return UInt(bitPattern: base)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return top - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
        return nil
        #endif
    }
}
