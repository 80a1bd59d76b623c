#!/usr/bin/env bash
# Fuzz lintas with libFuzzer + AddressSanitizer: every target in turn (RUNS below), or the ones
# named in FUZZ_TARGETS (e.g. FUZZ_TARGETS=workbook). Targets: `lintas` (the YAML loader and the
# whole rule engine, fuzz/FuzzEntry.swift), `config` (.lintas.yml and the ignore glob matcher checked
# against its reference; the same binary as `lintas` with LINTAS_FUZZ_TARGET=config), `workbook`
# (bytes -> a temporary .xlsx or CSV folder -> reader, importer, every rule; fuzz/FuzzWorkbook.swift).
#
#   fuzz/run.sh                     build, then fuzz each target to 1,000,000 executions (one job)
#   fuzz/run.sh -runs=100000        any libFuzzer flags replace the default -runs
#   JOBS=2 fuzz/run.sh -runs=500000 several jobs (each does -runs; corpus shared)
#   fuzz/run.sh --build-only        just build .build-fuzz/fuzz-lintas
#   fuzz/run.sh --no-build -runs=N  run the binaries as built, even if sources changed since
#                                   (a long run while the tree is edited; rebuild afterwards)
#   .build-fuzz/fuzz-lintas CRASH   replay one input
#
# The target (fuzz/FuzzEntry.swift) is compiled together with Sources/LintasCore/**/*.swift as one
# module with `swiftc -sanitize=fuzzer,address`, linking Debian's libyaml (the CYaml module map in
# Sources/CYaml) and LintasCore's package dependencies (ZIPFoundation with zlib, SwiftCSV): the
# script resolves them with `swift package resolve --scratch-path .build-fuzz/spm` (same pins as
# Package.resolved) and compiles each checkout into a module + object file in .build-fuzz/deps with
# the same sanitizer flags, rebuilt when the checkout's revision changes. Seed corpus: examples/**/*.yaml and the hostile fixtures, copied at run time into
# fuzz/corpus-run/seeds (git-ignored); inputs the fuzzer finds accumulate in fuzz/corpus-run/found. Crashes are
# written as fuzz/crash-* (git-ignored); turn each into a file under
# Tests/LintasCoreTests/Fixtures/fuzz/ (FuzzRegressionTests loads them all). Leak detection is off:
# Swift globals (lazily built schema and packs) hold boxes through tagged pointers that
# LeakSanitizer cannot see, so it reports them at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build-fuzz
mkdir -p "$OUT"
# Binaries, name:entry-file; and the runs, name:binary (a run's LINTAS_FUZZ_TARGET is its name,
# `lintas` being the entry's `yaml` target).
TARGETS=(lintas:fuzz/FuzzEntry.swift workbook:fuzz/FuzzWorkbook.swift)
RUNS=(lintas:lintas config:lintas workbook:workbook)
if [ -n "${FUZZ_TARGETS:-}" ]; then
    sel=(); for r in "${RUNS[@]}"; do [[ " $FUZZ_TARGETS " == *" ${r%%:*} "* ]] && sel+=("$r"); done; RUNS=("${sel[@]}")
    sel=(); for t in "${TARGETS[@]}"; do for r in "${RUNS[@]}"; do [ "${r#*:}" = "${t%%:*}" ] && { sel+=("$t"); break; }; done; done; TARGETS=("${sel[@]}")
fi

SWIFTFLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g)
SPM=$OUT/spm
DEPS=$OUT/deps
CHECKOUTS=$SPM/checkouts

# Compile one package dependency into $DEPS/NAME.swiftmodule + $DEPS/NAME.o (whole module, the
# package's own Swift language version), unless the stamp says this checkout revision is built.
# build_dep NAME CHECKOUT SOURCE_DIR SWIFT_VERSION [extra swiftc flags]
build_dep() {
    local name=$1 checkout=$2 srcdir=$3 version=$4; shift 4
    local rev stamp=$DEPS/$name.stamp
    rev="$(git -C "$checkout" rev-parse HEAD) ${SWIFTFLAGS[*]} -swift-version $version $*"
    if [ -f "$DEPS/$name.o" ] && [ -f "$DEPS/$name.swiftmodule" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$rev" ]; then
        return 0
    fi
    echo "== build dependency $name ($(git -C "$checkout" describe --tags --always))" >&2
    rm -f "$stamp"
    swiftc "${SWIFTFLAGS[@]}" -swift-version "$version" -wmo -c -module-name "$name" \
        -emit-module -emit-module-path "$DEPS/$name.swiftmodule" "$@" \
        $(find "$srcdir" -name '*.swift' | sort) -o "$DEPS/$name.o"
    echo "$rev" > "$stamp"
}

# swift-crypto (LintasCore's SHA-256) is mostly C (BoringSSL, with its assembly): SwiftPM builds its
# `Crypto` target as a root package of its own, release mode, without the sanitizer (not our code;
# AddressSanitizer still checks our side of every call), once per checkout revision; the fuzz
# binaries import its module and link its objects. Sets CRYPTO_FLAGS and CRYPTO_OBJECTS.
build_crypto() {
    local checkout=$CHECKOUTS/swift-crypto scratch=$OUT/crypto rev
    rev=$(git -C "$checkout" rev-parse HEAD)
    if [ "$(cat "$scratch/stamp" 2>/dev/null)" != "$rev" ]; then
        echo "== build dependency Crypto ($(git -C "$checkout" describe --tags --always))" >&2
        rm -f "$scratch/stamp"
        swift build --package-path "$checkout" --scratch-path "$scratch" -c release --target Crypto >&2
        echo "$rev" > "$scratch/stamp"
    fi
    CRYPTO_FLAGS=(-I "$scratch/release/Modules")
    for inc in "$checkout"/Sources/*/include; do CRYPTO_FLAGS+=(-I "$inc"); done
    mapfile -t CRYPTO_OBJECTS < <(find "$scratch/release"/{CCryptoBoringSSL,CCryptoBoringSSLShims,CXKCP,CXKCPShims,CryptoBoringWrapper,Crypto}.build -name '*.o' 2>/dev/null | sort)
}

build_target() { # NAME ENTRY -> $OUT/fuzz-NAME
NAME=$1 ENTRY=$2 BIN=$OUT/fuzz-$1
if [ ! -x "$BIN" ] || [ -n "$(find Sources/LintasCore "$ENTRY" -newer "$BIN" -name '*.swift' | head -1)" ] \
    || [ Package.swift -nt "$BIN" ] || { [ -f Package.resolved ] && [ Package.resolved -nt "$BIN" ]; } || [ ! -d "$CHECKOUTS/ZIPFoundation" ] || [ ! -d "$CHECKOUTS/SwiftCSV" ]; then
    # LintasCore imports ZIPFoundation and SwiftCSV: fetch them (from the package cache or mirror,
    # at Package.resolved's pins) into a scratch path of our own, then compile each with the
    # sanitizer flags. Both declare swiftLanguageVersions up to 5, so SwiftPM builds them in Swift 5
    # mode; so do we. ZIPFoundation on Linux uses zlib through its CZLib module map (`link "z"`) and
    # `_GNU_SOURCE` (its Package.swift cSettings).
    echo "== resolve packages into $SPM" >&2
    swift package resolve --scratch-path "$SPM" >&2
    mkdir -p "$DEPS"
    build_dep SwiftCSV "$CHECKOUTS/SwiftCSV" "$CHECKOUTS/SwiftCSV/SwiftCSV" 5
    build_dep ZIPFoundation "$CHECKOUTS/ZIPFoundation" "$CHECKOUTS/ZIPFoundation/Sources/ZIPFoundation" 5 \
        -I "$CHECKOUTS/ZIPFoundation/Sources/CZLib" -Xcc -D_GNU_SOURCE=1
    build_crypto

    echo "== build $BIN" >&2
    # Compile a snapshot of the sources: a file edited during the build must not abort it.
    SRC=$OUT/src-$NAME
    rm -rf "$SRC"; mkdir -p "$SRC"
    cp -r Sources/LintasCore Sources/CYaml "$SRC/"; cp "$ENTRY" "$SRC/FuzzEntry.swift"
    # `package` declarations (UIText, UIKey) need a package name, which SwiftPM passes itself.
    swiftc "${SWIFTFLAGS[@]}" -swift-version 6 \
        -module-name LintasCore -package-name lintas -I "$SRC/CYaml" -lyaml \
        -I "$DEPS" -I "$CHECKOUTS/ZIPFoundation/Sources/CZLib" -lz "${CRYPTO_FLAGS[@]}" \
        $(find "$SRC/LintasCore" -name '*.swift' | sort) "$SRC/FuzzEntry.swift" \
        "$DEPS/SwiftCSV.o" "$DEPS/ZIPFoundation.o" "${CRYPTO_OBJECTS[@]}" -o "$BIN.new"
    mv "$BIN.new" "$BIN"
fi
}
if [ "${1:-}" = "--no-build" ]; then
    shift
    for t in "${TARGETS[@]}"; do
        [ -x "$OUT/fuzz-${t%%:*}" ] || { echo "fuzz/run.sh: $OUT/fuzz-${t%%:*} is not built (run fuzz/run.sh --build-only)" >&2; exit 2; }
    done
else
    for t in "${TARGETS[@]}"; do build_target "${t%%:*}" "${t#*:}"; done
fi
[ "${1:-}" = "--build-only" ] && exit 0

ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(-runs=1000000)
JOBS=${JOBS:-1}
EXTRA=()
[ "$JOBS" -gt 1 ] && EXTRA=(-jobs="$JOBS" -workers="$JOBS")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
for r in "${RUNS[@]}"; do
    NAME=${r%%:*}
    BIN=$OUT/fuzz-${r#*:}
    # The YAML target keeps its corpus where it always was; others have their own.
    if [ "$NAME" = lintas ]; then CORPUS=fuzz/corpus-run/found SEEDS=fuzz/corpus-run/seeds; else CORPUS=fuzz/corpus-run/$NAME/found SEEDS=fuzz/corpus-run/$NAME/seeds; fi
    mkdir -p "$CORPUS"
    rm -rf "$SEEDS"; mkdir -p "$SEEDS"
    n=0
    if [ "$NAME" = workbook ]; then
        # Workbooks and CSV files of the examples and tests, and the small hostile workbooks.
        HOSTILE=$OUT/hostile-workbooks
        [ -d "$HOSTILE" ] || python3 scripts/hostile-workbooks.py "$HOSTILE" >&2
        files=$(find examples Tests "$HOSTILE" \( -name '*.xlsx' -o -name '*.csv' \) -print0 2>/dev/null | xargs -0 -r ls)
    elif [ "$NAME" = config ]; then
        files=$(find examples Tests/LintasCoreTests/Fixtures -name '.lintas*.yml' -print0 2>/dev/null | xargs -0 -r ls)
        # Glob lines (patterns and paths alternate) and configs near the bounds.
        printf 'ignore: ["drafts/**", "*.tmp.yaml", "a/?/b*"]\ndrafts/x.yaml\n**/x\nx\n' > "$SEEDS/glob-1"
        printf '*a*a*a*a*b\naaaaaaaaaaaaaaaaaaaaaaaa\n***/x\na/x\n' > "$SEEDS/glob-2"
        up=..; printf 'version: 1\nbaseline: %s/%s/etc/passwd\nwaivers: /proc/self/environ\nrules_dir: x\n' $up $up > "$SEEDS/paths"
        printf 'a: &a [x, x]\nb: &b [*a, *a]\nignore: *b\n' > "$SEEDS/alias"
    else
        files=$(find examples Tests/LintasCoreTests/Fixtures/hostile Tests/LintasCoreTests/Fixtures/fuzz -name '*.yaml' -print0 2>/dev/null | xargs -0 -r ls)
    fi
    while IFS= read -r f; do
        [ -n "$f" ] || continue
        # Seeds stay small: libFuzzer's default -max_len follows the largest seed.
        [ "$(stat -c %s "$f")" -le 65536 ] || continue
        cp "$f" "$SEEDS/seed-$n.${f##*.}"; n=$((n + 1))
    done <<< "$files"
    echo "== $NAME: $n seeds" >&2
    target=$NAME; [ "$NAME" = lintas ] && target=yaml
    LINTAS_FUZZ_TARGET=$target "$BIN" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix=fuzz/"$NAME"- -print_final_stats=1 \
        "${EXTRA[@]}" "${ARGS[@]}" "$CORPUS" "$SEEDS"
done
