import Foundation
import TestSupport
import Testing
@testable import FeedParsing

/// A seeded property test: real feeds mutated by bit flips, byte edits, truncation, splices
/// and inserted markup, each parsed under tight limits. Whatever the input, the parser
/// returns a feed within the limits or throws `FeedParseError`; it never crashes or hangs.
@Suite struct ParserFuzzTests {
    static let tokens: [[UInt8]] = [
        "<", ">", "&", "&amp;", "&nbsp;", "&#0;", "&#x110000;", "<![CDATA[", "]]>", "<!--", "-->", "<?xml version='1.0'?>",
        "<!DOCTYPE x [<!ENTITY e \"&e;\">]>", "&e;", "xml:base=\"../\"", "<item>", "</item>", "<entry>", "<content type=\"xhtml\">",
        "<div xmlns=\"http://www.w3.org/1999/xhtml\">", "\u{0}", "\u{FEFF}", "encoding=\"utf-16\"", "<title type=\"\" mode=\"base64\">",
    ].map { Array($0.utf8) }

    /// The repository's conformance sample, and when the shared material is there a few of its
    /// real-world feeds and an EBCDIC document too.
    static func seeds() throws -> [[UInt8]] {
        var seeds = try SampleDocuments.all().map(\.bytes)
        let realWorld = ["nnw_DaringFireball.atom", "feedjira_TechCrunch.xml", "miniflux_rdf_UTF8.xml",
                         "miniflux_encoding_WINDOWS-1251.xml", "feedrs_atom_xml_base.xml", "nnw_inessential.json",
                         "feedrs_rss_2.0_dbengines.xml", "rome_slashdot.xml"].map { "realworld/feeds/\($0)" }
        for relative in realWorld + ["conformance/feeds/encoding/x80_cp037.xml"] where SharedMaterial.has(relative) {
            seeds.append([UInt8](try Data(contentsOf: URL(fileURLWithPath: try SharedMaterial.path(relative)))))
        }
        return seeds.map { Array($0.prefix(24_000)) }
    }

    static func mutate(_ seed: [UInt8], other: [UInt8], using generator: inout SeededRandom) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
            case 1: bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 2: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...64, using: &generator)))
            case 3: bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &generator)], at: position)
            case 4: bytes.removeSubrange(position...)
            default:
                let start = Int.random(in: 0..<max(other.count, 1), using: &generator)
                let piece = other[min(start, other.count)..<min(other.count, start + Int.random(in: 1...512, using: &generator))]
                bytes.insert(contentsOf: piece, at: position)
            }
        }
        return bytes
    }

    @Test func mutatedFeedsNeverBreakTheParser() throws {
        let seeds = try Self.seeds()
        let limits = ParserLimits(maxDepth: 64, maxEntries: 50, maxFieldBytes: 64 << 10)
        let parser = FeedParser(limits: limits)
        // FEEDD_MUTATION_SECONDS and FEEDD_MUTATION_SEED make a longer or different run. Not
        // FEEDD_FUZZ_SECONDS: that one sizes scripts/test.sh's libFuzzer run, and 0 turns it off.
        let environment = ProcessInfo.processInfo.environment
        let seconds = max(1, environment["FEEDD_MUTATION_SECONDS"].flatMap(Int.init) ?? 4)
        var generator = SeededRandom(seed: environment["FEEDD_MUTATION_SEED"].flatMap { UInt64($0) } ?? 0xFEED_D5EED)
        let deadline = ContinuousClock.now + .seconds(seconds)
        var parsed = 0
        var rejected = 0
        for iteration in 0..<(seconds > 4 ? Int.max : 5_000) {
            guard ContinuousClock.now < deadline else { break }
            let seed = seeds[iteration % seeds.count]
            let other = seeds[Int.random(in: 0..<seeds.count, using: &generator)]
            let document = Self.mutate(seed, other: other, using: &generator)
            do {
                let feed = try parser.parse(document, context: DocumentContext(url: "https://example.com/feed"))
                #expect(feed.entries.count <= limits.maxEntries)
                for entry in feed.entries {
                    #expect((entry.content?.utf8.count ?? 0) <= limits.maxFieldBytes * 4)
                }
                _ = FeedJSON.render(feed)
                parsed += 1
            } catch {
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        // The harness really ran, and most mutants are still readable feeds.
        #expect(parsed + rejected >= 200)
        #expect(parsed > rejected)
    }
}
