import Glibc
import Synchronization

/// A POSIX thread that can be joined, which Foundation's `Thread` cannot.
final class JoinableThread: Sendable {
    private let thread: pthread_t
    private let joined = Mutex(false)

    /// Starts `body` on a new thread.
    init(body: @escaping () -> Void) throws(FetchError) {
        final class Box {
            let body: () -> Void
            init(_ body: @escaping () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            Unmanaged<Box>.fromOpaque(argument).takeRetainedValue().body()
            return nil
        }, box)
        guard started == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw FetchError(.transfer, "could not start the transfer thread (error \(started))")
        }
        self.thread = thread
    }

    /// Waits until the thread has ended; later calls return at once. From the thread itself, it
    /// detaches instead, since a thread cannot wait for its own end.
    func join() {
        joined.withLock { joined in
            guard !joined else { return }
            joined = true
            if pthread_equal(pthread_self(), thread) != 0 {
                pthread_detach(thread)
            } else {
                pthread_join(thread, nil)
            }
        }
    }
}
