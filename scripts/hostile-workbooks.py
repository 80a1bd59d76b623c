#!/usr/bin/env python3
"""Writes the hostile workbooks of issue 20 (workbook items) into a directory.

    python3 scripts/hostile-workbooks.py OUTDIR

Each file is small on disk and was a crash, a hang or a memory blow-up of the old reader; the
tests in Tests/lintasTests/WorkbookHostileCLITests.swift check each through the binary with loose
time and memory bounds. Only the standard library (zipfile) is used.
"""
import os
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def book(path, sheets, shared=None, styles=None, raw_parts=None, workbook_xml=None, rels_xml=None):
    """sheets: [(name, sheet_xml_bytes_or_str)]; shared: list of strings; styles: styles.xml text."""
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    types = ['<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
             '<Default Extension="xml" ContentType="application/xml"/></Types>']
    z.writestr("[Content_Types].xml", "".join(types))
    z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
               f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    if workbook_xml is None:
        entries = "".join(f'<sheet name="{esc(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets))
        workbook_xml = f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>'
    z.writestr("xl/workbook.xml", workbook_xml)
    if rels_xml is None:
        rels = [f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets))]
        n = len(sheets)
        if shared is not None:
            rels.append(f'<Relationship Id="rId{n + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        if styles is not None:
            rels.append(f'<Relationship Id="rId{n + 2}" Type="{REL}/styles" Target="styles.xml"/>')
        rels_xml = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    z.writestr("xl/_rels/workbook.xml.rels", rels_xml)
    for i, (_, xml) in enumerate(sheets):
        if xml is not None:
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
    if shared is not None:
        items = "".join(f"<si><t>{esc(s)}</t></si>" for s in shared)
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>')
    if styles is not None:
        z.writestr("xl/styles.xml", styles)
    for name, data in (raw_parts or {}).items():
        z.writestr(name, data)
    z.close()


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def col(n):
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref, value, kind="str"):
    if kind == "n":
        return f'<c r="{ref}"><v>{value}</v></c>'
    if kind == "s":
        return f'<c r="{ref}" t="s"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{esc(value)}</t></is></c>'


def sheet(rows, extra=""):
    body = "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, cells in rows)
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData>{extra}</worksheet>'


def header(r, names):
    return (r, [cell(f"{col(i + 1)}{r}", n) for i, n in enumerate(names)])


INSTANSI = sheet([header(1, ["kode", "nama", "jenis"]), (2, [cell("A2", "X"), cell("B2", "Dinas X"), cell("C2", "pemda_provinsi")])])


def main(out, only=None):
    os.makedirs(out, exist_ok=True)
    p = lambda n: os.path.join(out, n)

    # 2: tingkat 1, 2, 3 ... N: N nested levels (was quadratic YAML, then SIGSEGV).
    n = 8000
    rows = [header(1, ["unit", "tahun", "tingkat", "kode", "uraian", "pelaksana"])]
    rows.append((2, [cell("A2", "U1"), cell("B2", 2024, "n"), cell("C2", 1, "n"), cell("D2", "H1"), cell("E2", "hasil"), cell("F2", "199001012020011001")]))
    for i in range(2, n + 1):
        r = i + 1
        rows.append((r, [cell(f"C{r}", i, "n"), cell(f"D{r}", f"H{i}"), cell(f"E{r}", "hasil"), cell(f"F{r}", "199001012020011001")]))
    book(p("deep-levels.xlsx"), [("instansi", INSTANSI), ("matriks_peran_hasil", sheet(rows))])

    # 9: one 5 MB number format used by 2,000 cell formats (was re-scanned per format).
    fmt = "yyyy" + "0" * (5 << 20)
    xfs = "".join('<xf numFmtId="164"/>' for _ in range(2000))
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{fmt}"/></numFmts>'
              f'<cellXfs count="2000">{xfs}</cellXfs></styleSheet>')
    book(p("long-format.xlsx"), [("instansi", INSTANSI)], styles=styles)
    # ... and a 200-character date format used by 20,000 cell formats: read, once.
    fmt = "yyyy-mm-dd" + '"' + "x" * 188 + '"'
    xfs = '<xf numFmtId="0"/>' + "".join('<xf numFmtId="164"/>' for _ in range(20000))
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{esc(fmt)}"/></numFmts>'
              f'<cellXfs count="20001">{xfs}</cellXfs></styleSheet>')
    inst = sheet([header(1, ["kode", "nama", "jenis", "sistem_kerja.ditetapkan"]),
                  (2, [cell("A2", "X"), cell("B2", "Dinas X"), cell("C2", "pemda_provinsi"), '<c r="D2" s="5"><v>45000</v></c>'])])
    book(p("many-formats.xlsx"), [("instansi", inst)], styles=styles)

    # 10: a UTF-16 part with a DTD and an entity (was expanded by libxml2; text after it dropped).
    ent = "x" * 100_000
    refs = "&e;" * 1000
    xml = (f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE worksheet [<!ENTITY e "{ent}">]><worksheet xmlns="{MAIN}"><sheetData>'
           f'<row r="1"><c r="A1" t="inlineStr"><is><t>kode</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>A{refs}B</t></is></c></row>'
           f'</sheetData></worksheet>')
    book(p("utf16-dtd.xlsx"), [("instansi", xml.encode("utf-16"))])
    # A UTF-16 part without a DTD but with an undefined entity: an error, not text dropped.
    xml = (f'<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="{MAIN}"><sheetData>'
           f'<row r="1"><c r="A1" t="inlineStr"><is><t>kode</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>A&e;B</t></is></c></row>'
           f'</sheetData></worksheet>')
    book(p("utf16-entity.xlsx"), [("instansi", xml.encode("utf-16"))])
    # A clean UTF-16 part is read.
    xml = INSTANSI.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    book(p("utf16-clean.xlsx"), [("instansi", xml.encode("utf-16-le").join([b"\xff\xfe", b""]))])

    # 11: 32,000 sheets (was a quadratic file-name loop); 200,000 sheets on one part.
    names = [("pegawai", None)] * 32000
    entries = "".join(f'<sheet name="pegawai" sheetId="{i + 1}" r:id="rId1"/>' for i in range(32000))
    wb = f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>'
    book(p("many-sheets.xlsx"), [("pegawai", sheet([header(1, ["nip"])]))] + names[1:], workbook_xml=wb)
    # 900 sheets, each its own part, all named pegawai: read, named linearly.
    k = 900
    entries = "".join(f'<sheet name="pegawai" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(k))
    wb = f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>'
    book(p("900-sheets.xlsx"), [("pegawai", sheet([header(1, ["nip"])]))] * k, workbook_xml=wb)
    # Two sheets on one part.
    entries = '<sheet name="instansi" sheetId="1" r:id="rId1"/><sheet name="pegawai" sheetId="2" r:id="rId1"/>'
    wb = f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>'
    book(p("shared-part.xlsx"), [("instansi", INSTANSI)], workbook_xml=wb)

    # 12: 2,000,000 merged ranges whose first cell is missing (were skipped before being charged).
    merges = '<mergeCells count="2000000">' + '<mergeCell ref="Z9:Z9"/>' * 2_000_000 + "</mergeCells>"
    book(p("many-merges.xlsx"), [("instansi", INSTANSI.replace("</worksheet>", merges + "</worksheet>"))])
    # Malformed ranges: Y007 at the sheet, not ignored.
    bad = '<mergeCells count="3"><mergeCell ref="B2:A1"/><mergeCell ref="A0"/><mergeCell ref="C2:C3"/></mergeCells>'
    book(p("bad-merges.xlsx"), [("instansi", INSTANSI.replace("</worksheet>", bad + "</worksheet>"))])

    # 13: one 1 MB shared string used by 2,000 cells (a 20 KB file); one 1 MB cell merged over 99,999 rows.
    big = "x" * 1_000_000
    rows = [header(1, ["nip", "nama"])] + [(r, [cell(f"B{r}", 0, "s")]) for r in range(2, 2002)]
    book(p("shared-amplified.xlsx"), [("instansi", INSTANSI), ("pegawai", sheet(rows))], shared=[big])
    rows = [header(1, ["nip", "nama"]), (2, [cell("B2", 0, "s")])]
    book(p("merge-amplified.xlsx"), [("instansi", INSTANSI), ("pegawai", sheet(rows, '<mergeCells count="1"><mergeCell ref="B2:B100000"/></mergeCells>'))], shared=[big])
    # A 2 MB cell: Y005 at the cell, the rest read.
    rows = [header(1, ["nip", "nama"]), (2, [cell("A2", "199001012020011001"), cell("B2", 0, "s")])]
    book(p("long-cell.xlsx"), [("instansi", INSTANSI), ("pegawai", sheet(rows))], shared=["y" * (2 << 20)])

    # 14: 1,048,575 employee rows (was 3.35 GB): refused at the cell limit while streaming.
    # The sheet is streamed into the archive (not built in memory here either).
    book(p("million-rows.xlsx"), [("instansi", INSTANSI), ("pegawai", None)],
         shared=["199001012020011001", "Nama", "Analis", "pelaksana", "U1", "ahli_pertama", "X"])
    with zipfile.ZipFile(p("million-rows.xlsx"), "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet2.xml", "w") as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            f.write(('<row r="1">' + "".join(cell(f"{col(i + 1)}1", h) for i, h in enumerate(["nip", "nama", "jabatan", "jenis_jabatan", "unit", "jenjang", "instansi"])) + "</row>").encode())
            row = '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c><c t="s"><v>4</v></c><c t="s"><v>5</v></c><c t="s"><v>6</v></c></row>'.encode()
            for _ in range(1_048_575 // 1000):
                f.write(row * 1000)
            f.write(row * (1_048_575 % 1000))
            f.write(b"</sheetData></worksheet>")

    # 16: a sheet name with a line break that trims to a section (was written raw into a YAML
    # comment: the rest of the comment became YAML, Y001); the test gives the file a name with YAML.
    name = "pegawai\n"
    book(p("name-injection.xlsx"), [("instansi", INSTANSI), (name, sheet([header(1, ["nip", "nama"]), (2, [cell("A2", "1"), cell("B2", "Nama")])]))])
    book(p("name-trims.xlsx"), [("instansi", INSTANSI), ("pegawai\u2028", sheet([header(1, ["nip", "nama"]), (2, [cell("A2", "1"), cell("B2", "Nama")])]))])

    # Smaller: a cell past XFD (no reference, after XFD1), a hexadecimal date serial, a time rounding to 24:00.
    past = "".join(f'<c><v>1</v></c>' for _ in range(16_385))
    book(p("past-xfd.xlsx"), [("instansi", INSTANSI), ("pegawai", sheet([header(1, ["nip"])]).replace("</sheetData>", f'<row r="2">{past}</row></sheetData>'))])
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22"/></cellXfs></styleSheet>')
    inst = sheet([header(1, ["kode", "nama", "jenis", "sistem_kerja.ditetapkan", "sistem_kerja.berlaku"]),
                  (2, [cell("A2", "X"), cell("B2", "Dinas X"), cell("C2", "pemda_provinsi"), '<c r="D2" s="1"><v>0x10</v></c>', '<c r="E2" s="1"><v>45000.99999999</v></c>'])])
    book(p("serials.xlsx"), [("instansi", inst)], styles=styles)


if __name__ == "__main__":
    main(sys.argv[1])
