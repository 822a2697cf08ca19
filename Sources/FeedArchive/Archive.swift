/// The append-only archive with its seen-index: the one writer of `<state_dir>/archive/`.
///
/// Skeleton: the durable implementation lands with the FeedArchive module.
public actor Archive {
    public let directory: String

    private var seen: Set<String> = []

    private init(directory: String) {
        self.directory = directory
    }

    /// Opens (creating when needed) the archive under `stateDirectory`.
    public static func open(stateDirectory: String) throws -> Archive {
        Archive(directory: stateDirectory + "/archive")
    }

    /// Archives the records not seen before and returns them, in order, once durable.
    public func append(_ records: [ArchiveRecord]) async throws -> [ArchiveRecord] {
        var fresh: [ArchiveRecord] = []
        for record in records where seen.insert(record.canonicalURL).inserted {
            fresh.append(record)
        }
        return fresh
    }
}
