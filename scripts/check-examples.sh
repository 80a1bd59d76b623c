#!/usr/bin/env bash
# Front door 1: on a Debian or Ubuntu machine with Swift, check the shipped example agencies.
# Installs what is missing (scripts/setup.sh build) or stops with the exact command to run, builds
# lintas and runs `lintas check examples/agencies` (both valid: exit 0). Extra arguments go to
# `lintas check` instead, e.g. `scripts/check-examples.sh examples/review` (exit 1: findings).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
[ $# -gt 0 ] || set -- examples/agencies
exec swift run lintas check "$@"
