import Testing

// Replaced by the FeedParsing module's tests.
@Test func placeholder() {}
