import Testing

// Replaced by the EndToEnd module's tests.
@Test func placeholder() {}
