import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Loopback TCP sockets for controller tests: a port nothing listens on (a server that is down)
/// and a listener that accepts connections and never answers (a server that hangs).
enum LoopbackSockets {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A socket bound to 127.0.0.1 on a port the kernel picks, listening when `backlog` is given.
    static func bind(listen backlog: Int32? = nil) throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket(): \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, backlog.map({ Glibc.listen(descriptor, $0) == 0 }) ?? true else {
            let problem = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "bind/listen on 127.0.0.1: \(problem)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A port that was free a moment ago and has no listener: connecting to it is refused.
    static func freePort() throws -> Int {
        let (descriptor, port) = try bind()
        close(descriptor)
        return port
    }
}

/// Accepts every connection on 127.0.0.1 and never reads or answers, holding the connections
/// open until `stop()`: to the client this is a server that hangs after the handshake.
final class SilentListener: @unchecked Sendable {
    let port: Int
    private let descriptor: Int32
    private let lock = NSLock()
    private var connections: [Int32] = []
    private var stopped = false
    private let acceptLoopEnded = DispatchSemaphore(value: 0)

    init() throws {
        let socket = try LoopbackSockets.bind(listen: 16)
        descriptor = socket.descriptor
        port = socket.port
        let thread = Thread { [self] in
            while true {
                let connection = accept(descriptor, nil, nil)
                lock.lock()
                let done = stopped
                if connection >= 0 { connections.append(connection) }
                lock.unlock()
                if done || (connection < 0 && errno != EINTR) { break }
            }
            acceptLoopEnded.signal()
        }
        thread.start()
    }

    /// Connections accepted so far (each is a request that reached the "server").
    var acceptedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return connections.count
    }

    func stop() {
        lock.lock()
        guard !stopped else { lock.unlock(); return }
        stopped = true
        lock.unlock()
        // shutdown() wakes the thread blocked in accept(); close() alone does not on Linux.
        shutdown(descriptor, Int32(SHUT_RDWR))
        acceptLoopEnded.wait()
        close(descriptor)
        lock.lock()
        for connection in connections { close(connection) }
        lock.unlock()
    }

    deinit { stop() }
}
