@testable import HTTPFetching
import Testing

@Test(arguments: [
    (0, "0 bytes"), (1, "1 byte"), (512, "512 bytes"), (1024, "1 KiB"), (1536, "1.5 KiB"),
    (8 << 20, "8 MiB"), (1_000_000, "976.6 KiB"), (3 << 30, "3 GiB"),
])
func byteCountsReadLikeAPersonWouldWriteThem(count: Int, expected: String) {
    #expect(ByteCount.describe(count) == expected)
}
