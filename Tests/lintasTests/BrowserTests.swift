import Foundation
import LintasTestSupport
import Testing

/// The HTML report in a real browser (headless Chromium): the shipped examples render a page that
/// is not blank, styled and scripted under its own Content-Security-Policy, and hostile names,
/// codes, texts and file names come out as text, never as elements or script.
///
/// Needs `chromium` (Debian: `apt-get install chromium`; `.ci/run` installs it) or the binary named
/// by `LINTAS_CHROMIUM`. Without one the tests fail and say so; `LINTAS_SKIP_BROWSER=1` skips them.
@Suite(
    "lintas binary: HTML in a browser", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["LINTAS_SKIP_BROWSER"] != "1", "LINTAS_SKIP_BROWSER=1"))
struct BrowserTests {
    static let chromium: String? = {
        let env = ProcessInfo.processInfo.environment
        if let c = env["LINTAS_CHROMIUM"], !c.isEmpty {
            return FileManager.default.isExecutableFile(atPath: c) ? c : nil
        }
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }()

    struct BrowserMissing: Error {}

    static func requireChromium() throws -> String {
        guard let c = chromium else {
            Issue.record(
                "chromium not found: install it (Debian: apt-get install chromium), name it with LINTAS_CHROMIUM, or set LINTAS_SKIP_BROWSER=1 to skip the browser tests"
            )
            throw BrowserMissing()
        }
        return c
    }

    static func tempDir() throws -> String {
        let d = NSTemporaryDirectory() + "lintas-browser-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Runs a program with a time limit; stdout and stderr.
    static func exec(_ program: String, _ args: [String], timeout: Double = 120) throws -> (
        status: Int32, out: String, err: String
    ) {
        let r = try Spawn.run("/usr/bin/env", ["timeout", String(Int(timeout)), program] + args)
        return (r.status, r.stdoutText, r.stderrText)
    }

    static func browserArgs(_ profile: String) -> [String] {
        var a = [
            "--headless", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile)", "--window-size=1280,1800",
        ]
        if getuid() == 0 { a.append("--no-sandbox") }  // Chromium refuses to run as root with its sandbox
        return a
    }

    /// `lintas check ... --output html:FILE`, then a screenshot and the DOM after load.
    static func render(_ paths: [String], in dir: String, extra: [String] = []) throws -> (
        html: String, png: String, dom: String
    ) {
        let chromium = try requireChromium()
        let html = dir + "/report.html"
        let png = dir + "/shot.png"
        let r = try CLITests.run(["check", "--as-of", "2024-06-30", "--output", "html:\(html)"] + extra + paths)
        #expect(r.status == 0 || r.status == 1, "lintas: \(r.stderr)")
        let url = URL(fileURLWithPath: html).absoluteString
        let shot = try exec(chromium, browserArgs(dir + "/profile") + ["--screenshot=\(png)", url])
        #expect(FileManager.default.fileExists(atPath: png), "no screenshot: \(shot.err.suffix(600))")
        let dom = try exec(chromium, browserArgs(dir + "/profile") + ["--dump-dom", url])
        #expect(dom.status == 0, "dump-dom: \(dom.err.suffix(600))")
        return (html, png, dom.out)
    }

    /// scripts/png_stats.py: distinct colours, share of non-background pixels, share of the header's colour.
    static func stats(_ png: String) throws -> [String: Any] {
        let r = try exec("python3", [CLITests.root + "/scripts/png_stats.py", png, "--colour", "0b3d62"])
        #expect(r.status == 0, "png_stats: \(r.err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    }

    static func checkDrawn(_ png: String) throws {
        let s = try stats(png)
        let colours = s["colours"] as? Int ?? 0
        let drawn = s["nonBackground"] as? Double ?? 0
        let header = (s["share"] as? [String: Any])?["0b3d62"] as? Double ?? 0
        #expect(colours >= 16, "screenshot looks blank: \(colours) colours")
        #expect(drawn >= 0.05, "screenshot looks blank: \(drawn) of it differs from the background")
        // The header's colour comes from the inline style: present only if the CSP hash let it apply.
        #expect(header >= 0.01, "header colour missing: the inline style did not apply (\(header))")
    }

    @Test("one agency: the page is drawn, styled and scripted under its CSP; the cascade is an SVG")
    func oneAgency() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, png, dom) = try Self.render(["examples/agencies/jabar-diskominfo"], in: dir)
        try Self.checkDrawn(png)
        #expect(dom.contains("<html lang=\"id\" class=\"js\">"), "the page's script did not run")
        #expect(dom.contains("<svg class=\"cascade\""))
        #expect(dom.contains("Kaskade Matriks Peran Hasil") && dom.contains("Susunan tim kerja"))
    }

    @Test("a batch: opens on the comparison table, one linked row per agency; English with --lang en")
    func batch() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, png, dom) = try Self.render(["examples/agencies"], in: dir, extra: ["--lang", "en"])
        try Self.checkDrawn(png)
        #expect(dom.contains("<html lang=\"en\" class=\"js\">"))
        let table = try #require(dom.range(of: "<table class=\"cmp\">"))
        let firstAgency = try #require(dom.range(of: "<section class=\"agency"))
        #expect(table.lowerBound < firstAgency.lowerBound, "the comparison table comes first")
        #expect(dom.contains("<a href=\"#instansi-1\">examples/agencies/jabar-diskominfo</a>"))
        #expect(dom.contains("<a href=\"#instansi-2\">examples/agencies/kementerian-contoh</a>"))
        #expect(dom.contains("Agency comparison"))
    }

    @Test("the page's own script sorts the comparison on a click and filters by severity, under the CSP")
    func sortAndFilter() throws {
        let chromium = try Self.requireChromium()
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let html = dir + "/report.html"
        let r = try CLITests.run([
            "check", "--as-of", "2024-06-30", "--output", "html:\(html)", "examples/agencies",
            "examples/review/jabar-diskominfo-draf",
        ])
        #expect(r.status == 1)
        // A harness: the report plus a script that clicks "Galat" twice (descending) and unticks
        // "galat" in the filter, then records the row order. It is allowed by adding its hash to the
        // page's CSP, so the page's own script runs under its unchanged policy.
        let harness = """
            (function(){var t=document.querySelector('table.cmp'),b=t.querySelectorAll('thead th button');b[1].click();b[1].click();
            var f=document.querySelector('#filter input[value="s:error"]');f.checked=false;f.dispatchEvent(new Event('change'));
            document.body.setAttribute('data-order',Array.prototype.map.call(t.tBodies[0].rows,function(r){return r.cells[0].querySelector('a').textContent+'='+r.cells[9].textContent;}).join('|'));})();
            """
        let py = """
            import base64, hashlib, sys
            page, harness, out = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
            h = base64.b64encode(hashlib.sha256(harness.encode()).digest()).decode()
            assert page.count("script-src &#39;sha256-") == 1
            page = page.replace("script-src &#39;sha256-", "script-src &#39;sha256-" + h + "&#39; &#39;sha256-", 1)
            page = page.replace("</body>", "<script>" + harness + "</script>\\n</body>", 1)
            open(out, "w").write(page)
            """
        let made = try Self.exec("python3", ["-c", py, html, harness, dir + "/harness.html"])
        #expect(made.status == 0, "harness: \(made.err)")
        let dom = try Self.exec(
            chromium,
            Self.browserArgs(dir + "/profile") + [
                "--dump-dom", URL(fileURLWithPath: dir + "/harness.html").absoluteString,
            ])
        #expect(
            dom.out.contains(
                "data-order=\"examples/review/jabar-diskominfo-draf=3|examples/agencies/jabar-diskominfo=0|examples/agencies/kementerian-contoh=0\""
            ),
            "order after sorting: \(dom.out.components(separatedBy: "data-order=").dropFirst().first?.prefix(200) ?? "none")"
        )
        #expect(dom.out.contains("aria-sort=\"descending\""))
        // The draft's three errors are hidden, its other findings are not.
        let rows = dom.out.components(separatedBy: "<tr id=\"f3-").dropFirst()
        #expect(rows.filter { $0.contains("data-sev=\"error\"") && $0.prefix(120).contains("hidden") }.count == 3)
        #expect(rows.filter { !$0.contains("data-sev=\"error\"") && $0.prefix(120).contains("hidden") }.isEmpty)
    }

    @Test("html:DIR/: the index and an agency page are drawn under their CSP, rows link to pages, pages link back")
    func directory() throws {
        let chromium = try Self.requireChromium()
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLITests.run([
            "check", "--as-of", "2024-06-30", "--output", "html:\(dir)/out/", "examples/agencies",
            "examples/review/jabar-diskominfo-draf",
        ])
        #expect(r.status == 1, "lintas: \(r.stderr)")
        let index = URL(fileURLWithPath: dir + "/out/index.html").absoluteString
        let shot = try Self.exec(
            chromium, Self.browserArgs(dir + "/profile") + ["--screenshot=\(dir)/index.png", index])
        #expect(FileManager.default.fileExists(atPath: dir + "/index.png"), "no screenshot: \(shot.err.suffix(600))")
        try Self.checkDrawn(dir + "/index.png")
        let dom = try Self.exec(chromium, Self.browserArgs(dir + "/profile") + ["--dump-dom", index]).out
        #expect(dom.contains("class=\"js\""), "the index's script did not run")
        let links = dom.components(separatedBy: "<a href=\"instansi-").dropFirst().compactMap {
            $0.split(separator: "\"").first.map(String.init)
        }
        #expect(links.count == 3)
        let draft = try #require(
            links.first { dom.contains("instansi-" + $0 + "\">examples/review/jabar-diskominfo-draf<") })
        let page = URL(fileURLWithPath: dir + "/out/instansi-" + draft).absoluteString
        _ = try Self.exec(chromium, Self.browserArgs(dir + "/profile") + ["--screenshot=\(dir)/page.png", page])
        try Self.checkDrawn(dir + "/page.png")
        let pageDom = try Self.exec(chromium, Self.browserArgs(dir + "/profile") + ["--dump-dom", page]).out
        #expect(pageDom.contains("class=\"js\""), "the page's script did not run")
        #expect(pageDom.contains("<a href=\"index.html\">"))
        #expect(pageDom.contains("<svg class=\"cascade\""))
    }

    static let hostile = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"]

    @Test("hostile names, codes, texts and file names are text in the DOM, never elements or script")
    func hostileInput() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var y = try String(
            contentsOfFile: CLITests.root + "/examples/agencies/kementerian-contoh/kementerian.yaml", encoding: .utf8)
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let swaps: [(String, String)] = [
            ("nama: Indra Lesmana", "nama: " + q(Self.hostile[0])),  // employee name
            ("nama: Tim Evaluasi Kelembagaan Kementerian dan Lembaga", "nama: " + q(Self.hostile[1])),  // team name
            ("nama: Asisten Deputi Kelembagaan\n", "nama: " + q("<svg onload=alert(1)>") + "\n"),  // unit name
            ("TK-KLB-01", q("TK<img src=x onerror=alert(2)>")),  // team code, everywhere
            ("IKU-KLB-01", q("IKU</script><script>alert(3)</script>")),  // indicator code
        ]
        for (a, b) in swaps {
            #expect(y.contains(a), "fixture text moved: \(a)")
            y = y.replacingOccurrences(of: a, with: b)
        }
        // A result's uraian, and a member NIP nobody has (an R002 finding quoting it).
        if let r = y.range(of: "uraian: "), let end = y[r.upperBound...].firstIndex(of: "\n") {
            y.replaceSubrange(r.upperBound..<end, with: q("<img src=x onerror=alert(4)> & </script>"))
        }
        if let r = y.range(of: "anggota:\n      - "), let end = y[r.upperBound...].firstIndex(of: "\n") {
            y.replaceSubrange(r.upperBound..<end, with: q("<img src=x onerror=alert(5)>"))
        }
        let agencyDir = dir + "/batch/<img src=x onerror=alert(6)>"
        try FileManager.default.createDirectory(atPath: agencyDir, withIntermediateDirectories: true)
        try y.write(toFile: agencyDir + "/<script>alert(7)<.yaml", atomically: true, encoding: .utf8)
        let second = dir + "/batch/=1+1 <b>x.yaml"
        try FileManager.default.copyItem(atPath: CLITests.root + "/examples/rules/M011/fail.yaml", toPath: second)

        let (html, png, dom) = try Self.render([dir + "/batch"], in: dir)
        try Self.checkDrawn(png)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("R002"), "the unknown NIP should be a finding")

        // Parse the browser's DOM: elements, attributes, script bodies and the text.
        let py = """
            import html.parser, json, sys
            class P(html.parser.HTMLParser):
                def __init__(self):
                    super().__init__(convert_charrefs=True); self.tags = {}; self.on = []; self.scripts = []; self.text = []; self.inscript = False
                def handle_starttag(self, tag, attrs):
                    self.tags[tag] = self.tags.get(tag, 0) + 1
                    self.on += [tag + ' ' + k for k, v in attrs if k.startswith('on')]
                    self.inscript = tag == 'script'
                    if tag == 'script': self.scripts.append('')
                def handle_endtag(self, tag):
                    if tag == 'script': self.inscript = False
                def handle_data(self, d):
                    if self.inscript: self.scripts[-1] += d
                    else: self.text.append(d)
                def handle_startendtag(self, tag, attrs): self.handle_starttag(tag, attrs)
            p = P(); p.feed(sys.stdin.read())
            print(json.dumps({'tags': p.tags, 'on': p.on, 'scripts': len(p.scripts), 'text': ''.join(p.text)}))
            """
        let data = try Spawn.run("/usr/bin/env", ["python3", "-c", py], input: Data(dom.utf8)).stdout
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let tags = parsed["tags"] as? [String: Int] ?? [:]
        #expect(tags["img"] == nil, "an <img> element from the input")
        #expect(tags["b"] == nil, "a <b> element from the input")
        #expect(tags["script"] == 1, "scripts in the DOM: \(tags["script"] ?? 0)")
        #expect((parsed["on"] as? [String] ?? []).isEmpty, "event-handler attributes: \(parsed["on"] ?? "")")
        #expect((tags["svg"] ?? 0) >= 1)
        let text = parsed["text"] as? String ?? ""
        for s in Self.hostile + [
            "<svg onload=alert(1)>", "TK<img src=x onerror=alert(2)>", "IKU</script><script>alert(3)</script>",
            "<img src=x onerror=alert(4)> & </script>", "<img src=x onerror=alert(6)>", "<script>alert(7)<.yaml",
            "=1+1 <b>x.yaml",
        ] {
            // Compared without white space: a cascade label wraps over several text elements.
            #expect(text.filter { !$0.isWhitespace }.contains(s.filter { !$0.isWhitespace }), "not shown as text: \(s)")
        }
    }
}
