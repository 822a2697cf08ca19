@testable import FeedDaemon
import Testing

@Suite struct ConfigValuesTests {
    @Test(arguments: [
        ("90", 90), ("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86_400), ("1w", 604_800),
        ("1h30m", 5400), (" 45s ", 45), ("2H", 7200),
    ])
    func durations(text: String, seconds: Int) {
        #expect(ConfigValues.seconds(text) == seconds)
    }

    @Test(arguments: ["", "soon", "5x", "m", "1h30", "-5m", "99999999999999999999s"])
    func badDurations(text: String) {
        #expect(ConfigValues.seconds(text) == nil)
    }

    @Test(arguments: [
        ("512", 512), ("64KiB", 65_536), ("64KB", 65_536), ("8MiB", 8 << 20), ("1G", 1 << 30), ("1gib", 1 << 30),
    ])
    func sizes(text: String, bytes: Int) {
        #expect(ConfigValues.bytes(text) == bytes)
    }

    @Test(arguments: ["", "big", "12 parsecs"])
    func badSizes(text: String) {
        #expect(ConfigValues.bytes(text) == nil)
    }
}
