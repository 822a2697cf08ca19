import Foundation
import Prometheus
import Synchronization

/// The process's own resident memory, CPU time, open files and start time, under the names every
/// Prometheus client library uses (`process_*`), so the usual dashboards work. Read at scrape time.
final class ProcessMetrics: Sendable {
    private let residentMemory: Gauge
    private let cpuSeconds: Counter
    private let openFiles: Gauge
    /// CPU seconds already added to the counter (a counter only goes up, by the difference).
    private let countedCPU = Mutex<Double>(0)

    init(registry: PrometheusCollectorRegistry) {
        residentMemory = registry.makeGauge(descriptor: .process("resident_memory", unit: "bytes", help: "Resident memory size in bytes."))
        cpuSeconds = registry.makeCounter(descriptor: .process("cpu_seconds", unit: "total", help: "User and system CPU time spent, in seconds."))
        openFiles = registry.makeGauge(descriptor: .process("open_fds", unit: "", help: "Open file descriptors."))
        registry.makeGauge(descriptor: .process("start_time", unit: "seconds", help: "When the process started (Unix time)."))
            .set(Date().timeIntervalSince1970)
    }

    func update() {
        if let resident = Self.residentBytes() { residentMemory.set(Double(resident)) }
        var usage = rusage()
        if getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 {
            let total = Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime)
            let delta = countedCPU.withLock { counted -> Double in
                let delta = max(0, total - counted)
                counted += delta
                return delta
            }
            if delta > 0 { cpuSeconds.increment(by: delta) }
        }
        if let count = Self.openDescriptorCount() { openFiles.set(Double(count)) }
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000
    }

    /// The second field of /proc/self/statm (resident pages), in bytes.
    private static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }

    private static func openDescriptorCount() -> Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while readdir(directory) != nil { count += 1 }
        return count - 3 // ".", ".." and the descriptor opendir itself holds
    }
}
