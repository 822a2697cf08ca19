import ArgumentParser

/// The exit statuses every `feedd` command uses, in one place so `--help`, the man page and the
/// README can list them. 64 and 78 come from sysexits.h, which systemd and shell scripts know.
enum ExitStatus {
    /// EX_CONFIG: the configuration (or a drop-in) is missing or wrong. Restarting will not help,
    /// so the unit's `RestartPreventExitStatus=78` leaves the service failed instead of looping.
    static let configuration = ExitCode(78)

    /// What `feedd --help` (and so the man page) says about exit statuses. Lines stay short so
    /// neither the help text nor man(1) wraps them.
    static let help = """
        Exit status:
          0   success (run: stopped by SIGTERM or SIGINT, archive written)
          1   the work failed: poll-once with a feed that failed, parse with
              a file that did not parse, a command that could not read or
              write its state
          64  the command line is wrong (EX_USAGE): an unknown option, a
              missing argument
          78  the configuration is wrong (EX_CONFIG): run, poll-once,
              check-config, status, tail, export and reindex print each
              problem with file and line, and exit 78 before doing anything
        """
}
