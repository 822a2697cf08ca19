import Glibc
import Testing
@testable import FeedParsing

/// The script check scans raw memory; these run it on bytes that end right before a page the
/// process may not read, so that reading one byte too far crashes the test instead of passing.
@Suite struct HTMLScriptRemovalTests {
    /// Calls `body` with `bytes` placed at the very end of a readable page followed by an
    /// unreadable one.
    static func atEndOfReadableMemory<T>(_ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> T) throws -> T {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let size = (bytes.count / page + 2) * page
        let mapping = try #require(mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        #expect(mapping != MAP_FAILED)
        defer { munmap(mapping, size) }
        let guardPage = mapping + size - page
        #expect(mprotect(guardPage, page, PROT_NONE) == 0)
        let start = (guardPage - bytes.count).assumingMemoryBound(to: UInt8.self)
        start.initialize(from: bytes, count: bytes.count)
        return body(UnsafeBufferPointer(start: start, count: bytes.count))
    }

    @Test(arguments: ["<a href=x>\n\n\n\n<", "text then <", "<", "1234567<s", "<scrip", "123456<style"])
    func aTrailingOpenBracketIsNotAStartTag(_ html: String) throws {
        let found = try Self.atEndOfReadableMemory(Array(html.utf8)) { HTMLScriptRemoval.mayContainScripts($0) }
        #expect(!found)
    }

    @Test(arguments: ["<script>x</script>", "ab<STYLE>p{}</style>", "12345<applet>"])
    func startTagsAtTheEndAreFound(_ html: String) throws {
        let found = try Self.atEndOfReadableMemory(Array(html.utf8)) { HTMLScriptRemoval.mayContainScripts($0) }
        #expect(found)
    }
}
