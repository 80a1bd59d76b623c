#!/usr/bin/env bash
# Workbook benchmark: a 100k-employee agency (scripts/gen_agency.py) exported to a workbook with
# `lintas export`, then `lintas import` and `lintas check` on the workbook beside `lintas check`
# on the YAML. Prints a Markdown section: `bash Benchmarks/workbook.sh > Benchmarks/results-workbook.md`,
# which Benchmarks/run.sh then puts into Benchmarks/results.md. Release build; inputs in
# Benchmarks/data/ (git-ignored). Each figure: fastest of 3 runs (wall s and CPU s = user + sys, which
# a loaded machine disturbs less), largest peak RSS (MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
L=.build/release/lintas
mkdir -p Benchmarks/data Benchmarks/.out
Y=Benchmarks/data/agency-100k.yaml
X=Benchmarks/data/agency-100k.xlsx
[ -s "$Y" ] || python3 scripts/gen_agency.py --employees 100000 --out "$Y"
[ -s "$X" ] || "$L" export "$Y" -o "$X" --force >/dev/null
best() { # command... -> "wall-seconds cpu-seconds MiB"
  local s=999999 c=999999 m=0
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M %U %S' -o Benchmarks/.out/t "$@" >/dev/null 2>&1 || true
    # The last line: a command that exits non-zero (findings) makes time print a line before it.
    read -r t k u y < <(tail -1 Benchmarks/.out/t)
    s=$(python3 -c "print(min($s, $t))"); c=$(python3 -c "print(min($c, $u + $y))"); m=$(python3 -c "print(max($m, $k))")
  done
  python3 -c "print('%.2f %.2f %.1f' % ($s, $c, $m / 1024))"
}
rows=$(python3 -c "import zipfile,re; z=zipfile.ZipFile('$X'); s=z.read('xl/worksheets/sheet3.xml'); print(len(re.findall(rb'<row ', s)) - 1)")
read -r ts tc tm <<<"$(best "$L" export "$Y" -o Benchmarks/.out/e.xlsx --force)"
read -r is ic im <<<"$(best "$L" import "$X" -o Benchmarks/.out/imported --force)"
read -r cs cc cm <<<"$(best "$L" check "$X" --quiet --jobs 1)"
read -r ys yc ym <<<"$(best "$L" check "$Y" --quiet --jobs 1)"
# The largest workbook under the cell limit: 1,999,997 cells, 1,999,984 distinct strings (issue 20 item 14).
B=Benchmarks/data/largest.xlsx
[ -s "$B" ] || python3 Benchmarks/gen_largest_workbook.py 285712 "$B"
read -r bs bc bm <<<"$(best "$L" check "$B" --quiet --jobs 1)"
echo "## Workbooks (100k employees)"
echo
echo "Written by \`Benchmarks/workbook.sh\` on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD). Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "The agency of \`scripts/gen_agency.py --employees 100000\` ($(du -m "$Y" | cut -f1) MiB of YAML) exported with \`lintas export\`:"
echo "$(du -k "$X" | cut -f1) KiB workbook, pegawai sheet of $rows rows."
echo
echo "| command | wall s | CPU s | peak MiB |"
echo "|---|---|---|---|"
echo "| \`lintas export agency-100k.yaml -o agency-100k.xlsx\` | $ts | $tc | $tm |"
echo "| \`lintas import agency-100k.xlsx -o DIR\` (read + YAML written) | $is | $ic | $im |"
echo "| \`lintas check agency-100k.xlsx --jobs 1\` (read + import + the whole pipeline, findings at cells) | $cs | $cc | $cm |"
echo "| \`lintas check agency-100k.yaml --jobs 1\` (the same data as YAML) | $ys | $yc | $ym |"
echo "| \`lintas check largest.xlsx --jobs 1\` ($(du -k "$B" | cut -f1) KiB, 1,999,997 cells: the largest under the cell limit) | $bs | $bc | $bm |"
echo
echo "Workbook check / YAML check of the same data: $(python3 -c "print('%.2fx' % ($cc / $yc))") in CPU time, $(python3 -c "print('%.2fx' % ($cs / $ys))") in wall time, $(python3 -c "print('%.2fx' % ($cm / $ym))") in peak memory."
