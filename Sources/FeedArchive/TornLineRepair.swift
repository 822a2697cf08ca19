import Foundation

/// Mends the end of the newest segment after a crash: a write cut short leaves a line without its
/// `\n`, which is cut off; and if the last complete line is not valid JSON (garbage left by a
/// power cut), it is cut too. Records before it are never touched.
enum TornLineRepair {
    /// Repairs the segment at `path`; returns one operator-facing sentence when it cut anything.
    static func repair(segmentAt path: String) throws(ArchiveError) -> String? {
        let file = try FileDescriptor(path: path, flags: O_RDWR)
        let size = try file.size()
        guard size > 0 else { return nil }
        var keep = try LineReader.lastNewline(before: size, in: file).map { $0 + 1 } ?? 0
        var cuts: [String] = []
        if keep < size {
            cuts.append("a torn last line (\(size - keep) bytes without a newline)")
        }
        if let last = try LineReader.lastLine(in: file, size: keep), !isJSONObject(last.bytes) {
            cuts.append("a last line that is not valid JSON (\(keep - last.start) bytes)")
            keep = last.start
        }
        guard !cuts.isEmpty else { return nil }
        try file.truncate(to: keep)
        if let code = file.syncData() { throw .io(operation: "sync", path: path, errno: code) }
        return "archive repaired: cut \(cuts.joined(separator: " and ")) from the end of \(path); "
            + "it now ends after byte \(keep)"
    }

    private static func isJSONObject(_ bytes: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) is [String: Any]
    }
}
