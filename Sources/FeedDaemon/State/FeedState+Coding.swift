import FeedArchive

/// The JSON form of a feed state: an object with snake_case keys, fields without a value left
/// out. `FeedStateLineParser` reads it back.
extension FeedState {
    /// Writes the state as a JSON object, straight into `writer` (JSONEncoder costs ten times more,
    /// and a poll of every feed writes every state).
    func write(to writer: inout JSONLineWriter) {
        writer.appendRaw("{")
        var first = true
        func key(_ name: StaticString) {
            writer.appendRaw(first ? "\"" : ",\"")
            writer.appendRaw(name)
            writer.appendRaw("\":")
            first = false
        }
        if let etag { key("etag"); writer.appendString(etag) }
        if let lastModified { key("last_modified"); writer.appendString(lastModified) }
        if let movedTo { key("moved_to"); writer.appendString(movedTo) }
        if gone { key("gone"); writer.appendRaw("true") }
        if let lastPolled { key("last_polled"); writer.appendNumber(lastPolled) }
        if let nextPoll { key("next_poll"); writer.appendNumber(nextPoll) }
        if let lastStatus { key("last_status"); writer.appendInteger(lastStatus) }
        if let lastError { key("last_error"); writer.appendString(lastError) }
        if let retryAfterUntil { key("retry_after_until"); writer.appendNumber(retryAfterUntil) }
        if consecutiveFailures != 0 { key("consecutive_failures"); writer.appendInteger(consecutiveFailures) }
        if let interval { key("interval"); writer.appendInteger(interval) }
        if let newestEntry { key("newest_entry"); writer.appendNumber(newestEntry) }
        if let meanEntryGap { key("mean_entry_gap"); writer.appendNumber(meanEntryGap) }
        if let lastNewItems { key("last_new_items"); writer.appendNumber(lastNewItems) }
        if itemsArchived != 0 { key("items_archived"); writer.appendInteger(itemsArchived) }
        writer.appendRaw("}")
    }
}
