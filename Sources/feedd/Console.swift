import Foundation
import SafeText

/// Where the commands write: results on stdout, diagnostics on stderr, unbuffered.
enum Console {
    static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// "feedd: " and the line, on stderr, terminal-safe (`TerminalText`).
    static func error(_ line: String) {
        FileHandle.standardError.write(Data("feedd: \(TerminalText.render(line))\n".utf8))
    }
}
