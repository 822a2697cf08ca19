import Foundation

/// `<state_dir>/index/manifest.json`: which run files make the seen-index, the SipHash key they
/// share, and the archive position they cover. Everything the archive holds past that position
/// is read again at open (the tail), so a crash between writing a run and writing the manifest
/// only costs reading a little more.
///
/// Replaced whole (temporary file, fsync, rename, fsync of the directory), never edited.
struct SeenIndexManifest: Codable, Equatable, Sendable {
    static let formatVersion = 2

    var version = Self.formatVersion
    var sipKey0: UInt64
    var sipKey1: UInt64
    /// Run file names, oldest (and largest) first.
    var runs: [String]
    /// What the runs cover.
    var covered: ArchivePosition
    /// The next run number to use.
    var nextRun: Int

    /// The manifest under `directory`, or nil when there is none; throws when it is unreadable.
    static func load(directory: String) throws(SeenRunDamage) -> SeenIndexManifest? {
        let path = directory + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw SeenRunDamage("\(path) cannot be read") }
            return nil
        }
        let manifest: SeenIndexManifest
        do {
            manifest = try JSONDecoder().decode(SeenIndexManifest.self, from: data)
        } catch {
            throw SeenRunDamage("\(path) is not a manifest")
        }
        guard manifest.version == formatVersion else {
            throw SeenRunDamage("\(path) has format version \(manifest.version)")
        }
        return manifest
    }

    /// Writes the manifest durably into `directory`.
    func save(directory: String) throws(ArchiveError) {
        let path = directory + "/manifest.json"
        let temporary = path + ".tmp"
        let bytes: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            bytes = Array(try encoder.encode(self)) + [0x0A]
        } catch {
            throw .io(operation: "encode", path: path, errno: EINVAL)
        }
        unlink(temporary)
        let file = try FileDescriptor(path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
        if let code = bytes.withUnsafeBytes({ file.write($0) }) ?? file.syncData() {
            unlink(temporary)
            throw .io(operation: "write", path: temporary, errno: code)
        }
        guard rename(temporary, path) == 0 else { throw .io(operation: "rename", path: temporary, errno: errno) }
        let parent = try FileDescriptor(path: directory, flags: O_RDONLY | O_DIRECTORY)
        if let code = parent.sync() { throw .io(operation: "sync", path: directory, errno: code) }
    }

    static func runFileName(_ number: Int) -> String {
        let digits = String(number)
        return "run-" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".seen"
    }
}
