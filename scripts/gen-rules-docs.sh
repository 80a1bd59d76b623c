#!/usr/bin/env bash
# Regenerates docs/rules.md (English) and docs/rules.id.md (Bahasa Indonesia) from the rule packs and
# examples compiled into lintas. Run after editing rules/*.yaml or examples/rules/ (and after
# scripts/embed-resources.py, which the binary's copy of them comes from). A test fails while either
# file is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/embed-resources.py >/dev/null
swift build -q --product lintas
bin="$(swift build --show-bin-path)/lintas"
"$bin" rules --format markdown --lang en > docs/rules.md
"$bin" rules --format markdown --lang id > docs/rules.id.md
echo "wrote docs/rules.md and docs/rules.id.md"
