import Foundation

/// Where the commands write: results on stdout, diagnostics on stderr, unbuffered.
enum Console {
    static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// "feedd: " and the line, on stderr.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data("feedd: \(line)\n".utf8))
    }
}
