// libFuzzer entry for lintas's workbook path: bytes -> a temporary file -> XLSXReader (or, when
// the bytes are not a ZIP archive, a CSV folder of one `pegawai.csv`) -> the importer -> the
// model -> every check (all rules on) -> Wording. Built by fuzz/run.sh together with the
// LintasCore sources (one module), so `internal` is visible here.
import Foundation

let workbookRules: ActiveRules = {
    guard let catalog = try? RuleCatalog.builtIn(), let rules = try? InMemoryCheck.allRules(catalog) else {
        return ActiveRules(packs: [], rules: [:], configuredSeverity: [], packParams: [:])
    }
    return rules
}()

let workbookToday = CivilDate(year: 2024, month: 6, day: 30) ?? CivilDate(dayNumber: 0)
let workbookScratch: String = {
    let d = NSTemporaryDirectory() + "lintas-fuzz-wb-\(getpid())"
    try? FileManager.default.createDirectory(atPath: d + "/csv", withIntermediateDirectories: true)
    return d
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorkbook(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    let isZip = size >= 2 && data[0] == 0x50 && data[1] == 0x4B
    let path = isZip ? workbookScratch + "/book.xlsx" : workbookScratch + "/csv"
    let file = isZip ? path : path + "/pegawai.csv"
    guard FileManager.default.createFile(atPath: file, contents: bytes) else { return 0 }
    var limits = WorkbookLimits()
    // Small enough that one execution stays fast, large enough for every path.
    limits.maxCells = 200_000
    limits.maxEntryBytes = 16 << 20
    limits.maxTotalBytes = 32 << 20
    limits.maxTotalValueBytes = 16 << 20
    guard let imported = try? WorkbookInput.imported(path, limits: limits) else { return 0 }
    let (_, findings) = WorkbookCheck.findings(imported, rules: workbookRules, asOf: workbookToday)
    for f in findings { _ = f.message.en.count + f.location.displayed.count }
    _ = WorkbookInput.settings(path, limits: limits)
    return 0
}
