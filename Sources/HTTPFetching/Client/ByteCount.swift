/// Byte counts as people read them in messages: "512 bytes", "64 KiB", "8 MiB", "1.5 GiB".
enum ByteCount {
    static func describe(_ count: Int) -> String {
        let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, name) in units where count >= size {
            if count % size == 0 { return "\(count / size) \(name)" }
            let tenths = (count * 10 + size / 2) / size
            return "\(tenths / 10).\(tenths % 10) \(name)"
        }
        return count == 1 ? "1 byte" : "\(count) bytes"
    }
}
