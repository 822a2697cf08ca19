import Foundation

/// Appends alias lines to `archive/aliases.jsonl`, synced like the segments. A failed write is
/// cut back so the file keeps ending on a whole line; the lines are then lost, which costs their
/// items a page fetch later, not the items themselves.
final class AliasWriter {
    let path: String
    private var file: FileDescriptor?
    private(set) var size: Int64

    init(path: String) throws(ArchiveError) {
        self.path = path
        let file = try FileDescriptor(path: path, flags: O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW)
        self.file = file
        size = try file.size()
    }

    /// Appends `bytes` (whole lines) durably; throws with nothing added.
    func commit(_ bytes: [UInt8]) throws(ArchiveError) {
        guard !bytes.isEmpty, let file else { return }
        let before = size
        if let code = bytes.withUnsafeBytes({ file.write($0) }) ?? file.syncData() {
            try? file.truncate(to: before)
            throw .appendFailed(path: path, errno: code)
        }
        size = before + Int64(bytes.count)
    }
}
