import Foundation

/// nginx (Debian's) serving a directory of static files on 127.0.0.1 at a free port, with the
/// content types feeds and pages are served with. Its configuration, pid and logs live in a
/// directory of their own; `stop()` ends this nginx by its pid, never any other.
public final class TestNginx: Sendable {
    public let root: String
    public let port: Int
    private let runDirectory: String

    /// Whether nginx is installed (scripts/install-deps.sh --test installs it).
    public static var isInstalled: Bool {
        (try? ChildProcess.resolve("nginx")) != nil || FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx")
    }

    /// Serves `root`; `extraServerConfig` goes inside the server block (redirects, say).
    public init(root: String, runDirectory: String, extraServerConfig: String = "") throws {
        self.root = root
        self.runDirectory = runDirectory
        port = try FreePort.find()
        try FileManager.default.createDirectory(atPath: "\(runDirectory)/tmp", withIntermediateDirectories: true)
        Self.makeReadableByWorkers(root)
        let config = """
        worker_processes 1;
        daemon on;
        pid \(runDirectory)/nginx.pid;
        error_log \(runDirectory)/error.log warn;
        events { worker_connections 64; }
        http {
          access_log \(runDirectory)/access.log;
          types {
            text/html html;
            application/rss+xml rss xml;
            application/atom+xml atom;
            application/feed+json json;
          }
          default_type application/octet-stream;
          client_body_temp_path \(runDirectory)/tmp; proxy_temp_path \(runDirectory)/tmp;
          fastcgi_temp_path \(runDirectory)/tmp; uwsgi_temp_path \(runDirectory)/tmp; scgi_temp_path \(runDirectory)/tmp;
          server {
            listen 127.0.0.1:\(port);
            root \(root);
            index index.html;
            \(extraServerConfig)
          }
        }
        """
        try config.write(toFile: "\(runDirectory)/nginx.conf", atomically: true, encoding: .utf8)
        let nginx = (try? ChildProcess.resolve("nginx")) ?? "/usr/sbin/nginx"
        let (status, output) = try ChildProcess.run([nginx, "-c", "\(runDirectory)/nginx.conf", "-p", runDirectory])
        guard status == 0 else { throw TestSupportError("nginx did not start: \(output)") }
        guard Wait.until(timeout: .seconds(30), { Self.answers(port: self.port) }) else {
            stop()
            throw TestSupportError("nginx did not answer on 127.0.0.1:\(port)")
        }
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:port` followed by `path`.
    public func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Request lines nginx logged so far.
    public var accessLog: [String] {
        ((try? String(contentsOfFile: "\(runDirectory)/access.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Stops this nginx (by the pid in its own pid file) and waits for it to go. Safe to call twice.
    public func stop() {
        guard let text = try? String(contentsOfFile: "\(runDirectory)/nginx.pid", encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return }
        kill(pid, SIGQUIT)
        _ = Wait.until(timeout: .seconds(20)) { kill(pid, 0) != 0 }
        unlink("\(runDirectory)/nginx.pid")
    }

    /// nginx's workers run as nobody: the files and every directory above them must be readable.
    private static func makeReadableByWorkers(_ root: String) {
        var directory = root
        while directory.count > 1 {
            var info = stat()
            if stat(directory, &info) == 0, info.st_mode & 0o005 != 0o005 { chmod(directory, info.st_mode | 0o005) }
            directory = (directory as NSString).deletingLastPathComponent
        }
        let files = FileManager.default.enumerator(atPath: root)
        while let relative = files?.nextObject() as? String {
            let path = "\(root)/\(relative)"
            var info = stat()
            if stat(path, &info) == 0 { chmod(path, info.st_mode | ((info.st_mode & S_IFMT) == S_IFDIR ? 0o005 : 0o004)) }
        }
    }

    private static func answers(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
