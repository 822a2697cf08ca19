import Foundation

/// One client connection of the test server: reads requests, answers them in order, and keeps the
/// connection open between them unless either side asks to close.
struct TestHTTPConnection {
    private let descriptor: Int32
    private let server: TestHTTPServerCore
    private var received: [UInt8] = []

    /// Requests with larger heads are refused by closing the connection.
    private static let maxHeadBytes = 64 << 10

    init(descriptor: Int32, server: TestHTTPServerCore) {
        self.descriptor = descriptor
        self.server = server
    }

    mutating func serve() {
        while !server.isStopped, let request = readRequest() {
            server.requestBegan(request)
            let response = server.handler(for: request.path)(request)
            let keepOpen = send(response, answering: request)
            server.requestEnded()
            if !keepOpen { return }
        }
    }

    // MARK: Reading

    private mutating func readRequest() -> TestHTTPRequest? {
        while true {
            if let headEnd = Self.endOfHead(in: received) {
                let head = String(decoding: received[0..<headEnd], as: UTF8.self)
                received.removeFirst(headEnd + 4)
                return parse(head)
            }
            guard received.count <= Self.maxHeadBytes, let more = Socket.receive(from: descriptor) else {
                return nil
            }
            received += more
        }
    }

    private mutating func parse(_ head: String) -> TestHTTPRequest? {
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count == 3 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let body = readBody(length: headers["content-length"].flatMap { Int($0) } ?? 0) else { return nil }
        return TestHTTPRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), version: String(requestLine[2]),
            headers: headers, body: body)
    }

    private mutating func readBody(length: Int) -> [UInt8]? {
        while received.count < length {
            guard let more = Socket.receive(from: descriptor) else { return nil }
            received += more
        }
        defer { received.removeFirst(length) }
        return Array(received[0..<length])
    }

    private static func endOfHead(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    // MARK: Writing

    /// Sends `response`; whether the connection stays open for another request.
    private func send(_ response: TestHTTPResponse, answering request: TestHTTPRequest) -> Bool {
        if response.delay > .zero, !server.pause(response.delay) { return false }
        let wantsClose = request.header("connection")?.lowercased() == "close"
            || request.version == "HTTP/1.0"
            || response.header("connection")?.lowercased() == "close"
        let withBody = request.method != "HEAD"
        switch response.body {
        case .closeWithoutResponse:
            return false
        case .bytes(let body):
            return Socket.send(head(response, length: body.count, close: wantsClose) + (withBody ? body : []),
                               to: descriptor) && !wantsClose
        case .pieces(let pieces, let pause):
            guard Socket.send(head(response, length: pieces.reduce(0) { $0 + $1.count }, close: wantsClose),
                              to: descriptor)
            else { return false }
            for piece in pieces where withBody {
                guard server.pause(pause), Socket.send(piece, to: descriptor) else { return false }
            }
            return !wantsClose
        case .endless(let chunk):
            guard Socket.send(head(response, length: nil, close: true), to: descriptor) else { return false }
            while !server.isStopped, Socket.send(chunk, to: descriptor) {}
            return false
        case .lyingLength(let actual, let claimed):
            _ = Socket.send(head(response, length: claimed, close: true) + actual, to: descriptor)
            return false
        }
    }

    /// Status line and headers; Content-Length added when known and not given, unless the status
    /// has no body.
    private func head(_ response: TestHTTPResponse, length: Int?, close: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers {
            text += "\(name): \(value)\r\n"
        }
        let bodiless = response.status < 200 || response.status == 204 || response.status == 304
        if let length, !bodiless, response.header("content-length") == nil {
            text += "Content-Length: \(length)\r\n"
        }
        if close, response.header("connection") == nil {
            text += "Connection: close\r\n"
        }
        return Array((text + "\r\n").utf8)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
