import Foundation
import Testing

/// The HTML report as a reviewer uses it: printed to A4 from headless Chromium (`--print-to-pdf`),
/// read at 1024 px, sorted on Pasal 25, clean agencies collapsed. The PDF is checked with poppler
/// (`pdfinfo`, `pdftotext`, `pdftoppm`; Debian poppler-utils) and the page image with
/// scripts/png_stats.py, as the other browser tests check screenshots.
@Suite(
    "lintas binary: HTML printed and at 1024 px", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["LINTAS_SKIP_BROWSER"] != "1", "LINTAS_SKIP_BROWSER=1"))
struct PrintTests {
    static let batch = ["examples/agencies", "examples/review/jabar-diskominfo-draf"]

    static func report(_ paths: [String], in dir: String, extra: [String] = []) throws -> String {
        let html = dir + "/report.html"
        let r = try CLITests.run(["check", "--as-of", "2024-06-30", "--output", "html:\(html)"] + extra + paths)
        #expect(r.status == 0 || r.status == 1, "lintas: \(r.stderr)")
        return html
    }

    /// The page with `harness` run after the page's own script, allowed by its hash in the CSP.
    static func withHarness(_ html: String, _ harness: String, out: String) throws -> String {
        let py = """
            import base64, hashlib, sys
            page, harness, out = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
            h = base64.b64encode(hashlib.sha256(harness.encode()).digest()).decode()
            page = page.replace("script-src &#39;sha256-", "script-src &#39;sha256-" + h + "&#39; &#39;sha256-", 1)
            page = page.replace("</body>", "<script>" + harness + "</script>\\n</body>", 1)
            open(out, "w").write(page)
            """
        let made = try BrowserTests.exec("python3", ["-c", py, html, harness, out])
        #expect(made.status == 0, "harness: \(made.err)")
        return out
    }

    struct PopplerMissing: Error {}

    /// pdfinfo, pdftotext and pdftoppm (Debian poppler-utils, which `.ci/run` installs).
    static func requirePoppler() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for tool in ["pdfinfo", "pdftotext", "pdftoppm"]
        where !path.split(separator: ":").contains(where: {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }) {
            Issue.record(
                "\(tool) not found: install poppler-utils (Debian: apt-get install poppler-utils), or set LINTAS_SKIP_BROWSER=1 to skip the browser tests"
            )
            throw PopplerMissing()
        }
    }

    static func pdfText(_ pdf: String, page: Int? = nil) throws -> String {
        let range = page.map { ["-f", "\($0)", "-l", "\($0)"] } ?? []
        let r = try BrowserTests.exec("pdftotext", range + [pdf, "-"])
        #expect(r.status == 0, "pdftotext: \(r.err)")
        return r.out
    }

    static func words(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test(
        "printed to A4: the comparison first, each agency from a new page, clean agencies expanded, no filter bar, nothing past the page edge"
    )
    func printedBatch() throws {
        let chromium = try BrowserTests.requireChromium()
        try Self.requirePoppler()
        let dir = try BrowserTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let html = try Self.report(Self.batch, in: dir)
        let pdf = dir + "/report.pdf"
        let printed = try BrowserTests.exec(
            chromium,
            BrowserTests.browserArgs(dir + "/profile")
                + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString])
        #expect(FileManager.default.fileExists(atPath: pdf), "no PDF: \(printed.err.suffix(600))")

        let info = try BrowserTests.exec("pdfinfo", [pdf])
        #expect(info.out.contains("(A4)"), "\(info.out)")
        let pages =
            Int(info.out.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        // The comparison, then three agencies each starting a page, each longer than one page.
        #expect(pages >= 7 && pages <= 40, "pages: \(pages)")

        // Page 1: the comparison with every agency's path, code and name; no filter bar, no button.
        let first = try Self.pdfText(pdf, page: 1)
        #expect(first.contains("Perbandingan instansi"))
        // (Paths wrap anywhere in their cell, and pdftotext joins a word broken after a hyphen:
        // compared without white space and hyphens.)
        func packed(_ s: String) -> String { s.filter { !$0.isWhitespace && $0 != "-" } }
        for s in [
            "examples/agencies/jabar-diskominfo", "examples/agencies/kementerian-contoh",
            "examples/review/jabar-diskominfo-draf",
            "KEMENTERIAN-CONTOH", "PEMPROV-JABAR", "KementerianContohTataKelolaPemerintahan",
        ] {
            #expect(packed(first).contains(packed(s)), "page 1 lacks \(s)")
        }
        #expect(!first.contains("lainnya") && !first.contains("organisasi"), "the filter bar is printed")
        #expect(!first.contains("tampilkan rincian"), "the collapse button is printed")

        // Each agency's section starts a page: its path is the first line of some page.
        var starts: [String] = []
        for p in 1...pages {
            let t = try Self.pdfText(pdf, page: p).trimmingCharacters(in: .whitespacesAndNewlines)
            starts.append(String(t.prefix { $0 != "\n" }).trimmingCharacters(in: .whitespaces))
        }
        for a in [
            "examples/agencies/jabar-diskominfo", "examples/agencies/kementerian-contoh",
            "examples/review/jabar-diskominfo-draf",
        ] {
            #expect(starts.contains(a), "no page starts with \(a): \(starts)")
        }

        // The clean agencies are collapsed on screen but printed whole: three cascades, three team
        // sections; a team of a clean agency and a cascade label in full (it once stopped at ~36 characters).
        let all = Self.words(try Self.pdfText(pdf))
        #expect(!all.contains("tampilkan rincian"))
        #expect(all.components(separatedBy: "Kaskade Matriks Peran Hasil").count - 1 == 3)
        #expect(all.components(separatedBy: "Susunan tim kerja").count - 1 == 3)
        #expect(all.contains("TK-KLB-02"))
        #expect(
            all.contains(
                "IKU-DISKOMINFO-01 Indeks Sistem Pemerintahan Berbasis Elektronik (SPBE) Pemerintah Daerah Provinsi Jawa Barat"
            ))

        // Page images: drawn (the header's colour printed), and the right margin empty on every
        // page, so no table or cascade runs past the page.
        let r = try BrowserTests.exec("pdftoppm", ["-png", "-r", "40", pdf, dir + "/page"])
        #expect(r.status == 0, "pdftoppm: \(r.err)")
        let images = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
            $0.hasPrefix("page") && $0.hasSuffix(".png")
        }.sorted()
        #expect(images.count == pages)
        try BrowserTests.checkDrawn(dir + "/" + images[0])
        for image in images {
            let s = try BrowserTests.stats(dir + "/" + image)
            let width = s["width"] as? Int ?? 0
            let height = s["height"] as? Int ?? 0
            let strip = dir + "/strip-" + image
            // The last 8 mm of 210 (the margin is 12 mm).
            let x = width - width * 8 / 210
            let crop = try BrowserTests.exec(
                "python3",
                [
                    CLITests.root + "/scripts/png_stats.py", dir + "/" + image, "--crop", "\(x)", "0", "\(width - x)",
                    "\(height)", strip,
                ])
            #expect(crop.status == 0, "crop: \(crop.err)")
            let edge = try BrowserTests.stats(strip)
            #expect((edge["nonBackground"] as? Double ?? 1) == 0, "\(image): something is drawn in the right margin")
        }
    }

    @Test("at 1024 px the page does not scroll sideways; Pasal 25 sorts on its number; a clean agency opens on a click")
    func screenAt1024() throws {
        let chromium = try BrowserTests.requireChromium()
        let dir = try BrowserTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let html = try Self.report(
            Self.batch + [
                "examples/rules/D001/fail.yaml", "examples/rules/D002/fail.yaml", "examples/rules/D003/fail.yaml",
            ], in: dir)
        let harness = """
            (function(){var d=document,t=d.querySelector('table.cmp'),b=t.querySelectorAll('thead th button');
            var w=d.documentElement.scrollWidth;b[4].click();
            var order=Array.prototype.map.call(t.tBodies[0].rows,function(r){return r.cells[0].querySelector('a').textContent;}).join('|');
            var s=d.querySelector('section.clean'),more=s.querySelector('.more'),before=more.offsetHeight;s.querySelector('button.toggle').click();
            d.body.setAttribute('data-result',w+';'+order+';'+before+';'+(more.offsetHeight>0)+';'+s.querySelector('button.toggle').getAttribute('aria-expanded'));})();
            """
        let page = try Self.withHarness(html, harness, out: dir + "/harness.html")
        var args = BrowserTests.browserArgs(dir + "/profile")
        args = args.map { $0.hasPrefix("--window-size=") ? "--window-size=1024,800" : $0 }
        let dom = try BrowserTests.exec(chromium, args + ["--dump-dom", URL(fileURLWithPath: page).absoluteString])
        let result =
            dom.out.components(separatedBy: "data-result=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) }
            ?? ""
        let parts = result.components(separatedBy: ";")
        try #require(parts.count == 5, "harness result: \(result) \(dom.err.suffix(300))")
        #expect((Int(parts[0]) ?? 9999) <= 1024, "the page is \(parts[0]) px wide at 1024 px")
        // On time, 154 and 276 days late (jabar's draft is late 154 days too), then no regulation:
        // not "belum ada" < "tepat waktu" < "terlambat ..." as text.
        #expect(
            parts[1]
                == "examples/agencies/jabar-diskominfo|examples/agencies/kementerian-contoh|examples/review/jabar-diskominfo-draf|examples/rules/D002/fail.yaml|examples/rules/D003/fail.yaml|examples/rules/D001/fail.yaml",
            "order after sorting on Pasal 25: \(parts[1])")
        #expect(parts[2] == "0", "a clean agency's details are shown before the click")
        #expect(parts[3] == "true" && parts[4] == "true", "the click did not open the details: \(result)")
    }
}
