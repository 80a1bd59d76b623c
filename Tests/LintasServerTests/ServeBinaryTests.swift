import Foundation
import LintasTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A running `lintas-serve` (the real binary) on a free loopback port.
final class ServerProcess {
    let child: Spawn.Child
    let port: Int

    init(_ args: [String], binary: String = ServeSupport.binary("lintas-serve"), env: [String: String] = [:]) throws {
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        child = try Spawn.start(binary, args, environment: environment)
        // The first line names the address: "lintas serve: http://127.0.0.1:PORT/ ...".
        let text = String(decoding: child.readStdoutLine(), as: UTF8.self)
        guard let r = text.range(of: #":(\d+)/"#, options: .regularExpression),
            let p = Int(text[r].dropFirst().dropLast())
        else {
            child.send(SIGTERM)
            child.wait()
            throw ServerError(message: "lintas-serve did not start: \(text)")
        }
        port = p
    }

    struct ServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Stops the server (SIGINT, as Ctrl-C); its standard error.
    @discardableResult func stop() -> String {
        child.send(SIGINT)
        let text = String(decoding: child.readStderr(), as: UTF8.self)
        child.wait()
        return text
    }
}

/// Plain HTTP/1.1 over a loopback socket, so that slow and broken clients can be played.
enum RawHTTP {
    struct Answer {
        var status: Int
        var head: String
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard r == 0 else {
            close(fd)
            throw ServerProcess.ServerError(message: "cannot connect to 127.0.0.1:\(port)")
        }
        var tv = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Sends all of `bytes`; false when the peer has closed.
    @discardableResult static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Reads until the peer closes or the whole answer (by Content-Length) is there.
    static func receive(_ fd: Int32) -> Answer? {
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data += buf[0..<n]
            if let a = parse(data), a.answer.body.count >= a.length { return a.answer }
        }
        return parse(data)?.answer
    }

    static func parse(_ data: [UInt8]) -> (answer: Answer, length: Int)? {
        let sep: [UInt8] = Array("\r\n\r\n".utf8)
        guard data.count >= 4, let i = (0...(data.count - 4)).first(where: { Array(data[$0..<$0 + 4]) == sep }) else {
            return nil
        }
        let head = String(decoding: data[0..<i], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        var length = Int.max
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? Int.max
        }
        return (Answer(status: status, head: head, body: Array(data[(i + 4)...])), length)
    }

    static func request(
        _ port: Int, method: String = "GET", path: String = "/", headers: [String] = [], body: [UInt8] = []
    ) throws -> Answer? {
        let fd = try connect(port)
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for h in headers { head += h + "\r\n" }
        if method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        send(fd, Array((head + "\r\n").utf8) + body)
        return receive(fd)
    }

    static func upload(
        _ port: Int, _ name: String, _ bytes: [UInt8], fields: [(String, String)] = [("as_of", "2025-06-30")]
    ) throws -> Answer? {
        try request(
            port, method: "POST", path: "/check",
            headers: ["Content-Type: multipart/form-data; boundary=\(ServeSupport.boundary)"],
            body: ServeSupport.multipart(fields: fields, file: (name, bytes)))
    }
}

/// End to end through the real binaries: `lintas-serve` on a loopback port, and `lintas serve`.
@Suite("lintas serve: the real binary", .serialized)
struct ServeBinaryTests {
    @Test(
        "starts on a free port, serves the form and a workbook's report; logs sizes and counts, never the file's name")
    func uploadThroughBinary() throws {
        let server = try ServerProcess(["--port", "0"])
        let form = try #require(try RawHTTP.request(server.port))
        #expect(form.status == 200)
        #expect(form.head.lowercased().contains("x-content-type-options: nosniff"))
        let a = try #require(try RawHTTP.upload(server.port, "Dinas Rahasia.xlsx", try ServeSupport.reviewWorkbook()))
        #expect(a.status == 200)
        #expect(a.text.contains("<table class=\"findings\">"))
        let log = server.stop()
        #expect(log.contains("check status=200 bytes="), "\(log)")
        #expect(log.contains("errors="))
        #expect(!log.contains("Rahasia"), "the file's name is in the log")
        #expect(!log.contains("199"), "something like a NIP is in the log")
    }

    @Test("a client that sends a byte a second gets 408 at the upload time limit; an idle connection is closed")
    func slowClients() throws {
        let server = try ServerProcess(["--port", "0", "--upload-timeout", "2", "--idle-timeout", "2"])
        defer { server.stop() }
        let fd = try RawHTTP.connect(server.port)
        let head =
            "POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(ServeSupport.boundary)\r\nContent-Length: 100000\r\n\r\n"
        RawHTTP.send(fd, Array(head.utf8))
        let started = Date()
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var answer: RawHTTP.Answer?
            var done = false
            func set(_ a: RawHTTP.Answer?) {
                lock.lock()
                answer = a
                done = true
                lock.unlock()
            }
            var isDone: Bool {
                lock.lock()
                defer { lock.unlock() }
                return done
            }
        }
        let box = Box()
        let reader = Thread { box.set(RawHTTP.receive(fd)) }
        reader.start()
        for _ in 0..<8 {
            if box.isDone { break }
            _ = RawHTTP.send(fd, [UInt8(ascii: "-")])
            Thread.sleep(forTimeInterval: 1)
        }
        while !box.isDone && Date().timeIntervalSince(started) < 20 { Thread.sleep(forTimeInterval: 0.1) }
        let answer = box.answer
        close(fd)
        #expect(answer?.status == 408, "\(String(describing: answer?.head))")
        #expect(Date().timeIntervalSince(started) < 10)

        let idle = try RawHTTP.connect(server.port)
        let t0 = Date()
        var buf = [UInt8](repeating: 0, count: 16)
        let n = recv(idle, &buf, 16, 0)
        close(idle)
        #expect(n == 0, "the idle connection was not closed by the server")
        #expect(Date().timeIntervalSince(t0) < 15)
    }

    @Test("an announced 1 GiB body is refused at once with 413, and the server goes on")
    func hugeBody() throws {
        let server = try ServerProcess(["--port", "0"])
        defer { server.stop() }
        let fd = try RawHTTP.connect(server.port)
        let head =
            "POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(ServeSupport.boundary)\r\nContent-Length: \(1 << 30)\r\n\r\n"
        RawHTTP.send(fd, Array(head.utf8))
        let a = RawHTTP.receive(fd)
        close(fd)
        #expect(a?.status == 413)
        #expect(a?.text.contains("50 MiB") == true)
        #expect(try RawHTTP.request(server.port)?.status == 200)
    }

    @Test("--host other than loopback warns that anyone who reaches the port can submit data")
    func nonLoopbackWarning() throws {
        let server = try ServerProcess(["--port", "0", "--host", "0.0.0.0"])
        let err = server.stop()
        #expect(err.contains("warning: listening on 0.0.0.0, not loopback"))
        #expect(err.contains("no --token"))
        let withToken = try ServerProcess(["--port", "0", "--host", "0.0.0.0"], env: ["LINTAS_SERVE_TOKEN": "t"])
        let err2 = withToken.stop()
        #expect(err2.contains("not loopback") && !err2.contains("no --token"))
        let local = try ServerProcess(["--port", "0"])
        #expect(!local.stop().contains("warning"))
    }

    @Test("`lintas serve` runs the lintas-serve beside it; without one it says what to install")
    func lintasServe() throws {
        let server = try ServerProcess(["serve", "--port", "0"], binary: ServeSupport.binary("lintas"))
        #expect(try RawHTTP.request(server.port)?.status == 200)
        server.stop()

        let dir = ServeSupport.tempDir("alone")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: ServeSupport.binary("lintas"), toPath: dir + "/lintas")
        let alone = try Binary.run(["serve"], executable: dir + "/lintas")
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("lintas serve needs the lintas-serve program beside lintas"))
    }

    @Test("usage errors exit 2")
    func usage() throws {
        #expect(try Binary.run(["--port", "70000"], executable: Binary.path("lintas-serve")).status == 2)
    }
}
