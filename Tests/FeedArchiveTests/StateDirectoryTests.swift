import FeedArchive
import Foundation
import Testing

/// The state directory's rules: only feedd's own user may write there, and nothing in it is
/// opened through a symbolic link.
@Suite struct StateDirectoryTests {
    @Test(arguments: [0o775, 0o757, 0o777, 0o1777] as [mode_t])
    func aDirectoryOthersCanWriteIsRefused(mode: mode_t) async throws {
        try await withTemporaryState { state in
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            #expect(chmod(state, mode) == 0)
            #expect(throws: StateDirectoryError(path: state, problem: .writableByOthers(mode: UInt32(S_IFDIR | mode)))) {
                _ = try Archive.open(stateDirectory: state)
            }
            #expect(!FileManager.default.fileExists(atPath: state + "/lock"), "nothing opened in a refused directory")
            // The same for archive/ inside a good state directory.
            #expect(chmod(state, 0o755) == 0)
            try FileManager.default.createDirectory(atPath: state + "/archive", withIntermediateDirectories: true)
            #expect(chmod(state + "/archive", mode) == 0)
            #expect(throws: StateDirectoryError(path: state + "/archive", problem: .writableByOthers(mode: UInt32(S_IFDIR | mode)))) {
                _ = try Archive.reindex(stateDirectory: state)
            }
        }
    }

    @Test func theMessageNamesTheDirectoryAndTheRemedy() {
        let error = StateDirectoryError(path: "/var/lib/feedd", problem: .writableByOthers(mode: UInt32(S_IFDIR) | 0o777))
        #expect(error.description == "state directory /var/lib/feedd is writable by its group or others (mode 777): "
                + "whoever can write there could plant links or forge archive lines; run chmod go-w /var/lib/feedd")
    }

    @Test(.enabled(if: geteuid() == 0, "giving a directory to another user needs root"))
    func aDirectoryOfAnotherUserIsRefused() async throws {
        try await withTemporaryState { state in
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            #expect(chown(state, 65534, 65534) == 0)
            #expect(throws: StateDirectoryError(path: state, problem: .ownedByAnotherUser(owner: 65534, user: 0))) {
                _ = try Archive.open(stateDirectory: state)
            }
        }
    }

    @Test func theStateDirectoryItselfMayBeALink() async throws {
        try await withTemporaryState { state in
            let real = state + "-real"
            try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: state, withDestinationPath: real)
            let archive = try Archive.open(stateDirectory: state)
            #expect(try await archive.append([makeRecord(1)]).count == 1)
            await archive.close()
            #expect(FileManager.default.fileExists(atPath: real + "/archive"))
            try? FileManager.default.removeItem(atPath: real)
        }
    }

    /// Links where feedd keeps its own directories and files: each refused, naming the link,
    /// and the file it points at untouched.
    @Test(arguments: ["archive", "index", "lock", "index/manifest.json", "run", "archive/aliases", "segment"])
    func aSymbolicLinkInTheStateDirectoryIsRefused(planted: String) async throws {
        try await withTemporaryState { state in
            let archive = try Archive.open(stateDirectory: state)
            #expect(try await archive.append([makeRecord(1)]).count == 1)
            await archive.close()
            let victim = state + "/../victim"
            let segment = try #require(ArchiveReader(stateDirectory: state).segmentPaths().first)
            let run = try #require(try FileManager.default.contentsOfDirectory(atPath: state + "/index").first { $0.hasSuffix(".seen") })
            let path = planted == "segment" ? segment : planted == "run" ? state + "/index/" + run : state + "/" + planted
            try FileManager.default.moveItem(atPath: path, toPath: victim)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim)
            let before = try FileManager.default.attributesOfItem(atPath: victim)[.modificationDate] as? Date

            #expect(throws: StateDirectoryError(path: path, problem: .symbolicLink)) {
                _ = try Archive.open(stateDirectory: state)
            }
            #expect(try FileManager.default.attributesOfItem(atPath: victim)[.modificationDate] as? Date == before)
        }
    }

    /// A link planted as the index's temporary file: refused like any other, never written through.
    @Test func aLinkPlantedAsTheTemporaryIndexIsRefused() async throws {
        try await withTemporaryState { state in
            let archive = try Archive.open(stateDirectory: state)
            #expect(try await archive.append([makeRecord(1), makeRecord(2)]).count == 2)
            await archive.close()
            let victim = state + "/../victim"
            try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: state + "/index/manifest.json.tmp", withDestinationPath: victim)

            #expect(throws: StateDirectoryError(path: state + "/index/manifest.json.tmp", problem: .symbolicLink)) {
                _ = try Archive.reindex(stateDirectory: state)
            }
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        }
    }
}
