/// Indonesian for libyaml's error texts, so that Y001 reads in one language.
///
/// libyaml reports a syntax error as a fixed English *problem* ("did not find expected key") and,
/// usually, a *context* ("while parsing a block mapping"). The set is finite: these are every
/// problem and context string of libyaml 0.2.5's reader (reader.c), scanner (scanner.c), parser
/// (parser.c) and loader (loader.c), plus the few texts lintas's own loader puts in the same place.
/// The finding keeps libyaml's English in a note; a text not listed here (a newer libyaml) is
/// shown as written, in a message that says it is the parser's own.
enum LibYAMLMessages {
    /// libyaml's problem strings and their Indonesian.
    static let problems: [String: String] = [
        // reader.c
        "input error": "galat saat membaca masukan",
        "input is too long": "masukan terlalu panjang",
        "invalid leading UTF-8 octet": "oktet awal UTF-8 tidak valid",
        "incomplete UTF-8 octet sequence": "urutan oktet UTF-8 tidak lengkap",
        "invalid trailing UTF-8 octet": "oktet lanjutan UTF-8 tidak valid",
        "invalid length of a UTF-8 sequence": "panjang urutan UTF-8 tidak valid",
        "invalid Unicode character": "karakter Unicode tidak valid",
        "incomplete UTF-16 character": "karakter UTF-16 tidak lengkap",
        "unexpected low surrogate area": "surrogate rendah UTF-16 yang tidak diharapkan",
        "expected low surrogate area": "surrogate rendah UTF-16 yang diharapkan tidak ada",
        "incomplete UTF-16 surrogate pair": "pasangan surrogate UTF-16 tidak lengkap",
        "control characters are not allowed": "karakter kendali tidak diizinkan",
        // scanner.c
        "could not find expected ':'": "tanda ':' yang diharapkan tidak ditemukan",
        "found character that cannot start any token": "ada karakter yang tidak dapat mengawali token apa pun",
        "block sequence entries are not allowed in this context": "butir daftar blok (`- `) tidak diizinkan di sini",
        "mapping keys are not allowed in this context": "kunci mapping tidak diizinkan di sini",
        "mapping values are not allowed in this context": "nilai mapping (`kunci: nilai`) tidak diizinkan di sini",
        "found a tab character that violates indentation": "ada karakter tab yang merusak indentasi",
        "found a tab character where an indentation space is expected":
            "ada karakter tab di tempat yang seharusnya spasi indentasi",
        "found unknown directive name": "nama direktif tidak dikenal",
        "did not find expected comment or line break": "komentar atau akhir baris yang diharapkan tidak ditemukan",
        "could not find expected directive name": "nama direktif yang diharapkan tidak ditemukan",
        "found unexpected non-alphabetical character": "ada karakter bukan huruf yang tidak diharapkan",
        "did not find expected whitespace": "spasi yang diharapkan tidak ditemukan",
        "did not find expected whitespace or line break": "spasi atau akhir baris yang diharapkan tidak ditemukan",
        "did not find expected digit or '.' character": "angka atau tanda '.' yang diharapkan tidak ditemukan",
        "found extremely long version number": "nomor versi terlalu panjang",
        "did not find expected version number": "nomor versi yang diharapkan tidak ditemukan",
        "did not find expected alphabetic or numeric character": "huruf atau angka yang diharapkan tidak ditemukan",
        "did not find the expected '>'": "tanda '>' yang diharapkan tidak ditemukan",
        "did not find expected '!'": "tanda '!' yang diharapkan tidak ditemukan",
        "did not find expected tag URI": "URI tag yang diharapkan tidak ditemukan",
        "did not find URI escaped octet": "oktet URI ber-escape (%XX) yang diharapkan tidak ditemukan",
        "found an incorrect leading UTF-8 octet": "oktet awal UTF-8 yang salah",
        "found an incorrect trailing UTF-8 octet": "oktet lanjutan UTF-8 yang salah",
        "found an indentation indicator equal to 0": "indikator indentasi bernilai 0",
        "found unexpected document indicator": "penanda dokumen (`---` atau `...`) yang tidak diharapkan",
        "found unexpected end of stream": "masukan berakhir sebelum waktunya",
        "found unknown escape character": "karakter escape tidak dikenal",
        "did not find expected hexdecimal number": "bilangan heksadesimal yang diharapkan tidak ditemukan",
        "found invalid Unicode character escape code": "kode escape karakter Unicode tidak valid",
        "found unexpected ':'": "tanda ':' yang tidak diharapkan",
        // parser.c
        "did not find expected <stream-start>": "awal aliran YAML yang diharapkan tidak ditemukan",
        "did not find expected <document start>": "awal dokumen (`---`) yang diharapkan tidak ditemukan",
        "found incompatible YAML document": "dokumen YAML dengan versi yang tidak didukung",
        "found duplicate %YAML directive": "direktif %YAML ganda",
        "found duplicate %TAG directive": "direktif %TAG ganda",
        "found undefined tag handle": "handle tag yang belum didefinisikan",
        "did not find expected node content": "isi node yang diharapkan tidak ditemukan",
        "did not find expected '-' indicator": "indikator '-' yang diharapkan tidak ditemukan",
        "did not find expected key": "kunci yang diharapkan tidak ditemukan",
        "did not find expected ',' or ']'": "tanda ',' atau ']' yang diharapkan tidak ditemukan",
        "did not find expected ',' or '}'": "tanda ',' atau '}' yang diharapkan tidak ditemukan",
        // loader.c
        "found undefined alias": "alias yang belum didefinisikan",
        "second occurrence": "kemunculan kedua",
        // lintas's own loader, in the same place
        "out of memory": "memori habis",
        "unknown error": "galat yang tidak dikenal",
        "parser could not be initialised (out of memory)": "parser tidak dapat disiapkan (memori habis)",
        "file cannot be read": "berkas tidak dapat dibuka atau dibaca",
    ]

    /// libyaml's context strings and their Indonesian.
    static let contexts: [String: String] = [
        // scanner.c
        "while scanning a simple key": "saat memindai kunci sederhana",
        "while scanning for the next token": "saat mencari token berikutnya",
        "while scanning a directive": "saat memindai direktif",
        "while scanning a %YAML directive": "saat memindai direktif %YAML",
        "while scanning a %TAG directive": "saat memindai direktif %TAG",
        "while scanning a tag directive": "saat memindai direktif tag",
        "while scanning an anchor": "saat memindai anchor",
        "while scanning an alias": "saat memindai alias",
        "while scanning a tag": "saat memindai tag",
        "while scanning a block scalar": "saat memindai skalar blok",
        "while scanning a quoted scalar": "saat memindai skalar berkutip",
        "while scanning a plain scalar": "saat memindai skalar polos",
        "while parsing a tag": "saat mengurai tag",
        "while parsing a %TAG directive": "saat mengurai direktif %TAG",
        "while parsing a tag directive": "saat mengurai direktif tag",
        "while parsing a quoted scalar": "saat mengurai skalar berkutip",
        // parser.c
        "while parsing a node": "saat mengurai node",
        "while parsing a block node": "saat mengurai node blok",
        "while parsing a flow node": "saat mengurai node alir",
        "while parsing a block collection": "saat mengurai koleksi blok",
        "while parsing a block mapping": "saat mengurai mapping blok",
        "while parsing a flow sequence": "saat mengurai daftar alir (`[ ]`)",
        "while parsing a flow mapping": "saat mengurai mapping alir (`{ }`)",
        // loader.c
        "found duplicate anchor; first occurrence": "anchor ganda; kemunculan pertama",
    ]

    /// The Indonesian of a libyaml problem, or nil when it is not one of the known texts.
    static func problem(_ english: String) -> String? { problems[english] }

    /// The Indonesian of a libyaml context, or nil when it is not one of the known texts.
    static func context(_ english: String) -> String? { contexts[english] }

    /// Arguments for a Y001 finding from libyaml's problem and optional context: `problem` and
    /// `context` in both languages (`_id`, `_en`), `original` (libyaml's English, for the note),
    /// and whether both texts were known.
    static func arguments(problem: String, context: String?) -> (args: [String: String], known: Bool) {
        var args = ["problem": problem, "problem_en": problem, "problem_id": Self.problem(problem) ?? problem]
        var known = Self.problem(problem) != nil
        var original = "\"\(problem)\""
        if let c = context {
            args["context"] = c
            args["context_en"] = c
            args["context_id"] = Self.context(c) ?? c
            known = known && Self.context(c) != nil
            original += " (\"\(c)\")"
        }
        args["original"] = original
        return (args, known)
    }
}
