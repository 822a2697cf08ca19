import Foundation

/// Replaces a file's contents all at once: a temporary file beside it, written and synced, then
/// renamed over it. A reader (the daemon reloading) sees the old file or the new one, never
/// half of one; a crash leaves the old one. The file keeps its permission bits and owner.
enum AtomicFile {
    struct WriteError: Error {
        var message: String
    }

    static func write(_ text: String, to path: String) throws(WriteError) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var existing = stat()
        let exists = stat(path, &existing) == 0
        // A dot name: the config loader and its watcher skip dot files, so never read it half-written.
        let temporary = "\(directory)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, exists ? existing.st_mode & 0o7777 : 0o644)
        guard descriptor >= 0 else { throw WriteError(message: "cannot write \(temporary): \(Self.errorText())") }
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        do throws(WriteError) {
            try writeAll(Array(text.utf8), to: descriptor, path: temporary)
            if exists {
                _ = fchmod(descriptor, existing.st_mode & 0o7777)
                if geteuid() == 0 { _ = fchown(descriptor, existing.st_uid, existing.st_gid) }
            }
            guard fsync(descriptor) == 0 else { throw WriteError(message: "cannot sync \(temporary): \(Self.errorText())") }
            closed = true
            guard close(descriptor) == 0 else { throw WriteError(message: "cannot write \(temporary): \(Self.errorText())") }
            guard rename(temporary, path) == 0 else { throw WriteError(message: "cannot replace \(path): \(Self.errorText())") }
        } catch {
            unlink(temporary)
            throw error
        }
        // The rename itself survives a crash only once the directory is synced.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(WriteError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw WriteError(message: "cannot write \(path): \(errorText())") }
            offset += written
        }
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
