#!/usr/bin/env bash
# Fuzz lintas's loader and whole rule engine with libFuzzer + AddressSanitizer.
#
#   fuzz/run.sh                     build, then fuzz to 1,000,000 executions (one job)
#   fuzz/run.sh -runs=100000        any libFuzzer flags replace the default -runs
#   JOBS=2 fuzz/run.sh -runs=500000 several jobs (each does -runs; corpus shared)
#   fuzz/run.sh --build-only        just build .build-fuzz/fuzz-lintas
#   .build-fuzz/fuzz-lintas CRASH   replay one input
#
# The target (fuzz/FuzzEntry.swift) is compiled together with Sources/LintasCore/**/*.swift as one
# module with `swiftc -sanitize=fuzzer,address`, linking Debian's libyaml (the CYaml module map in
# Sources/CYaml). Seed corpus: examples/**/*.yaml and the hostile fixtures, copied at run time into
# fuzz/corpus-run/seeds (git-ignored); inputs the fuzzer finds accumulate in fuzz/corpus-run/found. Crashes are
# written as fuzz/crash-* (git-ignored); turn each into a file under
# Tests/LintasCoreTests/Fixtures/fuzz/ (FuzzRegressionTests loads them all). Leak detection is off:
# Swift globals (lazily built schema and packs) hold boxes through tagged pointers that
# LeakSanitizer cannot see, so it reports them at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build-fuzz
CORPUS=fuzz/corpus-run/found
SEEDS=fuzz/corpus-run/seeds
mkdir -p "$OUT" "$CORPUS"
BIN=$OUT/fuzz-lintas

if [ ! -x "$BIN" ] || [ -n "$(find Sources/LintasCore fuzz/FuzzEntry.swift -newer "$BIN" -name '*.swift' | head -1)" ]; then
    echo "== build $BIN" >&2
    # Compile a snapshot of the sources: a file edited during the build must not abort it.
    SRC=$OUT/src
    rm -rf "$SRC"; mkdir -p "$SRC"
    cp -r Sources/LintasCore Sources/CYaml fuzz/FuzzEntry.swift "$SRC/"
    swiftc -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g \
        -module-name LintasCore -I "$SRC/CYaml" -lyaml \
        $(find "$SRC/LintasCore" -name '*.swift' | sort) "$SRC/FuzzEntry.swift" -o "$BIN.new"
    mv "$BIN.new" "$BIN"
fi
[ "${1:-}" = "--build-only" ] && exit 0

rm -rf "$SEEDS"; mkdir -p "$SEEDS"
n=0
while IFS= read -r -d '' f; do
    # Seeds stay small: libFuzzer's default -max_len follows the largest seed.
    [ "$(stat -c %s "$f")" -le 65536 ] || continue
    cp "$f" "$SEEDS/seed-$n.yaml"; n=$((n + 1))
done < <(find examples Tests/LintasCoreTests/Fixtures/hostile Tests/LintasCoreTests/Fixtures/fuzz -name '*.yaml' -print0 2>/dev/null)
echo "== $n seeds" >&2

ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(-runs=1000000)
JOBS=${JOBS:-1}
EXTRA=()
[ "$JOBS" -gt 1 ] && EXTRA=(-jobs="$JOBS" -workers="$JOBS")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
exec "$BIN" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix=fuzz/ -print_final_stats=1 \
    "${EXTRA[@]}" "${ARGS[@]}" "$CORPUS" "$SEEDS"
