#!/usr/bin/env bash
# The Swift Testing suites once more, in parallel, with the test process's heap checked
# (scripts/heapcheck/heapcheck.c, loaded with LD_PRELOAD; the lintas binaries and browsers the tests
# start run without it): a write past the end of a block, or into a freed block, anywhere in the
# process (lintas, the tests, Foundation, the Swift runtime) stops the run with the block's size,
# the changed byte and who allocated and freed it. `.ci/run` runs it after scripts/test.sh.
#
#   scripts/test-heapcheck.sh                      every suite
#   scripts/test-heapcheck.sh --filter lintasTests any flags of the test binary
#
# Resolve an address it prints with `addr2line -f -C -e FILE OFFSET` (FILE and the file offset are
# on the same line).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
bin=$(swift build --show-bin-path)
cc=$(dirname "$(readlink -f "$(command -v swift)")")/clang
[ -x "$cc" ] || cc=cc
mkdir -p .build/heapcheck
"$cc" -O2 -g -fPIC -shared -fno-omit-frame-pointer -o .build/heapcheck/libheapcheck.so scripts/heapcheck/heapcheck.c
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# LINTAS_TEST_HEAPCHECK: the hostile-input suite's wall-clock bound is longer in this slower run.
LINTAS_TEST_HEAPCHECK=1 LD_PRELOAD="$PWD/.build/heapcheck/libheapcheck.so" "$bin/lintasPackageTests.xctest" --testing-library swift-testing "$@" \
    > "$log" 2>&1 || status=$?
tail -n 3 "$log"
if grep -q "^heapcheck: " "$log" && ! grep -q "^heapcheck: no write" "$log"; then
    sed -n '/^heapcheck: /,$p' "$log" | head -n 20 >&2
fi
if [ "$status" -ne 0 ]; then
    grep -E "✘|recorded an issue" "$log" | head -n 40 >&2 || true
    echo "scripts/test-heapcheck.sh: the test run under the heap checker failed (exit $status)" >&2
    exit 1
fi
grep -q "^heapcheck: no write" "$log" || { echo "scripts/test-heapcheck.sh: the heap checker did not report at exit" >&2; exit 1; }
