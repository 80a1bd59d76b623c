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
swift test "$@"
