extension SeenKeySlots {
    /// Sorts slots `0 ..< count` ascending in place, with no extra memory (the standard library's
    /// sort allocates half the count again): introsort, i.e. quicksort that falls back to heapsort
    /// past `depthLimit` levels (nil: twice log2 of count) and finishes short runs by insertion.
    func sort(count: Int, depthLimit: Int? = nil) {
        guard count > 1 else { return }
        introsort(0 ..< count, depthLimit: depthLimit ?? 2 * (Int.bitWidth - count.leadingZeroBitCount))
    }

    /// Moves the distinct keys of sorted slots `0 ..< count` to the front; returns how many.
    func removeAdjacentDuplicates(count: Int) -> Int {
        guard count > 1 else { return count }
        var kept = 1
        for index in 1 ..< count where self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        return kept
    }

    private static let insertionSortLength = 16

    private func introsort(_ range: Range<Int>, depthLimit: Int) {
        var range = range
        var depth = depthLimit
        while range.count > Self.insertionSortLength {
            if depth == 0 {
                heapsort(range)
                return
            }
            depth -= 1
            let split = partition(range)
            // Recurse into the shorter side, loop on the longer: the stack stays O(log n).
            if split - range.lowerBound < range.upperBound - split {
                introsort(range.lowerBound ..< split, depthLimit: depth)
                range = split ..< range.upperBound
            } else {
                introsort(split ..< range.upperBound, depthLimit: depth)
                range = range.lowerBound ..< split
            }
        }
        insertionSort(range)
    }

    /// Hoare partition around the median of the first, middle and last keys (at least three):
    /// returns `split` with every key before it ≤ every key from it on, both sides non-empty.
    private func partition(_ range: Range<Int>) -> Int {
        let first = self[range.lowerBound]
        let middle = self[range.lowerBound + range.count / 2]
        let last = self[range.upperBound - 1]
        let pivot = max(min(first, middle), min(max(first, middle), last))
        var left = range.lowerBound - 1
        var right = range.upperBound
        while true {
            repeat { left += 1 } while self[left] < pivot
            repeat { right -= 1 } while pivot < self[right]
            if left >= right { return right + 1 }
            swapAt(left, right)
        }
    }

    private func insertionSort(_ range: Range<Int>) {
        guard range.count > 1 else { return }
        for index in range.lowerBound + 1 ..< range.upperBound {
            let key = self[index]
            var hole = index
            while hole > range.lowerBound, key < self[hole - 1] {
                self[hole] = self[hole - 1]
                hole -= 1
            }
            self[hole] = key
        }
    }

    private func heapsort(_ range: Range<Int>) {
        let base = range.lowerBound
        let count = range.count
        for root in stride(from: count / 2 - 1, through: 0, by: -1) {
            siftDown(root, base: base, count: count)
        }
        for end in stride(from: count - 1, to: 0, by: -1) {
            swapAt(base, base + end)
            siftDown(0, base: base, count: end)
        }
    }

    /// Restores the max-heap below `root` in the heap of `count` keys starting at slot `base`.
    private func siftDown(_ root: Int, base: Int, count: Int) {
        var parent = root
        while true {
            var largest = parent
            let left = 2 * parent + 1
            if left < count, self[base + largest] < self[base + left] { largest = left }
            if left + 1 < count, self[base + largest] < self[base + left + 1] { largest = left + 1 }
            guard largest != parent else { return }
            swapAt(base + parent, base + largest)
            parent = largest
        }
    }
}
