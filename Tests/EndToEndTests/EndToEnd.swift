import Testing

/// Every end-to-end suite nests in this one so that they run one at a time: each spawns the real
/// daemon, servers and sometimes nginx, and a 2-core machine should not run them all at once.
@Suite(.serialized) enum EndToEnd {}
