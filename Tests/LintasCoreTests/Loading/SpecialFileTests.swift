import Foundation
import Testing

@testable import LintasCore

/// Files that are not what they seem (docs/limits.md "Files that are not what they seem"): links to
/// devices and to oversize files, FIFOs, link loops, links out of the tree, one file reached twice,
/// directories named `*.yaml`. Each must give its finding without hanging, and the agency's other
/// files are still checked. The bound is the hostile suite's (generous: these take milliseconds).
@Suite("Special files")
struct SpecialFileTests {
    /// An agency file with one known finding (R001 at 10:11), so a test can see it was checked once.
    static let good = HostileInputTests.duplicateUnit

    /// A second file for an agency: one employee with a short NIP (N001 at 2:10).
    static let employee =
        "pegawai:\n  - nip: \"12345\"\n    nama: Satu\n    jabatan: Analis\n    jenis_jabatan: jpt\n    jenjang: pratama\n    unit: U1\n"

    /// A temporary agency directory holding `agency.yaml` (``good``); removed by the caller.
    static func agencyDir(_ name: String) throws -> String {
        let dir = try HostileInputTests.tempDir(name)
        try HostileInputTests.write(Array(good.utf8), to: dir + "/agency.yaml")
        return dir
    }

    static func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    static func fifo(_ path: String) throws {
        #expect(mkfifo(path, 0o644) == 0, "mkfifo \(path)")
    }

    /// A sparse file of `size` bytes (no disk used).
    static func sparse(_ path: String, size: UInt64) throws {
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.truncate(atOffset: size)
        try h.close()
    }

    static func lint(_ paths: [String], configure: (inout LintOptions) -> Void = { _ in }) throws -> LintReport {
        try HostileInputTests.timed(paths.joined(separator: " ")) {
            try HostileInputTests.lint(paths, configure: configure)
        }
    }

    /// Open findings as `file-name:CODE@line:col`, Y006 included.
    static func found(_ report: LintReport) -> [String] {
        HostileInputTests.found(report)
    }

    static func finding(_ report: LintReport, _ code: String, file: String) -> Finding? {
        report.allFindings.first { $0.rule == code && ($0.location.file as NSString).lastPathComponent == file }
    }

    // MARK: devices, FIFOs, oversize

    @Test("a link to /dev/zero is Y001 at 1:1, never read; the agency's other file is checked")
    func linkToDevZero() throws {
        let dir = try Self.agencyDir("zero")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.link(dir + "/z.yaml", to: "/dev/zero")
        let report = try Self.lint([dir])
        #expect(Self.found(report) == ["agency.yaml:R001@10:11", "z.yaml:Y001@1:1"])
        let f = try #require(Self.finding(report, "Y001", file: "z.yaml"))
        #expect(f.message.en.contains("not a regular file but a character device"), "\(f.message.en)")
        #expect(f.message.id.contains("perangkat karakter"), "\(f.message.id)")
        #expect(f.severity == .error)
        // The same when it is named on the command line.
        #expect(Self.found(try Self.lint([dir + "/z.yaml"])) == ["z.yaml:Y001@1:1"])
        #expect(Self.found(try Self.lint(["/dev/zero"])) == ["zero:Y001@1:1"])
    }

    @Test("a FIFO named a.yaml is Y001 and never blocks, in a directory, a batch or named directly")
    func fifoNamedYAML() throws {
        let dir = try Self.agencyDir("fifo")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.fifo(dir + "/a.yaml")
        let report = try Self.lint([dir])
        #expect(Self.found(report) == ["a.yaml:Y001@1:1", "agency.yaml:R001@10:11"])
        let f = try #require(Self.finding(report, "Y001", file: "a.yaml"))
        #expect(f.message.en.contains("FIFO (named pipe)"), "\(f.message.en)")
        #expect(Self.found(try Self.lint([dir + "/a.yaml"])) == ["a.yaml:Y001@1:1"])
        // A batch: the FIFO is in an agency's directory, and the batch scan for `instansi` skips it.
        let batch = try HostileInputTests.tempDir("fifo-batch")
        defer { try? FileManager.default.removeItem(atPath: batch) }
        for sub in ["one", "two"] {
            try FileManager.default.createDirectory(atPath: batch + "/" + sub, withIntermediateDirectories: false)
            try HostileInputTests.write(Array(Self.good.utf8), to: batch + "/\(sub)/agency.yaml")
        }
        try Self.fifo(batch + "/two/pipe.yaml")
        try Self.fifo(batch + "/loose.yaml")
        let b = try Self.lint([batch])
        #expect(b.agencies.map { ($0.name as NSString).lastPathComponent } == ["loose.yaml", "one", "two"])
        #expect(
            Self.found(b) == [
                "agency.yaml:R001@10:11", "agency.yaml:R001@10:11", "loose.yaml:Y001@1:1", "pipe.yaml:Y001@1:1",
            ])
    }

    @Test("a link to a 2 GiB sparse file is Y005 at 1:1 from its size, not read; outside the tree it is not followed")
    func linkToOversizeFile() throws {
        let dir = try Self.agencyDir("huge")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: false)
        try Self.sparse(dir + "/data/big.bin", size: 2 << 30)
        try Self.link(dir + "/huge.yaml", to: "data/big.bin")
        let report = try Self.lint([dir])
        #expect(Self.found(report) == ["agency.yaml:R001@10:11", "huge.yaml:Y005@1:1"])
        let f = try #require(Self.finding(report, "Y005", file: "huge.yaml"))
        #expect(
            f.message.en.contains("2147483648 bytes") && f.message.en.contains("limit of 268435456 bytes"),
            "\(f.message.en)")
        // Named directly (the link, or the file under a YAML name).
        #expect(Self.found(try Self.lint([dir + "/huge.yaml"])) == ["huge.yaml:Y005@1:1"])
        // A link to it from another tree: not followed at all (Y006), whatever its size.
        let other = try Self.agencyDir("huge-outside")
        defer { try? FileManager.default.removeItem(atPath: other) }
        try Self.link(other + "/huge.yaml", to: dir + "/data/big.bin")
        let o = try Self.lint([other])
        #expect(Self.found(o) == ["agency.yaml:R001@10:11", "huge.yaml:Y006@1:1"])
        #expect(try #require(Self.finding(o, "Y006", file: "huge.yaml")).severity == .warning)
    }

    #if os(Linux)
        @Test("a file whose stat size is 0 (/proc) is read only up to the limit + 1 byte: Y005")
        func procFileOverLimit() throws {
            var st = stat()
            #expect(stat("/proc/self/maps", &st) == 0 && st.st_size == 0)
            let report = try Self.lint(["/proc/self/maps"]) { $0.limits.maxFileBytes = 16 }
            #expect(Self.found(report) == ["maps:Y005@1:1"])
            let f = try #require(report.allFindings.first { $0.rule == "Y005" })
            #expect(f.message.en.contains("more than 16 bytes"), "\(f.message.en)")
            #expect(f.message.id.contains("lebih dari 16 byte"), "\(f.message.id)")
            // The reader itself: 17 bytes at most, then "truncated".
            guard case .success(let r) = SafeFile.read("/proc/self/maps", maxBytes: 16) else {
                Issue.record("/proc/self/maps not read")
                return
            }
            #expect(r.bytes.count == 16 && r.truncated)
        }
    #endif

    @Test("the reader opens nothing but regular files and reads no more than asked")
    func reader() throws {
        #expect(SafeFile.contents("/dev/zero", limit: 10).failureValue == .notRegular(.characterDevice))
        #expect(SafeFile.contents("/dev/null", limit: 10).failureValue == .notRegular(.characterDevice))
        #expect(SafeFile.contents("/", limit: 10).failureValue == .notRegular(.directory))
        let dir = try HostileInputTests.tempDir("reader")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.fifo(dir + "/p")
        #expect(SafeFile.contents(dir + "/p", limit: 10).failureValue == .notRegular(.fifo))
        try HostileInputTests.write(Array("0123456789".utf8), to: dir + "/ten")
        #expect(SafeFile.contents(dir + "/ten", limit: 10).successValue?.count == 10)
        #expect(SafeFile.contents(dir + "/ten", limit: 9).failureValue == .tooLarge(size: 10))
        #expect(SafeFile.contents(dir + "/none", limit: 9).failureValue == .missing)
        guard case .success(let head) = SafeFile.read(dir + "/ten", maxBytes: 4) else {
            Issue.record("prefix not read")
            return
        }
        #expect(head.bytes == Array("0123".utf8) && head.truncated)
    }

    // MARK: links: loops, out of the tree, the same file twice

    @Test(
        "a link loop is Y001 per link; a link to an ancestor directory is not walked (Y006); nothing is counted twice")
    func linkLoops() throws {
        let dir = try Self.agencyDir("loop")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.link(dir + "/a.yaml", to: "b.yaml")
        try Self.link(dir + "/b.yaml", to: "a.yaml")
        try Self.link(dir + "/self.yaml", to: "self.yaml")
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        try Self.link(dir + "/sub/up", to: dir + "/sub")  // the directory holding the link
        try Self.link(dir + "/sub/root", to: dir)
        try Self.link(dir + "/gone.yaml", to: "missing.yaml")
        let report = try Self.lint([dir])
        #expect(
            Self.found(report) == [
                "a.yaml:Y001@1:1", "agency.yaml:R001@10:11", "b.yaml:Y001@1:1", "gone.yaml:Y001@1:1", "root:Y006@1:1",
                "self.yaml:Y001@1:1", "up:Y006@1:1",
            ])
        let loop = try #require(Self.finding(report, "Y001", file: "a.yaml"))
        #expect(loop.message.en.contains("symbolic link loop"), "\(loop.message.en)")
        let gone = try #require(Self.finding(report, "Y001", file: "gone.yaml"))
        #expect(gone.message.en.contains("\"missing.yaml\", which does not exist"), "\(gone.message.en)")
        let up = try #require(Self.finding(report, "Y006", file: "up"))
        #expect(up.message.en.contains("symbolic link to a directory (\"\(dir)/sub\")"), "\(up.message.en)")
        #expect(up.severity == .warning)
        #expect(report.agencies.count == 1)
        // Named on the command line, a loop cannot be followed at all: exit 2 saying so.
        #expect(throws: LintasError.self) { try HostileInputTests.lint([dir + "/a.yaml"]) }
        do {
            _ = try HostileInputTests.lint([dir + "/a.yaml"])
        } catch let e as LintasError {
            #expect(e.message.contains("symbolic link loop"), "\(e.message)")
        }
        // A directory link named on the command line is followed.
        let viaLink = try Self.lint([dir + "/sub/root"])
        #expect(Self.found(viaLink).contains("agency.yaml:R001@10:11"))
    }

    @Test("a link to a directory outside the tree is not walked into (Y006); its files are not read")
    func linkToOutsideDirectory() throws {
        let outside = try Self.agencyDir("outside-target")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try HostileInputTests.write(Array("pegawai:\n  - nip: \"1\"\n".utf8), to: outside + "/more.yaml")
        let dir = try Self.agencyDir("outside-link")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.link(dir + "/shared", to: outside)
        try Self.link(dir + "/etc", to: "/etc")
        let report = try Self.lint([dir])
        #expect(Self.found(report) == ["agency.yaml:R001@10:11", "etc:Y006@1:1", "shared:Y006@1:1"])
        #expect(report.agencies.first?.files.count == 1)
    }

    @Test("a file link out of the tree or into a hidden directory is not read (Y006); one inside is")
    func fileLinks() throws {
        let outside = try HostileInputTests.tempDir("secret")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try HostileInputTests.write(Array("TOKEN=rahasia\n".utf8), to: outside + "/.env")
        let dir = try Self.agencyDir("file-links")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/.git", withIntermediateDirectories: false)
        try HostileInputTests.write(Array("TOKEN=rahasia\n".utf8), to: dir + "/.git/config")
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: false)
        try HostileInputTests.write(Array(Self.employee.utf8), to: dir + "/data/pegawai.txt")
        try Self.link(dir + "/env.yaml", to: outside + "/.env")
        try Self.link(dir + "/git.yaml", to: ".git/config")
        try Self.link(dir + "/pegawai.yaml", to: "data/pegawai.txt")
        let report = try Self.lint([dir])
        // pegawai.yaml is read (N001 for the short NIP); the other two are not.
        #expect(
            Self.found(report) == [
                "agency.yaml:R001@10:11", "env.yaml:Y006@1:1", "git.yaml:Y006@1:1", "pegawai.yaml:N001@2:10",
            ])
        let text = TextReporter().render(report, ReportContext(language: .en))
        #expect(!text.contains("rahasia"), "\(text)")
    }

    @Test("one file reached by two paths is read once, at the path that is not a link (Y006 info)")
    func sameFileTwice() throws {
        let dir = try Self.agencyDir("same")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.link(dir + "/a-copy.yaml", to: "agency.yaml")
        try FileManager.default.linkItem(atPath: dir + "/agency.yaml", toPath: dir + "/hard.yaml")
        let report = try Self.lint([dir])
        // R001 once: agency.yaml and hard.yaml are both regular (the first in order is read);
        // a-copy.yaml is the link.
        #expect(Self.found(report) == ["a-copy.yaml:Y006@1:1", "agency.yaml:R001@10:11", "hard.yaml:Y006@1:1"])
        let f = try #require(Self.finding(report, "Y006", file: "a-copy.yaml"))
        #expect(f.severity == .info)
        #expect(
            f.message.en.contains("is the same file as") && f.message.en.hasSuffix("agency.yaml\""), "\(f.message.en)")
        #expect(report.agencies.first?.files.map { ($0 as NSString).lastPathComponent } == ["agency.yaml"])
        // Two agencies of a batch linking to one shared file each read it: that is not counting twice.
        let batch = try HostileInputTests.tempDir("same-batch")
        defer { try? FileManager.default.removeItem(atPath: batch) }
        try HostileInputTests.write(Array(Self.employee.utf8), to: batch + "/shared.txt")
        for sub in ["one", "two"] {
            try FileManager.default.createDirectory(atPath: batch + "/" + sub, withIntermediateDirectories: false)
            try HostileInputTests.write(Array(Self.good.utf8), to: batch + "/\(sub)/agency.yaml")
            try Self.link(batch + "/\(sub)/pegawai.yaml", to: batch + "/shared.txt")
        }
        let b = try Self.lint([batch])
        #expect(Self.found(b).filter { $0.contains("N001") } == ["pegawai.yaml:N001@2:10", "pegawai.yaml:N001@2:10"])
    }

    // MARK: directories named *.yaml

    @Test("a directory named x.yaml is walked like any directory, with a Y006 info note")
    func directoryNamedYAML() throws {
        let dir = try Self.agencyDir("named")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/empty.yaml", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: dir + "/pegawai.yaml", withIntermediateDirectories: false)
        try HostileInputTests.write(Array(Self.employee.utf8), to: dir + "/pegawai.yaml/a.yaml")
        let report = try Self.lint([dir])
        #expect(
            Self.found(report) == [
                "a.yaml:N001@2:10", "agency.yaml:R001@10:11", "empty.yaml:Y006@1:1", "pegawai.yaml:Y006@1:1",
            ])
        let empty = try #require(Self.finding(report, "Y006", file: "empty.yaml"))
        #expect(empty.severity == .info && empty.message.en.contains("holds no YAML file"), "\(empty.message.en)")
        let full = try #require(Self.finding(report, "Y006", file: "pegawai.yaml"))
        #expect(full.message.en.contains("the 1 YAML file(s) below it are read"), "\(full.message.en)")
        // Named on the command line: the same note, not a silent empty agency.
        let direct = try Self.lint([dir + "/empty.yaml"])
        #expect(Self.found(direct) == ["empty.yaml:Y006@1:1"])
        // An info note does not make the run fail, and does not hide a missing instansi (S007).
        let lone = try Self.lint([dir + "/pegawai.yaml"])
        #expect(
            Self.found(lone).contains("pegawai.yaml:Y006@1:1") && Self.found(lone).contains("a.yaml:S007@1:1"),
            "\(Self.found(lone))")
    }

    @Test("a directory with no YAML file is S007 at the directory; an empty directory of a batch is a Y006 info")
    func noYAML() throws {
        let dir = try HostileInputTests.tempDir("no-yaml")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try HostileInputTests.write(Array("bukan YAML\n".utf8), to: dir + "/catatan.txt")
        let alone = try Self.lint([dir])
        #expect(Self.found(alone) == [(dir as NSString).lastPathComponent + ":S007@1:1"], "\(Self.found(alone))")
        let s007 = try #require(alone.allFindings.first)
        #expect(
            s007.severity == .error && s007.location.file.hasSuffix(dir)
                && s007.message.en.contains("no YAML file to check"), "\(s007.message.en)")
        #expect(s007.message.id.contains("tidak ada berkas YAML"), "\(s007.message.id)")

        // A batch: two agencies and a directory holding nothing YAML (deeper too).
        let batch = try HostileInputTests.tempDir("no-yaml-batch")
        defer { try? FileManager.default.removeItem(atPath: batch) }
        for sub in ["one", "two"] {
            try FileManager.default.createDirectory(atPath: batch + "/" + sub, withIntermediateDirectories: false)
            try HostileInputTests.write(Array(Self.good.utf8), to: batch + "/\(sub)/agency.yaml")
        }
        try FileManager.default.createDirectory(atPath: batch + "/three/lampiran", withIntermediateDirectories: true)
        try HostileInputTests.write(Array("x".utf8), to: batch + "/three/lampiran/sk.pdf")
        let b = try Self.lint([batch])
        #expect(b.agencies.map { ($0.name as NSString).lastPathComponent } == ["one", "three", "two"])
        let three = try #require(b.agencies.first { $0.name.hasSuffix("/three") })
        #expect(three.findings.map(\.rule) == ["Y006"] && three.findings[0].severity == .info)
        #expect(
            three.findings[0].message.en.contains("holds no YAML file; it is not checked as an agency"),
            "\(three.findings[0].message.en)")
        #expect(!b.allFindings.contains { $0.rule == "S007" })
        // A directory whose YAML files are all ignored is not "empty": the user chose that.
        try HostileInputTests.write(Array(Self.employee.utf8), to: batch + "/three/draf.yaml")
        var discovery = AgencyDiscovery()
        discovery.ignore = ["three/**"]
        let inputs = try discovery.discover(batch)
        #expect(inputs.map { ($0.name as NSString).lastPathComponent } == ["one", "two"], "\(inputs.map(\.name))")
    }

    @Test(
        "a directory that cannot be listed while walking (vanished, I/O error) is Y001 there; the other files are still checked"
    )
    func unreadableDirectory() throws {
        let batch = try HostileInputTests.tempDir("unlistable")
        defer { try? FileManager.default.removeItem(atPath: batch) }
        for sub in ["one", "two", "three"] {
            try FileManager.default.createDirectory(atPath: batch + "/\(sub)/sub", withIntermediateDirectories: true)
            try HostileInputTests.write(Array(Self.good.utf8), to: batch + "/\(sub)/agency.yaml")
            try HostileInputTests.write(Array(Self.employee.utf8), to: batch + "/\(sub)/sub/pegawai.yaml")
        }
        var discovery = AgencyDiscovery()
        let real = discovery.listDirectory
        discovery.listDirectory = { path in
            // two/sub vanishes between being found and being listed (the real opendir then fails);
            // three/sub gives an I/O error.
            if path.hasSuffix("/two/sub") { try? FileManager.default.removeItem(atPath: path) }
            if path.hasSuffix("/three/sub") { return .failure(.failed("Input/output error")) }
            return real(path)
        }
        let inputs = try discovery.discover(batch)
        #expect(inputs.map { ($0.name as NSString).lastPathComponent } == ["one", "three", "two"])
        var found: [String: [String]] = [:]
        for input in inputs {
            let loaded = AgencyLoader.load(input)
            found[(input.name as NSString).lastPathComponent] = loaded.diagnostics.map {
                "\($0.code)@\($0.location.file.dropFirst(batch.count + 1))"
            }.sorted()
        }
        #expect(found["one"] == [], "\(found)")
        let one = try #require(inputs.first { $0.name.hasSuffix("/one") })
        #expect(one.files.map { String($0.dropFirst(batch.count + 1)) } == ["one/agency.yaml", "one/sub/pegawai.yaml"])
        #expect(found["two"] == ["Y001@two/sub"], "\(found)")
        #expect(found["three"] == ["Y001@three/sub"], "\(found)")
        let two = try #require(inputs.first { $0.name.hasSuffix("/two") })
        let d = try #require(AgencyLoader.load(two).diagnostics.first)
        #expect(
            d.variant == "unreadable_directory" && d.args["problem"] == "it vanished while being checked", "\(d.args)")
        // The agency's own file was still read: its model has the units of agency.yaml.
        #expect(!AgencyLoader.load(two).agency.units.isEmpty)
        // The directory named on the command line cannot be listed: lintas cannot do its job (exit 2).
        discovery.listDirectory = { _ in .failure(.failed("Input/output error")) }
        #expect(throws: LintasError.self) { try discovery.discover(batch) }
    }

    @Test("the common errno values have Indonesian words; the English text stays the system's")
    func errnoWords() throws {
        let common = [EACCES, EPERM, EIO, EISDIR, ENOENT, ELOOP, ENAMETOOLONG, ENOTDIR, EMFILE, ENFILE, ENOMEM, EAGAIN]
        let words = common.map { SafeFile.describeID(.system($0), limit: 0) }
        #expect(Set(words).count == common.count, "\(words)")
        for (e, w) in zip(common, words) {
            #expect(!w.isEmpty && w != SafeFile.errnoText(e) && !w.hasPrefix("galat sistem"), "\(e): \(w)")
            #expect(SafeFile.describe(.system(e), limit: 0) == SafeFile.errnoText(e))
        }
        #expect(SafeFile.describeID(.system(EACCES), limit: 0) == "izin ditolak")
        #expect(SafeFile.describeID(.system(EIO), limit: 0).contains("masukan/keluaran"))
        // Any other errno: its number and the system's words, never an empty text.
        #expect(SafeFile.describeID(.system(EXDEV), limit: 0) == "galat sistem \(EXDEV) (\(SafeFile.errnoText(EXDEV)))")
        // A real failure through the loader: a name longer than the system allows (ENAMETOOLONG).
        let dir = try Self.agencyDir("errno")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let long = dir + "/" + String(repeating: "n", count: 300) + ".yaml"
        let loaded = AgencyLoader.load(
            AgencyInput(name: dir, root: dir, isDirectory: true, files: [dir + "/agency.yaml", long]))
        let d = try #require(loaded.diagnostics.first { $0.code == "Y001" })
        #expect(d.variant == "unreadable" && d.location.file == long)
        #expect(
            d.args["problem_id"] == "nama berkas terlalu panjang"
                && d.args["problem"] == SafeFile.errnoText(ENAMETOOLONG), "\(d.args)")
        #expect(!loaded.agency.units.isEmpty)  // agency.yaml still read
    }

    @Test("Y006 notes in a batch go with the agency they are in")
    func notesInBatch() throws {
        let batch = try HostileInputTests.tempDir("notes-batch")
        defer { try? FileManager.default.removeItem(atPath: batch) }
        for sub in ["one", "two"] {
            try FileManager.default.createDirectory(atPath: batch + "/" + sub, withIntermediateDirectories: false)
            try HostileInputTests.write(Array(Self.good.utf8), to: batch + "/\(sub)/agency.yaml")
        }
        try Self.link(batch + "/two/back", to: batch + "/one")
        try Self.link(batch + "/elsewhere", to: "/etc")
        let report = try Self.lint([batch])
        let byAgency = Dictionary(
            uniqueKeysWithValues: report.agencies.map {
                (
                    ($0.name as NSString).lastPathComponent,
                    $0.findings.filter { $0.isOpen && ($0.rule.hasPrefix("Y") || $0.rule.hasPrefix("R")) }.map(\.rule)
                        .sorted()
                )
            })
        #expect(byAgency == ["one": ["R001"], "two": ["R001", "Y006"], "elsewhere": ["Y006"]], "\(byAgency)")
    }

    // MARK: the tool's own files

    @Test("a config, baseline or waivers file that is a FIFO or a device is exit 2 saying so, never a hang")
    func toolFiles() throws {
        let dir = try Self.agencyDir("tool-files")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.fifo(dir + "/.lintas.yml")
        do {
            _ = try Self.lint([dir])
            Issue.record("a FIFO config was accepted")
        } catch let e as LintasError {
            #expect(e.message.contains("FIFO (named pipe), not a regular file"), "\(e.message)")
        }
        try FileManager.default.removeItem(atPath: dir + "/.lintas.yml")
        do {
            _ = try Self.lint([dir]) { $0.baselineFile = "/dev/zero" }
            Issue.record("a device baseline was accepted")
        } catch let e as LintasError {
            #expect(e.message.contains("character device"), "\(e.message)")
        }
        try Self.link(dir + "/.lintas-waivers.yml", to: "/dev/zero")
        try HostileInputTests.write(Array("version: 1\nwaivers: .lintas-waivers.yml\n".utf8), to: dir + "/.lintas.yml")
        #expect(throws: LintasError.self) { try Self.lint([dir]) }
    }
}

extension Result {
    var failureValue: Failure? { if case .failure(let f) = self { f } else { nil } }
    var successValue: Success? { if case .success(let s) = self { s } else { nil } }
}
