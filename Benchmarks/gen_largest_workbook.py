#!/usr/bin/env python3
"""The largest workbook lintas reads: ROWS employees x 7 columns of distinct strings (the worst
case for memory: no value shared; as shared strings, so the sheet part stays under the 256 MiB part
limit), streamed into the archive.

    python3 Benchmarks/gen_largest_workbook.py 285712 OUT.xlsx   # 7 x 285,713 header and rows + 6 = 1,999,997 cells
"""
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def t(ref, s):
    return f'<c r="{ref}" t="inlineStr"><is><t>{s}</t></is></c>'


def main(rows, out):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="instansi" sheetId="1" r:id="rId1"/>'
                   '<sheet name="pegawai" sheetId="2" r:id="rId2"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
                   f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">{t("A1", "kode")}{t("B1", "nama")}{t("C1", "jenis")}</row>'
                   f'<row r="2">{t("A2", "X")}{t("B2", "Dinas X")}{t("C2", "pemerintah-provinsi")}</row></sheetData></worksheet>')
        heads = ["nip", "nama", "jabatan", "jenis_jabatan", "unit", "jenjang", "instansi"]

        def values(i):
            return [f"{199001012020010000 + i:018d}", f"Pegawai Nomor {i}", f"Analis {i}", f"pelaksana {i}", f"UNIT-{i}", f"j{i}", f"INST-{i}"]

        with z.open("xl/sharedStrings.xml", "w") as f:
            f.write(f'<?xml version="1.0"?><sst xmlns="{MAIN}">'.encode())
            for i in range(rows):
                f.write("".join(f"<si><t>{v}</t></si>" for v in values(i)).encode())
            f.write(b"</sst>")
        with z.open("xl/worksheets/sheet2.xml", "w") as f:
            f.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode())
            f.write("".join(t(f"{chr(65 + i)}1", h) for i, h in enumerate(heads)).encode() + b"</row>")
            buf = []
            for i in range(rows):
                r = i + 2
                buf.append(f'<row r="{r}">' + "".join(f'<c t="s"><v>{7 * i + k}</v></c>' for k in range(7)) + "</row>")
                if len(buf) == 5000:
                    f.write("".join(buf).encode())
                    buf = []
            f.write("".join(buf).encode() + b"</sheetData></worksheet>")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
