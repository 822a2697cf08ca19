import FeedDaemon
import Foundation
import Testing
import TestSupport

@Suite struct SystemdNotifierTests {
    @Test func sendsDatagramsToTheNotifySocket() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let socket = try NotifySocket(directory: directory.path)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "4000000"])
        #expect(notifier.watchdogInterval == .seconds(2))
        notifier.ready(status: "3 feeds")
        notifier.watchdog()
        notifier.reloading()
        notifier.stopping()
        #expect(Wait.until(timeout: .seconds(10)) { socket.messages.count == 4 })
        let messages = socket.messages
        #expect(messages.first == "READY=1\nSTATUS=3 feeds")
        #expect(messages[1] == "WATCHDOG=1")
        #expect(messages[2].hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
        #expect(messages[3].hasPrefix("STOPPING=1"))
    }

    @Test func watchdogForAnotherProcessIsIgnored() {
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"])
        #expect(notifier.watchdogInterval == nil || getpid() == 1)
    }

    @Test func withoutSystemdEverythingIsANoOp() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(notifier.socketPath == nil)
        notifier.ready(status: "x")
    }
}
