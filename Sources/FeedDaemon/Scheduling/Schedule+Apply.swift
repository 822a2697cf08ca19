import HeapModule

extension Schedule {
    /// What a new configuration changed, by feed URL.
    public struct Change: Sendable, Equatable {
        public var added: [String] = []
        public var removed: [String] = []
        public var changed: [String] = []
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
    }

    /// Makes `configured` the set of feeds. A feed never polled is due now; one with a saved next
    /// poll keeps it (a restart keeps the schedule), spread over `spread` seconds when overdue.
    /// `honourSavedTimes` false makes every new feed due now (poll-once); `pollGone` polls even
    /// the feeds a 410 stopped (`poll-once --force`). A feed whose interval changed is due now,
    /// and so is a gone feed whose entry changed. O(n) in the number of feeds, and nothing is
    /// copied when the list is the one already applied.
    @discardableResult
    public mutating func apply(_ configured: [FeedConfig], now: Double, spread: Double = 0, honourSavedTimes: Bool = true,
                               pollGone: Bool = false, using random: inout some RandomNumberGenerator) -> Change {
        var change = Change()
        guard configured != feeds || !saved.isEmpty else { return change }
        var newSlotByURL = [String: Int32](minimumCapacity: configured.count)
        var newSlots: [Slot] = []
        var newStates: [FeedState] = []
        newSlots.reserveCapacity(configured.count)
        newStates.reserveCapacity(configured.count)
        // Old slot -> new slot of each feed kept (-1: removed).
        var renumbered = [Int32](repeating: -1, count: feeds.count)
        var fresh: [Int] = []
        var changedEntries: [(index: Int, newInterval: Bool)] = []
        for (index, feed) in configured.enumerated() {
            if let first = newSlotByURL.updateValue(Int32(index), forKey: feed.url) {
                // A URL listed twice (the config loader refuses that): the first listing counts.
                newSlotByURL[feed.url] = first
                newSlots.append(Slot(listed: false))
                newStates.append(FeedState())
                continue
            }
            guard !slotByURL.isEmpty, let old = slotByURL[feed.url].map(Int.init) else {
                change.added.append(feed.url)
                newSlots.append(Slot())
                newStates.append(FeedState())
                fresh.append(index)
                continue
            }
            renumbered[old] = Int32(index)
            newSlots.append(slots[old])
            newStates.append(states[old])
            let previous = feeds[old]
            if previous.interval != feed.interval || previous.givenName != feed.givenName {
                change.changed.append(feed.url)
                changedEntries.append((index, previous.interval != feed.interval))
            }
        }
        for (old, feed) in feeds.enumerated() where renumbered[old] < 0 && slots[old].listed {
            change.removed.append(feed.url)
            removedSinceSave.append(feed.url)
            if slots[old].inFlight { orphans[feed.url] = Orphan(host: slots[old].host, holdingHost: slots[old].holdingHost) }
        }
        // States from an earlier run meet their feeds once; the others stay in the store only.
        if !saved.isEmpty {
            var isFresh = [Bool](repeating: false, count: configured.count)
            for index in fresh { isFresh[index] = true }
            for entry in saved {
                if let index = newSlotByURL[entry.url].map(Int.init), isFresh[index] { newStates[index] = entry.state }
            }
            saved = []
        }

        // Queued entries name feeds by slot: renumber them (those of removed feeds go stale).
        future = Heap(future.unordered.compactMap { due in
            let slot = renumbered.indices.contains(Int(due.slot)) ? renumbered[Int(due.slot)] : -1
            return slot < 0 ? nil : Due(time: due.time, slot: slot, generation: due.generation)
        })
        ready.updateWaiting { ticket in
            let slot = renumbered.indices.contains(Int(ticket.slot)) ? renumbered[Int(ticket.slot)] : -1
            return Ticket(slot: slot, generation: ticket.generation)  // -1: never live again
        }

        feeds = configured
        slots = newSlots
        states = newStates
        slotByURL = newSlotByURL
        unsavedCount = slots.reduce(0) { $0 + ($1.unsaved ? 1 : 0) }

        for index in fresh {
            let state = states[index]
            slots[index].host = hostSlot(for: state.movedTo ?? configured[index].url)
            guard !state.gone || pollGone else { continue }
            let saved = honourSavedTimes ? state.nextPoll ?? 0 : 0
            let overdue = saved > 0 && saved <= now && spread > 0
            let when = saved > now ? saved : now + (overdue ? Double.random(in: 0..<spread, using: &random) : 0)
            enqueue(index, at: when)
        }
        for (index, newInterval) in changedEntries where !slots[index].inFlight {
            if states[index].gone {
                var state = states[index]
                state.gone = false
                update(index, to: state)
            } else if !newInterval {
                continue
            }
            enqueue(index, at: now)
        }
        return change
    }

    /// Takes saved states for feeds not in the schedule yet: the next `apply` that adds them
    /// continues from these (a node taking over another's feeds) instead of starting afresh;
    /// those it does not add are let go, as at start.
    public mutating func adopt(_ states: [StoredFeedState]) {
        saved += states.filter { slotByURL[$0.url] == nil }
    }
}
