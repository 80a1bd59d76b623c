#!/usr/bin/env python3
"""Writes the workbook examples of the workbook-only rules (examples/rules/N006, N007, Y007) with
openpyxl, a real spreadsheet writer: it opens the template of `lintas init --xlsx`, changes a
few cells and saves. Run after changing the template or these examples:

    swift build && python3 scripts/make-rule-workbooks.py .build/debug/lintas

The expected findings of each fail.xlsx are in fail.expect (one `SHEET!CELL CODE` a line)."""
import os
import subprocess
import sys
import tempfile

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def template(lintas):
    path = os.path.join(tempfile.mkdtemp(), "template.xlsx")
    subprocess.run([lintas, "init", "--xlsx", path], check=True, stdout=subprocess.DEVNULL)
    return openpyxl.load_workbook(path)


def save(wb, code, kind):
    out = os.path.join(ROOT, "examples", "rules", code, kind + ".xlsx")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    # openpyxl stamps the time it saved: fix it so the file only changes when its content does.
    import datetime
    wb.properties.created = wb.properties.modified = datetime.datetime(2025, 1, 1)
    wb.save(out)


def main():
    lintas = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "lintas")
    # N006: one employee's NIP typed as a number everywhere it appears (pegawai, team member,
    # level-2 result): the spreadsheet keeps 15 digits and shows 1.99509302020121E+17.
    wb = template(lintas)
    for sheet, cell in [("pegawai", "A6"), ("tim_kerja", "L3"), ("matriks_peran_hasil", "H4")]:
        assert wb[sheet][cell].value == "199509302020121006", (sheet, cell, wb[sheet][cell].value)
        wb[sheet][cell].value = 199509302020121006
        wb[sheet][cell].number_format = "General"
    save(wb, "N006", "fail")
    save(template(lintas), "N006", "pass")
    # N007: the whole nip column of pegawai typed as numbers (pasted from a report); the
    # pimpinan column of unit_organisasi has one number among texts (N006 only).
    wb = template(lintas)
    ws = wb["pegawai"]
    assert ws["A1"].value == "nip"
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value:
            ws.cell(row, 1).value = int(ws.cell(row, 1).value)
            ws.cell(row, 1).number_format = "0"
    units = wb["unit_organisasi"]
    assert units["E1"].value == "pimpinan" and units["E2"].value
    units["E2"].value = int(units["E2"].value)
    save(wb, "N007", "fail")
    save(template(lintas), "N007", "pass")
    # Y007: an unknown sheet and a misspelt (optional, empty) column header.
    wb = template(lintas)
    assert wb["pegawai"]["G1"].value == "instansi"
    wb["pegawai"]["G1"].value = "instansii"
    wb.create_sheet("catatan")["A1"].value = "catatan rapat"
    save(wb, "Y007", "fail")
    # Passing: the template with a merged two-row header over penetapan (nomor, tanggal, oleh).
    wb = template(lintas)
    ws = wb["tim_kerja"]
    ws.insert_rows(2)
    assert [ws[c + "1"].value for c in "FGH"] == ["penetapan.nomor", "penetapan.tanggal", "penetapan.oleh"]
    ws["F1"].value, ws["F2"].value, ws["G2"].value, ws["H2"].value = "penetapan", "nomor", "tanggal", "oleh"
    ws["G1"].value = ws["H1"].value = None
    ws.merge_cells("F1:H1")
    save(wb, "Y007", "pass")


if __name__ == "__main__":
    main()
