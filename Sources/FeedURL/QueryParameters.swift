/// The query rules of the canonical form: tracking and empty parameters dropped, the rest
/// sorted by name.
enum QueryParameters {
    /// One `name=value` (or bare `name`) between `&`s, by position in the query.
    private struct Parameter {
        var start: Int
        var nameEnd: Int
        var end: Int
        var position: Int
    }

    /// Rewrites the percent-normalized query `buffer[start...]` (without its "?") in place.
    ///
    /// The sort is by the bytes of the name; parameters with the same name keep their order,
    /// since `a=1&a=2` and `a=2&a=1` can mean different things. A `+` stays a `+`.
    static func canonicalize(in buffer: inout [UInt8], from start: Int, dropping tracking: TrackingParameters) {
        let end = buffer.count
        var count = 1
        for index in start..<end where buffer[index] == ByteClass.ampersand { count += 1 }

        let newEnd = buffer.withUnsafeMutableBufferPointer { query -> Int in
            withUnsafeTemporaryAllocation(of: Parameter.self, capacity: count) { parameters -> Int in
                let kept = collect(query, start..<end, tracking: tracking, into: parameters)
                var ordered = UnsafeMutableBufferPointer(rebasing: parameters[..<kept])
                let isSorted = zip(ordered, ordered.dropFirst()).allSatisfy { !precedes($1, $0, in: query) }
                if kept == count, isSorted { return end }
                if !isSorted {
                    ordered.sort { precedes($0, $1, in: query) }
                }
                return rewrite(query, start..<end, with: ordered)
            }
        }
        buffer.removeSubrange(newEnd...)
    }

    /// Fills `parameters` with the non-empty, non-tracking parameters; returns their count.
    private static func collect(
        _ query: UnsafeMutableBufferPointer<UInt8>,
        _ range: Range<Int>,
        tracking: TrackingParameters,
        into parameters: UnsafeMutableBufferPointer<Parameter>
    ) -> Int {
        var kept = 0
        var position = 0
        var parameterStart = range.lowerBound
        while parameterStart <= range.upperBound {
            var parameterEnd = parameterStart
            var nameEnd: Int?
            while parameterEnd < range.upperBound, query[parameterEnd] != ByteClass.ampersand {
                if nameEnd == nil, query[parameterEnd] == ByteClass.equals { nameEnd = parameterEnd }
                parameterEnd += 1
            }
            let name = UnsafeBufferPointer(rebasing: query[parameterStart..<(nameEnd ?? parameterEnd)])
            if parameterEnd > parameterStart, !tracking.contains(name: name) {
                parameters[kept] = Parameter(start: parameterStart, nameEnd: nameEnd ?? parameterEnd,
                                             end: parameterEnd, position: position)
                kept += 1
            }
            position += 1
            parameterStart = parameterEnd + 1
        }
        return kept
    }

    /// Whether `lhs` sorts before `rhs`: by name bytes, then by position.
    private static func precedes(_ lhs: Parameter, _ rhs: Parameter, in query: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let lhsName = UnsafeBufferPointer(rebasing: query[lhs.start..<lhs.nameEnd])
        let rhsName = UnsafeBufferPointer(rebasing: query[rhs.start..<rhs.nameEnd])
        if lhsName.elementsEqual(rhsName) { return lhs.position < rhs.position }
        return lhsName.lexicographicallyPrecedes(rhsName)
    }

    /// Writes `parameters` joined by `&` over `query[range]`; returns where the result ends.
    private static func rewrite(
        _ query: UnsafeMutableBufferPointer<UInt8>,
        _ range: Range<Int>,
        with parameters: UnsafeMutableBufferPointer<Parameter>
    ) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: range.count) { original in
            _ = original.initialize(fromContentsOf: query[range])
            var write = range.lowerBound
            for (index, parameter) in parameters.enumerated() {
                if index > 0 {
                    query[write] = ByteClass.ampersand
                    write += 1
                }
                for offset in parameter.start..<parameter.end {
                    query[write] = original[offset - range.lowerBound]
                    write += 1
                }
            }
            return write
        }
    }
}
