import ArgumentParser
import CMalloc
import FeedDaemon

@main
struct Feedd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedd",
        abstract: "Polls RSS and Atom feeds and appends new items to a local archive.",
        discussion: """
            feedd polls each configured feed on its own schedule, drops the items it has \
            already archived (by canonical URL) and appends the rest to an append-only JSON \
            Lines archive. `feedd run` is the daemon (systemd's feedd.service); the other \
            commands poll once, check the configuration or read and mend the state. The \
            configuration is /etc/feedd/feedd.toml and /etc/feedd/feeds.d/*.toml unless \
            --config or $FEEDD_CONFIG names another.
            """ + "\n\n" + ExitStatus.help,
        version: FeeddVersion.string,
        subcommands: [
            RunCommand.self, PollOnceCommand.self, CheckConfigCommand.self, ParseCommand.self, TailCommand.self,
            StatusCommand.self, ExportCommand.self, ReindexCommand.self, ExtractCommand.self,
            AddCommand.self, RemoveCommand.self, ImportOPMLCommand.self, ExportOPMLCommand.self, MigrateCommand.self,
        ]
    )

    static func main() async {
        // glibc raises its mmap threshold each time a large block is freed, until large feed
        // bodies and parse buffers all come from the heap and fragment it (2 MB more peak RSS at
        // 10,000 feeds). A fixed threshold keeps such blocks in mappings returned whole on free;
        // at 256 KiB it costs no measurable system time (128 KiB cost 25 % more), and the
        // seen-set's 256 KiB chunks, with malloc's header, still get mappings of their own.
        mallopt(M_MMAP_THRESHOLD, 256 << 10)
        await main(nil)
    }
}
