import ServiceLifecycle

/// Runs the lease keeper's rounds while the daemon polls. Listed before the polling service, so
/// that a graceful shutdown stops it last: the final states are saved and the leases handed
/// back only once the last poll finished.
struct LeaseService: Service {
    let keeper: LeaseKeeper

    func run() async throws {
        let interval = await keeper.tickInterval
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { break }
                await keeper.tick()
            }
        }
        await keeper.stop()
    }
}
