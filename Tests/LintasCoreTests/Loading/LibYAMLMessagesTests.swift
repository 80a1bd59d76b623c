import Foundation
import LintasTestSupport
import Testing

@testable import LintasCore

/// Y001 in the chosen language: libyaml's problem and context texts translated, its English kept in
/// a note, and an unknown text shown as written.
@Suite("Y001 wording (libyaml messages)")
struct LibYAMLMessagesTests {
    /// Inputs that each stop libyaml with a different problem.
    static let broken: [String] = [
        "instansi: {kode: A\n", "a: b: c\n", "a: 'x\n", "a:\n\t- b\n", "- a\nb: c\n",
        "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "a: !<x\n", "a: \"\\q\"\n", "a: \"\\xZZ\"\n", "a: |0\n  x\n",
        "a: &\n", "[a, b\n", "a:\n  b: 1\n c: 2\n", "a: b\n- c\n", "%FOO\n---\na: 1\n", "a: !foo!bar x\n",
        "a: *\n", "%YAML 2.0\n---\na: 1\n", "%TAG !a! x\n%TAG !a! y\n---\na: 1\n", "a: !a%ZZ b\n",
        "--- a\n... b\n", "a:\n  - b\n  c: d\n", "a: >\n\t b\n", "a: b\u{07}\n",
    ]

    static func y001(_ text: String) throws -> Finding {
        let report = try Linter(catalog: TestSupport.catalog(), options: LintOptions(today: TestSupport.today))
            .run(standardInput: Array(text.utf8), name: "t.yaml")
        return try #require(report.allFindings.first { $0.rule == "Y001" }, "no Y001 for \(text.debugDescription)")
    }

    @Test("every problem libyaml reports here reads in Indonesian, with libyaml's English in a note")
    func translated() throws {
        var problems: Set<String> = []
        for text in Self.broken {
            let f = try Self.y001(text)
            let note = try #require(
                f.notes.first { $0.message.en.hasPrefix("libyaml's own message: ") },
                "\(text.debugDescription): no note with the original")
            // The note quotes libyaml's English problem; the Indonesian message must not contain it.
            let english = try #require(note.message.en.split(separator: "\"").dropFirst().first.map(String.init))
            problems.insert(english)
            #expect(LibYAMLMessages.problem(english) != nil, "untranslated libyaml problem: \(english)")
            #expect(f.message.id.hasPrefix("sintaks YAML tidak valid: "), "\(f.message.id)")
            #expect(!f.message.id.contains(english), "\(text.debugDescription): \(f.message.id)")
            #expect(f.message.en == "invalid YAML syntax: \(english)")
            #expect(note.message.id.hasPrefix("pesan asli libyaml: \"\(english)\""))
            for n in f.notes where n.message.id.hasPrefix("konteks parser: ") {
                #expect(!n.message.id.contains("while "), "untranslated context: \(n.message.id)")
            }
        }
        #expect(problems.count >= 20, "only \(problems.count) distinct problems exercised: \(problems.sorted())")
    }

    @Test("an unknown libyaml text falls back to the original, in a message that says so")
    func unknown() {
        let (args, known) = LibYAMLMessages.arguments(
            problem: "found something new", context: "while doing something new")
        #expect(!known)
        #expect(args["problem_id"] == "found something new" && args["context_id"] == "while doing something new")
        #expect(args["original"] == "\"found something new\" (\"while doing something new\")")
        let (_, half) = LibYAMLMessages.arguments(
            problem: "did not find expected key", context: "while doing something new")
        #expect(!half, "an unknown context is not fully translated")
        let rules = try? Configuration().activeRules(
            catalog: TestSupport.catalog(), extraPacks: [], paramOverrides: [:])
        let d = Diagnostic(
            "Y001", variant: "untranslated", at: SourceLocation(file: "t.yaml", line: 3, column: 1), path: "",
            entity: "t.yaml", args: args)
        let f = rules.flatMap { Wording.finding(d, rules: $0) }
        #expect(
            f?.message.id
                == "sintaks YAML tidak valid (keterangan parser libyaml, belum diterjemahkan): found something new")
        #expect(f?.message.en == "invalid YAML syntax: found something new")
    }

    @Test(
        "the table is libyaml's own text: every libyaml string is in the installed library, and every problem and context family of the library is in the table"
    )
    func tableMatchesLibrary() throws {
        let libdir = try Spawn.run("/usr/bin/env", ["pkg-config", "--variable=libdir", "yaml-0.1"]).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: libdir)) ?? []
        let lib = try #require(
            names.filter { $0.hasPrefix("libyaml") && ($0.contains(".so") || $0.hasSuffix(".dylib")) }.sorted().first,
            "no libyaml shared library in \(libdir) (pkg-config yaml-0.1)")
        let bytes = try #require(FileManager.default.contents(atPath: libdir + "/" + lib))
        // NUL-separated strings of the library (a string may share its tail with a longer one).
        let strings = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let blob = Set(strings)
        let ours = [
            "out of memory", "unknown error", "parser could not be initialised (out of memory)", "file cannot be read",
        ]
        for key in LibYAMLMessages.problems.keys.sorted() + LibYAMLMessages.contexts.keys.sorted()
        where !ours.contains(key) {
            #expect(strings.contains { $0.hasSuffix(key) }, "'\(key)' is not a string of \(lib)")
        }
        for s in blob.sorted() {
            if s.hasPrefix("while scanning") || s.hasPrefix("while parsing") {
                #expect(LibYAMLMessages.context(s) != nil, "libyaml context without Indonesian: \(s)")
            }
            if s.hasPrefix("did not find") || s.hasPrefix("could not find")
                || (s.hasPrefix("found ") && !s.contains("; ")) || s.hasSuffix("not allowed in this context")
            {
                #expect(LibYAMLMessages.problem(s) != nil, "libyaml problem without Indonesian: \(s)")
            }
        }
    }

    @Test("every translation is Indonesian text, not the English again")
    func sane() {
        for (en, id) in LibYAMLMessages.problems.merging(LibYAMLMessages.contexts, uniquingKeysWith: { a, _ in a }) {
            #expect(!id.isEmpty && id != en, "\(en)")
        }
    }
}
