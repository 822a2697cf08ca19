import Foundation

/// Compressed bodies for tests, made with the system `gzip` binary.
public enum TestCompression {
    /// `bytes` as a gzip stream (Content-Encoding: gzip).
    public static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = NSTemporaryDirectory() + "/feedd-gzip-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: input, contents: Data(bytes)) else {
            throw TestSupportError("could not write \(input)")
        }
        defer { try? FileManager.default.removeItem(atPath: input) }
        return try run(["gzip", "-c", "-n", input])
    }

    /// `bytes` as a zlib stream (Content-Encoding: deflate, RFC 1950): the deflate data of a gzip
    /// stream, wrapped in a zlib header and an Adler-32 trailer.
    public static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        let gzipped = try gzip(bytes)
        // `gzip -n` writes a bare 10-byte header (no name, flags 0) and an 8-byte trailer.
        guard gzipped.count > 18, gzipped[0] == 0x1F, gzipped[1] == 0x8B, gzipped[3] == 0 else {
            throw TestSupportError("unexpected gzip header")
        }
        let checksum = adler32(bytes)
        let trailer = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: checksum >> $0) }
        return [0x78, 0x9C] + gzipped[10..<(gzipped.count - 8)] + trailer
    }

    /// A gzip bomb: `count` zero bytes compressed (200 MB make about 200 KB).
    public static func gzippedZeros(count: Int) throws -> [UInt8] {
        try run(["sh", "-c", "head -c \(count) /dev/zero | gzip -c -n -1"])
    }

    private static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var low: UInt32 = 1
        var high: UInt32 = 0
        for byte in bytes {
            low = (low + UInt32(byte)) % 65_521
            high = (high + low) % 65_521
        }
        return high << 16 | low
    }

    /// Runs a command found on PATH and returns its standard output; throws if it fails.
    private static func run(_ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("\(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return [UInt8](data)
    }
}
