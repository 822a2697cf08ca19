import Testing

// Replaced by the FeedArchive module's tests.
@Test func placeholder() {}
