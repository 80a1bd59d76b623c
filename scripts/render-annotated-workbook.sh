#!/usr/bin/env bash
# Renders the picture of docs/workbook.md ("The annotated workbook"): examples/review's agency
# exported with `lintas export --annotate`, converted to PDF by LibreOffice (headless), the first
# page (the findings sheet) and the page of tim_kerja!F5 (a T001 fill of the empty nomor cell) as PNG by pdftoppm.
# Needs a built lintas, libreoffice-calc-nogui (soffice) and poppler-utils.
#   scripts/render-annotated-workbook.sh [path/to/lintas]
set -euo pipefail
cd "$(dirname "$0")/.."
lintas="$(realpath "${1:-.build/debug/lintas}")"
repo="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Exported from inside the work folder, so the workbook is named draf-temuan.xlsx in the picture.
(cd "$work" && "$lintas" export "$repo/examples/review/jabar-diskominfo-draf" -o draf-temuan.xlsx --annotate --as-of 2024-06-30 >/dev/null)
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf --outdir "$work" "$work/draf-temuan.xlsx" >/dev/null 2>&1
pdf="$work/draf-temuan.pdf"
# The findings sheet, its top half.
pdftoppm -r 100 -png -f 1 -l 1 -x 0 -y 0 -W 1100 -H 420 -singlefile "$pdf" docs/images/workbook-annotated-temuan
# The page of tim_kerja holding the penetapan.nomor column.
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
for p in $(seq 2 "$pages"); do
  if pdftotext -f "$p" -l "$p" "$pdf" - | grep -q '^penetapan.nomor$'; then
    pdftoppm -r 100 -png -f "$p" -l "$p" -x 0 -y 60 -W 830 -H 450 -singlefile "$pdf" docs/images/workbook-annotated-cell
    break
  fi
done
ls -l docs/images/workbook-annotated-*.png
