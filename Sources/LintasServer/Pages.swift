import Foundation
import LintasCore

/// The pages `lintas serve` answers with: the upload form, a page for what went wrong, and the
/// HTML report with the download bar. No script: the form works without JavaScript, and each page's
/// one inline style is allowed by its hash (the report keeps its own style and script hashes).
enum Pages {
    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
        header,main,footer{max-width:52rem;margin:0 auto;padding:1rem 1.25rem}
        header h1{margin:.2rem 0;font-size:1.6rem}header p{margin:.2rem 0;color:#4a5360}
        form{background:#fff;border:1px solid #d5d9e0;border-radius:8px;padding:1rem 1.25rem}
        fieldset{border:0;margin:0 0 1rem;padding:0}legend{font-weight:600;margin-bottom:.35rem}
        .drop{display:block;border:2px dashed #7a8699;border-radius:8px;padding:1.5rem;text-align:center;background:#fbfcfd}
        .drop input{font-size:1rem;margin-top:.5rem}
        label.pack{display:block;margin:.2rem 0}
        button{font-size:1.05rem;padding:.55rem 1.4rem;border-radius:6px;border:1px solid #1f5fbf;background:#2469d6;color:#fff;cursor:pointer}
        .note{background:#eef6ee;border:1px solid #b9d8b9;border-radius:8px;padding:.6rem 1rem;margin:1rem 0}
        .problem{background:#fdf0ef;border:1px solid #e6b3ae;border-radius:8px;padding:.6rem 1rem;margin:1rem 0}
        small{color:#4a5360}
        """

    static func h(_ s: String) -> String { Escape.html(s) }

    static func t(_ lang: Language, _ id: String, _ en: String) -> String { lang == .en ? en : id }

    static var csp: String {
        "default-src 'none'; style-src \(ContentHash.cspSource("\n" + css + "\n")); form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    static func page(_ lang: Language, title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(h(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <header><h1>lintas</h1><p>\(t(lang, "Pemeriksaan mandiri tim kerja, Matriks Peran Hasil dan sistem kerja instansi", "Self-assessment of an agency's tim kerja, Matriks Peran Hasil and sistem kerja"))</p></header>
        <main>
        \(body)
        </main>
        <footer><small>lintas \(h(LintasVersion.current))</small></footer>
        </body>
        </html>

        """
    }

    static func nothingKept(_ lang: Language) -> String {
        t(
            lang,
            "Tidak ada yang disimpan: berkas diperiksa di memori dan di folder sementara pribadi yang dihapus sebelum jawaban dikirim; isinya (NIP, nama) tidak dicatat di log dan tidak dikirim ke mana pun. Unduhan hasil ada di dalam halaman jawaban itu sendiri.",
            "Nothing is kept: the file is checked in memory and in a private temporary folder removed before the answer is sent; its content (NIPs, names) is never logged and never sent anywhere. The downloads are inside the answer page itself."
        )
    }

    /// The upload form.
    static func form(_ lang: Language, catalog: RuleCatalog, today: CivilDate, tokenRequired: Bool, maxUploadBytes: Int)
        -> String
    {
        var packs = ""
        for p in catalog.packs {
            let always = p.id == "dasar"
            packs +=
                "<label class=\"pack\"><input type=\"checkbox\" name=\"pack\" value=\"\(h(p.id))\""
                + (p.enabledByDefault || always ? " checked" : "") + (always ? " disabled" : "") + "> <b>" + h(p.id)
                + "</b>: "
                + h(p.title[lang]) + (always ? " <small>(" + t(lang, "selalu aktif", "always on") + ")</small>" : "")
                + "</label>\n"
        }
        let other: Language = lang == .en ? .id : .en
        var body = """
            <p><a href="/?lang=\(other.rawValue)">\(lang == .en ? "Bahasa Indonesia" : "English")</a></p>
            <form method="post" action="/check" enctype="multipart/form-data">

            """
        if tokenRequired {
            body += """
                <fieldset><legend><label for="token">\(t(lang, "Token akses", "Access token"))</label></legend>
                <input type="password" id="token" name="token" autocomplete="off" required></fieldset>

                """
        }
        body += """
            <fieldset><legend>\(t(lang, "Berkas instansi", "The agency's file"))</legend>
            <label class="drop" for="file">\(t(lang, "Pilih atau seret ke sini", "Choose or drop here")): \(t(lang, "buku kerja", "a workbook")) <b>.xlsx</b>, \(t(lang, "folder CSV sebagai", "a CSV folder as a")) <b>.zip</b>, \(t(lang, "atau folder YAML instansi (atau batch) sebagai", "or an agency's YAML folder (or a batch) as a")) <b>.zip</b><br>
            <input type="file" id="file" name="file" accept=".xlsx,.zip" required></label>
            <small>\(t(lang, "Paling besar", "At most")) \(maxUploadBytes >> 20) MiB. \(t(lang, "Berkas .xls atau .ods: simpan dulu sebagai .xlsx.", "A .xls or .ods file: save it as .xlsx first."))</small>
            </fieldset>
            <fieldset><legend>\(t(lang, "Paket aturan", "Rule packs"))</legend><input type="hidden" name="packs_chosen" value="1">
            \(packs)</fieldset>
            <fieldset><legend><label for="as_of">\(t(lang, "Tanggal penilaian", "Assessment date"))</label></legend>
            <input type="date" id="as_of" name="as_of" value="\(today.description)"> <small>\(t(lang, "untuk aturan tenggat", "for the deadline rules"))</small></fieldset>
            <fieldset><legend>\(t(lang, "Bahasa laporan", "Report language"))</legend>
            <label><input type="radio" name="lang" value="id"\(lang == .id ? " checked" : "")> Bahasa Indonesia</label>
            <label><input type="radio" name="lang" value="en"\(lang == .en ? " checked" : "")> English</label></fieldset>
            <fieldset><legend>\(t(lang, "Jawaban", "Answer"))</legend>
            <label><input type="radio" name="answer" value="page" checked> \(t(lang, "Laporan di halaman ini, dengan unduhan JSON, CSV, SARIF dan buku kerja beranotasi", "The report as a page, with JSON, CSV, SARIF and annotated workbook downloads"))</label><br>
            <label><input type="radio" name="answer" value="zip"> \(t(lang, "Semua hasil sebagai satu .zip (untuk instansi besar)", "Everything as one .zip (for large agencies)"))</label></fieldset>
            <button type="submit">\(t(lang, "Periksa", "Check"))</button>
            </form>
            <p class="note">\(h(nothingKept(lang)))</p>

            """
        return page(lang, title: "lintas: " + t(lang, "periksa instansi", "check an agency"), body: body)
    }

    /// What went wrong and what to do, for the person who sent the upload.
    static func problem(_ lang: Language, _ message: String) -> String {
        page(
            lang, title: "lintas: " + t(lang, "tidak dapat diperiksa", "cannot be checked"),
            body: """
                <div class="problem" role="alert"><p>\(h(message))</p></div>
                <p><a href="/?lang=\(lang.rawValue)">\(t(lang, "Kembali ke formulir", "Back to the form"))</a></p>
                <p class="note">\(h(nothingKept(lang)))</p>

                """)
    }

    /// One download offered in the report's bar.
    struct Download {
        var label: String
        var fileName: String
        var mediaType: String
        var bytes: [UInt8]
    }

    /// The HTML report with a bar of downloads right after `<body>`: each embedded as a data:
    /// address (nothing for the server to keep), or, when too large for a browser to take as an
    /// address, a note pointing to the form's ".zip" answer.
    static func report(_ html: String, lang: Language, downloads: [Download], maxEmbedded: Int) -> String {
        var bar =
            "<nav id=\"lintas-serve\" aria-label=\"\(t(lang, "Unduhan", "Downloads"))\"><p><a href=\"/?lang=\(lang.rawValue)\">"
            + t(lang, "← Periksa berkas lain", "← Check another file") + "</a></p><p>" + t(lang, "Unduh", "Download")
            + ":"
        var tooLarge: [String] = []
        for (i, d) in downloads.enumerated() {
            let encodedSize = (d.bytes.count + 2) / 3 * 4
            if encodedSize > maxEmbedded {
                tooLarge.append(d.label)
                continue
            }
            bar +=
                (i == 0 ? " " : " · ") + "<a download=\"\(h(d.fileName))\" href=\"data:\(d.mediaType);base64,"
                + Data(d.bytes).base64EncodedString() + "\">" + h(d.label) + "</a>"
        }
        bar += "</p>"
        if !tooLarge.isEmpty {
            bar +=
                "<p>" + h(tooLarge.joined(separator: ", ")) + ": "
                + t(
                    lang,
                    "terlalu besar untuk disematkan di halaman; pilih jawaban “Semua hasil sebagai satu .zip” di formulir.",
                    "too large to embed in the page; choose the answer “Everything as one .zip” on the form.") + "</p>"
        }
        bar += "<p><small>" + h(nothingKept(lang)) + "</small></p></nav>\n"
        guard let body = html.range(of: "<body>\n") else { return bar + html }
        var out = html
        out.insert(contentsOf: bar, at: body.upperBound)
        return out
    }

    /// The Content-Security-Policy of a rendered HTML report (from its meta element), so that the
    /// same policy is sent as a header, with `frame-ancestors` (which a meta element cannot carry).
    static func reportCSP(_ html: String) -> String? {
        let marker = "<meta http-equiv=\"Content-Security-Policy\" content=\""
        guard let start = html.range(of: marker), let end = html[start.upperBound...].firstIndex(of: "\"") else {
            return nil
        }
        var value = String(html[start.upperBound..<end])
        for (entity, char) in [
            ("&#39;", "'"), ("&#x27;", "'"), ("&apos;", "'"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"),
            ("&amp;", "&"),
        ] {
            value = value.replacingOccurrences(of: entity, with: char)
        }
        return value
    }
}
