import Foundation

/// Where everything lives under a state directory:
///
/// ```
/// <state_dir>/lock              exclusive flock of the running feedd; holds its pid
/// <state_dir>/archive/*.jsonl          the archive segments (see `SegmentName`)
/// <state_dir>/archive/aliases/aliases.jsonl  other keys of archived items (see `AliasRecord`); in a
///                                       directory of its own so that archive/*.jsonl is records only
/// <state_dir>/index/manifest.json       the seen-index, derived from the archive: its manifest
/// <state_dir>/index/run-NNNNNNNN.seen   and its runs (see `SeenIndex`)
/// ```
struct ArchiveLayout: Sendable {
    /// One segment file on disk.
    struct Segment: Sendable {
        let name: SegmentName
        let path: String
    }

    let stateDirectory: String
    var archiveDirectory: String { stateDirectory + "/archive" }
    var indexDirectory: String { stateDirectory + "/index" }
    var aliasesDirectory: String { archiveDirectory + "/" + Self.aliasesDirectoryName }
    var manifestPath: String { indexDirectory + "/manifest.json" }
    var aliasesPath: String { aliasesDirectory + "/aliases.jsonl" }
    static let aliasesDirectoryName = "aliases"
    var lockPath: String { stateDirectory + "/lock" }

    /// The segments in write order, and the names of files in `archive/` that are not segments.
    func segments() throws(ArchiveError) -> (segments: [Segment], strangers: [String]) {
        guard let directory = opendir(archiveDirectory) else {
            throw .io(operation: "list", path: archiveDirectory, errno: errno)
        }
        defer { closedir(directory) }
        var segments: [Segment] = []
        var strangers: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." || name == Self.aliasesDirectoryName { continue }
            if let segment = SegmentName(fileName: name) {
                segments.append(Segment(name: segment, path: archiveDirectory + "/" + name))
            } else {
                strangers.append(name)
            }
        }
        return (segments.sorted { $0.name < $1.name }, strangers.sorted())
    }

    /// The path of a segment named `name`.
    func path(of name: SegmentName) -> String {
        archiveDirectory + "/" + name.fileName
    }
}
