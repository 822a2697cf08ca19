import Foundation
import HTTPFetching

// Removed when the HTTPFetching branch lands: it brings the real helpers.
extension FetchResponse {
    func freshnessSeconds(now: Date) -> Int? { nil }
    func retryAfterSeconds(now: Date) -> Int? { headers["retry-after"].flatMap { Int($0) } }
}
