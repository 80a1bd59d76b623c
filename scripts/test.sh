#!/usr/bin/env bash
# Front door 2: on a Debian or Ubuntu machine with Swift, pass the whole test suite. Installs what
# is missing (scripts/setup.sh test: libyaml, zlib, Chromium, jsonschema, openpyxl...) or stops
# with the exact command to run; checks that the packs compiled into the binary match rules/ and
# examples/rules/ and that the code is formatted (scripts/format.sh --check); runs `swift test`. `.ci/run` calls this same script.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
python3 scripts/embed-resources.py --check
# The code keeps swift-format's layout (.swift-format; scripts/format.sh reformats).
scripts/format.sh --check
# The tests run one at a time (`scripts/test.sh --parallel`: in parallel). A test process that died of
# a signal now and then (2026-12-06) was a heap overflow in swift-foundation's FileManager.copyItem
# with a destination path over 1,026 bytes, which one test used; found with the heap checker that
# `.ci/run` also runs (scripts/test-heapcheck.sh). A crash is a failure: nothing is run again.
mode=(--no-parallel)
args=()
for a in "$@"; do
    if [ "$a" = --parallel ]; then mode=(); else args+=("$a"); fi
done
swift test "${mode[@]}" "${args[@]}"
