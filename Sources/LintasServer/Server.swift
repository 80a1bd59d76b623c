import Foundation
import Hummingbird
import LintasCore
import Logging
import NIOCore

/// `lintas serve`: one page where an agency's file is uploaded and the HTML report comes back
/// (docs/serve.md). Each upload gets a private directory (0700) that is removed before the answer
/// is sent; the check runs in a worker process with a time limit; the log gets sizes, durations
/// and counts, never a file's name or content.
public struct LintasServe: Sendable {
    public let options: ServeOptions
    let catalog: RuleCatalog
    let uploads: Gate
    let checks: Gate
    let logger: Logger

    public init(options: ServeOptions, logger: Logger = Logger(label: "lintas-serve")) throws {
        self.options = options
        self.catalog = try RuleCatalog.builtIn()
        self.uploads = Gate(limit: options.maxUploads, maxWaiting: 0)
        self.checks = Gate(limit: options.maxChecks, maxWaiting: options.maxQueued)
        self.logger = logger
    }

    /// The application: the router with its security headers, on HTTP/1.1 with the idle timeout.
    public func application(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let router = Router()
        router.middlewares.add(SecurityHeaders())
        let serve = self
        router.get("/") { request, _ in serve.formPage(request) }
        router.post("/check") { request, context in await serve.check(request, context) }
        router.get("/healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        let idle = options.idleTimeout.components
        let idleTime = TimeAmount.seconds(idle.seconds) + .nanoseconds(idle.attoseconds / 1_000_000_000)
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: idleTime)),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: onServerRunning,
            logger: logger)
    }

    // MARK: Pages

    static func language(_ request: Request) -> Language {
        request.uri.queryParameters.get("lang").flatMap { Language(rawValue: String($0)) } ?? .id
    }

    static func today() -> CivilDate {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? CivilDate(dayNumber: 0)
    }

    static func html(_ status: HTTPResponse.Status, _ text: String, csp: String = Pages.csp, extra: HTTPFields = [:])
        -> Response
    {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: csp]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func formPage(_ request: Request) -> Response {
        let lang = LintasServe.language(request)
        return LintasServe.html(
            .ok,
            Pages.form(
                lang, catalog: catalog, today: LintasServe.today(), tokenRequired: options.token != nil,
                maxUploadBytes: options.maxUploadBytes))
    }

    func refusal(_ r: Refused, _ lang: Language) -> Response {
        var extra: HTTPFields = [:]
        if let after = r.retryAfter { extra[.retryAfter] = String(after) }
        // A refused upload may not have been read to its end: the connection is not reused.
        extra[.connection] = "close"
        return LintasServe.html(HTTPResponse.Status(code: r.status), Pages.problem(lang, r.message(lang)), extra: extra)
    }

    // MARK: The check

    /// Constant-time comparison of the shared token.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var diff = x.count ^ y.count
        for i in 0..<max(x.count, y.count) { diff |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return diff == 0
    }

    func check(_ request: Request, _ context: some RequestContext) async -> Response {
        let started = ContinuousClock.now
        var lang = LintasServe.language(request)
        do {
            let (response, summary) = try await checkOrRefuse(request, lang: &lang)
            logger.info("check \(summary) ms=\(started.duration(to: .now).millis)")
            return response
        } catch let r as Refused {
            logger.info("refused status=\(r.status) reason=\(r.reason) ms=\(started.duration(to: .now).millis)")
            return refusal(r, lang)
        } catch {
            logger.info("refused status=500 reason=internal ms=\(started.duration(to: .now).millis)")
            return refusal(
                Refused(
                    status: 500, id: "Terjadi kesalahan di server; tidak ada yang disimpan. Coba lagi.",
                    en: "Something went wrong on the server; nothing was kept. Try again.", reason: "internal"), lang)
        }
    }

    func checkOrRefuse(_ request: Request, lang: inout Language) async throws -> (Response, String) {
        guard let boundary = UploadReader.boundary(request.headers[.contentType]) else {
            throw Refused(
                status: 400, id: "Kirim berkas lewat formulir di halaman utama.",
                en: "Send the file with the form on the main page.", reason: "not-multipart")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > options.maxUploadBytes {
            throw UploadReader.tooLarge(options.maxUploadBytes, bytes: length)
        }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        guard await uploads.tryEnter() else {
            throw Refused(
                status: 503, id: "Server sedang menerima banyak unggahan. Coba lagi sebentar lagi.",
                en: "The server is receiving many uploads. Try again shortly.", reason: "uploads-busy", retryAfter: 10)
        }
        let dir: String
        do {
            dir = try PrivateDirectory.make(in: options.temporaryDirectory)
        } catch {
            await uploads.leave()
            throw error
        }
        // Removed before the answer is sent, whatever happens below.
        defer { PrivateDirectory.remove(dir) }
        let form: UploadForm
        do {
            form = try await readForm(request, boundary: boundary, bearer: bearer, into: dir + "/upload")
            await uploads.leave()
        } catch {
            await uploads.leave()
            throw error
        }
        if let l = form.field("lang").flatMap({ Language(rawValue: $0) }) { lang = l }
        let (kind, name) = try UploadKind.classify(
            fileName: form.fileName ?? "", path: dir + "/upload", size: form.fileBytes)
        guard rename(dir + "/upload", dir + "/" + name) == 0 else {
            throw Refused(
                status: 500, id: "Server tidak dapat menyiapkan folder sementara.",
                en: "The server cannot prepare its temporary folder.", reason: "temp-dir")
        }
        var asOf = LintasServe.today()
        if let a = form.field("as_of"), !a.isEmpty {
            guard let d = CivilDate(iso: a) else {
                throw Refused(
                    status: 400, id: "Tanggal penilaian harus berbentuk YYYY-MM-DD.",
                    en: "The assessment date must be YYYY-MM-DD.", reason: "as-of")
            }
            asOf = d
        }
        // The page sends `packs_chosen` with its checkboxes (none ticked: `dasar` alone); a form
        // without either gets the packs `lintas check` uses without a config.
        var packs: [String]?
        if form.fields["pack"] != nil || form.field("packs_chosen") != nil {
            var chosen = ["dasar"]
            for p in form.fields["pack"] ?? [] where !chosen.contains(p) {
                guard catalog.pack(p) != nil else {
                    throw Refused(
                        status: 400, id: "Paket aturan tidak dikenal.", en: "Unknown rule pack.", reason: "pack")
                }
                chosen.append(p)
            }
            packs = chosen
        }
        let bundle = form.field("answer") == "zip"
        let workerRequest = Worker.Request(
            kind: kind, name: name, language: lang, asOf: asOf, packs: packs, bundle: bundle,
            limits: options.workbookLimits)

        guard await checks.enter(wait: options.queueWait) else {
            throw Refused(
                status: 503, id: "Server sedang memeriksa berkas lain. Coba lagi sebentar lagi.",
                en: "The server is busy checking other files. Try again shortly.", reason: "checks-busy", retryAfter: 30
            )
        }
        let outcome = await WorkerProcess.run(
            workerRequest, binary: options.workerPath, directory: dir, timeout: options.checkTimeout)
        await checks.leave()

        let size = "bytes=\(form.bodyBytes) kind=\(kind.rawValue)"
        switch outcome {
        case .couldNotStart:
            throw Refused(
                status: 500, id: "Server tidak dapat memulai pemeriksaan.", en: "The server cannot start a check.",
                reason: "worker-missing")
        case .timedOut:
            let s = options.checkTimeout.components.seconds
            throw Refused(
                status: 422,
                id:
                    "Pemeriksaan melebihi batas waktu \(s) detik dan dihentikan. Periksa instansi sebesar ini dengan `lintas check` di komputer sendiri.",
                en:
                    "The check took longer than the \(s) s time limit and was stopped. Check an agency this large with `lintas check` on your own computer.",
                reason: "timeout")
        case .exited(Worker.refused):
            let text = (try? String(contentsOfFile: dir + "/out/error.txt", encoding: .utf8)) ?? ""
            throw Refused(status: 422, id: text, en: text, reason: "unreadable-\(kind.rawValue)")
        case .exited(let status) where status != Worker.checked:
            throw Refused(
                status: 500, id: "Pemeriksaan berhenti tanpa hasil; tidak ada yang disimpan.",
                en: "The check stopped without a result; nothing was kept.",
                reason: "worker-\(status)")
        case .exited:
            break
        }
        let counts = ((try? String(contentsOfFile: dir + "/out/counts.txt", encoding: .utf8)) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        let summary = "status=200 \(size) \(counts)"
        let stem = String(name.prefix(upTo: name.lastIndex(of: ".") ?? name.endIndex))
        if bundle {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/bundle.zip"))
            let headers: HTTPFields = [
                .contentType: "application/zip",
                .contentDisposition: "attachment; filename=\"\(stem)-lintas.zip\"",
                .contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
            ]
            return (Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data))), summary)
        }
        let html = try String(contentsOfFile: dir + "/out/report.html", encoding: .utf8)
        var downloads: [Pages.Download] = []
        for (label, file, type) in [
            ("JSON", "findings.json", "application/json"), ("CSV", "findings.csv", "text/csv"),
            ("SARIF", "findings.sarif", "application/sarif+json"),
        ] {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/out/" + file)))
            downloads.append(Pages.Download(label: label, fileName: "\(stem)-\(file)", mediaType: type, bytes: bytes))
        }
        if let annotated = FileManager.default.contents(atPath: dir + "/out/annotated.xlsx") {
            downloads.append(
                Pages.Download(
                    label: UIText.t(.serveAnnotatedWorkbook, lang),
                    fileName: "\(stem)-\(UIText.t(.serveAnnotatedFileSuffix, lang)).xlsx",
                    mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    bytes: [UInt8](annotated)))
        }
        let page = Pages.report(html, lang: lang, downloads: downloads, maxEmbedded: options.maxEmbeddedBytes)
        let csp = (Pages.reportCSP(html) ?? "default-src 'none'") + "; frame-ancestors 'none'"
        return (LintasServe.html(.ok, page, csp: csp), summary)
    }

    /// The body within the upload time limit (a client sending a byte a second gets 408).
    func readForm(_ request: Request, boundary: String, bearer: String?, into path: String) async throws -> UploadForm {
        let token = options.token
        let maxBytes = options.maxUploadBytes
        let timeout = options.uploadTimeout
        let body = request.body
        return try await withThrowingTaskGroup(of: UploadForm?.self) { group in
            group.addTask {
                try await UploadReader.read(body, boundary: boundary, filePath: path, maxBytes: maxBytes) { fields in
                    guard let token else { return true }
                    if let b = bearer, LintasServe.same(b, token) { return true }
                    return fields["token"]?.last.map { LintasServe.same($0, token) } ?? false
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let form = first else {
                throw Refused(
                    status: 408,
                    id:
                        "Unggahan terlalu lambat: berkas harus tiba dalam \(timeout.components.seconds) detik. Coba lagi dengan sambungan yang lebih cepat.",
                    en:
                        "The upload was too slow: the file must arrive within \(timeout.components.seconds) s. Try again on a faster connection.",
                    reason: "slow-upload")
            }
            return form
        }
    }
}

extension Duration {
    var millis: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

extension UploadReader {
    static func tooLarge(_ maxBytes: Int, bytes: Int) -> Refused {
        Refused(
            status: 413,
            id:
                "Unggahan lebih dari \(maxBytes >> 20) MiB, batas server ini. Periksa instansi besar dengan `lintas check` di komputer sendiri, atau minta pengelola menaikkan --max-upload-mib.",
            en:
                "The upload is over \(maxBytes >> 20) MiB, this server's limit. Check a large agency with `lintas check` on your own computer, or ask the operator to raise --max-upload-mib.",
            reason: "too-large")
    }
}

/// What the upload is, from its name and first bytes; refusals say what to do instead.
enum UploadKind {
    static func classify(fileName: String, path: String, size: Int) throws -> (Worker.Kind, String) {
        let lower = fileName.lowercased()
        var head = [UInt8](repeating: 0, count: 8)
        if let h = FileHandle(forReadingAtPath: path) {
            let d = h.readData(ofLength: 8)
            head = [UInt8](d)
            try? h.close()
        }
        if size == 0 {
            throw Refused(
                status: 422, id: "Berkas yang diunggah kosong (0 bita). Pilih buku kerja atau zip yang berisi data.",
                en: "The uploaded file is empty (0 bytes). Choose a workbook or zip that holds the data.",
                reason: "empty")
        }
        let ole = head.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
        if lower.hasSuffix(".xls") || lower.hasSuffix(".ods") || ole {
            throw Refused(
                status: 415,
                id:
                    "Berkas .xls (Excel 97-2003) atau .ods (LibreOffice/OpenOffice) tidak dibaca. Buka di Excel atau LibreOffice, pilih Simpan Sebagai, jenis “Excel Workbook (.xlsx)”, lalu unggah berkas .xlsx itu.",
                en:
                    "A .xls (Excel 97-2003) or .ods (LibreOffice/OpenOffice) file is not read. Open it in Excel or LibreOffice, choose Save As, type “Excel Workbook (.xlsx)”, then upload that .xlsx file.",
                reason: "xls-ods")
        }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            throw Refused(
                status: 415,
                id:
                    "Satu berkas CSV atau YAML saja tidak cukup: zip seluruh folder instansi (semua berkas CSV atau YAML-nya), lalu unggah zip itu.",
                en:
                    "A single CSV or YAML file is not enough: zip the agency's whole folder (all its CSV or YAML files) and upload the zip.",
                reason: "single-file")
        }
        let zipMagic = head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06])
        guard zipMagic, lower.hasSuffix(".xlsx") || lower.hasSuffix(".zip") else {
            throw Refused(
                status: 415,
                id:
                    "Jenis berkas ini tidak dibaca. Unggah buku kerja .xlsx, atau folder CSV atau YAML instansi sebagai .zip.",
                en:
                    "This kind of file is not read. Upload a .xlsx workbook, or the agency's CSV or YAML folder as a .zip.",
                reason: "unknown-kind")
        }
        let kind: Worker.Kind = lower.hasSuffix(".xlsx") ? .xlsx : .zip
        return (kind, sanitisedName(fileName, kind: kind))
    }

    /// The upload's name as it appears in the report: letters, digits, `-`, `_`, `.` and spaces
    /// kept, at most 60 characters, with its extension.
    static func sanitisedName(_ fileName: String, kind: Worker.Kind) -> String {
        let base = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let ext = "." + kind.rawValue
        var stem = String(base.dropLast(min(base.count, ext.count)))
        stem = String(
            stem.unicodeScalars.map { s -> Character in
                let ok =
                    (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || s == "."
                        || s == " ") && s.value >= 32
                return ok ? Character(s) : "_"
            })
        while stem.hasPrefix(".") || stem.hasPrefix(" ") || stem.hasPrefix("-") { stem.removeFirst() }
        stem = String(stem.prefix(60)).trimmingCharacters(in: .whitespaces)
        if stem.isEmpty || stem == "out" || stem == "upload" { stem = kind == .xlsx ? "workbook" : "agency" }
        return stem + ext
    }
}

/// The request's private directory: made 0700 (mkdtemp), removed with everything in it.
enum PrivateDirectory {
    static func make(in parent: String) throws -> String {
        var template = Array(((parent.hasSuffix("/") ? parent : parent + "/") + "lintas-serve-XXXXXX").utf8CString)
        guard let p = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Refused(
                status: 500, id: "Server tidak dapat menyiapkan folder sementara.",
                en: "The server cannot prepare its temporary folder.", reason: "temp-dir")
        }
        return String(cString: p)
    }

    static func remove(_ dir: String) {
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// Headers on every answer: no sniffing, no caching of results, no framing, no referrer.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let e as HTTPError {
            // Hummingbird's own errors (404, 405): a short text, never a trace.
            response = Response(
                status: e.status, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "\(e.status.code) \(e.status.reasonPhrase)\n")))
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPFields.Element.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPFields.Element.Name("X-Frame-Options")!] = "DENY"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        return response
    }
}
