import Testing

// Replaced by the FeedURL module's tests.
@Test func placeholder() {}
