import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import ZIPFoundation

@testable import LintasCore
@testable import LintasServer

/// The upload page in memory (HummingbirdTesting's router client): each kind of upload, the
/// report and its downloads, every refusal with its status and message, and that the private
/// directory is gone once the answer is there. Each check runs the built `lintas-serve worker`.
@Suite("lintas serve: the page, uploads and limits")
struct ServeTests {
    /// Options with a temporary directory of the test's own, so that what is left there is seen.
    static func options(_ edit: (inout ServeOptions) -> Void = { _ in }) -> ServeOptions {
        var o = ServeOptions(workerPath: ServeSupport.binary("lintas-serve"))
        o.temporaryDirectory = ServeSupport.tempDir("serve-tmp")
        o.port = 0
        edit(&o)
        return o
    }

    struct Answer {
        var status: Int
        var headers: HTTPFields
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers[HTTPFields.Element.Name(name)!] }
    }

    /// Posts a form to /check (or GETs `uri` when no body) on a fresh server; checks that nothing
    /// is left in the temporary directory afterwards.
    static func send(
        _ options: ServeOptions = options(), uri: String = "/check", body: [UInt8]?,
        headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(ServeSupport.boundary)"],
        before: @Sendable (LintasServe) async -> Void = { _ in }
    ) async throws -> Answer {
        let serve = try LintasServe(options: options)
        await before(serve)
        let app = serve.application()
        let answer = try await app.test(.router) { client in
            let r = try await client.execute(
                uri: uri, method: body == nil ? .get : .post, headers: body == nil ? [:] : headers,
                body: body.map { ByteBuffer(bytes: $0) })
            return Answer(status: Int(r.status.code), headers: r.headers, body: Array(r.body.readableBytesView))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: options.temporaryDirectory)
        #expect(left.isEmpty, "left behind in the temporary directory: \(left)")
        try? FileManager.default.removeItem(atPath: options.temporaryDirectory)
        return answer
    }

    static func upload(
        _ name: String, _ bytes: [UInt8], fields: [(String, String)] = [("as_of", "2025-06-30")],
        options: ServeOptions = options()
    ) async throws -> Answer {
        try await send(options, body: ServeSupport.multipart(fields: fields, file: (name, bytes)))
    }

    static func expectSecurityHeaders(_ a: Answer) {
        #expect(a.header("X-Content-Type-Options") == "nosniff")
        #expect(a.header("Cache-Control") == "no-store")
        #expect(a.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
    }

    @Test("the form: Indonesian by default, English on request, packs and date, no script, the privacy note")
    func form() async throws {
        let a = try await Self.send(uri: "/", body: nil)
        #expect(a.status == 200)
        Self.expectSecurityHeaders(a)
        #expect(a.text.contains("<html lang=\"id\">"))
        #expect(a.text.contains("enctype=\"multipart/form-data\""))
        #expect(a.text.contains("name=\"file\"") && a.text.contains("accept=\".xlsx,.zip\""))
        #expect(a.text.contains("value=\"permenpanrb-7-2022\""))
        #expect(a.text.contains("type=\"date\""))
        #expect(a.text.contains("Tidak ada yang disimpan"))
        #expect(!a.text.contains("<script"))
        #expect(!a.text.contains("name=\"token\""))
        let csp = a.header("Content-Security-Policy") ?? ""
        #expect(
            csp.contains("default-src 'none'") && csp.contains("form-action 'self'")
                && csp.contains("style-src 'sha256-"))
        let en = try await Self.send(uri: "/?lang=en", body: nil)
        #expect(en.text.contains("<html lang=\"en\">") && en.text.contains("Nothing is kept"))
    }

    @Test(
        "a workbook: the HTML report with findings and cascade, JSON, CSV, SARIF and annotated workbook downloads; the report's CSP as a header"
    )
    func workbook() async throws {
        let a = try await Self.upload("Review Dinas.xlsx", try ServeSupport.reviewWorkbook())
        #expect(a.status == 200, "\(a.text.prefix(400))")
        Self.expectSecurityHeaders(a)
        #expect(a.text.contains("<table class=\"findings\">"))
        #expect(a.text.contains("<svg class=\"cascade\""))
        #expect(a.text.contains("Review Dinas.xlsx"))
        #expect(!a.text.contains("lintas-serve-"), "the private directory's name is in the page")
        // The header is the report's own policy (its style and script hashes) plus frame-ancestors.
        let meta = Pages.reportCSP(a.text) ?? "none"
        #expect(a.header("Content-Security-Policy") == meta + "; frame-ancestors 'none'")
        let json = try #require(ServeSupport.download(a.text, named: "findings.json"))
        let parsed = try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any]
        #expect(parsed != nil)
        #expect(String(decoding: json, as: UTF8.self).contains("\"rule\""))
        let csv = try #require(ServeSupport.download(a.text, named: "findings.csv"))
        #expect(String(decoding: csv, as: UTF8.self).split(whereSeparator: \.isNewline).count > 1)
        let sarif = try #require(ServeSupport.download(a.text, named: "findings.sarif"))
        let s = String(decoding: sarif, as: UTF8.self)
        #expect(s.contains("\"version\": \"2.1.0\"") || s.contains("\"version\":\"2.1.0\""))
        #expect(s.contains("Review%20Dinas.xlsx") || s.contains("Review Dinas.xlsx"))
        #expect(s.contains("\"ruleId\": \"T004\""))
        // The workbook's own copy with its findings: a first Temuan sheet and comments at the cells.
        let annotated = try #require(ServeSupport.download(a.text, named: "Review Dinas-beranotasi.xlsx"))
        let book = try Archive(data: Data(annotated), accessMode: .read)
        let paths = Set(book.map(\.path))
        #expect(paths.contains { $0.hasPrefix("xl/comments") })
        var workbookXML = Data()
        _ = try book.extract(try #require(book["xl/workbook.xml"])) { workbookXML.append($0) }
        #expect(String(decoding: workbookXML, as: UTF8.self).contains("name=\"Temuan\""))
    }

    @Test("English report on request")
    func english() async throws {
        let a = try await Self.upload(
            "review.xlsx", try ServeSupport.reviewWorkbook(), fields: [("lang", "en"), ("as_of", "2025-06-30")])
        #expect(a.status == 200)
        #expect(a.text.contains("<html lang=\"en\">"))
        #expect(a.text.contains("Check another file"))
    }

    @Test("a zip of an agency's YAML directory, and of a batch of two agencies (the comparison)")
    func yamlZips() async throws {
        let one = try await Self.upload(
            "draf.zip",
            try ServeSupport.zip(try ServeSupport.tree(ServeSupport.reviewAgency, prefix: "jabar-diskominfo-draf/")))
        #expect(one.status == 200, "\(one.text.prefix(400))")
        #expect(one.text.contains("jabar-diskominfo-draf/"))
        #expect(one.text.contains("<table class=\"findings\">"))
        let agencies = ServeSupport.root + "/examples/agencies"
        let batch =
            try ServeSupport.tree(agencies + "/jabar-diskominfo", prefix: "batch/jabar-diskominfo/")
            + ServeSupport.tree(agencies + "/kementerian-contoh", prefix: "batch/kementerian-contoh/")
        let b = try await Self.upload("batch.zip", try ServeSupport.zip(batch))
        #expect(b.status == 200, "\(b.text.prefix(400))")
        #expect(b.text.contains("<table class=\"cmp\">"))
    }

    @Test("a zip of a CSV folder")
    func csvZip() async throws {
        let a = try await Self.upload(
            "csv.zip", try ServeSupport.zip(try ServeSupport.reviewCSVFiles(prefix: "draf-csv/")))
        #expect(a.status == 200, "\(a.text.prefix(600))")
        #expect(a.text.contains("draf-csv/pegawai.csv") || a.text.contains("draf-csv"))
        #expect(a.text.contains("<table class=\"findings\">"))
    }

    @Test("everything as one .zip: the report, the three finding files and the annotated workbook")
    func bundle() async throws {
        let a = try await Self.upload(
            "review.xlsx", try ServeSupport.reviewWorkbook(), fields: [("answer", "zip"), ("as_of", "2025-06-30")])
        #expect(a.status == 200)
        #expect(a.header("Content-Type") == "application/zip")
        #expect(a.header("Content-Disposition") == "attachment; filename=\"review-lintas.zip\"")
        let archive = try Archive(data: Data(a.body), accessMode: .read)
        #expect(
            Set(archive.map(\.path)) == [
                "lintas/report.html", "lintas/findings.json", "lintas/findings.csv", "lintas/findings.sarif",
                "lintas/annotated.xlsx",
            ])
    }

    @Test("a .xls, an .ods, a CSV, an empty file: 415/422 with what to do instead")
    func wrongKinds() async throws {
        let xls = try await Self.upload(
            "lama.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 100))
        #expect(xls.status == 415)
        #expect(xls.text.contains("Simpan Sebagai") && xls.text.contains(".xlsx"))
        #expect(!xls.text.contains("Fatal") && !xls.text.contains("Stack"))
        // An Excel 97 file renamed .xlsx is still refused as one.
        let renamed = try await Self.upload("lama.xlsx", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        #expect(renamed.status == 415)
        let ods = try await Self.upload(
            "calc.ods", Array("PK\u{3}\u{4}mimetypeapplication/vnd.oasis.opendocument.spreadsheet".utf8),
            fields: [("lang", "en")])
        #expect(ods.status == 415)
        #expect(ods.text.contains("Save As"))
        let csv = try await Self.upload("pegawai.csv", Array("nip,nama\n".utf8))
        #expect(csv.status == 415)
        #expect(csv.text.contains("zip"))
        let empty = try await Self.upload("kosong.xlsx", [])
        #expect(empty.status == 422)
        #expect(empty.text.contains("kosong"))
        let text = try await Self.upload("notes.txt", Array("hello".utf8))
        #expect(text.status == 415)
    }

    @Test("bad zips: empty, no agency, unsafe paths, a symbolic link, a bomb, not a zip: 422 with the reason")
    func badZips() async throws {
        let empty = try await Self.upload("kosong.zip", [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
        #expect(empty.status == 422)
        #expect(empty.text.contains("Zip kosong"))
        let noAgency = try await Self.upload(
            "docs.zip", try ServeSupport.zip([("docs/readme.txt", Array("hello".utf8))]))
        #expect(noAgency.status == 422)
        #expect(noAgency.text.contains("tidak berisi instansi"))
        let up = SafeUnzip.parent + "/"
        for evil in [up + "escape.yaml", "/etc/passwd.yaml", "a/" + up + up + "b.yaml"] {
            let a = try await Self.upload("evil.zip", try ServeSupport.zip([(evil, Array("instansi: {}\n".utf8))]))
            #expect(a.status == 422, "\(evil)")
            #expect(a.text.contains("tidak aman"), "\(evil): \(a.text.prefix(300))")
        }
        let link = try await Self.upload(
            "link.zip",
            try ServeSupport.zip(
                [("a/instansi.yaml", Array("x: 1\n".utf8))], symlinks: [("a/pegawai.yaml", "/etc/passwd")]))
        #expect(link.status == 422)
        #expect(link.text.contains("tautan simbolik"))
        // 64 MiB of zeros, a few KiB compressed, against a 16 MiB bound.
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        let bomb = try ServeSupport.zip([("bomb/pegawai.yaml", zeros)])
        #expect(bomb.count < 1 << 20)
        let small = Self.options { $0.workbookLimits.maxEntryBytes = 16 << 20 }
        let started = ContinuousClock.now
        let b = try await Self.upload("bomb.zip", bomb, options: small)
        #expect(b.status == 422)
        #expect(b.text.contains("terlalu besar"))
        #expect(started.duration(to: .now) < .seconds(120))
        let broken = try await Self.upload("rusak.zip", Array("PK\u{3}\u{4}not really a zip at all".utf8))
        #expect(broken.status == 422)
        // An entry whose deflate stream never ends (the fuzzer's workbook, sent as a zip): it hung the
        // worker in ZIPFoundation's inflate loop; now it is damaged at once.
        let endless = try [UInt8](
            Data(
                contentsOf: URL(
                    fileURLWithPath: ServeSupport.root
                        + "/Tests/LintasCoreTests/Fixtures/fuzz-workbook/truncated-deflate.xlsx")))
        let deflateStarted = ContinuousClock.now
        let d = try await Self.upload("deflate.zip", endless)
        #expect(d.status == 422)
        #expect(d.text.contains("Zip rusak: xl/worksheets/sheet1.xml tidak dapat dibuka"), "\(d.text.prefix(500))")
        #expect(deflateStarted.duration(to: .now) < .seconds(30))
        let many = Self.options { $0.workbookLimits.maxEntries = 3 }
        let m = try await Self.upload(
            "many.zip", try ServeSupport.zip((1...5).map { ("a/f\($0).yaml", Array("x: 1\n".utf8)) }), options: many)
        #expect(m.status == 422)
        #expect(m.text.contains("lebih dari 3 entri"))
    }

    @Test("a broken workbook is a finding page, not a crash")
    func brokenWorkbook() async throws {
        let a = try await Self.upload("rusak.xlsx", try ServeSupport.zip([("hello.txt", Array("hi".utf8))]))
        // lintas check reports an unreadable workbook as Y001 in the report.
        #expect(a.status == 200 || a.status == 422, "\(a.status)")
        #expect(a.text.contains("Y001") || a.text.contains("tidak dapat"))
    }

    @Test("too large: 413 by Content-Length and by counting a body without one")
    func tooLarge() async throws {
        let small = Self.options { $0.maxUploadBytes = 1 << 20 }
        let a = try await Self.upload("big.xlsx", [UInt8](repeating: 0x50, count: 2 << 20), options: small)
        #expect(a.status == 413)
        #expect(a.text.contains("1 MiB"))
    }

    @Test("not a form, bad multipart, a form without a file, a bad date or pack: 400")
    func badForms() async throws {
        let notForm = try await Self.send(body: Array("{}".utf8), headers: [.contentType: "application/json"])
        #expect(notForm.status == 400)
        let garbage = try await Self.send(body: Array("--\(ServeSupport.boundary)\r\nno colon here\r\n\r\n".utf8))
        #expect(garbage.status == 400)
        #expect(garbage.text.contains("Formulir tidak terbaca"))
        let noFile = try await Self.send(body: ServeSupport.multipart(fields: [("lang", "id")], file: nil))
        #expect(noFile.status == 400)
        #expect(noFile.text.contains("Tidak ada berkas"))
        let truncated = Array(ServeSupport.multipart(file: ("a.xlsx", Array("PK\u{3}\u{4}".utf8))).dropLast(30))
        let t = try await Self.send(body: truncated)
        #expect(t.status == 400)
        let date = try await Self.upload(
            "review.xlsx", try ServeSupport.reviewWorkbook(), fields: [("as_of", "31/12/2025")])
        #expect(date.status == 400)
        let pack = try await Self.upload(
            "review.xlsx", try ServeSupport.reviewWorkbook(), fields: [("pack", SafeUnzip.parent + "/etc")])
        #expect(pack.status == 400)
    }

    @Test(
        "the shared token: missing or wrong is 401 before any of the file is written; the field or a Bearer header lets it in"
    )
    func token() async throws {
        let withToken = { Self.options { $0.token = "s3cret" } }
        let form = try await Self.send(withToken(), uri: "/", body: nil)
        #expect(form.text.contains("name=\"token\""))
        let wb = try ServeSupport.reviewWorkbook()
        let missing = try await Self.upload("review.xlsx", wb, options: withToken())
        #expect(missing.status == 401)
        let wrong = try await Self.upload("review.xlsx", wb, fields: [("token", "guess")], options: withToken())
        #expect(wrong.status == 401)
        let right = try await Self.upload("review.xlsx", wb, fields: [("token", "s3cret")], options: withToken())
        #expect(right.status == 200)
        let bearer = try await Self.send(
            withToken(), body: ServeSupport.multipart(file: ("review.xlsx", wb)),
            headers: [
                .contentType: "multipart/form-data; boundary=\(ServeSupport.boundary)", .authorization: "Bearer s3cret",
            ])
        #expect(bearer.status == 200)
    }

    @Test("all check slots taken and no queue: 503 with Retry-After")
    func busy() async throws {
        let o = Self.options {
            $0.maxChecks = 1
            $0.maxQueued = 0
        }
        let a = try await Self.send(
            o, body: ServeSupport.multipart(file: ("review.xlsx", try ServeSupport.reviewWorkbook()))
        ) { serve in
            #expect(await serve.checks.tryEnter())
        }
        #expect(a.status == 503)
        #expect(a.header("Retry-After") == "30")
        #expect(a.text.contains("Coba lagi"))
        let uploads = Self.options { $0.maxUploads = 1 }
        let u = try await Self.send(
            uploads, body: ServeSupport.multipart(file: ("review.xlsx", try ServeSupport.reviewWorkbook()))
        ) { serve in
            #expect(await serve.uploads.tryEnter())
        }
        #expect(u.status == 503)
        #expect(u.header("Retry-After") == "10")
    }

    @Test("a queued upload gets the slot when it is freed")
    func queue() async throws {
        let gate = Gate(limit: 1, maxWaiting: 1)
        #expect(await gate.tryEnter())
        async let waited = gate.enter(wait: .seconds(30))
        while await gate.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await gate.enter(wait: .seconds(30)) == false)  // the queue is full
        await gate.leave()
        #expect(await waited)
        #expect(await gate.active == 1)
        let short = Gate(limit: 1, maxWaiting: 4)
        #expect(await short.tryEnter())
        #expect(await short.enter(wait: .milliseconds(20)) == false)  // waited, then refused
    }

    @Test("a check over its time limit is stopped: 422 with the limit; a missing worker is a 500 page")
    func timeLimit() async throws {
        // A worker that never finishes: killed at the limit, answered at once.
        let dir = ServeSupport.tempDir("slow-worker")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "#!/bin/sh\nexec sleep 3600\n".write(toFile: dir + "/worker", atomically: true, encoding: .utf8)
        chmod(dir + "/worker", 0o755)
        let o = Self.options {
            $0.workerPath = dir + "/worker"
            $0.checkTimeout = .milliseconds(500)
        }
        let a = try await Self.upload("review.xlsx", try ServeSupport.reviewWorkbook(), options: o)
        #expect(a.status == 422)
        // 422 (not the 500 of a worker that ended without a result) is the kill at the limit.
        #expect(a.text.contains("batas waktu"))
        let missing = Self.options { $0.workerPath = "/nonexistent/lintas-serve" }
        let m = try await Self.upload("review.xlsx", try ServeSupport.reviewWorkbook(), options: missing)
        #expect(m.status == 500)
        #expect(m.text.contains("tidak dapat memulai"))
    }

    @Test("unknown paths: a plain 404 with the security headers")
    func notFound() async throws {
        let a = try await Self.send(uri: "/etc/passwd", body: nil)
        #expect(a.status == 404)
        Self.expectSecurityHeaders(a)
    }

    @Test("upload names: kept readable, never a path or a hidden file")
    func names() {
        #expect(UploadKind.sanitisedName("Review Dinas.xlsx", kind: .xlsx) == "Review Dinas.xlsx")
        #expect(UploadKind.sanitisedName("C:\\Users\\x\\data.xlsx", kind: .xlsx) == "data.xlsx")
        #expect(UploadKind.sanitisedName(SafeUnzip.parent + "/.bashrc.zip", kind: .zip) == "bashrc.zip")
        #expect(UploadKind.sanitisedName("<script>.xlsx", kind: .xlsx) == "_script_.xlsx")
        #expect(UploadKind.sanitisedName(".xlsx", kind: .xlsx) == "workbook.xlsx")
        #expect(UploadKind.sanitisedName("out.zip", kind: .zip) == "agency.zip")
    }
}
