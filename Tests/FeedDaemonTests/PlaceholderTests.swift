import Testing

// Replaced by the FeedDaemon module's tests.
@Test func placeholder() {}
