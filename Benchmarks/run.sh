#!/usr/bin/env bash
# lintas benchmarks: speed and memory against libyaml's bare event parse and peer tools.
#
#   Benchmarks/run.sh                 build, generate the inputs (once), measure, write Benchmarks/results.md
#   Benchmarks/run.sh --install-peers also `pip install yamllint check-jsonschema` first
#   Benchmarks/run.sh --quick         1k and 10k only, batch of 50 (a smoke run; results to stdout only)
#   Benchmarks/run.sh --national      the national batch in full: 600 agencies of 7,000 employees
#                                     (4.2 million; ~1.5 GB of YAML generated once); by default 60 of
#                                     them (10 with --quick): the same agency size, so the same bound
#   REPEAT=5 Benchmarks/run.sh        runs per lintas/bare measurement (default 3; the fastest time
#                                     and the largest peak memory are kept); peers run once (slow)
#
# What it does:
#   1. builds lintas in release (swift build -c release --scratch-path .build-bench) and
#      Benchmarks/yaml-events.c (libyaml's event parse and nothing else: the floor);
#   2. generates with scripts/gen_agency.py, into Benchmarks/data/ (git-ignored, kept between runs):
#      agencies of 1k, 10k and 100k employees (10 per team, a two-level matrix), the same sizes from
#      Benchmarks/gen_agency_flow.py (another generator: other shapes and styles), a batch of 200
#      agencies of 200 employees; with Benchmarks/gen_flood.py the "flood" (issue 10): `pegawai:`
#      and N entries `{nip: '1', nama: a}`, 4 findings each, at N = 50,000 and 200,000;
#   3. times each input with /usr/bin/time -f '%e %M %U %S' (wall seconds, peak RSS in KB, CPU):
#      `lintas check --pack pergub-jabar-181-2021` (all packs), the bare parse, and, where
#      installed, yamllint and check-jsonschema (with `lintas schema` output, when lintas has that
#      command; otherwise that peer is skipped with a note); the flood in text, json and sarif
#      (output to /dev/null);
#   4. the national batch (issue 23): agencies of 7,000 employees checked with JSON, SARIF and CSV
#      written at once, `--jobs 1` then `--jobs 2` in the same run; then the HTML report as a
#      directory (`--output html:DIR/`): of the 100k agency and of the national batch, and how long
#      headless Chromium takes to open the 100k agency's page and the batch's index;
#   5. writes Benchmarks/results.md: the tables, the ratios that count, the machine, and the load
#      average (1 minute) read just before each measurement.
#
# Targets (on the ~37 MB 100k-employee agency and the 100k agency of Benchmarks/gen_agency_flow.py,
# a second generator not tuned on): lintas within 2x the bare parse (issue 23); peak memory at
# most 3x the file size; 10x the input costs at most 11x the time; the 200-agency batch
# at least 1.7x faster with --jobs 2 than with --jobs 1. National batch: peak <= 400 MiB with JSON,
# SARIF and CSV at once, --jobs 2 >= 1.7x faster than --jobs 1 (on an idle machine: read the load
# average beside it); the 100k agency's HTML page opens in headless Chromium in < 5 s. Flood N=50,000 (200,000 findings): text,
# json and sarif each <= 2 s and <= 300 MB; N=200,000 at most 4.4x the N=50,000 time.
# Wall time on a shared machine is noisy: CPU time (user + system) is reported next to it.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA=$ROOT/Benchmarks/data
OUT=$ROOT/Benchmarks/.out
REPEAT=${REPEAT:-3}
QUICK=0
PEERS=0
NATIONAL=60
for arg in "$@"; do
    case $arg in
        --quick) QUICK=1 ;;
        --national) NATIONAL=600 ;;
        --install-peers) PEERS=1 ;;
        -h|--help) sed -n '2,45p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$DATA" "$OUT"

if [ "$PEERS" = 1 ]; then
    python3 -m pip install --quiet yamllint check-jsonschema || echo "note: pip install of the peers failed" >&2
fi

echo "== build" >&2
swift build -c release --scratch-path .build-bench >&2
LINTAS=$ROOT/.build-bench/release/lintas
cc -O2 Benchmarks/yaml-events.c -lyaml -o "$OUT/yaml-events"
BARE=$OUT/yaml-events

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== inputs" >&2
if [ "$QUICK" = 1 ]; then SIZES="1k 10k"; BATCH=50; [ "$NATIONAL" = 600 ] || NATIONAL=10; else SIZES="1k 10k 100k"; BATCH=200; fi
count() { case $1 in 1k) echo 1000 ;; 10k) echo 10000 ;; 100k) echo 100000 ;; esac; }
for s in $SIZES; do
    f=$DATA/agency-$s.yaml
    [ -s "$f" ] || python3 scripts/gen_agency.py --employees "$(count "$s")" --out "$f"
    # The second, independently written generator (flow style, quoting, anchors, merge keys, comments).
    f=$DATA/flow-$s.yaml
    [ -s "$f" ] || python3 Benchmarks/gen_agency_flow.py --employees "$(count "$s")" --out "$f"
done
BATCHDIR=$DATA/batch-$BATCH
[ -d "$BATCHDIR" ] || python3 scripts/gen_agency.py --employees 200 --batch "$BATCH" --out "$BATCHDIR"
NATIONALDIR=$DATA/national-${NATIONAL}x7000
[ -d "$NATIONALDIR" ] || python3 scripts/gen_agency.py --employees 7000 --batch "$NATIONAL" --out "$NATIONALDIR"
if [ "$QUICK" = 1 ]; then FLOODS="5000 20000"; else FLOODS="50000 200000"; fi
for n in $FLOODS; do
    f=$DATA/flood-$n.yaml
    [ -s "$f" ] || python3 Benchmarks/gen_flood.py --employees "$n" --out "$f"
done

SCHEMA=""
if "$LINTAS" schema >"$OUT/schema.json" 2>/dev/null && [ -s "$OUT/schema.json" ]; then SCHEMA=$OUT/schema.json; fi

# measure NAME CMD...: runs CMD $REPEAT times (output discarded; exit 0 or 1 both count as done),
# prints "seconds peak_kb cpu_seconds" (fastest wall time, largest peak, least CPU time).
measure() {
    local best="" peak=0 cpu="" t m u y c rc n=$REPEAT
    if [ "$1" = "--once" ]; then n=1; shift; fi
    for _ in $(seq "$n"); do
        rc=0
        /usr/bin/time -f '%e %M %U %S' -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt" || rc=$?
        if [ "$rc" -gt 1 ]; then
            echo "failed ($rc): $*" >&2; tail -3 "$OUT/stderr.txt" >&2; echo "- - -"; return
        fi
        read -r t m u y < <(tail -1 "$OUT/time.txt")
        c=$(awk -v u="$u" -v y="$y" 'BEGIN{printf "%.2f", u+y}')
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; fi
        if [ -z "$cpu" ] || awk -v a="$c" -v b="$cpu" 'BEGIN{exit !(a<b)}'; then cpu=$c; fi
        [ "$m" -gt "$peak" ] && peak=$m
    done
    echo "$best $peak $cpu"
}

load1() { cut -d' ' -f1 /proc/loadavg; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="-"||b=="-"||b+0==0) print "-"; else printf "%.2f", a/b }'; }
mb() { awk -v k="$1" 'BEGIN{ if (k=="-") print "-"; else printf "%.1f", k/1024 }'; }

declare -A T M C SIZE LD
ROWS=""
for s in $(for g in agency flow; do for z in $SIZES; do echo "$g-$z"; done; done); do
    f=$DATA/$s.yaml
    SIZE[$s]=$(stat -c %s "$f")
    echo "== $s ($(mb $((SIZE[$s] / 1024))) MB)" >&2
    LD[$s]=$(load1)
    read -r T[lintas-$s] M[lintas-$s] C[lintas-$s] < <(measure "$LINTAS" check --pack pergub-jabar-181-2021 --quiet --jobs 1 "$f")
    read -r T[bare-$s] M[bare-$s] C[bare-$s] < <(measure "$BARE" "$f")
    if command -v yamllint >/dev/null; then
        read -r T[yamllint-$s] M[yamllint-$s] C[yamllint-$s] < <(measure --once yamllint -d relaxed "$f")
    fi
    if command -v check-jsonschema >/dev/null && [ -n "$SCHEMA" ]; then
        read -r T[cjs-$s] M[cjs-$s] C[cjs-$s] < <(measure --once check-jsonschema --schemafile "$SCHEMA" "$f")
    fi
    ROWS+="| $s.yaml | $(mb $((SIZE[$s] / 1024))) | ${T[lintas-$s]} | ${C[lintas-$s]} | $(mb "${M[lintas-$s]}") | ${T[bare-$s]} | ${C[bare-$s]} | $(mb "${M[bare-$s]}") | ${T[yamllint-$s]:--} | $(mb "${M[yamllint-$s]:--}") | ${T[cjs-$s]:--} | $(mb "${M[cjs-$s]:--}") | $(ratio "${T[lintas-$s]}" "${T[bare-$s]}") | $(ratio "${C[lintas-$s]}" "${C[bare-$s]}") | $(ratio "${M[lintas-$s]}" $((SIZE[$s] / 1024))) | ${LD[$s]} |
"
done
echo "== batch of $BATCH" >&2
LD[batch]=$(load1)
read -r T[j1] M[j1] C[j1] < <(measure "$LINTAS" check --pack pergub-jabar-181-2021 --quiet --jobs 1 "$BATCHDIR")
read -r T[j2] M[j2] C[j2] < <(measure "$LINTAS" check --pack pergub-jabar-181-2021 --quiet --jobs 2 "$BATCHDIR")

# The national batch: JSON, SARIF and CSV at once; --jobs 1 and --jobs 2 in the same run.
echo "== national batch: $NATIONAL agencies of 7,000 employees" >&2
NATIONAL_MB=$(du -sm "$NATIONALDIR" | cut -f1)
for j in 1 2; do
    LD[n$j]=$(load1)
    read -r T[n$j] M[n$j] C[n$j] < <(measure "$LINTAS" check --pack pergub-jabar-181-2021 --quiet --jobs "$j" \
        --output "json:$OUT/national.json" --output "sarif:$OUT/national.sarif" --output "csv:$OUT/national.csv" "$NATIONALDIR")
done

FLOODROWS=""
for n in $FLOODS; do
    f=$DATA/flood-$n.yaml
    echo "== flood $n" >&2
    LD[flood-$n]=$(load1)
    for fmt in text json sarif; do
        read -r T[flood-$n-$fmt] M[flood-$n-$fmt] C[flood-$n-$fmt] < <(measure "$LINTAS" check --pack pergub-jabar-181-2021 --jobs 1 --format "$fmt" "$f")
        FLOODROWS+="| flood-$n.yaml | $fmt | $((4 * n)) | ${T[flood-$n-$fmt]} | ${C[flood-$n-$fmt]} | $(mb "${M[flood-$n-$fmt]}") | ${LD[flood-$n]} |
"
    done
done

BIG=100k; SMALL=10k; FLOOD=50000; FLOODBIG=200000
[ "$QUICK" = 1 ] && { BIG=10k; SMALL=1k; FLOOD=5000; FLOODBIG=20000; }

# The HTML report of the biggest agency and of the batch: time, peak memory, file size, and how long
# headless Chromium takes to open and draw it (when installed).
echo "== html" >&2
LD[html]=$(load1)
read -r T[html] M[html] C[html] < <(measure "$LINTAS" check --pack pergub-jabar-181-2021 --quiet --jobs 1 --output "html:$OUT/report-$BIG.html" "$DATA/agency-$BIG.yaml")
read -r T[htmlb] M[htmlb] C[htmlb] < <(measure "$LINTAS" check --pack pergub-jabar-181-2021 --quiet --jobs 1 --output "html:$OUT/report-batch.html" "$BATCHDIR")
HTML_KB=$(( $(stat -c %s "$OUT/report-$BIG.html") / 1024 )); HTMLB_KB=$(( $(stat -c %s "$OUT/report-batch.html") / 1024 ))
CHROME=$(command -v chromium || command -v chromium-browser || true)
BROWSER_NOTE="Chromium not installed: not opened"
if [ -n "$CHROME" ]; then
    SANDBOX=""; [ "$(id -u)" -eq 0 ] && SANDBOX=--no-sandbox
    read -r T[chrome] M[chrome] C[chrome] < <(measure --once "$CHROME" --headless $SANDBOX --disable-gpu --user-data-dir="$OUT/chrome" \
        --window-size=1400,1600 --screenshot="$OUT/report-$BIG.png" "file://$OUT/report-$BIG.html")
    BROWSER_NOTE="headless Chromium opens it and writes a screenshot in ${T[chrome]} s ($(mb "${M[chrome]}") MiB)"
fi
# The directory report (--output html:DIR/): the big agency's page, and the national batch.
rm -rf "$OUT/html-$BIG" "$OUT/html-national"
LD[htmld]=$(load1)
read -r T[htmld] M[htmld] C[htmld] < <(measure --once "$LINTAS" check --pack pergub-jabar-181-2021 --quiet --jobs 1 --output "html:$OUT/html-$BIG/" "$DATA/agency-$BIG.yaml")
LD[htmln]=$(load1)
read -r T[htmln] M[htmln] C[htmln] < <(measure --once "$LINTAS" check --pack pergub-jabar-181-2021 --quiet --jobs 2 --output "html:$OUT/html-national/" "$NATIONALDIR")
PAGE=$(ls "$OUT/html-$BIG/"instansi-*.html | head -1)
PAGE_KB=$(( $(stat -c %s "$PAGE") / 1024 ))
NATIONAL_HTML_MB=$(du -sm "$OUT/html-national" | cut -f1)
if [ -n "$CHROME" ]; then
    LD[chromed]=$(load1)
    read -r T[chromed] M[chromed] C[chromed] < <(measure --once "$CHROME" --headless $SANDBOX --disable-gpu --user-data-dir="$OUT/chrome" \
        --window-size=1400,1600 --screenshot="$OUT/page-$BIG.png" "file://$PAGE")
    LD[chromen]=$(load1)
    read -r T[chromen] M[chromen] C[chromen] < <(measure --once "$CHROME" --headless $SANDBOX --disable-gpu --user-data-dir="$OUT/chrome" \
        --window-size=1400,1600 --screenshot="$OUT/index-national.png" "file://$OUT/html-national/index.html")
fi
R_PARSE=$(ratio "${T[lintas-agency-$BIG]}" "${T[bare-agency-$BIG]}")
R_PARSE_CPU=$(ratio "${C[lintas-agency-$BIG]}" "${C[bare-agency-$BIG]}")
R_MEM=$(ratio "${M[lintas-agency-$BIG]}" $((SIZE[agency-$BIG] / 1024)))
R_FPARSE=$(ratio "${T[lintas-flow-$BIG]}" "${T[bare-flow-$BIG]}")
R_FPARSE_CPU=$(ratio "${C[lintas-flow-$BIG]}" "${C[bare-flow-$BIG]}")
R_FMEM=$(ratio "${M[lintas-flow-$BIG]}" $((SIZE[flow-$BIG] / 1024)))
R_SCALE=$(ratio "${T[lintas-agency-$BIG]}" "${T[lintas-agency-$SMALL]}")
R_SIZE=$(ratio "${SIZE[agency-$BIG]}" "${SIZE[agency-$SMALL]}")
R_JOBS=$(ratio "${T[j1]}" "${T[j2]}")
R_NJOBS=$(ratio "${T[n1]}" "${T[n2]}")
R_NJOBS_CPU=$(ratio "${C[n1]}" "${C[n2]}")
verdict() { awk -v v="$1" -v lim="$2" -v dir="$3" 'BEGIN{ if (v=="-") print "?"; else if ((dir=="<=" && v<=lim) || (dir==">=" && v>=lim)) print "met"; else print "**missed**" }'; }

if ! command -v check-jsonschema >/dev/null; then CJS_NOTE='not installed (--install-peers)'
elif [ -z "$SCHEMA" ]; then CJS_NOTE='skipped: lintas has no `schema` command yet'
else CJS_NOTE='with the `lintas schema` output as its schema (same shape as format v1)'; fi
CPU=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
REPORT=$(cat <<EOF
# lintas benchmark results

Written by \`Benchmarks/run.sh\` on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?').
Machine: $(nproc) cores, ${CPU:-unknown CPU}, $(free -g | awk '/^Mem:/{print $2}') GiB memory (\`free -g\`).
Each lintas and bare-parse figure is the fastest of $REPEAT runs (wall seconds) and the largest peak
RSS (MiB), from \`/usr/bin/time -f '%e %M %U %S'\` (CPU s: the least user + system time; peers: one run). Load average before the run: $LOAD. lintas runs \`check --pack pergub-jabar-181-2021 --quiet --jobs 1\`
(packs dasar, permenpanrb-7-2022 and pergub-jabar-181-2021); the bare parse is
\`Benchmarks/yaml-events.c\` (libyaml events, no tree). Inputs \`agency-*\` from \`scripts/gen_agency.py\` (valid
agencies: 10 employees per team, a two-level matrix; block style); \`flow-*\` from the independently written
\`Benchmarks/gen_agency_flow.py\` (flow mappings, quoting, comments, anchors and merge keys, teams of 6-12).

| input | MiB | lintas s | lintas CPU s | lintas MiB | bare parse s | bare CPU s | bare MiB | yamllint s | yamllint MiB | check-jsonschema s | cjs MiB | lintas / bare | lintas / bare (CPU) | peak / file size | load |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
$ROWS
Peers: yamllint $(command -v yamllint >/dev/null && yamllint --version 2>&1 | awk '{print $2}' || echo 'not installed (Benchmarks/run.sh --install-peers)');
check-jsonschema $CJS_NOTE.

Batch of $BATCH agencies (200 employees each): \`--jobs 1\` ${T[j1]} s (${M[j1]:+$(mb "${M[j1]}")} MiB), \`--jobs 2\` ${T[j2]} s (${M[j2]:+$(mb "${M[j2]}")} MiB); load average ${LD[batch]}.

National batch (issue 23): $NATIONAL agencies of 7,000 employees ($NATIONAL_MB MiB of YAML; \`Benchmarks/run.sh --national\`: 600, the full 4.2 million),
\`lintas check --pack pergub-jabar-181-2021 --quiet --jobs N --output json:F --output sarif:F --output csv:F DIR\`:

| --jobs | wall s | CPU s | peak MiB | load average before |
|---|---|---|---|---|
| 1 | ${T[n1]} | ${C[n1]} | $(mb "${M[n1]}") | ${LD[n1]} |
| 2 | ${T[n2]} | ${C[n2]} | $(mb "${M[n2]}") | ${LD[n2]} |

HTML report (\`--output html:FILE\`, same packs, \`--jobs 1\`): the $BIG agency ${T[html]} s, $(mb "${M[html]}") MiB peak, a
$(mb "$HTML_KB") MiB file, and $BROWSER_NOTE; the batch of $BATCH ${T[htmlb]} s, $(mb "${M[htmlb]}") MiB peak, a $(mb "$HTMLB_KB") MiB file (load average ${LD[html]}).

HTML as a directory (\`--output html:DIR/\`): the $BIG agency ${T[htmld]} s, $(mb "${M[htmld]}") MiB peak (load ${LD[htmld]}), its page $(mb "$PAGE_KB") MiB,
opened by headless Chromium (with a screenshot) in ${T[chromed]:--} s (load ${LD[chromed]:--}); the national batch of $NATIONAL (\`--jobs 2\`) ${T[htmln]} s,
$(mb "${M[htmln]}") MiB peak (load ${LD[htmln]}), $NATIONAL_HTML_MB MiB in all, its index opened in ${T[chromen]:--} s (load ${LD[chromen]:--}).

The flood (\`Benchmarks/gen_flood.py\`; 4 findings per entry): \`lintas check --pack pergub-jabar-181-2021 --jobs 1 --format F\`, output to /dev/null.

| input | format | findings | wall s | CPU s | MiB | load |
|---|---|---|---|---|---|---|
$FLOODROWS
| target ($BIG agency) | measured | target | |
|---|---|---|---|
| lintas time / bare parse time, agency-$BIG.yaml (load ${LD[agency-$BIG]}) | $R_PARSE (CPU: $R_PARSE_CPU) | <= 2 | $(verdict "$R_PARSE" 2 "<=") (CPU: $(verdict "$R_PARSE_CPU" 2 "<=")) |
| lintas time / bare parse time, flow-$BIG.yaml (second generator; load ${LD[flow-$BIG]}) | $R_FPARSE (CPU: $R_FPARSE_CPU) | <= 2 | $(verdict "$R_FPARSE" 2 "<=") (CPU: $(verdict "$R_FPARSE_CPU" 2 "<=")) |
| peak memory / file size, agency-$BIG.yaml | $R_MEM | <= 3 | $(verdict "$R_MEM" 3 "<=") |
| peak memory / file size, flow-$BIG.yaml | $R_FMEM | <= 3 | $(verdict "$R_FMEM" 3 "<=") |
| time($BIG) / time($SMALL) (input ${R_SIZE}x) | $R_SCALE | <= 11 | $(verdict "$R_SCALE" 11 "<=") |
| batch: time(--jobs 1) / time(--jobs 2) | $R_JOBS | >= 1.7 | $(verdict "$R_JOBS" 1.7 ">=") |
| national batch of $NATIONAL: peak MiB, --jobs 1 / --jobs 2 (JSON, SARIF, CSV) | $(mb "${M[n1]}") / $(mb "${M[n2]}") | <= 400 | $(verdict "$(mb "${M[n1]}")" 400 "<=") / $(verdict "$(mb "${M[n2]}")" 400 "<=") |
| national batch: time(--jobs 1) / time(--jobs 2), load ${LD[n1]} / ${LD[n2]} | $R_NJOBS (CPU ratio $R_NJOBS_CPU) | >= 1.7 on an idle machine | $(verdict "$R_NJOBS" 1.7 ">=") |
| $BIG agency's HTML page (html:DIR/) opened in Chromium, load ${LD[chromed]:--} | ${T[chromed]:--} s | < 5 s | $(verdict "${T[chromed]:--}" 5 "<=") |
$(for fmt in text json sarif; do
    echo "| flood $FLOOD $fmt: wall s (CPU s), MiB | ${T[flood-$FLOOD-$fmt]} (${C[flood-$FLOOD-$fmt]}), $(mb "${M[flood-$FLOOD-$fmt]}") | <= 2 s, <= 300 MiB | $(verdict "${T[flood-$FLOOD-$fmt]}" 2 "<=") time, $(verdict "$(mb "${M[flood-$FLOOD-$fmt]}")" 300 "<=") memory |"
done)
$(for fmt in text json sarif; do
    r=$(ratio "${T[flood-$FLOODBIG-$fmt]}" "${T[flood-$FLOOD-$fmt]}")
    echo "| flood $fmt: time($FLOODBIG) / time($FLOOD) | $r | <= 4.4 | $(verdict "$r" 4.4 "<=") |"
done)
EOF
)
echo "$REPORT"
if [ "$QUICK" = 0 ]; then
    # The workbook section comes from Benchmarks/workbook.sh (its last run), then the notes.
    { echo "$REPORT"
      [ -f Benchmarks/results-workbook.md ] && { echo; cat Benchmarks/results-workbook.md; }
      [ -f Benchmarks/notes.md ] && { echo; cat Benchmarks/notes.md; }; } > Benchmarks/results.md
    echo "== wrote Benchmarks/results.md" >&2
fi
