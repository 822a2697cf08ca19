/// Removal of "." and ".." path segments (RFC 3986 §5.2.4).
enum DotSegments {
    /// Removes dot segments from the path `buffer[start...]`, in place.
    ///
    /// Each step of the RFC's algorithm writes no more than it reads, so the output can be
    /// written over the input it has already consumed.
    static func remove(in buffer: inout [UInt8], from start: Int) {
        guard mayContainDotSegment(buffer, from: start) else { return }
        let newEnd = buffer.withUnsafeMutableBufferPointer { path -> Int in
            let end = path.count
            var read = start
            var write = start
            func remaining(_ offset: Int) -> UInt8? {
                read + offset < end ? path[read + offset] : nil
            }
            func popLastSegment() {
                while write > start {
                    write -= 1
                    if path[write] == ByteClass.slash { break }
                }
            }
            while read < end {
                let first = path[read]
                let second = remaining(1)
                let third = remaining(2)
                if first == ByteClass.dot {
                    if second == ByteClass.dot, third == ByteClass.slash { read += 3; continue }  // A: "../"
                    if second == ByteClass.slash { read += 2; continue }                          // A: "./"
                    if second == nil || (second == ByteClass.dot && third == nil) { break }      // D: "." or ".."
                } else if first == ByteClass.slash, second == ByteClass.dot {
                    if third == nil {                                                             // B: "/." at the end
                        path[write] = ByteClass.slash
                        write += 1
                        break
                    }
                    if third == ByteClass.slash { read += 2; continue }                           // B: "/./"
                    if third == ByteClass.dot {
                        let fourth = remaining(3)
                        if fourth == nil {                                                        // C: "/.." at the end
                            popLastSegment()
                            path[write] = ByteClass.slash
                            write += 1
                            break
                        }
                        if fourth == ByteClass.slash { read += 3; popLastSegment(); continue }    // C: "/../"
                    }
                }
                // E: move the first segment, with its leading "/", to the output.
                path[write] = first
                write += 1
                read += 1
                while read < end, path[read] != ByteClass.slash {
                    path[write] = path[read]
                    write += 1
                    read += 1
                }
            }
            return write
        }
        buffer.removeSubrange(newEnd...)
    }

    /// Whether some segment of `buffer[start...]` starts with ".": the only paths with work to do.
    private static func mayContainDotSegment(_ buffer: [UInt8], from start: Int) -> Bool {
        buffer.withUnsafeBufferPointer { bytes in
            for index in start..<bytes.count where bytes[index] == ByteClass.dot {
                if index == start || bytes[index - 1] == ByteClass.slash { return true }
            }
            return false
        }
    }
}
