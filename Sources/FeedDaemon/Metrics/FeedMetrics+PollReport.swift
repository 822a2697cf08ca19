import FeedMetrics

extension FeedMetrics {
    /// Counts one finished poll; a poll cut short by shutdown counts as nothing.
    func record(_ report: PollReport) {
        let result: PollResult
        switch report.outcome {
        case .fetched: result = .fetched
        case .notModified: result = .notModified
        case .failed: result = .failed
        case .gone: result = .gone
        case .interrupted: return
        }
        recordPoll(result, fetchSeconds: report.fetchSeconds, bytes: report.bytesFetched, archived: report.newItems,
                   duplicates: report.duplicateItems, finishedAt: report.finishedAt)
    }
}
