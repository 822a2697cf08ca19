extension Schedule {
    /// Whether any state changed, or any feed was removed, since they were last taken.
    public var hasUnsavedChanges: Bool { unsavedCount > 0 || !removedSinceSave.isEmpty }

    /// Up to `limit` states changed since they were last taken, now counted as saved.
    public mutating func takeUnsaved(limit: Int) -> [StoredFeedState] {
        var taken: [StoredFeedState] = []
        guard unsavedCount > 0 else { return taken }
        taken.reserveCapacity(min(limit, unsavedCount))
        for index in slots.indices where slots[index].unsaved {
            guard taken.count < limit else { break }
            slots[index].unsaved = false
            unsavedCount -= 1
            taken.append(StoredFeedState(url: feeds[index].url, state: states[index]))
        }
        return taken
    }

    /// The URLs of feeds removed since they were last taken.
    public mutating func takeRemoved() -> [String] {
        defer { removedSinceSave = [] }
        return removedSinceSave
    }

    /// Counts these feeds' states as unsaved again (their write failed).
    public mutating func markUnsaved(_ urls: [String]) {
        for url in urls {
            guard let slot = slotByURL[url].map(Int.init), !slots[slot].unsaved else { continue }
            slots[slot].unsaved = true
            unsavedCount += 1
        }
    }

    /// Counts these removals as not yet saved (their write failed).
    public mutating func markRemovedUnsaved(_ urls: [String]) {
        removedSinceSave = urls.filter { slotByURL[$0] == nil } + removedSinceSave
    }

    /// Every configured feed's state, in config order.
    public var storedStates: [StoredFeedState] {
        slots.indices.compactMap { index in
            slots[index].listed ? StoredFeedState(url: feeds[index].url, state: states[index]) : nil
        }
    }
}
