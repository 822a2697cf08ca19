@testable import FeedArchive
import Testing

struct SegmentNameTests {
    static let names: [(file: String, period: String?, sequence: Int)] = [
        ("2026-11.jsonl", "2026-11", 0),
        ("2026-11.0001.jsonl", "2026-11", 1),
        ("2026-11.12345.jsonl", "2026-11", 12345),
        ("2026-11.0000.jsonl", nil, 0), // sequence 0 is written without a number
        ("2026-11.001.jsonl", nil, 0),
        ("2026-11.jsonl.tmp", nil, 0),
        ("2026-1.jsonl", nil, 0),
        ("2026_11.jsonl", nil, 0),
        ("archive.jsonl", nil, 0),
        ("2026-11.0001.0002.jsonl", nil, 0),
        ("2026-11..jsonl", nil, 0),
        ("seen.idx", nil, 0),
    ]

    @Test(arguments: names)
    func parses(file: String, period: String?, sequence: Int) {
        let name = SegmentName(fileName: file)
        #expect(name?.period == period)
        if let name {
            #expect(name.sequence == sequence)
            #expect(name.fileName == file)
        }
    }

    @Test func sortsInWriteOrder() {
        let files = ["2027-01.jsonl", "2026-11.0002.jsonl", "2026-12.jsonl", "2026-11.jsonl",
                     "2026-11.10000.jsonl", "2026-11.0001.jsonl"]
        let sorted = files.compactMap(SegmentName.init(fileName:)).sorted().map(\.fileName)
        #expect(sorted == ["2026-11.jsonl", "2026-11.0001.jsonl", "2026-11.0002.jsonl", "2026-11.10000.jsonl",
                           "2026-12.jsonl", "2027-01.jsonl"])
    }
}
