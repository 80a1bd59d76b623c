#!/usr/bin/env bash
# The code's layout is swift-format's (the toolchain's `swift format`), configured in .swift-format:
#   scripts/format.sh           reformat every Swift file in place
#   scripts/format.sh --check   lint (strict: any finding fails), as scripts/test.sh and CI do
# The generated Sources/LintasCore/Generated/EmbeddedResources.swift is left as the generator writes it.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.swift' | grep -v '^Sources/LintasCore/Generated/')
if [ "${1:-}" = "--check" ]; then
    swift format lint --strict --parallel "${files[@]}"
else
    swift format format --in-place --parallel "${files[@]}"
fi
