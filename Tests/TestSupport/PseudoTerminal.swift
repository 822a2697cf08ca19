import Foundation

/// A pseudo-terminal for tests of what a program does on a terminal (colour, a progress line, a
/// prompt): spawn it with its streams on `slavePath`; a reader thread collects what it writes,
/// and `send` types into it. The terminal turns each "\n" written into "\r\n".
public final class PseudoTerminal: @unchecked Sendable {
    // @unchecked: `collected` and `stopped` are only touched under `lock`.
    public let slavePath: String
    private let master: Int32
    /// Held open so that the master reads no EIO before a child opens the slave or after it ends.
    private let slave: Int32
    private let lock = NSLock()
    private var collected: [UInt8] = []
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    public init() throws {
        // posix_openpt and friends are not visible to Swift; this is what they do on Linux.
        // The two requests are the kernel's _IOR('T', 0x30, int) and _IOW('T', 0x31, int).
        let getNumber: UInt = 0x8004_5430  // TIOCGPTN
        let setLock: UInt = 0x4004_5431  // TIOCSPTLCK
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlocked: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, setLock, &unlocked) == 0, ioctl(master, getNumber, &number) == 0 else {
            throw TestSupportError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        slavePath = "/dev/pts/\(number)"
        slave = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { throw TestSupportError("cannot open \(slavePath): \(String(cString: strerror(errno)))") }
        let thread = Thread { [self] in readUntilClosed() }
        thread.start()
    }

    deinit {
        close()
    }

    /// Everything written to the terminal so far, "\r\n" turned back into "\n".
    public var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// Types `text` into the terminal.
    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Stops reading and closes both sides. Safe to call more than once.
    public func close() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        guard !already else { return }
        finished.wait()
        Glibc.close(slave)
        Glibc.close(master)
    }

    private func readUntilClosed() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            lock.lock()
            let stop = stopped
            lock.unlock()
            if stop { break }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if count > 0 {
                lock.lock()
                collected.append(contentsOf: buffer[..<count])
                lock.unlock()
            } else if count < 0, errno != EINTR, errno != EAGAIN {
                break
            }
        }
        finished.signal()
    }
}
