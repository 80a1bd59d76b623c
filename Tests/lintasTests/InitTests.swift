import Foundation
import Testing

/// `lintas init` and `lintas schema` through the built binary.
@Suite("lintas init and schema")
struct InitTests {
    static func tempDir() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lintas-init-\(UUID().uuidString)").path
    }

    @Test("init writes a starter that checks clean, with the default packs and with West Java's")
    func initThenCheck() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLITests.run(["init", dir])
        #expect(r.status == 0, "\(r.stderr)")
        for f in [
            "instansi.yaml", "unit_organisasi.yaml", "pegawai.yaml", "tim_kerja.yaml", "perjanjian_kinerja.yaml",
            "matriks_peran_hasil.yaml", ".lintas.yml",
        ] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + f), "\(f) not written")
        }
        let check = try CLITests.run(["check", "--fail-on", "info", dir])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("0 galat, 0 peringatan, 0 info"), "\(check.stdout)")
        let jabar = try CLITests.run([
            "check", "--fail-on", "info", "--pack", "pergub-jabar-181-2021", "--as-of", "2023-01-15", dir,
        ])
        #expect(jabar.status == 0, "\(jabar.stdout)\(jabar.stderr)")
        #expect(jabar.stdout.contains("0 galat, 0 peringatan, 0 info"), "\(jabar.stdout)")
    }

    @Test("init refuses to overwrite (exit 2) unless --force")
    func refuses() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "# mine\n".write(toFile: dir + "/pegawai.yaml", atomically: true, encoding: .utf8)
        let r = try CLITests.run(["init", dir])
        #expect(r.status == 2)
        #expect(r.stderr.contains("pegawai.yaml") && r.stderr.contains("--force"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/instansi.yaml"), "nothing is written when refusing")
        #expect(
            String(decoding: FileManager.default.contents(atPath: dir + "/pegawai.yaml") ?? Data(), as: UTF8.self)
                == "# mine\n")
        let forced = try CLITests.run(["init", "--force", dir])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try CLITests.run(["check", dir]).status == 0)
    }

    @Test("init with no argument writes into the working directory")
    func initHere() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let r = try CLITests.run(["init"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/instansi.yaml"))
        #expect(try CLITests.run(["check"], cwd: dir).status == 0)
    }

    @Test("schema prints a JSON Schema")
    func schema() throws {
        let r = try CLITests.run(["schema"])
        #expect(r.status == 0)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(obj?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect((obj?["properties"] as? [String: Any])?["tim_kerja"] != nil)
    }
}
