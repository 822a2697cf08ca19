import ArgumentParser
import FeedArchive
import Foundation
import SafeText

/// How a command ends on an error: one line on stderr, made safe for a terminal, and the exit
/// status. An unsafe state directory is the operator's to fix, like a broken configuration, so
/// it exits 78 (EX_CONFIG), which the systemd unit does not restart; anything else exits 1.
enum CommandFailure {
    static func exitCode(for error: any Error) -> ExitCode {
        error is StateDirectoryError ? ExitCode(78) : .failure
    }

    /// Prints `feedd: <error>` on stderr and returns the exit status for it.
    static func report(_ error: any Error) -> ExitCode {
        printError("\(error)")
        return exitCode(for: error)
    }

    /// Prints `feedd: <message>` on stderr, terminal-safe.
    static func printError(_ message: String) {
        Console.error(message)
    }
}
